"""Which MailSource serves an account: a registry by provider.

Each provider module exposes a factory ``(account, credentials, *, config,
on_credentials_changed) -> MailSource``; it is registered here by dotted path and imported
only when an account of that provider is synced (so a missing optional client library
never breaks the others). A new provider adds its line to ``FACTORIES`` (or calls
``register_source``).

Credentials are stored encrypted on the account (``credentials_encrypted``, Fernet via
SecretBox) as a JSON object; the factory receives them decrypted, and calls
``on_credentials_changed(new_dict)`` when a provider rotates them (a refreshed token, an
updated MSAL cache) so the caller can store them encrypted again.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable

from sync.config import Config
from sync.protocol import MailSource
from sync.secrets import SecretBox
from topofmind.store.models import MailAccount

SourceFactory = Callable[..., MailSource]

FACTORIES: dict[str, str | SourceFactory] = {
    "mbox": "sync.mbox:open_mbox_source",
    "gmail": "sync.gmail:open_gmail_source",
    "outlook": "sync.outlook:open_outlook_source",
    "imap": "sync.imap:open_imap_source",
}


class UnknownProvider(LookupError):
    pass


def register_source(provider: str, factory: str | SourceFactory) -> None:
    FACTORIES[provider] = factory


def _resolve(provider: str) -> SourceFactory:
    try:
        target = FACTORIES[provider]
    except KeyError:
        raise UnknownProvider(
            f"no mail source for provider {provider!r}; known: {', '.join(sorted(FACTORIES))}"
        ) from None
    if callable(target):
        return target
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def decrypt_credentials(account: MailAccount, secrets: SecretBox) -> dict:
    if not account.credentials_encrypted:
        return {}
    return json.loads(secrets.decrypt(account.credentials_encrypted))


def encrypt_credentials(credentials: dict, secrets: SecretBox) -> bytes:
    return secrets.encrypt(json.dumps(credentials, sort_keys=True))


def open_source(
    account: MailAccount,
    *,
    config: Config,
    secrets: SecretBox,
    on_credentials_changed: Callable[[dict], None],
) -> MailSource:
    """The MailSource for ``account``, built from its decrypted credentials."""
    factory = _resolve(account.provider)
    return factory(account, decrypt_credentials(account, secrets), config=config,
                   on_credentials_changed=on_credentials_changed)

"""Encryption at rest for provider credentials (refresh tokens, MSAL caches).

Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``. The key comes from
TOPOFMIND_SECRET_KEY, else from a key file created with 0600 permissions on first run.
Several keys may be given comma-separated (newest first): MultiFernet decrypts with any and
encrypts with the first, which is how a rotation re-encrypts (``rotate``).
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretKeyError(Exception):
    pass


class SecretBox:
    def __init__(self, keys: str):
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise SecretKeyError("no secret key given")
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in parts])
        except (ValueError, TypeError) as exc:
            raise SecretKeyError(
                "TOPOFMIND_SECRET_KEY is not a valid Fernet key (32 url-safe base64 bytes); "
                "create one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from exc

    def encrypt(self, plaintext: str) -> bytes:
        return self._fernet.encrypt(plaintext.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(bytes(token)).decode("utf-8")
        except InvalidToken as exc:
            raise SecretKeyError(
                "stored credentials cannot be decrypted with the configured key; "
                "restore the old key (comma-separated after the new one) and run "
                "`topofmind rotate-key`"
            ) from exc

    def rotate(self, token: bytes) -> bytes:
        return self._fernet.rotate(bytes(token))

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode()


def read_or_create_key_file(path: Path, make: Callable[[], str]) -> str:
    """The key in ``path``, created 0600 with ``make()`` if missing. Safe when many processes
    start at once: the key is written whole to a private temporary file, then hard-linked to
    its name, which fails if another process got there first; everyone then reads that one
    key, never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(40):
        try:
            text = path.read_text().strip()
        except FileNotFoundError:
            text = None
        if text:
            return text
        if text is None:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "w") as fh:
                    fh.write(make())
                    fh.flush()
                    os.fsync(fh.fileno())
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process created it: read theirs
            finally:
                tmp.unlink(missing_ok=True)
            continue
        time.sleep(0.025 * (attempt + 1))  # an empty file: a writer of an older version, give it time
    raise SecretKeyError(f"the key file {path} is empty; if nothing was encrypted with it yet, delete it "
                         "and start again, otherwise restore it from a backup")


def load_secret_box(secret_key: str | None, data_dir: Path) -> SecretBox:
    """The configured key, or the key file in data_dir (created 0600 on first use)."""
    if secret_key:
        return SecretBox(secret_key)
    return SecretBox(read_or_create_key_file(Path(data_dir) / "secret.key", SecretBox.generate_key))


def reencrypt_credentials(session, *, old: SecretBox, new: SecretBox) -> int:
    """Re-encrypt every stored credential from ``old`` to ``new``; returns how many.

    Runs in the caller's transaction: either every account moves to the new key or none does.
    """
    from sqlalchemy import select

    from topofmind.store.models import MailAccount, NotificationChannel, ReminderSettings

    count = 0
    for account in session.scalars(select(MailAccount).where(MailAccount.credentials_encrypted.is_not(None))):
        account.credentials_encrypted = new.encrypt(old.decrypt(account.credentials_encrypted))
        count += 1
    # Reminder channels (Apprise URLs hold passwords) and calendar feed secrets.
    for channel in session.scalars(select(NotificationChannel)):
        channel.url_encrypted = new.encrypt(old.decrypt(channel.url_encrypted))
        count += 1
    for prefs in session.scalars(select(ReminderSettings).where(ReminderSettings.feed_token_encrypted.is_not(None))):
        prefs.feed_token_encrypted = new.encrypt(old.decrypt(prefs.feed_token_encrypted))
        count += 1
    return count


def write_key_file(data_dir: Path, key: str) -> Path:
    """Replace the key file atomically, keeping 0600."""
    path = Path(data_dir) / "secret.key"
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    os.replace(tmp, path)
    return path

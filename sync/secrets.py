"""Encryption at rest for provider credentials (refresh tokens, MSAL caches).

Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``. The key comes from
TOPOFMIND_SECRET_KEY, else from a key file created with 0600 permissions on first run.
Several keys may be given comma-separated (newest first): MultiFernet decrypts with any and
encrypts with the first, which is how a rotation re-encrypts (``rotate``).
"""

from __future__ import annotations

import os
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


def load_secret_box(secret_key: str | None, data_dir: Path) -> SecretBox:
    """The configured key, or the key file in data_dir (created 0600 on first use)."""
    if secret_key:
        return SecretBox(secret_key)
    path = Path(data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(SecretBox.generate_key())
    return SecretBox(path.read_text().strip())


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

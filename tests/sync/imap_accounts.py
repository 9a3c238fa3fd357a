"""Builders for the IMAP tests: an account connected to a test Dovecot, a pass through the engine."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import func, select

from sync.config import Config
from sync.engine import sync_account
from sync.imap import ImapSettings, ImapSource, open_imap_source
from sync.secrets import SecretBox
from sync.sources import decrypt_credentials, encrypt_credentials
from tests.builders import make_account, make_user
from tests.sync.mailgen import ME
from topofmind.store import models

KEY = SecretBox.generate_key()
BOX = SecretBox(KEY)
MINE = frozenset({ME})
USER = "sam@example.org"
CONFIG = Config(first_sync_days=0)  # the generated mail is older than the default window


def newsletter(i: int, *, size: int = 20_000) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Garden Weekly <news@gardenweekly.example>"
    msg["To"] = ME
    msg["Subject"] = f"Spring bulbs are here, issue {i}"
    msg["Date"] = format_datetime(datetime(2026, 2, 1, 9, i % 60, tzinfo=UTC))
    msg["Message-ID"] = f"<garden{i}@gardenweekly.example>"
    msg["List-Unsubscribe"] = "<mailto:leave@gardenweekly.example>"
    msg.set_content("Tulips and daffodils.\n" * (size // 22))
    return msg.as_bytes()


def load(dovecot, raws, *, fast: bool = False):
    """Job mail from the generator: the candidate's own messages in Sent, the rest in INBOX."""
    inbox = [r for r in raws if b"X-Gmail-Labels: Sent" not in r]
    sent = [r for r in raws if b"X-Gmail-Labels: Sent" in r]
    put = dovecot.deliver if fast else dovecot.append
    if inbox:
        put(inbox)
    if sent:
        put(sent, folder="Sent")
    return len(inbox), len(sent)


def settings(dovecot, *, port=None, password=None, user=USER, **options) -> ImapSettings:
    return ImapSettings("127.0.0.1", port or dovecot.port, user, password=password or dovecot.users[user],
                        ca_bundle=str(dovecot.ca_file), **options)


def connect(session, dovecot, *, user=USER, address=None, **options) -> int:
    owner = session.scalar(select(models.User)) or make_user(session, email=ME)
    account = make_account(session, user=owner, provider="imap", address=address or user)
    account.credentials_encrypted = encrypt_credentials(settings(dovecot, user=user, **options).to_credentials(), BOX)
    session.commit()
    return account.id


def source_for(Session, account_id, **options) -> ImapSource:
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        return open_imap_source(account, decrypt_credentials(account, BOX), config=CONFIG, **options)


def run(Session, account_id, now, source=None, **options):
    source = source or source_for(Session, account_id, **options)
    return sync_account(Session, account_id, source, me=MINE, now=lambda: now), source


def ledger_keys(Session, account_id) -> list[str]:
    with Session() as s:
        return list(s.scalars(select(models.LedgerEntry.provider_message_id)
                              .where(models.LedgerEntry.account_id == account_id)))


def stored(Session, account_id) -> int:
    with Session() as s:
        return s.scalar(select(func.count()).select_from(models.Message).where(models.Message.account_id == account_id))

"""Gmail through the sync engine into the database (SQLite and PostgreSQL), end to end."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import select

from sync.config import Config
from sync.engine import sync_account
from sync.gmail import open_gmail_source
from sync.gmail_calls import RetryPolicy
from sync.google_oauth import credentials_json
from sync.secrets import SecretBox
from sync.sources import decrypt_credentials, open_source
from tests.builders import make_account, make_user
from tests.fakes.gmail_server import FakeGmail, make_raw
from topofmind.store import models

BOX = SecretBox(SecretBox.generate_key())
ME = frozenset({"sam@example.net"})


@pytest.fixture
def fake():
    with FakeGmail() as server:
        yield server


def deliver(fake, n, *, address="sam@example.net", days_ago=10):
    # Dated from the real clock: the first-sync window is the last 365 days from today.
    at = datetime.now(UTC) - timedelta(days=days_ago)
    return [fake.add_message(make_raw(sender="jordan@northwind-analytics.com", to=address,
                                      subject=f"Your application for Data Engineer ({i})",
                                      body="Thank you for applying. We will review your application.\n",
                                      date=format_datetime(at + timedelta(minutes=i))), address=address)
            for i in range(n)]


def connect(session, fake, *, address="sam@example.net", info=None):
    user = session.scalar(select(models.User)) or make_user(session, email="sam@example.net")
    account = make_account(session, user=user, provider="gmail", address=address)
    account.credentials_encrypted = BOX.encrypt(credentials_json(info or fake.credentials_info(address)))
    session.commit()
    return account.id


def sync(Session, fake, account_id, now, **options):
    config = Config(gmail_api_url=fake.api_url, google_token_url=fake.token_url)
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        if options:  # the registry's factory itself, with test-speed retries
            source = open_gmail_source(account, decrypt_credentials(account, BOX), config=config, **options)
        else:
            source = open_source(account, config=config, secrets=BOX, on_credentials_changed=lambda _: None)
    return sync_account(Session, account_id, source, me=ME, now=lambda: now)


def ledger(Session, account_id):
    with Session() as s:
        return Counter(s.scalars(select(models.LedgerEntry.provider_message_id)
                                 .where(models.LedgerEntry.account_id == account_id)))


def test_every_message_is_stored_once_across_first_incremental_and_forced_full_syncs(session, Session, fake, now):
    first = deliver(fake, 60)
    account_id = connect(session, fake)

    assert sync(Session, fake, account_id, now).status == "ok"
    later = deliver(fake, 3, days_ago=1)
    assert sync(Session, fake, account_id, now).status == "ok"
    deliver(fake, 1, days_ago=0)
    fake.expire_history()  # the stored historyId is now too old: the engine resyncs in full
    resync = sync(Session, fake, account_id, now)

    assert resync.status == "ok" and resync.resynced
    stored = ledger(Session, account_id)
    assert set(stored) == {msg.id for msg in fake.mailbox().messages.values()}
    assert set(stored) >= {msg.id for msg in first + later}
    assert max(stored.values()) == 1
    with Session() as s:
        assert s.get(models.MailAccount, account_id).status == "active"


def test_a_revoked_token_marks_only_that_account_needs_reconnect_and_keeps_its_data(session, Session, fake, now):
    deliver(fake, 5)
    deliver(fake, 2, address="sam.work@example.org")
    info = fake.credentials_info("sam@example.net")
    revoked_id = connect(session, fake, info=info)
    other_id = connect(session, fake, address="sam.work@example.org")
    sync(Session, fake, revoked_id, now)
    kept = ledger(Session, revoked_id)

    fake.revoke(info["refresh_token"])
    deliver(fake, 1, days_ago=0)
    result = sync(Session, fake, revoked_id, now)
    other = sync(Session, fake, other_id, now)

    assert result.status == "needs_reconnect"
    with Session() as s:
        account = s.get(models.MailAccount, revoked_id)
        assert account.status == "needs_reconnect" and "invalid_grant" in account.last_error
        assert account.credentials_encrypted is not None
    assert ledger(Session, revoked_id) == kept and len(kept) == 5
    assert other.status == "ok" and len(ledger(Session, other_id)) == 2


def test_a_message_gmail_never_delivers_is_recorded_in_the_ledger_not_dropped(session, Session, fake, now):
    messages = deliver(fake, 4)
    fake.inject("messages.get", status=503, message_id=messages[1].id, times=None)
    account_id = connect(session, fake)

    sync(Session, fake, account_id, now, retry=RetryPolicy(attempts=3, base=0.01, cap=0.02))

    with Session() as s:
        entry = s.scalar(select(models.LedgerEntry).where(models.LedgerEntry.provider_message_id == messages[1].id))
    assert entry is not None and entry.status == "error" and "503" in entry.error
    assert len(ledger(Session, account_id)) == 4

"""Messages deleted or moved on the IMAP server, against a real Dovecot: the ledger decides."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.sync.imap_accounts import connect, ledger_keys, load, run, stored
from tests.sync.mailgen import generate_messages
from topofmind.store import models


def ledger_status(Session, account_id) -> dict[str, str]:
    with Session() as s:
        return dict(s.execute(select(models.LedgerEntry.provider_message_id, models.LedgerEntry.status)
                              .where(models.LedgerEntry.account_id == account_id)).all())


def an_inbox_job_message(Session, account_id) -> models.Message:
    with Session() as s:
        return s.scalars(select(models.Message).where(models.Message.account_id == account_id,
                                                      models.Message.direction == "in")
                         .order_by(models.Message.id)).first()


def synced_mailbox(Session, session, dovecot, now, *, seed: int) -> tuple[int, models.Message, int]:
    """An account after its first pass, one of its inbox job messages, the bytes that pass fetched."""
    load(dovecot, list(generate_messages(30, seed=seed)))
    account_id = connect(session, dovecot)
    first, source = run(Session, account_id, now)
    assert first.status == "ok", first.error
    message = an_inbox_job_message(Session, account_id)
    assert message is not None and message.rfc_message_id
    return account_id, message, source.bytes_fetched


def test_a_message_deleted_on_the_server_is_marked_removed_and_what_it_taught_is_kept(
        Session, session, dovecot, now):
    account_id, message, _ = synced_mailbox(Session, session, dovecot, now, seed=21)
    before = ledger_status(Session, account_id)
    messages = stored(Session, account_id)

    dovecot.expunge(message.rfc_message_id)
    result, _ = run(Session, account_id, now)

    assert result.status == "ok", result.error
    assert result.counts["removed"] == 1 and result.messages == 0
    after = ledger_status(Session, account_id)
    assert after.keys() == before.keys()
    assert after.pop(message.provider_message_id) == "removed"
    assert set(after.values()) == {"ok"}
    assert stored(Session, account_id) == messages  # the touch, the stage: kept, as for Gmail and Outlook

    again, source = run(Session, account_id, now)
    assert again.counts["removed"] == 0 and source.round_trips == 5  # idle again


def test_a_message_moved_from_inbox_to_sent_stays_one_message_now_labelled_sent(Session, session, dovecot, now):
    account_id, message, _ = synced_mailbox(Session, session, dovecot, now, seed=22)
    keys = sorted(ledger_keys(Session, account_id))
    messages = stored(Session, account_id)

    dovecot.move(message.rfc_message_id, source="INBOX", target="Sent")
    result, _ = run(Session, account_id, now)

    assert result.status == "ok", result.error
    assert result.counts["removed"] == 0 and result.counts["stored"] == 0
    assert sorted(ledger_keys(Session, account_id)) == keys and stored(Session, account_id) == messages
    assert ledger_status(Session, account_id)[message.provider_message_id] == "ok"
    with Session() as s:
        assert s.get(models.Message, message.id).labels == ["SENT"]


def test_a_message_moved_out_of_the_folders_read_is_removed_and_never_duplicated(Session, session, dovecot, now):
    account_id, message, _ = synced_mailbox(Session, session, dovecot, now, seed=23)
    keys = sorted(ledger_keys(Session, account_id))

    dovecot.move(message.rfc_message_id, source="INBOX", target="Trash")
    moved, _ = run(Session, account_id, now)
    dovecot.move(message.rfc_message_id, source="Trash", target="INBOX")
    back, _ = run(Session, account_id, now)

    assert moved.counts["removed"] == 1 and moved.counts["stored"] == 0
    assert back.counts["stored"] == 0 and back.counts["removed"] == 0
    assert sorted(ledger_keys(Session, account_id)) == keys


def test_a_cursor_from_before_the_uid_index_is_indexed_from_headers_and_then_sees_deletions(
        Session, session, dovecot, now):
    account_id, message, first_bytes = synced_mailbox(Session, session, dovecot, now, seed=24)
    with Session() as s, s.begin():  # the cursor as the previous release wrote it
        account = s.get(models.MailAccount, account_id)
        old = json.loads(account.cursor)
        old["v"] = 1
        old.pop("gone")
        for entry in old["folders"].values():
            entry.pop("index")
            entry.pop("messages")
        account.cursor = json.dumps(old)

    indexing, source = run(Session, account_id, now)
    assert indexing.status == "ok" and indexing.messages == 0
    assert 0 < source.bytes_fetched < first_bytes / 2  # header fields only, no message again

    dovecot.expunge(message.rfc_message_id)
    result, _ = run(Session, account_id, now)
    assert result.counts["removed"] == 1
    assert ledger_status(Session, account_id)[message.provider_message_id] == "removed"

"""The engine on an in-test MailSource that keeps the protocol (batches, cursors, errors)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sync.engine import Schedule, sync_account
from sync.protocol import AuthorizationRevoked, Batch, CursorExpired, RateLimited, SourceUnavailable
from tests.builders import make_account, make_user
from tests.sync.mailgen import ME, generate_messages
from topofmind.mail.raw import RawMessage
from topofmind.store import models

MESSAGES = [RawMessage(provider_id=f"p{i}", raw=raw, thread_id=f"t{i}", labels=("INBOX",))
            for i, raw in enumerate(generate_messages(30, seed=11))]


class FakeSource:
    """Serves ``messages`` in batches; the cursor is the index after the batch.

    ``fail_at`` maps a cursor value to an exception raised when a pass starts there (once);
    ``expired`` lists cursors the fake has "forgotten" (CursorExpired).
    """

    provider = "fake"

    def __init__(self, messages, *, batch_size=10, fail_at=None, expired=(), fail_after=None):
        self.messages = list(messages)
        self.batch_size = batch_size
        self.fail_at = dict(fail_at or {})
        self.fail_after = fail_after  # (batches delivered, exception) within one pass
        self.expired = set(expired)
        self.started_from: list[str | None] = []
        self.failed: list[tuple[str, str]] = []
        self.removed: list[str] = []

    def changes(self, cursor):
        self.started_from.append(cursor)
        if cursor in self.fail_at:
            raise self.fail_at.pop(cursor)
        if cursor in self.expired:
            raise CursorExpired("history id too old")
        start = int(cursor or 0)
        delivered = 0
        for i in range(start, len(self.messages), self.batch_size):
            if self.fail_after and delivered == self.fail_after[0]:
                exc, self.fail_after = self.fail_after[1], None
                raise exc
            end = min(i + self.batch_size, len(self.messages))
            yield Batch(messages=self.messages[i:end], cursor=str(end), total=len(self.messages),
                        failed=self.failed if end == len(self.messages) else [],
                        removed=self.removed if end == len(self.messages) else [])
            delivered += 1


@pytest.fixture
def accounts(Session):
    with Session() as s, s.begin():
        user = make_user(s, email=ME)
        first = make_account(s, user=user, provider="gmail", address=ME).id
        second = make_account(s, user=user, provider="gmail", address="alex.work@example.com").id
    return first, second


def _ledger_keys(Session, account_id):
    with Session() as s:
        return sorted(s.scalars(select(models.LedgerEntry.provider_message_id)
                                .where(models.LedgerEntry.account_id == account_id)))


def _message_count(Session, account_id):
    with Session() as s:
        return s.scalar(select(func.count()).select_from(models.Message).where(models.Message.account_id == account_id))


def _account(Session, account_id) -> models.MailAccount:
    with Session() as s:
        return s.get(models.MailAccount, account_id)


def _sync(Session, account_id, source, now, **kw):
    return sync_account(Session, account_id, source, me=frozenset({ME}), now=lambda: now, **kw)


def test_a_pass_stores_every_batch_with_its_cursor_and_a_rerun_adds_nothing(Session, accounts, now):
    acc, _ = accounts
    seen = []
    result = _sync(Session, acc, FakeSource(MESSAGES), now, progress=seen.append)
    assert result.status == "ok" and result.messages == 30 and result.batches == 3
    assert [(p.messages, p.total) for p in seen] == [(10, 30), (20, 30), (30, 30)]
    stored = _message_count(Session, acc)
    assert stored > 0 and len(_ledger_keys(Session, acc)) == 30
    account = _account(Session, acc)
    assert account.cursor == "30" and account.status == "active" and account.last_success_at == now
    # Resuming from the cursor reads nothing; re-reading everything duplicates nothing.
    again = FakeSource(MESSAGES)
    assert _sync(Session, acc, again, now).messages == 0 and again.started_from == ["30"]
    with Session() as s, s.begin():
        s.get(models.MailAccount, acc).cursor = None
    replay = _sync(Session, acc, FakeSource(MESSAGES), now)
    assert replay.counts["duplicate"] + replay.counts["updated"] == 30
    assert _message_count(Session, acc) == stored and len(_ledger_keys(Session, acc)) == 30


def test_an_expired_cursor_triggers_one_full_resync_without_duplicates(Session, accounts, now):
    acc, _ = accounts
    _sync(Session, acc, FakeSource(MESSAGES[:20]), now)
    stored = _message_count(Session, acc)
    source = FakeSource(MESSAGES, expired={"20"})
    result = _sync(Session, acc, source, now)
    assert result.status == "ok" and result.resynced
    assert source.started_from == ["20", None]
    assert len(_ledger_keys(Session, acc)) == 30 and _account(Session, acc).cursor == "30"
    assert result.counts["duplicate"] + result.counts["updated"] == 20
    assert _message_count(Session, acc) >= stored


def test_a_cursor_that_expires_again_after_the_resync_is_an_error_not_a_loop(Session, accounts, now):
    acc, _ = accounts
    source = FakeSource(MESSAGES, fail_at={None: CursorExpired("still too old")}, expired={"5"})
    with Session() as s, s.begin():
        s.get(models.MailAccount, acc).cursor = "5"
    result = _sync(Session, acc, source, now)
    assert result.status == "error" and source.started_from == ["5", None]
    assert _account(Session, acc).status == "error"


def test_revoked_consent_marks_the_account_for_reconnect_and_keeps_its_data(Session, accounts, now):
    acc, other = accounts
    _sync(Session, acc, FakeSource(MESSAGES[:20]), now)
    kept = _message_count(Session, acc)
    source = FakeSource(MESSAGES, fail_at={"20": AuthorizationRevoked("invalid_grant: token revoked")})
    result = _sync(Session, acc, source, now)
    assert result.status == "needs_reconnect"
    account = _account(Session, acc)
    assert account.status == "needs_reconnect" and "revoked" in account.last_error
    assert account.cursor == "20" and account.next_run_at is None
    assert _message_count(Session, acc) == kept and len(_ledger_keys(Session, acc)) == 20
    # Another account of the same user syncs as usual.
    assert _sync(Session, other, FakeSource(MESSAGES), now).status == "ok"
    assert _account(Session, other).status == "active" and len(_ledger_keys(Session, other)) == 30


def test_rate_limits_back_off_at_least_as_long_as_asked_and_longer_each_time(Session, accounts, now):
    acc, _ = accounts
    schedule = Schedule(interval=300, jitter=0.0)
    first = _sync(Session, acc, FakeSource(MESSAGES, fail_at={None: RateLimited(900)}), now,
                  schedule=schedule)
    account = _account(Session, acc)
    assert first.status == "error" and account.status == "error"
    assert account.consecutive_failures == 1 and account.next_run_at >= now + timedelta(seconds=900)
    for _ in range(2):
        _sync(Session, acc, FakeSource(MESSAGES, fail_at={None: SourceUnavailable("503")}), now,
              schedule=schedule)
    account = _account(Session, acc)
    assert account.consecutive_failures == 3
    assert account.next_run_at == now + timedelta(seconds=schedule.backoff_seconds(3))
    assert schedule.backoff_seconds(3) == 4 * schedule.backoff_seconds(1)
    # Success clears the failure state and schedules the next regular pass.
    assert _sync(Session, acc, FakeSource(MESSAGES), now, schedule=schedule).status == "ok"
    account = _account(Session, acc)
    assert (account.status, account.consecutive_failures, account.last_error) == ("active", 0, None)
    assert account.next_run_at == now + timedelta(seconds=300)


def test_a_failure_mid_pass_keeps_committed_batches_and_the_next_pass_resumes(Session, accounts, now):
    acc, _ = accounts
    result = _sync(Session, acc, FakeSource(MESSAGES, fail_after=(2, SourceUnavailable("502"))), now)
    assert result.status == "error" and result.batches == 2
    assert _account(Session, acc).cursor == "20" and len(_ledger_keys(Session, acc)) == 20
    source = FakeSource(MESSAGES)
    assert _sync(Session, acc, source, now).status == "ok"
    assert source.started_from == ["20"] and len(_ledger_keys(Session, acc)) == 30


def test_stopping_ends_the_pass_after_the_current_batch(Session, accounts, now):
    acc, _ = accounts
    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > 1  # before the pass: go on; after the first batch: stop

    result = _sync(Session, acc, FakeSource(MESSAGES), now, should_stop=should_stop)
    assert result.status == "stopped" and result.batches == 1
    account = _account(Session, acc)
    assert account.cursor == "10" and account.last_success_at is None and account.next_run_at == now
    assert len(_ledger_keys(Session, acc)) == 10


def test_undeliverable_and_removed_messages_are_recorded_in_the_ledger(Session, accounts, now):
    acc, _ = accounts
    source = FakeSource(MESSAGES[:10])
    source.failed = [("gone-1", "HTTP 500 after 5 retries")]
    _sync(Session, acc, source, now)
    source = FakeSource(MESSAGES[10:12])
    source.removed = ["p3"]
    with Session() as s, s.begin():
        s.get(models.MailAccount, acc).cursor = None
    _sync(Session, acc, source, now)
    with Session() as s:
        rows = {e.provider_message_id: e for e in s.scalars(select(models.LedgerEntry))}
    assert rows["gone-1"].status == "error" and "HTTP 500 after 5 retries" in rows["gone-1"].error
    assert rows["p3"].status == "removed"
    assert len(rows) == 13


def test_labels_seen_again_on_a_known_message_update_it_without_a_new_row(Session, accounts, now):
    acc, _ = accounts
    _sync(Session, acc, FakeSource(MESSAGES[:10]), now)
    with Session() as s:
        row = s.scalars(select(models.Message).where(models.Message.account_id == acc)).first()
    relabelled = [RawMessage(provider_id=row.provider_message_id, raw=MESSAGES[int(row.provider_message_id[1:])].raw,
                             thread_id="t", labels=("INBOX", "STARRED"))]
    with Session() as s, s.begin():
        s.get(models.MailAccount, acc).cursor = None
    result = _sync(Session, acc, FakeSource(relabelled), now)
    assert result.counts["updated"] == 1
    with Session() as s:
        assert s.get(models.Message, row.id).labels == ["INBOX", "STARRED"]
        assert s.scalar(select(func.count()).select_from(models.Message)) == _message_count(Session, acc)

"""One sync pass for one account: batches from a MailSource -> ingest -> commit with the cursor.

Each batch is one transaction: every message goes through ``ingest_message`` (idempotent,
keyed by the ledger), undeliverable messages, removals and label changes are recorded, and
the account's cursor moves to ``batch.cursor``; then it commits. A crash anywhere loses at
most the batch in flight, which the next pass reads again from the old cursor and the
ledger turns into no-ops.

When a lease owner is given, the cursor update is fenced: it only applies while this
worker still holds the lease (and extends it). A worker that lost its lease (it stalled
past the lease and another took the account over) rolls back and stops instead of writing
over the new owner's progress.

The outcome of the pass is written to the account: ``active`` on success, ``needs_reconnect``
when consent was revoked (all data kept; the daemon skips the account until it is
reconnected), ``error`` with an exponential backoff otherwise.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from sync.log_scrubbing import get_logger, log_event
from sync.protocol import (
    AuthorizationRevoked,
    Batch,
    CursorExpired,
    MailSource,
    RateLimited,
    SourceUnavailable,
)
from topofmind.store import models
from topofmind.store.batch import BatchCache
from topofmind.store.ingest import (
    apply_label_change,
    ingest_message,
    prepare_batch,
    record_failure,
    record_removal,
)
from topofmind.store.timezones import infer_user_timezone

log = get_logger("engine")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Schedule:
    """When an account runs next: every ``interval`` seconds (± jitter), backing off on errors."""

    interval: float = 300.0
    jitter: float = 0.1  # fraction of the interval, both ways
    max_backoff: float = 6 * 3600.0

    def after_success(self, now: datetime, rng: random.Random | None = None) -> datetime:
        rng = rng or random
        spread = self.interval * self.jitter
        return now + timedelta(seconds=max(0.0, self.interval + rng.uniform(-spread, spread)))

    def backoff_seconds(self, failures: int) -> float:
        """1 failure: one interval (at least 30 s); each further one doubles, up to max_backoff."""
        base = max(30.0, min(self.interval, 300.0))
        return min(self.max_backoff, base * 2 ** max(0, failures - 1))

    def after_failure(self, now: datetime, failures: int, retry_after: float = 0.0,
                      rng: random.Random | None = None) -> datetime:
        rng = rng or random
        delay = max(retry_after, self.backoff_seconds(failures))
        return now + timedelta(seconds=delay * (1 + rng.uniform(0, self.jitter)))


@dataclass
class PassResult:
    account_id: int
    status: str = "ok"  # ok | stopped | needs_reconnect | error | lease_lost
    batches: int = 0
    counts: Counter = field(default_factory=Counter)  # ingest outcomes, plus failed/removed
    resynced: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "stopped")

    @property
    def messages(self) -> int:
        return sum(self.counts[k] for k in ("stored", "ledger_only", "duplicate", "updated", "error"))


@dataclass(frozen=True)
class Progress:
    account_id: int
    batches: int
    messages: int
    total: int | None
    counts: Counter


class LeaseLost(Exception):
    """This worker no longer holds the account's lease; its batch was rolled back."""


def _never() -> bool:
    return False


def sync_account(
    Session: sessionmaker[Session],  # noqa: N803 - a session factory, as SQLAlchemy names it
    account_id: int,
    source: MailSource,
    *,
    me: frozenset[str],
    now: Callable[[], datetime] = utcnow,
    should_stop: Callable[[], bool] = _never,
    progress: Callable[[Progress], None] | None = None,
    schedule: Schedule = Schedule(),
    lease_owner: str | None = None,
    lease_seconds: float = 300.0,
) -> PassResult:
    """Run one pass; never raises for source or mail problems (they end up on the account)."""
    result = PassResult(account_id)
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        if account is None:
            result.status, result.error = "error", "account not found"
            return result
        cursor = account.cursor
        provider = account.provider
        s.execute(update(models.MailAccount).where(models.MailAccount.id == account_id)
                  .values(last_attempt_at=now()))
        s.commit()
    log_event(log, "sync.pass.started", account_id=account_id, provider=provider,
              worker=lease_owner, resume=cursor is not None)
    try:
        try:
            _run(Session, account_id, source, cursor, result, me=me, now=now,
                 should_stop=should_stop, progress=progress, lease_owner=lease_owner,
                 lease_seconds=lease_seconds)
        except CursorExpired as exc:
            # The provider forgot our position: read everything again; the ledger makes the
            # messages already stored no-ops. Once only, so a broken source cannot loop.
            log_event(log, "sync.cursor_expired", account_id=account_id, provider=provider,
                      reason=str(exc))
            result.resynced = True
            _run(Session, account_id, source, None, result, me=me, now=now,
                 should_stop=should_stop, progress=progress, lease_owner=lease_owner,
                 lease_seconds=lease_seconds)
    except LeaseLost:
        result.status, result.error = "lease_lost", "another worker took the account over"
    except AuthorizationRevoked as exc:
        result.status, result.error = "needs_reconnect", f"authorization revoked: {exc}"
    except RateLimited as exc:
        result.status, result.error = "error", str(exc)
        _finish(Session, result, now(), schedule, lease_owner, retry_after=exc.retry_after)
        _log_result(result, provider, lease_owner)
        return result
    except (SourceUnavailable, CursorExpired) as exc:
        result.status, result.error = "error", f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - a bug or a database failure: back off, log, go on
        result.status, result.error = "error", f"internal error ({type(exc).__name__}): {exc}"[:500]
    _finish(Session, result, now(), schedule, lease_owner)
    _log_result(result, provider, lease_owner)
    return result


def _log_result(result: PassResult, provider: str, worker: str | None) -> None:
    log_event(log, "sync.pass.finished", account_id=result.account_id, provider=provider,
              worker=worker, status=result.status, batches=result.batches,
              messages=result.messages, resynced=result.resynced, error=result.error,
              counts=dict(sorted(result.counts.items())))


def _run(Session, account_id, source, cursor, result, *, me, now, should_stop, progress,
         lease_owner, lease_seconds) -> None:
    if should_stop():
        result.status = "stopped"
        return
    batches = source.changes(cursor)
    try:
        for batch in batches:
            _commit_batch(Session, account_id, batch, result, me=me, now=now,
                          lease_owner=lease_owner, lease_seconds=lease_seconds)
            result.batches += 1
            if progress is not None:
                progress(Progress(account_id, result.batches, result.messages, batch.total,
                                  Counter(result.counts)))
            if should_stop():
                # Stop between batches: what is committed stays, the rest is read next time.
                result.status = "stopped"
                return
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()


def _commit_batch(Session, account_id, batch: Batch, result, *, me, now, lease_owner,
                  lease_seconds) -> None:
    try:
        counts = _apply(Session, account_id, batch, me=me, now=now, lease_owner=lease_owner,
                        lease_seconds=lease_seconds, isolate=False)
    except LeaseLost:
        raise
    except Exception as exc:  # noqa: BLE001
        # Something in the batch broke the transaction. Replay it with a savepoint per
        # message so that one message's failure is recorded and the rest still arrive.
        log_event(log, "sync.batch.retry_isolated", account_id=account_id,
                  error=type(exc).__name__)
        counts = _apply(Session, account_id, batch, me=me, now=now, lease_owner=lease_owner,
                        lease_seconds=lease_seconds, isolate=True)
    result.counts.update(counts)


def _apply(Session, account_id, batch: Batch, *, me, now, lease_owner, lease_seconds,
           isolate: bool) -> Counter:
    counts: Counter = Counter()
    with Session() as s, s.begin():
        account = s.get(models.MailAccount, account_id)
        at = now()
        # One ledger query and shared lookups for the batch. Not in the isolated replay: a
        # rolled-back savepoint would leave rows in the cache that the session no longer has.
        cache = None if isolate else BatchCache.load(
            s, account=account, provider_ids=[message.provider_id for message in batch.messages],
            thread_keys=[message.thread_id for message in batch.messages if message.thread_id])
        if cache is not None:
            prepare_batch(s, account=account, messages=batch.messages, me=me, cache=cache)
        for message in batch.messages:
            if not isolate:
                counts[ingest_message(s, account=account, message=message, me=me, now=at,
                                      cache=cache)] += 1
                continue
            try:
                with s.begin_nested():
                    outcome = ingest_message(s, account=account, message=message, me=me, now=at)
            except Exception as exc:  # noqa: BLE001
                record_failure(s, account=account, provider_id=message.provider_id,
                               reason=f"could not be stored ({type(exc).__name__})", now=at)
                outcome = "error"
            counts[outcome] += 1
        if cache is not None:
            cache.finish(s)
        for provider_id, reason in batch.failed:
            record_failure(s, account=account, provider_id=provider_id, reason=reason, now=at)
            counts["failed"] += 1
        for provider_id in batch.removed:
            record_removal(s, account=account, provider_id=provider_id, now=at)
            counts["removed"] += 1
        for provider_id, labels in batch.label_changes.items():
            apply_label_change(s, account=account, provider_id=provider_id, labels=labels, now=at)
            counts["relabelled"] += 1
        s.flush()
        stmt = update(models.MailAccount).where(models.MailAccount.id == account_id)
        values: dict = {"cursor": batch.cursor}
        if lease_owner is not None:
            stmt = stmt.where(models.MailAccount.lease_owner == lease_owner)
            values["lease_until"] = at + timedelta(seconds=lease_seconds)
        # The ORM copy of the account must not write an old cursor back at flush.
        s.expunge(account)
        if s.execute(stmt.values(**values)).rowcount != 1:
            raise LeaseLost()
    return counts


def _finish(Session, result: PassResult, now: datetime, schedule: Schedule,
            lease_owner: str | None, retry_after: float = 0.0) -> None:
    """Write the pass's outcome on the account (fenced by the lease when there is one)."""
    if result.status == "lease_lost":
        return
    with Session() as s, s.begin():
        account = s.get(models.MailAccount, result.account_id)
        if account is None or (lease_owner is not None and account.lease_owner != lease_owner):
            return
        if result.status == "ok" and result.messages:
            # Until the user chooses a timezone, their sent mail says where they live.
            user = s.get(models.User, account.user_id)
            if user is not None:
                infer_user_timezone(s, user)
        if result.status == "ok":
            account.status = "active"
            account.last_error = None
            account.last_success_at = now
            account.consecutive_failures = 0
            account.next_run_at = schedule.after_success(now)
        elif result.status == "stopped":
            account.next_run_at = now  # resume as soon as a worker is free
        elif result.status == "needs_reconnect":
            account.status = "needs_reconnect"
            account.last_error = result.error
            account.consecutive_failures += 1
            account.next_run_at = None
        else:
            account.status = "error"
            account.last_error = result.error
            account.consecutive_failures += 1
            account.next_run_at = schedule.after_failure(now, account.consecutive_failures,
                                                         retry_after)

"""The sync daemon: a local APScheduler tick that claims due accounts and syncs each.

Every process keeps its own in-memory scheduler (job stores are never shared between
processes: two schedulers on one SQLAlchemyJobStore run the same job twice). Coordination
between processes is the lease on the account row (see leases). One job, ``tick``, runs
every ``tick_seconds`` with coalesce and max_instances=1: it claims one due account at a
time, syncs it, releases it, and claims the next until none is due -- so several processes
share the accounts between them, and an account in trouble (errors, revoked consent)
only delays itself: its outcome and next run are written on its own row.

Per-account timing lives in the database (``next_run_at``): the interval with jitter
after a success, exponential backoff after failures (engine.Schedule).

A second job applies the retention rule (core.retention) once a day.

SIGTERM/SIGINT set the stop flag: the pass in progress finishes its current batch and
commits it, leases are released, and the process exits 0.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from sync.config import Config
from sync.engine import PassResult, Progress, Schedule, sync_account, utcnow
from sync.leases import claim_due, release, release_all
from sync.log_scrubbing import get_logger, log_event
from sync.protocol import MailSource, SourceUnavailable
from sync.secrets import SecretBox
from sync.sources import encrypt_credentials, open_source
from topofmind.store import models
from topofmind.store.retention import DEFAULT_KEEP_DAYS, apply_retention

log = get_logger("daemon")

SourceOpener = Callable[[models.MailAccount], MailSource]


class _Unopenable:
    """Stands in for a source that could not be built, so the failure is recorded like any other."""

    def __init__(self, provider: str, error: Exception):
        self.provider = provider
        self.error = error

    def changes(self, cursor):
        raise SourceUnavailable(f"cannot open the {self.provider} source: {self.error}")


def make_source_opener(Session: sessionmaker[Session], config: Config,  # noqa: N803
                       secrets: SecretBox) -> SourceOpener:
    """account -> MailSource, storing rotated credentials encrypted again."""

    def opener(account: models.MailAccount) -> MailSource:
        account_id = account.id

        def save(credentials: dict) -> None:
            with Session() as s, s.begin():
                s.execute(update(models.MailAccount).where(models.MailAccount.id == account_id)
                          .values(credentials_encrypted=encrypt_credentials(credentials, secrets)))

        return open_source(account, config=config, secrets=secrets, on_credentials_changed=save)

    return opener


def own_addresses(account: models.MailAccount, user: models.User | None) -> frozenset[str]:
    found = {a.lower() for a in (user.own_addresses or [])} if user else set()
    if user is not None:
        found.add(user.email.lower())
    if "@" in (account.address or ""):
        found.add(account.address.lower())
    return frozenset(found)


@dataclass
class SyncWorker:
    Session: sessionmaker[Session]
    open_source: SourceOpener
    worker_id: str
    schedule: Schedule = field(default_factory=Schedule)
    lease_seconds: float = 300.0
    now: Callable[[], datetime] = utcnow
    stop: threading.Event = field(default_factory=threading.Event)
    progress: Callable[[Progress], None] | None = None

    def sync_claimed(self, account_id: int) -> PassResult:
        """Sync one account this worker holds the lease on, then release it."""
        try:
            with self.Session() as s:
                account = s.get(models.MailAccount, account_id)
                user = s.get(models.User, account.user_id)
                me = own_addresses(account, user)
                try:
                    source = self.open_source(account)
                except Exception as exc:  # noqa: BLE001 - bad credentials, unknown provider ...
                    source = _Unopenable(account.provider, exc)
            return sync_account(self.Session, account_id, source, me=me, now=self.now,
                                should_stop=self.stop.is_set, progress=self.progress,
                                schedule=self.schedule, lease_owner=self.worker_id,
                                lease_seconds=self.lease_seconds)
        finally:
            release(self.Session, account_id, owner=self.worker_id)

    def tick(self) -> list[PassResult]:
        """Claim and sync due accounts one at a time until none is due or we are stopping."""
        results: list[PassResult] = []
        while not self.stop.is_set():
            try:
                ids = claim_due(self.Session, owner=self.worker_id, now=self.now(),
                                lease_seconds=self.lease_seconds, limit=1)
            except Exception as exc:  # noqa: BLE001 - database down: try again next tick
                log_event(log, "lease.claim_failed", worker=self.worker_id, error=repr(exc)[:300])
                break
            if not ids:
                break
            log_event(log, "lease.claimed", worker=self.worker_id, account_id=ids[0])
            try:
                results.append(self.sync_claimed(ids[0]))
            except Exception as exc:  # noqa: BLE001 - never let one account end the tick
                log_event(log, "sync.pass.crashed", worker=self.worker_id, account_id=ids[0],
                          error=repr(exc)[:300])
        return results

    def run_once(self) -> tuple[list[PassResult], list[tuple[int, str]]]:
        """One pass over every account, due or not: (results, [(account id, why skipped)])."""
        with self.Session() as s:
            accounts = s.execute(select(models.MailAccount.id, models.MailAccount.status, models.MailAccount.lease_owner)
                                 .order_by(models.MailAccount.id)).all()
        results: list[PassResult] = []
        skipped: list[tuple[int, str]] = []
        for account_id, status, _owner in accounts:
            if self.stop.is_set():
                skipped.append((account_id, "stopped before its turn"))
                continue
            if status == "needs_reconnect":
                skipped.append((account_id, "needs reconnecting (consent was revoked)"))
                continue
            if status == "disabled":
                continue
            claimed = claim_due(self.Session, owner=self.worker_id, now=self.now(),
                                lease_seconds=self.lease_seconds, account_ids=[account_id],
                                ignore_schedule=True)
            if not claimed:
                skipped.append((account_id, "busy: another worker holds its lease"))
                continue
            results.append(self.sync_claimed(account_id))
        return results, skipped


def run_retention(Session: sessionmaker[Session], now: datetime) -> int:  # noqa: N803
    """The daily retention rule for every user (idempotent: replicas may all run it)."""
    cleared = 0
    with Session() as s, s.begin():
        for user in s.scalars(select(models.User)):
            days = int((user.settings or {}).get("retention_days", DEFAULT_KEEP_DAYS))
            cleared += apply_retention(s, user_id=user.id, now=now, keep_days=days).bodies_cleared
    log_event(log, "retention.applied", bodies_cleared=cleared)
    return cleared


def run_daemon(worker: SyncWorker, *, tick_seconds: float = 10.0,
               install_signals: bool = True) -> int:
    """Run until SIGTERM/SIGINT (or ``worker.stop`` is set); returns the exit status."""
    scheduler = BackgroundScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )
    scheduler.add_job(worker.tick, "interval", seconds=tick_seconds, id="tick",
                      next_run_time=datetime.now(UTC))

    def retention_job():
        try:
            run_retention(worker.Session, worker.now())
        except Exception as exc:  # noqa: BLE001 - retry tomorrow; syncing goes on
            log_event(log, "retention.failed", error=repr(exc)[:300])

    scheduler.add_job(retention_job, "interval", hours=24, id="retention",
                      next_run_time=datetime.now(UTC) + timedelta(minutes=1))
    if install_signals:
        def on_signal(signum, _frame):
            log_event(log, "daemon.stopping", worker=worker.worker_id,
                      signal=signal.Signals(signum).name)
            worker.stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    log_event(log, "daemon.started", worker=worker.worker_id, tick_seconds=tick_seconds,
              interval=worker.schedule.interval, lease_seconds=worker.lease_seconds)
    scheduler.start()
    try:
        while not worker.stop.wait(0.5):
            pass
    finally:
        # Waits for a tick in progress: it stops after committing its current batch.
        scheduler.shutdown(wait=True)
        released = release_all(worker.Session, owner=worker.worker_id)
        log_event(log, "daemon.stopped", worker=worker.worker_id, leases_released=released)
    return 0

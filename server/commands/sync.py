"""``topofmind sync``, ``status``, ``import-mbox`` and ``accounts list|remove``."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import delete, func, select

from server.runtime import Runtime
from server.services import digest as digest_service
from sync.daemon import SyncWorker, make_source_opener, run_daemon
from sync.engine import PassResult, Progress, Schedule
from sync.leases import claim_due, free_leases_of_dead_workers, holder
from sync.log_scrubbing import configure_logging
from sync.reminders import ReminderJob
from sync.sources import encrypt_credentials
from topofmind.store import models
from topofmind.store.accounts import connect_mail_account


def _now() -> datetime:
    return datetime.now(UTC)


def _default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _worker(rt: Runtime, worker_id: str | None, interval: float, lease: float,
            progress=None) -> SyncWorker:
    return SyncWorker(rt.Session, make_source_opener(rt.Session, rt.config, rt.secrets),
                      worker_id or _default_worker_id(), schedule=Schedule(interval=interval),
                      lease_seconds=lease, progress=progress)


def reminder_job(rt: Runtime, worker_id: str) -> ReminderJob:
    """The digests and account notices, composed by the server's services (see sync.reminders)."""
    base = rt.config.base_url

    def compose(session, user_id, kind, now):
        return digest_service.compose(session, user_id, kind, now, public_url=base)

    def compose_digests(session, user_ids, now):
        return digest_service.compose_digests(session, user_ids, now, public_url=base)

    return ReminderJob(rt.Session, rt.secrets, compose, worker_id, compose_digests=compose_digests)


@click.command("sync")
@click.option("--once", is_flag=True, help="One pass over every account, then exit (non-zero if any failed).")
@click.option("--interval", type=float, default=None, metavar="S",
              help="Seconds between two passes of one account (default 300, or TOPOFMIND_SYNC_INTERVAL).")
@click.option("--worker-id", default=None, metavar="ID", help="Name of this worker in leases and logs "
              "(default host:pid).")
@click.option("--lease", type=float, default=60.0, show_default=True, metavar="S",
              help="How long a claimed account stays reserved after the worker's last heartbeat (one "
                   "every S/3 seconds); a crashed worker's accounts are taken over after this.")
@click.option("--tick", type=float, default=10.0, show_default=True, metavar="S",
              help="How often to look for due accounts.")
@click.option("--log-level", default="INFO", show_default=True)
@click.pass_obj
def sync_cmd(rt: Runtime, once: bool, interval: float | None, worker_id: str | None, lease: float,
             tick: float, log_level: str) -> None:
    """Keep every mailbox in sync (upgrades the database first).

    Runs until SIGTERM/SIGINT: the pass in progress commits its current batch, leases are
    released, and the process exits 0. Several processes may run against one PostgreSQL
    database; each account is synced by one of them at a time. Logs are JSON lines on stderr.
    """
    configure_logging(level=log_level)
    rt.upgrade()
    worker = _worker(rt, worker_id, interval or rt.config.sync_interval_seconds, lease)
    if not once:
        sys.exit(run_daemon(worker, tick_seconds=tick, reminders=reminder_job(rt, worker.worker_id)))
    _take_over_from_crashed_workers(rt)
    results, skipped = worker.run_once()
    for result in results:
        click.echo(_describe(result))
    for account_id, why in skipped:
        held = holder(rt.Session, account_id, now=_now())
        if held:
            why += f" ({held[0]}, until {held[1]:%H:%M:%S} UTC, in {max(0, int((held[1] - _now()).total_seconds()))} s)"
        click.echo(f"account {account_id}: skipped, {why}")
    failed = [r for r in results if not r.ok] + [s for s in skipped if not s[1].startswith("busy")]
    if failed:
        click.echo(f"{len(failed)} account(s) failed; see `topofmind status`", err=True)
        sys.exit(1)


def _take_over_from_crashed_workers(rt: Runtime) -> None:
    for account_id, owner in free_leases_of_dead_workers(rt.Session, now=_now()):
        click.echo(f"account {account_id}: took over from {owner}, which is no longer running", err=True)


def _describe(result: PassResult) -> str:
    c = result.counts
    text = (f"account {result.account_id}: {result.status}, {result.messages} messages "
            f"({c['stored']} stored, {c['ledger_only']} not job-related, {c['duplicate']} already "
            f"known, {c['error']} unreadable, {c['failed']} undeliverable)")
    if result.resynced:
        text += ", full resync after an expired cursor"
    if result.error:
        text += f"; error: {result.error}"
    return text


def _status_rows(rt: Runtime) -> list[dict]:
    now = _now()
    with rt.Session() as s:
        counts = dict(s.execute(select(models.LedgerEntry.account_id, func.count())
                                .group_by(models.LedgerEntry.account_id)).all())
        errors = dict(s.execute(select(models.LedgerEntry.account_id, func.count())
                                .where(models.LedgerEntry.status == "error")
                                .group_by(models.LedgerEntry.account_id)).all())
        rows = []
        for a in s.scalars(select(models.MailAccount).order_by(models.MailAccount.id)):
            lag = (now - a.last_success_at).total_seconds() if a.last_success_at else None
            rows.append({
                "id": a.id, "user_id": a.user_id, "provider": a.provider, "address": a.address,
                "status": a.status, "needs_reconnect": a.status == "needs_reconnect",
                "last_success_at": a.last_success_at.isoformat() if a.last_success_at else None,
                "lag_seconds": round(lag) if lag is not None else None,
                "messages": counts.get(a.id, 0), "unreadable_messages": errors.get(a.id, 0),
                "last_error": a.last_error,
                "next_run_at": a.next_run_at.isoformat() if a.next_run_at else None,
                "syncing_now_by": a.lease_owner if a.lease_until and a.lease_until > now else None,
            })
    return rows


def _ago(seconds: int | None) -> str:
    if seconds is None:
        return "never"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def status_cmd(rt: Runtime, as_json: bool) -> None:
    """Per account: last successful sync, lag, message count, last error, reconnect needed."""
    rows = _status_rows(rt)
    if as_json:
        click.echo(json.dumps({"accounts": rows}, indent=2))
        return
    if not rows:
        click.echo("no mail accounts yet: connect one, or `topofmind import-mbox FILE`")
        return
    for r in rows:
        line = (f"#{r['id']} {r['provider']:7} {r['address']}  {r['status']}  last sync "
                f"{_ago(r['lag_seconds'])}  {r['messages']} messages")
        if r["unreadable_messages"]:
            line += f" ({r['unreadable_messages']} unreadable)"
        if r["syncing_now_by"]:
            line += f"  syncing now ({r['syncing_now_by']})"
        click.echo(line)
        if r["needs_reconnect"]:
            click.echo("    needs reconnecting: the mailbox withdrew access; connect it again")
        if r["last_error"]:
            click.echo(f"    last error: {r['last_error']}")


class _ProgressLine:
    """``imported 1200/10000 (12%) 640 msg/s`` on stderr; redrawn on a terminal, else every 10%."""

    def __init__(self):
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last_decile = -1

    def __call__(self, p: Progress) -> None:
        rate = p.messages / max(1e-6, time.monotonic() - self.started)
        if p.total:
            pct = min(100, int(100 * p.messages / p.total))
            text = f"imported {p.messages}/{p.total} ({pct}%) {rate:.0f} msg/s"
            if not self.tty and pct // 10 == self.last_decile:
                return
            self.last_decile = pct // 10
        else:
            text = f"imported {p.messages} {rate:.0f} msg/s"
        click.echo(("\r" + text) if self.tty else text, err=True, nl=not self.tty)


def _owner_user(s, user_email: str | None, me: tuple[str, ...]) -> models.User:
    if user_email:
        user = s.scalar(select(models.User).where(models.User.email == user_email.lower()))
        if user is not None:
            return user
    else:
        users = list(s.scalars(select(models.User).limit(2)))
        if len(users) > 1:
            raise click.ClickException("several users exist; say whose mailbox this is with --user EMAIL")
        if users:
            return users[0]
        if not me:
            raise click.ClickException("no user yet: pass --user EMAIL (or --me ADDRESS)")
        user_email = me[0]
    user = models.User(email=user_email.lower(), name=None, timezone="UTC", own_addresses=[],
                  settings={}, created_at=_now())
    s.add(user)
    s.flush()
    return user


@click.command("import-mbox")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--me", multiple=True, metavar="ADDRESS",
              help="An address of yours (repeatable), so your sent mail counts as yours.")
@click.option("--user", "user_email", metavar="EMAIL",
              help="The topofmind user who owns the mail (default: the only user, created if none).")
@click.option("--batch-size", type=int, default=200, show_default=True, help="Messages per commit.")
@click.option("--lease", type=float, default=60.0, show_default=True, metavar="S",
              help="Lease on the account while importing, renewed every S/3 seconds (a killed import "
                   "is resumable after it, or at once from this host).")
@click.option("--quiet", is_flag=True, help="No progress line.")
@click.pass_obj
def import_mbox(rt: Runtime, file: Path, me: tuple[str, ...], user_email: str | None,
                batch_size: int, lease: float, quiet: bool) -> None:
    """Import an mbox file (e.g. a Google Takeout export) through the normal sync path.

    Safe to interrupt and run again: it resumes after the last committed batch and never
    duplicates a message. Running it later on a grown file imports only the new messages.
    """
    configure_logging(level="WARNING")
    rt.upgrade()
    path = file.resolve()
    with rt.Session() as s, s.begin():
        user = _owner_user(s, user_email, me)
        mine = sorted(set(user.own_addresses or []) | {a.strip().lower() for a in me} | {user.email})
        if mine != sorted(user.own_addresses or []):
            user.own_addresses = mine
        account = connect_mail_account(
            s, user_id=user.id, provider="mbox", address=str(path), now=_now(),
            sealed_credentials=encrypt_credentials({"path": str(path), "batch_size": batch_size}, rt.secrets))
        account_id = account.id
    worker = _worker(rt, f"import-mbox:{_default_worker_id()}", rt.config.sync_interval_seconds,
                     lease, progress=None if quiet else _ProgressLine())
    deadline = time.monotonic() + lease + 30
    told = False  # even with --quiet: a wait needs its reason
    _take_over_from_crashed_workers(rt)
    while not claim_due(rt.Session, owner=worker.worker_id, now=_now(), lease_seconds=lease,
                        account_ids=[account_id], ignore_schedule=True):
        if time.monotonic() > deadline:
            raise click.ClickException("another worker keeps syncing this file; try again later")
        held = holder(rt.Session, account_id, now=_now())
        if not told and held:
            left = max(0, int((held[1] - _now()).total_seconds()))
            click.echo(f"waiting for the lease of {held[0]} on this file: it ends at {held[1]:%H:%M:%S} UTC "
                       f"(in {left} s) unless that worker finishes first", err=True)
            told = True
        time.sleep(0.5)
    result = worker.sync_claimed(account_id)
    if not quiet and sys.stderr.isatty():
        click.echo("", err=True)
    click.echo(_describe(result))
    if not result.ok:
        sys.exit(1)


@click.group("accounts")
def accounts() -> None:
    """Connect, list and manage mail accounts."""


@accounts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def accounts_list(rt: Runtime, as_json: bool) -> None:
    """Every mail account with its provider, owner and sync status."""
    rows = _status_rows(rt)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        click.echo(f"#{r['id']} {r['provider']:7} {r['address']} (user {r['user_id']}) {r['status']}")


@accounts.command("remove")
@click.argument("account_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def accounts_remove(rt: Runtime, account_id: int, yes: bool) -> None:
    """Remove an account and the mail stored from it (contacts and opportunities stay)."""
    with rt.Session() as s, s.begin():
        account = s.get(models.MailAccount, account_id)
        if account is None:
            raise click.ClickException(f"no account #{account_id}; see `topofmind accounts list`")
        if not yes:
            click.confirm(f"Remove {account.provider} account {account.address} and its stored mail?",
                          abort=True)
        s.execute(delete(models.MailAccount).where(models.MailAccount.id == account_id))
    click.echo(f"removed account #{account_id}")


COMMANDS = [sync_cmd, status_cmd, import_mbox, accounts]

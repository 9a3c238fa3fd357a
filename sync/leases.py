"""Leases: which worker syncs which account, so that several daemons never sync one twice.

A lease is (lease_owner, lease_until) on the account row. A worker claims a due account
in a short transaction with no I/O in it, renews the lease with every batch it commits
(see engine: the cursor update is fenced by the owner) and with a heartbeat every third of
the lease while the pass runs (daemon.Heartbeat), and releases it at the end. A worker that
dies keeps its lease until ``lease_until`` (60 s after its last beat by default); after
that any worker takes the account over, and a rerun on the same host at once
(``free_leases_of_dead_workers``). How a row is claimed, on PostgreSQL and on SQLite, is
topofmind/store/leases.py's, for every leased table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session, sessionmaker

from topofmind.store import models
from topofmind.store.leases import claim_rows, release_rows, renew_row

SYNCABLE = ("active", "error")


def _due(now: datetime):
    return and_(
        models.MailAccount.status.in_(SYNCABLE),
        or_(models.MailAccount.next_run_at.is_(None), models.MailAccount.next_run_at <= now),
    )


def claim_due(
    Session: sessionmaker[Session],
    *,
    owner: str,
    now: datetime,
    lease_seconds: float,
    limit: int = 1,
    account_ids: list[int] | None = None,
    ignore_schedule: bool = False,
) -> list[int]:
    """Lease up to ``limit`` due accounts for ``owner``; returns their ids (most overdue first).

    ``account_ids`` restricts the candidates; ``ignore_schedule`` claims them even if not
    due (``sync --once``, ``import-mbox``) -- a lease held by another worker still wins.
    """
    cond = _due(now) if not ignore_schedule else models.MailAccount.status.in_(SYNCABLE)
    if account_ids is not None:
        cond = and_(cond, models.MailAccount.id.in_(account_ids))
    order = (models.MailAccount.next_run_at.is_not(None), models.MailAccount.next_run_at, models.MailAccount.id)
    return claim_rows(Session, models.MailAccount, owner=owner, now=now, lease_seconds=lease_seconds,
                      where=cond, order_by=order, limit=limit)


def renew(Session: sessionmaker[Session], account_id: int, *, owner: str, now: datetime,
          lease_seconds: float) -> bool:
    """Extend the lease; False if this owner no longer holds it."""
    return renew_row(Session, models.MailAccount, account_id, owner=owner, now=now, lease_seconds=lease_seconds)


def release(Session: sessionmaker[Session], account_id: int, *, owner: str) -> bool:
    """Give the lease back (only if still ours)."""
    account = models.MailAccount
    return release_rows(Session, account, account.id == account_id, owner=owner) == 1


def release_all(Session: sessionmaker[Session], *, owner: str) -> int:
    """Give back every lease this owner holds (clean shutdown)."""
    return release_rows(Session, models.MailAccount, true(), owner=owner)


def holder(Session: sessionmaker[Session], account_id: int, *, now: datetime) -> tuple[str, datetime] | None:
    """Who holds the account's lease and until when, or None if it is free."""
    with Session() as s:
        row = s.execute(select(models.MailAccount.lease_owner, models.MailAccount.lease_until)
                        .where(models.MailAccount.id == account_id)).first()
    if row is None or row.lease_owner is None or row.lease_until is None or row.lease_until < now:
        return None
    return row.lease_owner, row.lease_until


def _dead_here(owner: str) -> bool:
    """True if ``owner`` names a process of this host (``…host:pid``, the default worker id)
    that no longer runs. Another host's worker, or a live process, is never judged dead."""
    import os
    import socket

    parts = owner.rsplit(":", 2)
    if len(parts) < 2 or not parts[-1].isdigit() or parts[-2] != socket.gethostname():
        return False
    try:
        os.kill(int(parts[-1]), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def free_leases_of_dead_workers(Session: sessionmaker[Session], *, now: datetime) -> list[tuple[int, str]]:
    """Release the leases held by workers of this host that crashed (their process is gone),
    so a rerun takes the account over at once instead of waiting out the lease. Returns the
    (account id, owner) pairs released."""
    with Session() as s:
        held = s.execute(select(models.MailAccount.id, models.MailAccount.lease_owner)
                         .where(models.MailAccount.lease_owner.is_not(None), models.MailAccount.lease_until >= now)).all()
    freed = []
    for account_id, owner in held:
        if _dead_here(owner) and release(Session, account_id, owner=owner):
            freed.append((account_id, owner))
    return freed

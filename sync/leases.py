"""Leases: which worker syncs which account, so that several daemons never sync one twice.

A lease is (lease_owner, lease_until) on the account row. A worker claims a due account
in a short transaction with no I/O in it, renews the lease with every batch it commits
(see engine: the cursor update is fenced by the owner), and releases it at the end. A
worker that dies keeps its lease until ``lease_until``; after that any worker takes the
account over.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` then UPDATE in one transaction: two
workers never see the same candidate row. SQLite has no row locks (SQLAlchemy drops FOR
UPDATE there): each claim is a conditional UPDATE that re-checks the lease, in its own
write transaction, and the row count says who won.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from topofmind.store import models

SYNCABLE = ("active", "error")


def _free(now: datetime):
    return or_(models.MailAccount.lease_until.is_(None), models.MailAccount.lease_until < now)


def _due(now: datetime):
    return and_(
        models.MailAccount.status.in_(SYNCABLE),
        or_(models.MailAccount.next_run_at.is_(None), models.MailAccount.next_run_at <= now),
    )


def claim_due(
    Session: sessionmaker[Session],  # noqa: N803
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
    until = now + timedelta(seconds=lease_seconds)
    cond = _free(now)
    cond = and_(cond, models.MailAccount.status.in_(SYNCABLE)) if ignore_schedule else and_(cond, _due(now))
    if account_ids is not None:
        cond = and_(cond, models.MailAccount.id.in_(account_ids))
    order = (models.MailAccount.next_run_at.is_not(None), models.MailAccount.next_run_at, models.MailAccount.id)
    with Session() as s:
        if s.get_bind().dialect.name == "postgresql":
            with s.begin():
                ids = list(s.scalars(
                    select(models.MailAccount.id).where(cond).order_by(*order).limit(limit)
                    .with_for_update(skip_locked=True)
                ))
                if ids:
                    s.execute(update(models.MailAccount).where(models.MailAccount.id.in_(ids))
                              .values(lease_owner=owner, lease_until=until))
            return ids
        # SQLite: read candidates, then win each with a conditional UPDATE of its own. A
        # candidate lost to another worker is leased now, so re-reading makes progress.
        won: list[int] = []
        while len(won) < limit:
            candidates = list(s.scalars(select(models.MailAccount.id).where(cond).order_by(*order)
                                        .limit(limit - len(won) + 4)))
            s.rollback()
            if not candidates:
                break
            for account_id in candidates:
                with s.begin():
                    hit = s.execute(update(models.MailAccount)
                                    .where(models.MailAccount.id == account_id, cond)
                                    .values(lease_owner=owner, lease_until=until)).rowcount
                if hit == 1:
                    won.append(account_id)
                    if len(won) == limit:
                        break
        return won


def renew(Session: sessionmaker[Session], account_id: int, *, owner: str, now: datetime,  # noqa: N803
          lease_seconds: float) -> bool:
    """Extend the lease; False if this owner no longer holds it."""
    with Session() as s, s.begin():
        return s.execute(
            update(models.MailAccount)
            .where(models.MailAccount.id == account_id, models.MailAccount.lease_owner == owner)
            .values(lease_until=now + timedelta(seconds=lease_seconds))
        ).rowcount == 1


def release(Session: sessionmaker[Session], account_id: int, *, owner: str) -> bool:  # noqa: N803
    """Give the lease back (only if still ours)."""
    with Session() as s, s.begin():
        return s.execute(
            update(models.MailAccount)
            .where(models.MailAccount.id == account_id, models.MailAccount.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        ).rowcount == 1


def release_all(Session: sessionmaker[Session], *, owner: str) -> int:  # noqa: N803
    """Give back every lease this owner holds (clean shutdown)."""
    with Session() as s, s.begin():
        return s.execute(
            update(models.MailAccount).where(models.MailAccount.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        ).rowcount


def holder(Session: sessionmaker[Session], account_id: int, *, now: datetime) -> tuple[str, datetime] | None:  # noqa: N803
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


def free_leases_of_dead_workers(Session: sessionmaker[Session], *, now: datetime) -> list[tuple[int, str]]:  # noqa: N803
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

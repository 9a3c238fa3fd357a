"""Leases on rows: which process does which piece of shared work (an account's sync, a
reminder's send, a stale lookup card's refresh, a user's card sweep), so that several
processes never do one twice.

A leased table has a column saying until when a row is taken (``lease_until`` unless the
caller names another) and, where the work's writes are fenced by who holds it, a
``lease_owner``. A claim is its own short transaction with no I/O in it, committed before
the work begins: these functions take the sessionmaker, not the caller's session. A
process that dies keeps its rows until their lease ends; then any process takes them over.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` then UPDATE in one transaction: two
processes never see the same candidate row. SQLite has no row locks (SQLAlchemy drops FOR
UPDATE there): the candidates are read, then won by one conditional UPDATE that re-checks
their lease, in its own write transaction; the rows it returns are the ones won.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, inspect, or_, select, update
from sqlalchemy.orm import Session, sessionmaker


def _key(model):
    (column,) = inspect(model).primary_key
    return column


def _lease(model, lease):
    return model.lease_until if lease is None else lease


def claim_rows(
    Session: sessionmaker[Session],
    model,
    *,
    now: datetime,
    lease_seconds: float,
    where,
    order_by: tuple,
    limit: int = 1,
    owner: str | None = None,
    values: dict | None = None,
    lease=None,
) -> list:
    """Lease up to ``limit`` rows of ``model`` that match ``where`` and hold no live lease
    until ``now + lease_seconds``; returns their primary keys in ``order_by`` order.

    ``lease`` is the table's until-column (``model.lease_until`` by default); ``owner`` is
    written to ``lease_owner``; ``values`` are set on the won rows in the same transaction
    (e.g. an attempt count)."""
    key, until = _key(model), _lease(model, lease)
    free = and_(or_(until.is_(None), until < now), where)
    changes = {until.key: now + timedelta(seconds=lease_seconds), **(values or {})}
    if owner is not None:
        changes["lease_owner"] = owner
    with Session() as s:
        if s.get_bind().dialect.name == "postgresql":
            with s.begin():
                won = list(s.scalars(select(key).where(free).order_by(*order_by).limit(limit)
                                     .with_for_update(skip_locked=True)))
                if won:
                    s.execute(update(model).where(key.in_(won)).values(**changes)
                              .execution_options(synchronize_session=False))
            return won
        # A candidate lost to another process is leased now, so reading again makes progress.
        won = []
        while len(won) < limit:
            candidates = list(s.scalars(select(key).where(free).order_by(*order_by).limit(limit - len(won))))
            s.rollback()
            if not candidates:
                break
            with s.begin():
                taken = set(s.scalars(update(model).where(key.in_(candidates), free).values(**changes)
                                      .returning(key).execution_options(synchronize_session=False)))
            won += [row_key for row_key in candidates if row_key in taken]
        return won


def renew_row(Session: sessionmaker[Session], model, row_key, *, now: datetime, lease_seconds: float,
              owner: str | None = None, lease=None) -> bool:
    """Extend the lease of one row; with ``owner``, False if that owner no longer holds it."""
    key, until = _key(model), _lease(model, lease)
    held = key == row_key if owner is None else and_(key == row_key, model.lease_owner == owner)
    with Session() as s, s.begin():
        return s.execute(update(model).where(held).values({until.key: now + timedelta(seconds=lease_seconds)})
                         .execution_options(synchronize_session=False)).rowcount == 1


def release_rows(Session: sessionmaker[Session], model, where, *, owner: str | None = None, lease=None,
                 values: dict | None = None) -> int:
    """Give back the leases of the rows matching ``where`` (with ``owner``, only those it
    holds), setting ``values`` on them too; how many were given back."""
    until = _lease(model, lease)
    changes = {until.key: None, **(values or {})}
    if owner is not None:
        where, changes["lease_owner"] = and_(where, model.lease_owner == owner), None
    with Session() as s, s.begin():
        return s.execute(update(model).where(where).values(changes)
                         .execution_options(synchronize_session=False)).rowcount

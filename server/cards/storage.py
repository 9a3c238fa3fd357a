"""Lookup cards kept: an overlay lookup's answer, stored until something it shows changes.

Each function here is an entry point's own transaction (it commits or rolls back): a card
is derived data, stored beside the request that computed it. A refresher leases the stale
ones (claim_stale) as any leased work is (topofmind/store/leases.py). How a card turns stale is the
store's business (topofmind/store/card_marks.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, delete, literal, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from topofmind.store import models
from topofmind.store.card_marks import MAX_AGE
from topofmind.store.leases import claim_rows, release_rows

# The card epoch is read with the card: a lookup without a card computes its answer and
# stores it against the epoch it saw before reading anything (see store).
_FETCH = (select(models.CardEpoch.value, models.LookupCard.body)
          .outerjoin(models.LookupCard, and_(
              models.LookupCard.user_id == bindparam("user_id"), models.LookupCard.key == bindparam("key"),
              models.LookupCard.valid_until > bindparam("now", type_=models.LookupCard.valid_until.type)))
          .where(models.CardEpoch.id == 1))


def fetch(session: Session, user_id: int, key: str, now: datetime) -> tuple[dict | None, int]:
    """(the valid card under ``key`` or None, the card epoch), in one indexed read."""
    # On the connection: the ORM's execution adds nothing for a column read on every lookup.
    row = session.connection().execute(_FETCH, {"user_id": user_id, "key": key, "now": now}).first()
    if row is None:  # no epoch row yet: no card was ever stored (see store)
        return None, 0
    return (json.loads(row.body) if row.body is not None else None), row.value


def question_key(question: dict) -> str:
    return hashlib.sha256(json.dumps(question, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()


def store(session: Session, user_id: int, question: dict, body: dict, deps: set[str], *, now: datetime,
          valid_until: datetime | None, seen_epoch: int) -> bool:
    """Keep ``body`` as the card answering ``question`` and commit; False (nothing kept,
    rolled back) if data changed since ``seen_epoch`` was read, or another request stored
    the card first."""
    return bool(store_many(session, user_id, [(question, body, deps, valid_until)], now=now, seen_epoch=seen_epoch))


def store_many(session: Session, user_id: int, computed: list[tuple[dict, dict, set[str], datetime | None]], *,
               now: datetime, seen_epoch: int) -> int | None:
    """``store`` for several cards, each (question, body, deps, valid until), all or none:
    how many were kept (a card already expired is left out), None if none could be.
    Replaces the cards of the same questions."""
    rows = []
    for question, body, deps, valid_until in computed:
        until = min(valid_until, now + MAX_AGE) if valid_until is not None else now + MAX_AGE
        if until > now:
            rows.append((question_key(question), question, body, deps, until))
    if not rows:
        return 0
    try:
        if session.get_bind().dialect.name == "postgresql":
            # A card is derived data: a crash may lose the last ones stored (they are computed
            # again), so the commit need not wait for the disk (a few ms a lookup).
            session.execute(text("SET LOCAL synchronous_commit TO OFF"))
        current = session.execute(select(models.CardEpoch.value).where(models.CardEpoch.id == 1)
                                  .with_for_update(read=True)).scalar()
        if current is None or current != seen_epoch:
            session.rollback()
            return None
        session.execute(delete(models.LookupCard).where(models.LookupCard.user_id == user_id,
                                                   models.LookupCard.key.in_([key for key, *_ in rows]))
                        .execution_options(synchronize_session=False))
        table, dep_rows = models.LookupCard.__table__, []
        for key, question, body, deps, until in rows:
            # Inserted only if the counter is still the one seen: on SQLite nothing above
            # holds other writers off until this first write.
            row = select(literal(user_id), literal(key), literal(question, models.LookupCard.question.type),
                         literal(json.dumps(body, separators=(",", ":"))),
                         literal(until, models.LookupCard.valid_until.type), literal(now, models.LookupCard.built_at.type)) \
                .where(models.CardEpoch.id == 1, models.CardEpoch.value == seen_epoch)
            card_id = session.execute(table.insert().from_select(
                ["user_id", "key", "question", "body", "valid_until", "built_at"], row)
                .returning(table.c.id)).scalar()
            if card_id is None:
                session.rollback()
                return None
            dep_rows += [{"card_id": card_id, "dep": d} for d in sorted(deps)]
        if dep_rows:
            session.execute(models.LookupCardDep.__table__.insert(), dep_rows)
        session.commit()
        return len(rows)
    except (IntegrityError, DBAPIError):
        # Another request stored the same card, or (SQLite) a writer got in first.
        session.rollback()
        return None


def claim_stale(Session: sessionmaker[Session], now: datetime, *, limit: int = 20,
                hold: timedelta = timedelta(minutes=2)) -> list[tuple[int, dict]]:
    """Up to ``limit`` stale or expired cards no one is refreshing, stale ones first,
    leased for ``hold`` (committed): their (user id, question). Several refreshers share
    the work (topofmind/store/leases.py)."""
    card = models.LookupCard
    ids = claim_rows(Session, card, now=now, lease_seconds=hold.total_seconds(), where=card.valid_until <= now,
                     order_by=(card.valid_until, card.id), limit=limit, lease=card.refreshing_until)
    if not ids:
        return []
    with Session() as session:
        asked = dict((row.id, (row.user_id, row.question)) for row in session.execute(
            select(card.id, card.user_id, card.question).where(card.id.in_(ids))))
    return [asked[card_id] for card_id in ids if card_id in asked]


def release(Session: sessionmaker[Session], user_id: int, question: dict) -> None:
    """Give a claimed card back (its refresh was not kept): the next claim takes it again."""
    card = models.LookupCard
    release_rows(Session, card, and_(card.user_id == user_id, card.key == question_key(question)),
                 lease=card.refreshing_until)


def forget(session: Session, user_id: int, question: dict) -> None:
    """Delete the card of ``question`` (another card answers it now) and commit."""
    session.execute(delete(models.LookupCard).where(models.LookupCard.user_id == user_id,
                                               models.LookupCard.key == question_key(question))
                    .execution_options(synchronize_session=False))
    session.commit()

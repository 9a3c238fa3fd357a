"""Keep only what the follow-up needs, for as long as it needs it (issue 8).

- ``apply_retention``: bodies (excerpt and snippet) of job messages whose opportunity closed
  more than ``keep_days`` ago are cleared; headers, facts, stages and touches stay, so the
  timeline still reads right. Messages with no opportunity age from their own date.
- ``forget_before``: everything mail-derived dated before a day is deleted: messages, their
  touches, ledger rows. People and opportunities stay unless nothing refers to them.
- ``forget_person``: a person and every message, touch and address of theirs is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from topofmind.store import models

DEFAULT_KEEP_DAYS = 548  # 18 months after the opportunity closes


@dataclass(frozen=True)
class Forgotten:
    messages: int = 0
    touches: int = 0
    ledger: int = 0
    people: int = 0
    bodies_cleared: int = 0


def apply_retention(session: Session, *, user_id: int, now: datetime,
                    keep_days: int = DEFAULT_KEEP_DAYS) -> Forgotten:
    cutoff = now - timedelta(days=keep_days)
    closed_long_ago = select(models.Opportunity.id).where(
        models.Opportunity.user_id == user_id,
        models.Opportunity.closed_at.is_not(None),
        models.Opportunity.closed_at < cutoff,
    )
    result = session.execute(
        update(models.Message)
        .where(
            models.Message.user_id == user_id,
            models.Message.body_excerpt.is_not(None),
            or_(
                models.Message.opportunity_id.in_(closed_long_ago),
                and_(models.Message.opportunity_id.is_(None), models.Message.sent_at < cutoff),
            ),
        )
        .values(body_excerpt=None, snippet=None)
        .execution_options(synchronize_session=False)
    )
    return Forgotten(bodies_cleared=result.rowcount or 0)


def forget_before(session: Session, *, user_id: int, before: datetime) -> Forgotten:
    msg_ids = select(models.Message.id).where(models.Message.user_id == user_id, models.Message.sent_at < before)
    touches = session.execute(
        delete(models.Touch).where(
            models.Touch.user_id == user_id,
            or_(models.Touch.message_id.in_(msg_ids), and_(models.Touch.message_id.is_(None), models.Touch.at < before)),
        ).execution_options(synchronize_session=False)
    ).rowcount
    messages = session.execute(
        delete(models.Message).where(models.Message.user_id == user_id, models.Message.sent_at < before)
        .execution_options(synchronize_session=False)
    ).rowcount
    ledger = session.execute(
        delete(models.LedgerEntry).where(models.LedgerEntry.user_id == user_id, models.LedgerEntry.sent_at < before)
        .execution_options(synchronize_session=False)
    ).rowcount
    people = _drop_orphan_people(session, user_id)
    return Forgotten(messages=messages or 0, touches=touches or 0, ledger=ledger or 0, people=people)


def forget_person(session: Session, *, user_id: int, address: str) -> Forgotten:
    person_id = session.scalar(
        select(models.PersonEmail.person_id).where(
            models.PersonEmail.user_id == user_id, models.PersonEmail.address == address.lower()
        )
    )
    if person_id is None:
        return Forgotten()
    messages = session.execute(
        delete(models.Message).where(
            models.Message.user_id == user_id,
            or_(models.Message.person_id == person_id, models.Message.from_address == address.lower()),
        ).execution_options(synchronize_session=False)
    ).rowcount
    touches = session.execute(
        delete(models.Touch).where(models.Touch.user_id == user_id, models.Touch.person_id == person_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.execute(delete(models.OpportunityContact).where(models.OpportunityContact.person_id == person_id))
    session.execute(delete(models.PersonEmail).where(models.PersonEmail.person_id == person_id))
    session.execute(delete(models.Person).where(models.Person.id == person_id, models.Person.user_id == user_id))
    return Forgotten(messages=messages or 0, touches=touches or 0, people=1)


def _drop_orphan_people(session: Session, user_id: int) -> int:
    """People created from mail that no longer has any message, touch or opportunity link."""
    orphan = select(models.Person.id).where(
        models.Person.user_id == user_id,
        models.Person.linkedin_url.is_(None),
        models.Person.notes.is_(None),
        ~exists().where(models.Message.person_id == models.Person.id),
        ~exists().where(models.Touch.person_id == models.Person.id),
        ~exists().where(models.OpportunityContact.person_id == models.Person.id),
    )
    ids = list(session.scalars(orphan))
    if not ids:
        return 0
    session.execute(delete(models.PersonEmail).where(models.PersonEmail.person_id.in_(ids)))
    session.execute(delete(models.Person).where(models.Person.id.in_(ids)))
    return len(ids)

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

from topofmind.store import models as m

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
    closed_long_ago = select(m.Opportunity.id).where(
        m.Opportunity.user_id == user_id,
        m.Opportunity.closed_at.is_not(None),
        m.Opportunity.closed_at < cutoff,
    )
    result = session.execute(
        update(m.Message)
        .where(
            m.Message.user_id == user_id,
            m.Message.body_excerpt.is_not(None),
            or_(
                m.Message.opportunity_id.in_(closed_long_ago),
                and_(m.Message.opportunity_id.is_(None), m.Message.sent_at < cutoff),
            ),
        )
        .values(body_excerpt=None, snippet=None)
        .execution_options(synchronize_session=False)
    )
    return Forgotten(bodies_cleared=result.rowcount or 0)


def forget_before(session: Session, *, user_id: int, before: datetime) -> Forgotten:
    msg_ids = select(m.Message.id).where(m.Message.user_id == user_id, m.Message.sent_at < before)
    touches = session.execute(
        delete(m.Touch).where(
            m.Touch.user_id == user_id,
            or_(m.Touch.message_id.in_(msg_ids), and_(m.Touch.message_id.is_(None), m.Touch.at < before)),
        ).execution_options(synchronize_session=False)
    ).rowcount
    messages = session.execute(
        delete(m.Message).where(m.Message.user_id == user_id, m.Message.sent_at < before)
        .execution_options(synchronize_session=False)
    ).rowcount
    ledger = session.execute(
        delete(m.LedgerEntry).where(m.LedgerEntry.user_id == user_id, m.LedgerEntry.sent_at < before)
        .execution_options(synchronize_session=False)
    ).rowcount
    people = _drop_orphan_people(session, user_id)
    return Forgotten(messages=messages or 0, touches=touches or 0, ledger=ledger or 0, people=people)


def forget_person(session: Session, *, user_id: int, address: str) -> Forgotten:
    person_id = session.scalar(
        select(m.PersonEmail.person_id).where(
            m.PersonEmail.user_id == user_id, m.PersonEmail.address == address.lower()
        )
    )
    if person_id is None:
        return Forgotten()
    messages = session.execute(
        delete(m.Message).where(
            m.Message.user_id == user_id,
            or_(m.Message.person_id == person_id, m.Message.from_address == address.lower()),
        ).execution_options(synchronize_session=False)
    ).rowcount
    touches = session.execute(
        delete(m.Touch).where(m.Touch.user_id == user_id, m.Touch.person_id == person_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.execute(delete(m.OpportunityContact).where(m.OpportunityContact.person_id == person_id))
    session.execute(delete(m.PersonEmail).where(m.PersonEmail.person_id == person_id))
    session.execute(delete(m.Person).where(m.Person.id == person_id, m.Person.user_id == user_id))
    return Forgotten(messages=messages or 0, touches=touches or 0, people=1)


def _drop_orphan_people(session: Session, user_id: int) -> int:
    """People created from mail that no longer has any message, touch or opportunity link."""
    orphan = select(m.Person.id).where(
        m.Person.user_id == user_id,
        m.Person.linkedin_url.is_(None),
        m.Person.notes.is_(None),
        ~exists().where(m.Message.person_id == m.Person.id),
        ~exists().where(m.Touch.person_id == m.Person.id),
        ~exists().where(m.OpportunityContact.person_id == m.Person.id),
    )
    ids = list(session.scalars(orphan))
    if not ids:
        return 0
    session.execute(delete(m.PersonEmail).where(m.PersonEmail.person_id.in_(ids)))
    session.execute(delete(m.Person).where(m.Person.id.in_(ids)))
    return len(ids)

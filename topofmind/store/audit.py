"""Audit entries: every automatic change, with what is needed to undo it.

An entry stores ``before`` and ``after`` snapshots of the fields it changed. Undo restores
``before``; for a creation it removes what was created (links pointing at it are cleared by
the database's ON DELETE SET NULL). Low-confidence decisions are flagged ``needs_review`` and
show up in the Review list until the user confirms or corrects them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.store import models as m

REVIEW_THRESHOLD = 0.6

_ENTITIES = {
    "opportunity": m.Opportunity,
    "person": m.Person,
    "thread": m.Thread,
    "message": m.Message,
    "company": m.Company,
    "interview": m.Interview,
    "touch": m.Touch,
}


class UndoError(Exception):
    pass


def record(session: Session, **fields) -> m.AuditEntry:
    """An entry added to the session now (the fields are ``build``'s)."""
    entry = build(**fields)
    session.add(entry)
    return entry


def build(
    *,
    user_id: int,
    kind: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    now: datetime,
    before: dict | None = None,
    after: dict | None = None,
    confidence: float | None = None,
    message_id: int | None = None,
    actor: str = "auto",
) -> m.AuditEntry:
    """An entry not yet in the session: the sync adds it once its message has an id."""
    return m.AuditEntry(
        user_id=user_id,
        at=now,
        actor=actor,
        kind=kind,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        summary=summary[:500],
        confidence=confidence,
        needs_review=actor == "auto" and confidence is not None and confidence < REVIEW_THRESHOLD,
        message_id=message_id,
    )


def undo(session: Session, *, user_id: int, entry_id: int, now: datetime) -> m.AuditEntry:
    """Reverse one audit entry of this user. Raises UndoError when it cannot be undone."""
    entry = session.scalar(
        select(m.AuditEntry).where(m.AuditEntry.id == entry_id, m.AuditEntry.user_id == user_id)
    )
    if entry is None:
        raise UndoError("no such audit entry")
    if entry.undone_at is not None:
        raise UndoError("this change was already undone")
    model = _ENTITIES.get(entry.entity)
    target = session.get(model, entry.entity_id) if model and entry.entity_id else None
    if target is None or getattr(target, "user_id", user_id) != user_id:
        raise UndoError("the record this change applied to no longer exists")

    if entry.kind.endswith(".created"):
        session.delete(target)
    elif entry.before:
        for field, value in entry.before.items():
            # Snapshots keep datetimes as ISO text.
            if (field == "at" or field.endswith("_at")) and isinstance(value, str):
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            setattr(target, field, value)
        if entry.kind == "opportunity.stage":
            session.add(
                m.StageChange(
                    opportunity_id=target.id,
                    from_stage=(entry.after or {}).get("stage"),
                    to_stage=target.stage,
                    at=now,
                    reason="undone by the user",
                    source="manual",
                )
            )
    else:
        raise UndoError(f"changes of kind {entry.kind} cannot be undone")
    entry.undone_at = now
    entry.needs_review = False
    record(
        session,
        user_id=user_id,
        kind="audit.undo",
        entity="audit",
        entity_id=entry.id,
        summary=f"Undid: {entry.summary}",
        now=now,
        actor="user",
    )
    return entry


def review_list(session: Session, *, user_id: int) -> list[m.AuditEntry]:
    return list(
        session.scalars(
            select(m.AuditEntry)
            .where(
                m.AuditEntry.user_id == user_id,
                m.AuditEntry.needs_review.is_(True),
                m.AuditEntry.undone_at.is_(None),
            )
            .order_by(m.AuditEntry.at.desc(), m.AuditEntry.id.desc())
        )
    )


def confirm(session: Session, *, user_id: int, entry_id: int, now: datetime) -> m.AuditEntry:
    entry = session.scalar(
        select(m.AuditEntry).where(m.AuditEntry.id == entry_id, m.AuditEntry.user_id == user_id)
    )
    if entry is None:
        raise UndoError("no such audit entry")
    entry.needs_review = False
    entry.reviewed_at = now
    return entry

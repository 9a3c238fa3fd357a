"""Audit entries: every change made for the user, with what is needed to undo it.

An entry stores ``before`` and ``after`` snapshots of the fields it changed. Reviewing,
correcting and undoing them: topofmind/store/review.py. Low-confidence decisions are flagged
``needs_review`` and show up in the Review list until the user confirms or corrects them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from topofmind.store import models

REVIEW_THRESHOLD = 0.6


def record(session: Session, **fields) -> models.AuditEntry:
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
) -> models.AuditEntry:
    """An entry not yet in the session: the sync adds it once its message has an id."""
    return models.AuditEntry(
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


def record_edit(session: Session, *, user_id: int, entity: str, entity_id: int, before: dict, after: dict,
                what: str, now: datetime) -> models.AuditEntry | None:
    """The user's edit of a record, as the fields it changed (None when it changed nothing):
    undone by restoring ``before``, like any entry."""
    changed = sorted(f for f in after if before.get(f) != after[f])
    if not changed:
        return None
    return record(session, user_id=user_id, kind=f"{entity}.edited", entity=entity, entity_id=entity_id,
                  before={f: before.get(f) for f in changed}, after={f: after[f] for f in changed}, now=now,
                  actor="user", summary=f"Edited {what}: {', '.join(changed)}")

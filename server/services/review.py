"""Review and undo of automatic decisions, as the API and the pages show them.

The rules (what can be undone, how a correction applies) are the store's one
implementation, topofmind/store/review.py; this module only says them in JSON.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.serialize import iso
from topofmind.store import review
from topofmind.store.models import AuditEntry


def entry_dict(entry: AuditEntry) -> dict:
    return {"id": entry.id, "kind": entry.kind, "summary": entry.summary, "reviewed_at": iso(entry.reviewed_at),
            "undone_at": iso(entry.undone_at)}


def pending(session: Session, user_id: int) -> list[dict]:
    return [{"id": e.id, "kind": e.kind, "summary": e.summary, "confidence": e.confidence, "at": iso(e.at),
             "entity": e.entity, "entity_id": e.entity_id} for e in review.pending(session, user_id=user_id)]


def get_entry(session: Session, user_id: int, audit_id: int) -> AuditEntry:
    return review.get_entry(session, user_id=user_id, entry_id=audit_id)


def confirm(session: Session, user_id: int, audit_id: int, now: datetime) -> AuditEntry:
    entry = review.confirm(session, user_id=user_id, entry_id=audit_id, now=now)
    session.flush()
    return entry


def correct(session: Session, user_id: int, audit_id: int, body: dict, now: datetime) -> AuditEntry:
    return review.correct(session, user_id=user_id, entry_id=audit_id, changes=body, now=now)


def undo(session: Session, user_id: int, audit_id: int, now: datetime) -> AuditEntry:
    return review.undo(session, user_id=user_id, entry_id=audit_id, now=now)


def history(session: Session, user_id: int, entity: str, entity_id: int) -> list[dict]:
    """Every change recorded about one record, newest first, and whether it can be undone."""
    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.user_id == user_id, AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(review.REVIEW_LIMIT))
    return [{"id": e.id, "kind": e.kind, "summary": e.summary, "at": iso(e.at), "actor": e.actor,
             "undone_at": iso(e.undone_at), "undoable": e.undone_at is None and e.kind not in review.NOT_UNDOABLE}
            for e in rows]

"""Review and undo of automatic decisions (``AuditEntry`` rows).

Undo restores the ``before`` values an entry recorded, on a short list of entities and
columns that are safe to write back; an entry whose change cannot be reversed that way
(e.g. a merge) is refused with a 400 that says so.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.errors import ApiError, NotFound
from server.services.serialize import iso
from topofmind.store import audit
from topofmind.store.models import (
    CLOSED_STAGES,
    AuditEntry,
    Message,
    Opportunity,
    Person,
    StageChange,
    Thread,
)

# entity name -> (model, columns an undo may write back)
UNDOABLE = {
    "opportunity": (Opportunity, {"stage", "stage_changed_at", "closed_at", "role", "company_id", "source",
                                  "decision_expected_by", "offer_in_writing", "applied_at"}),
    "thread": (Thread, {"opportunity_id"}),
    "message": (Message, {"category", "opportunity_id", "person_id", "outgoing_kind"}),
    "person": (Person, {"name", "title", "company_id", "relationship_kind", "preferred_channel"}),
}
# Records made or edited by hand (issue 24): undone by topofmind.store.audit.undo.
BY_HAND_KINDS = {"opportunity.created", "opportunity.edited", "person.edited", "touch.created", "touch.edited"}
# Changes whose ``before`` describes another record (the merged-away person), not this one.
NOT_UNDOABLE = {"person.merged", "audit.undo", "review.corrected"}
REVIEW_LIMIT = 200


def get_entry(session: Session, user_id: int, audit_id: int) -> AuditEntry:
    entry = session.scalars(select(AuditEntry).where(AuditEntry.user_id == user_id, AuditEntry.id == audit_id)).first()
    if entry is None:
        raise NotFound("audit entry")
    return entry


def entry_dict(entry: AuditEntry) -> dict:
    return {"id": entry.id, "kind": entry.kind, "summary": entry.summary, "reviewed_at": iso(entry.reviewed_at),
            "undone_at": iso(entry.undone_at)}


def pending(session: Session, user_id: int) -> list[dict]:
    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.user_id == user_id, AuditEntry.needs_review.is_(True), AuditEntry.reviewed_at.is_(None),
        AuditEntry.undone_at.is_(None)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(REVIEW_LIMIT))
    return [{"id": e.id, "kind": e.kind, "summary": e.summary, "confidence": e.confidence, "at": iso(e.at),
             "entity": e.entity, "entity_id": e.entity_id} for e in rows]


def confirm(session: Session, user_id: int, audit_id: int, now: datetime) -> AuditEntry:
    entry = get_entry(session, user_id, audit_id)
    if entry.reviewed_at is None:
        entry.reviewed_at = now
    session.flush()
    return entry


def _target(session: Session, user_id: int, entry: AuditEntry):
    model, columns = UNDOABLE.get(entry.entity, (None, set()))
    if model is None or entry.entity_id is None:
        return None, columns
    row = session.get(model, entry.entity_id)
    if row is None or getattr(row, "user_id", user_id) != user_id:
        return None, columns
    return row, columns


def _coerce(model, column: str, value):
    if value is None:
        return None
    python_type = model.__table__.c[column].type.python_type
    if python_type is datetime and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _set_stage(session: Session, opp: Opportunity, stage: str, now: datetime, reason: str) -> None:
    if opp.stage != stage:
        session.add(StageChange(opportunity_id=opp.id, from_stage=opp.stage, to_stage=stage, at=now, reason=reason,
                                source="manual"))
        opp.stage, opp.stage_changed_at = stage, now
        opp.closed_at = now if stage in CLOSED_STAGES else None


def correct(session: Session, user_id: int, audit_id: int, body: dict, now: datetime) -> AuditEntry:
    """Apply the user's correction to the entity the decision was about, and mark it reviewed."""
    entry = get_entry(session, user_id, audit_id)
    row, _ = _target(session, user_id, entry)
    if row is None:
        raise ApiError(400, "the record this decision was about no longer exists; nothing to correct")
    applied: dict = {}
    note = body.get("note") or "corrected in review"
    if "stage" in body:
        opp = row if isinstance(row, Opportunity) else None
        if opp is None and getattr(row, "opportunity_id", None):
            opp = session.scalars(select(Opportunity).where(Opportunity.user_id == user_id,
                                                            Opportunity.id == row.opportunity_id)).first()
        if opp is None:
            raise ApiError(400, "this decision is not about an opportunity; stage cannot be corrected",
                           code="validation_error", fields={"stage": "not applicable to this decision"})
        _set_stage(session, opp, body["stage"], now, note)
        applied["stage"] = body["stage"]
    for field, model in (("opportunity_id", Opportunity), ("person_id", Person)):
        if field not in body:
            continue
        if not hasattr(row, field):
            raise ApiError(400, f"{field} cannot be corrected on this decision", code="validation_error",
                           fields={field: "not applicable to this decision"})
        if body[field] is not None and session.scalars(select(model.id).where(
                model.user_id == user_id, model.id == body[field])).first() is None:
            raise NotFound(field.removesuffix("_id"))
        setattr(row, field, body[field])
        applied[field] = body[field]
    if "category" in body:
        if not isinstance(row, Message):
            raise ApiError(400, "category can only be corrected on a message decision", code="validation_error",
                           fields={"category": "not applicable to this decision"})
        row.category = body["category"]
        applied["category"] = body["category"]
    entry.reviewed_at = now
    session.add(AuditEntry(user_id=user_id, at=now, actor="user", kind="review.corrected", entity=entry.entity,
                           entity_id=entry.entity_id, before=None, after=applied,
                           summary=f"Corrected: {entry.summary}"[:500]))
    session.flush()
    return entry


def undo(session: Session, user_id: int, audit_id: int, now: datetime) -> AuditEntry:
    entry = get_entry(session, user_id, audit_id)
    if entry.undone_at is not None:
        return entry
    if entry.actor == "user" and entry.kind in BY_HAND_KINDS:
        try:
            return audit.undo(session, user_id=user_id, entry_id=entry.id, now=now)
        except audit.UndoError as exc:
            raise ApiError(400, f"this change cannot be undone: {exc}") from None
    row, columns = _target(session, user_id, entry)
    if entry.before is None and entry.kind.endswith(".created") and row is not None and entry.entity == "person":
        session.delete(row)
    elif entry.kind in NOT_UNDOABLE or row is None or not entry.before or not set(entry.before) & columns:
        raise ApiError(400, "this change cannot be undone automatically; correct it by hand instead")
    else:
        model = type(row)
        restored = {k: v for k, v in entry.before.items() if k in columns}
        if "stage" in restored and isinstance(row, Opportunity):
            _set_stage(session, row, restored.pop("stage"), now, f"undo: {entry.summary}"[:300])
            restored.pop("stage_changed_at", None)
            restored.pop("closed_at", None)
        for column, value in restored.items():
            setattr(row, column, _coerce(model, column, value))
    entry.undone_at = now
    session.add(AuditEntry(user_id=user_id, at=now, actor="user", kind="audit.undo", entity=entry.entity,
                           entity_id=entry.entity_id, before=entry.after, after=entry.before,
                           summary=f"Undid: {entry.summary}"[:500]))
    session.flush()
    return entry


def history(session: Session, user_id: int, entity: str, entity_id: int) -> list[dict]:
    """Every change recorded about one record, newest first, and whether it can be undone."""
    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.user_id == user_id, AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(REVIEW_LIMIT))
    return [{"id": e.id, "kind": e.kind, "summary": e.summary, "at": iso(e.at), "actor": e.actor,
             "undone_at": iso(e.undone_at),
             "undoable": e.undone_at is None and e.kind not in NOT_UNDOABLE and e.kind != "audit.undo"}
            for e in rows]

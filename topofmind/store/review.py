"""Review, correction and undo of the changes in the audit log: the one undo the pages, the
API and the CLI share.

Undo restores an entry's ``before`` (only the columns listed in UNDOABLE, which are safe to
write back); for a creation it removes what was created (links pointing at it are cleared
by the database's ON DELETE SET NULL). A stage goes back through the one stage change; a
merge, through merges.unmerge.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.errors import Invalid, NotFound
from topofmind.store import audit, merges, stages
from topofmind.store import models

REVIEW_LIMIT = 200

# entity name -> (model, columns an undo may write back)
UNDOABLE = {
    "opportunity": (models.Opportunity, {"stage", "stage_changed_at", "closed_at", "role", "company_id", "source",
                                    "decision_expected_by", "offer_in_writing"}),
    "thread": (models.Thread, {"opportunity_id"}),
    "message": (models.Message, {"category", "opportunity_id", "person_id", "outgoing_kind"}),
    "person": (models.Person, {"name", "title", "company_id", "relationship_kind", "preferred_channel"}),
    "company": (models.Company, set()),
    "interview": (models.Interview, set()),
}
# Changes that cannot be reversed by writing ``before`` back. (A merge's ``before`` describes
# the merged-away person: merges.unmerge recreates them.)
NOT_UNDOABLE = {"audit.undo", "review.corrected"}


def get_entry(session: Session, *, user_id: int, entry_id: int) -> models.AuditEntry:
    entry = session.scalar(select(models.AuditEntry).where(models.AuditEntry.id == entry_id, models.AuditEntry.user_id == user_id))
    if entry is None:
        raise NotFound("audit entry")
    return entry


def pending(session: Session, *, user_id: int) -> list[models.AuditEntry]:
    """The decisions waiting for the user's review, newest first."""
    return list(session.scalars(
        select(models.AuditEntry).where(models.AuditEntry.user_id == user_id, models.AuditEntry.needs_review.is_(True),
                                   models.AuditEntry.reviewed_at.is_(None), models.AuditEntry.undone_at.is_(None))
        .order_by(models.AuditEntry.at.desc(), models.AuditEntry.id.desc()).limit(REVIEW_LIMIT)))


def confirm(session: Session, *, user_id: int, entry_id: int, now: datetime) -> models.AuditEntry:
    entry = get_entry(session, user_id=user_id, entry_id=entry_id)
    if entry.reviewed_at is None:
        entry.reviewed_at = now
    entry.needs_review = False
    return entry


def _target(session: Session, user_id: int, entry: models.AuditEntry):
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


def _stage_by_hand(session: Session, opp: models.Opportunity, stage: str, now: datetime, reason: str) -> None:
    session.add_all(stages.move(opp, stage, at=now, now=now, reason=reason, by_user=True, audited=False))


def correct(session: Session, *, user_id: int, entry_id: int, changes: dict, now: datetime) -> models.AuditEntry:
    """Apply the user's correction to the record the decision was about, and mark it reviewed."""
    entry = get_entry(session, user_id=user_id, entry_id=entry_id)
    row, _ = _target(session, user_id, entry)
    if row is None:
        raise Invalid("the record this decision was about no longer exists; nothing to correct")
    applied: dict = {}
    note = changes.get("note") or "corrected in review"
    if "stage" in changes:
        opp = row if isinstance(row, models.Opportunity) else None
        if opp is None and getattr(row, "opportunity_id", None):
            opp = session.scalar(select(models.Opportunity).where(models.Opportunity.user_id == user_id,
                                                             models.Opportunity.id == row.opportunity_id))
        if opp is None:
            raise Invalid("this decision is not about an opportunity; stage cannot be corrected",
                          fields={"stage": "not applicable to this decision"})
        _stage_by_hand(session, opp, changes["stage"], now, note)
        applied["stage"] = changes["stage"]
    for field, model in (("opportunity_id", models.Opportunity), ("person_id", models.Person)):
        if field not in changes:
            continue
        if not hasattr(row, field):
            raise Invalid(f"{field} cannot be corrected on this decision", fields={field: "not applicable to this decision"})
        if changes[field] is not None and session.scalar(select(model.id).where(
                model.user_id == user_id, model.id == changes[field])) is None:
            raise NotFound(field.removesuffix("_id"))
        setattr(row, field, changes[field])
        applied[field] = changes[field]
    if "category" in changes:
        if not isinstance(row, models.Message):
            raise Invalid("category can only be corrected on a message decision",
                          fields={"category": "not applicable to this decision"})
        row.category = changes["category"]
        applied["category"] = changes["category"]
    entry.reviewed_at = now
    entry.needs_review = False
    audit.record(session, user_id=user_id, kind="review.corrected", entity=entry.entity, entity_id=entry.entity_id,
           after=applied, summary=f"Corrected: {entry.summary}", now=now, actor="user")
    session.flush()
    return entry


def undo(session: Session, *, user_id: int, entry_id: int, now: datetime) -> models.AuditEntry:
    """Reverse one entry of this user (undoing it twice changes nothing more)."""
    entry = get_entry(session, user_id=user_id, entry_id=entry_id)
    if entry.undone_at is not None:
        return entry
    row, columns = _target(session, user_id, entry)
    if entry.kind == "person.merged":
        merges.unmerge(session, user_id=user_id, entry=entry)
    elif entry.kind in NOT_UNDOABLE or row is None:
        raise Invalid("this change cannot be undone automatically; correct it by hand instead")
    elif entry.kind.endswith(".created"):
        session.delete(row)
    elif entry.before and set(entry.before) & columns:
        model = type(row)
        restored = {k: v for k, v in entry.before.items() if k in columns}
        if "stage" in restored and isinstance(row, models.Opportunity):
            _stage_by_hand(session, row, restored.pop("stage"), now, f"undo: {entry.summary}")
            restored.pop("stage_changed_at", None)
            restored.pop("closed_at", None)
        for column, value in restored.items():
            setattr(row, column, _coerce(model, column, value))
    else:
        raise Invalid("this change cannot be undone automatically; correct it by hand instead")
    entry.undone_at = now
    entry.needs_review = False
    audit.record(session, user_id=user_id, kind="audit.undo", entity=entry.entity, entity_id=entry.entity_id,
           before=entry.after, after=entry.before, summary=f"Undid: {entry.summary}", now=now, actor="user")
    session.flush()
    return entry

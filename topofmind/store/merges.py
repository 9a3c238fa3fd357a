"""Merging two people who are one (the same person tracked twice), and the undo of a merge.

A merge moves the other person's addresses, touches, messages, opportunity contacts and
interview places to the kept person, fills the kept person's empty fields from them, and
deletes them; its audit entry keeps all it moved, so that undoing it (store/review.py, the
one undo) puts both people back as they were.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from topofmind.errors import Invalid
from topofmind.store.models import (
    AuditEntry,
    Interview,
    Message,
    OpportunityContact,
    Person,
    PersonEmail,
    Touch,
)
from topofmind.store.people import get_person

# What a merge copies from the merged-away person when the kept one has nothing there.
MERGE_FILLS = ("title", "company_id", "relationship_kind", "preferred_channel", "linkedin_url", "linkedin_slug",
               "first_name", "last_name")


def _row(person: Person) -> dict:
    """The person's columns as JSON (what an undone merge recreates)."""
    out = {}
    for attr in sa_inspect(Person).column_attrs:
        value = getattr(person, attr.key)
        out[attr.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def merge(session: Session, *, user_id: int, person_id: int, other_id: int, now: datetime) -> tuple[Person, int]:
    """Merge ``other`` into ``person``: addresses, touches, messages, contacts; then delete other.
    The audit entry (its id is returned with the person) keeps what moved and what was filled
    in, so that ``unmerge`` (the undo of the entry) puts both people back as they were."""
    person = get_person(session, user_id, person_id)
    other = get_person(session, user_id, other_id)
    if person.id == other.id:
        raise Invalid("a person cannot be merged into itself", fields={"other_id": "must differ from the person's id"})
    before = {"id": other.id, "name": other.name, "emails": [e.address for e in other.emails],
              "linkedin_slug": other.linkedin_slug, "row": _row(other),
              "filled": [f for f in MERGE_FILLS if getattr(person, f) is None and getattr(other, f) is not None],
              "notes": person.notes}
    before["email_ids"] = [e.id for e in other.emails]
    before["touch_ids"] = list(session.scalars(select(Touch.id).where(Touch.user_id == user_id,
                                                                       Touch.person_id == other.id)))
    before["message_ids"] = list(session.scalars(select(Message.id).where(Message.user_id == user_id,
                                                                           Message.person_id == other.id)))
    for field in before["filled"]:
        setattr(person, field, getattr(other, field))
    if other.notes:
        person.notes = f"{person.notes}\n{other.notes}" if person.notes else other.notes
    session.execute(update(PersonEmail).where(PersonEmail.user_id == user_id, PersonEmail.person_id == other.id)
                    .values(person_id=person.id))
    session.execute(update(Touch).where(Touch.user_id == user_id, Touch.person_id == other.id)
                    .values(person_id=person.id))
    session.execute(update(Message).where(Message.user_id == user_id, Message.person_id == other.id)
                    .values(person_id=person.id))
    taken = set(session.scalars(select(OpportunityContact.opportunity_id)
                                .where(OpportunityContact.person_id == person.id)))
    before["contacts_moved"], before["contacts_dropped"] = [], []
    for link in session.scalars(select(OpportunityContact).where(OpportunityContact.person_id == other.id)):
        if link.opportunity_id in taken:
            before["contacts_dropped"].append({"opportunity_id": link.opportunity_id, "role": link.role})
            session.delete(link)
        else:
            before["contacts_moved"].append(link.id)
            link.person_id = person.id
    before["interviewers"] = {}
    for interview in session.scalars(select(Interview).where(Interview.user_id == user_id)):
        ids = list(interview.interviewer_ids or [])
        if other.id in ids:
            before["interviewers"][str(interview.id)] = ids
            interview.interviewer_ids = list(dict.fromkeys(person.id if i == other.id else i for i in ids))
    session.flush()
    session.expire(other)
    session.delete(other)
    entry = AuditEntry(user_id=user_id, at=now, actor="user", kind="person.merged", entity="person",
                       entity_id=person.id, before=before, after={"into": person.id},
                       summary=f"Merged {before['name']} into {person.name}")
    session.add(entry)
    session.flush()
    session.refresh(person)
    return person, entry.id




def unmerge(session: Session, *, user_id: int, entry: AuditEntry) -> Person:
    """Undo a merge (``entry``, a person.merged audit entry): the merged-away person again,
    with their addresses, touches, messages, contacts and interviews; the kept person's
    filled-in fields and notes as they were. Raises Invalid when that cannot be done."""
    snapshot = entry.before or {}
    if "row" not in snapshot:
        raise Invalid("this merge was made before merges could be undone; correct it by hand instead")
    kept = session.scalars(select(Person).where(Person.user_id == user_id, Person.id == entry.entity_id)).first()
    if kept is None:
        raise Invalid("the person this merge kept no longer exists; nothing to undo")
    row = dict(snapshot["row"])
    row["created_at"] = datetime.fromisoformat(row["created_at"]) if row.get("created_at") else kept.created_at
    if session.get(Person, row["id"]) is not None:
        row.pop("id")  # the id was given to someone since (SQLite reuses the highest id)
    for field in snapshot.get("filled", []):
        setattr(kept, field, None)
    kept.notes = snapshot.get("notes")
    session.flush()  # the slug is the kept person's no more before the other one has it again
    other = Person(**row)
    session.add(other)
    session.flush()
    back = {"person_id": other.id}
    for model, key in ((PersonEmail, "email_ids"), (Touch, "touch_ids"), (Message, "message_ids")):
        if snapshot.get(key):
            session.execute(update(model).where(model.user_id == user_id, model.person_id == kept.id,
                                                model.id.in_(snapshot[key])).values(**back))
    if snapshot.get("contacts_moved"):
        session.execute(update(OpportunityContact).where(OpportunityContact.person_id == kept.id,
                                                         OpportunityContact.id.in_(snapshot["contacts_moved"]))
                        .values(**back))
    for dropped in snapshot.get("contacts_dropped", []):
        session.add(OpportunityContact(opportunity_id=dropped["opportunity_id"], person_id=other.id,
                                       role=dropped["role"]))
    for interview_id, ids in snapshot.get("interviewers", {}).items():
        interview = session.get(Interview, int(interview_id))
        if interview is not None and interview.user_id == user_id:
            interview.interviewer_ids = [other.id if i == snapshot["id"] else i for i in ids]
    session.flush()
    session.expire_all()
    return other

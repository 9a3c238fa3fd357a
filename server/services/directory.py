"""The people list: everyone tracked, with their company, last contact and what is due, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.services.actions import Plan
from topofmind.store.models import Company, Person, Touch

# Last-contact filter: key -> (label, lower bound in days ago, upper bound in days ago)
LAST_CONTACT = {
    "30": ("in the last 30 days", 0, 30),
    "90": ("1 to 3 months ago", 30, 90),
    "older": ("more than 3 months ago", 90, None),
    "never": ("never", None, None),
}


@dataclass
class PeopleFilter:
    text: str = ""
    company_id: int | None = None
    relationship: str = ""
    last_contact: str = ""
    has_due: bool = False


def people_list(session: Session, user_id: int, plan: Plan, chosen: PeopleFilter, now: datetime) -> list[dict]:
    last = dict(session.execute(select(Touch.person_id, func.max(Touch.at))
                                .where(Touch.user_id == user_id, Touch.person_id.is_not(None))
                                .group_by(Touch.person_id)).all())
    companies = dict(session.execute(select(Company.id, Company.name).where(Company.user_id == user_id)).all())
    due: dict[int, object] = {}
    for action in plan.open_actions():  # sorted: the first one per person is the most urgent
        if action.person_id is not None and action.person_id not in due:
            due[action.person_id] = action
    text = chosen.text.strip().lower()
    rows = []
    for person in session.scalars(select(Person).where(Person.user_id == user_id).order_by(Person.name)):
        company = companies.get(person.company_id)
        if text and not any(text in (value or "").lower() for value in
                            (person.name, person.title, company, *[e.address for e in person.emails])):
            continue
        if chosen.company_id and person.company_id != chosen.company_id:
            continue
        if chosen.relationship and person.relationship_kind != chosen.relationship:
            continue
        if chosen.has_due and person.id not in due:
            continue
        seen = last.get(person.id)
        if chosen.last_contact in LAST_CONTACT and not _within(seen, chosen.last_contact, now):
            continue
        action = due.get(person.id)
        rows.append({"id": person.id, "name": person.name, "title": person.title, "company": company,
                     "relationship": person.relationship_kind, "last_contact": seen,
                     "next": ({"title": action.title, "due": action.due, "urgency": plan.urgency(action)}
                              if action else None)})
    return rows


def _within(seen: datetime | None, key: str, now: datetime) -> bool:
    _label, low, high = LAST_CONTACT[key]
    if key == "never":
        return seen is None
    if seen is None:
        return False
    age = now - seen
    return age >= timedelta(days=low) and (high is None or age < timedelta(days=high))


def companies_with_people(session: Session, user_id: int) -> list[tuple[int, str]]:
    return list(session.execute(select(Company.id, Company.name).join(Person, Person.company_id == Company.id)
                                .where(Company.user_id == user_id).distinct().order_by(Company.name)).all())

"""The overlays' lookups: a LinkedIn profile, a mail thread, an address."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from topofmind.core.models import (
    CLOSED_STAGES,
    Interview,
    Message,
    Opportunity,
    OpportunityContact,
    Person,
    Thread,
)
from topofmind.server.services import opportunities as opp_service
from topofmind.server.services import people as people_service
from topofmind.server.services.actions import Plan, suggested_role
from topofmind.server.services.serialize import iso, touch_dict

# The plan is computed only when the lookup finds something: most pages the extension
# asks about (profiles browsed, unrelated threads) are unknown and need no playbook run.
# Called with the people and opportunities the answer is about, so that only their part
# of the history is read.
PlanSource = Callable[..., Plan]

# Message categories worth showing on a thread, and how to say them.
DETECTED_LABELS = {
    "application_confirmation": "Application received",
    "interview_invitation": "Interview invitation",
    "interview_scheduled": "Interview scheduled",
    "assessment": "Assessment requested",
    "rejection": "Rejection",
    "offer": "Offer",
    "status_update": "Status update",
    "recruiter_outreach": "Recruiter outreach",
}


# The hiring contacts "find the hiring contact" waits for (as in the playbook).
HIRING_ROLES = ("recruiter", "hiring_manager")


def _person_block(session: Session, user_id: int, person: Person | None, get_plan: PlanSource,
                  attachable_ids: list[int] | None = None) -> dict:
    if person is None:
        return {"person": None, "opportunities": [], "last_touch": None, "next_actions": []}
    opp_ids = people_service.opportunity_ids_of(session, user_id, person.id)
    plan = get_plan(person_ids=[person.id], opportunity_ids=[*opp_ids, *(attachable_ids or ())])
    touch = people_service.last_touch(session, user_id, person_ids=[person.id])
    block = {
        "person": people_service.summary(session, user_id, person),
        "opportunities": opp_service.summaries(session, user_id, opp_ids, plan),
        "last_touch": touch_dict(touch) if touch else None,
        "next_actions": [plan.to_dict(a) for a in plan.for_scope(person_ids=[person.id], opportunity_ids=opp_ids)],
    }
    if attachable_ids is not None:
        block["attachable"] = [{"opportunity": o, "suggested_role": suggested_role(person.title)}
                               for o in opp_service.summaries(session, user_id, attachable_ids, plan)]
    # "attachable" is only about a known person on LinkedIn (not in the email lookup).
    return block


def attachable_opportunity_ids(session: Session, user_id: int, person: Person) -> list[int]:
    """The user's open opportunities at the person's company that still wait for a hiring
    contact, and of which the person is not already a contact."""
    if person.company_id is None:
        return []
    # NOT EXISTS per candidate opportunity: NOT IN would read every contact row of every user.
    taken = select(OpportunityContact.id).where(
        OpportunityContact.opportunity_id == Opportunity.id,
        or_(OpportunityContact.person_id == person.id, OpportunityContact.role.in_(HIRING_ROLES)))
    return list(session.scalars(select(Opportunity.id).where(
        Opportunity.user_id == user_id, Opportunity.company_id == person.company_id,
        Opportunity.stage.not_in(CLOSED_STAGES), ~taken.exists()).order_by(Opportunity.id)))


def profile(session: Session, user_id: int, slug: str, name: str | None, company: str | None,
            get_plan: PlanSource) -> dict:
    person = people_service.find_by_slug(session, user_id, slug)
    attachable_ids = attachable_opportunity_ids(session, user_id, person) if person else None
    body = {"known": person is not None, "slug": slug,
            **_person_block(session, user_id, person, get_plan, attachable_ids)}
    body["suggestions"] = [] if person else people_service.suggestions(session, user_id, name, company)
    return body


def email(session: Session, user_id: int, address: str, get_plan: PlanSource) -> dict:
    person = people_service.find_by_email(session, user_id, address)
    return {"known": person is not None, **_person_block(session, user_id, person, get_plan)}


def _detected(session: Session, user_id: int, thread: Thread, plan: Plan) -> list[dict]:
    messages = session.scalars(select(Message).where(Message.user_id == user_id, Message.thread_id == thread.id)
                               .order_by(Message.sent_at, Message.id))
    out = []
    for message in messages:
        label = DETECTED_LABELS.get(message.category)
        if label is None:
            continue
        text = label
        if message.category == "interview_scheduled":
            interview = session.scalars(select(Interview).where(Interview.user_id == user_id,
                                                                Interview.message_id == message.id)).first()
            if interview is not None:
                text = f"{label} {interview.starts_at.astimezone(plan.tz).strftime('%a %d %b %H:%M')}"
        elif message.facts.get("timeline_text"):
            text = f"{label}: {message.facts['timeline_text']}"[:300]
        out.append({"kind": message.category, "text": text, "at": iso(message.sent_at)})
    return out


def thread(session: Session, user_id: int, provider: str, provider_thread_id: str, get_plan: PlanSource) -> dict:
    row = session.scalars(select(Thread).where(Thread.user_id == user_id, Thread.provider == provider,
                                               Thread.provider_thread_id == provider_thread_id)
                          .order_by(Thread.id)).first()
    if row is None:
        return {"known": False, "thread": None, "opportunity": None, "people": [], "detected": [],
                "last_touch": None, "next_actions": []}
    person_ids = set(session.scalars(select(Message.person_id).where(
        Message.user_id == user_id, Message.thread_id == row.id, Message.person_id.is_not(None))))
    opp_ids = [row.opportunity_id] if row.opportunity_id else []
    if row.opportunity_id:
        person_ids |= set(session.scalars(select(OpportunityContact.person_id)
                                          .where(OpportunityContact.opportunity_id == row.opportunity_id)))
    plan = get_plan(person_ids=person_ids, opportunity_ids=opp_ids)
    people = list(session.scalars(select(Person).where(Person.user_id == user_id, Person.id.in_(person_ids))
                                  .order_by(Person.id))) if person_ids else []
    opportunity = opp_service.summaries(session, user_id, opp_ids, plan)
    touch = people_service.last_touch(session, user_id, person_ids=person_ids, opportunity_ids=opp_ids)
    return {
        "known": True,
        "thread": {"provider": row.provider, "id": row.provider_thread_id, "subject": row.subject},
        "opportunity": opportunity[0] if opportunity else None,
        "people": people_service.summaries(session, user_id, people),
        "detected": _detected(session, user_id, row, plan),
        "last_touch": touch_dict(touch) if touch else None,
        "next_actions": [plan.to_dict(a) for a in plan.for_scope(person_ids=person_ids, opportunity_ids=opp_ids,
                                                                 only_these_opportunities=bool(opp_ids))],
    }

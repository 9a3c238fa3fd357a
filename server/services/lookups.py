"""The overlays' lookups: a LinkedIn profile, a mail thread, an address."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from sqlalchemy import Integer, Select, bindparam, literal, or_, select, union, union_all
from sqlalchemy.orm import Session, joinedload

from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services.actions import Plan, suggested_role
from server.services.serialize import iso, touch_dict
from topofmind.store import card_marks
from topofmind.store.history import one_of
from topofmind.store.models import (
    CLOSED_STAGES,
    Interview,
    Message,
    Opportunity,
    OpportunityContact,
    Person,
    Thread,
)

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


def last_touch(plan: Plan, *, person_ids=(), opportunity_ids=()) -> dict | None:
    """The latest touch with these people or about these opportunities. The plan's scoped
    history holds every touch of its people and opportunities, these among them."""
    people, opps = set(person_ids), set(opportunity_ids)
    touches = [t for t in plan.history.touches if t.person_id in people or t.opportunity_id in opps]
    return touch_dict(max(touches, key=lambda t: (t.at, t.id))) if touches else None


def _company_names(plan: Plan) -> dict[int, str]:
    """The names of the companies of the people in the plan's history (read with them)."""
    return {p.company_id: p.company_name for p in plan.history.people.values() if p.company_id is not None}


def _person_block(session: Session, user_id: int, person: Person | None, get_plan: PlanSource,
                  opp_ids: list[int] | None = None, attachable_ids: list[int] | None = None) -> dict:
    if person is None:
        return {"person": None, "opportunities": [], "last_touch": None, "next_actions": []}
    if opp_ids is None:
        opp_ids = people_service.opportunity_ids_of(session, user_id, person.id)
    plan = get_plan(person_ids=[person.id], opportunity_ids=[*opp_ids, *(attachable_ids or ())])
    block = {
        "person": people_service.summary(session, user_id, person, _company_names(plan)),
        "opportunities": opp_service.summaries(session, user_id, opp_ids, plan),
        "last_touch": last_touch(plan, person_ids=[person.id]),
        "next_actions": [plan.to_dict(a) for a in plan.for_scope(person_ids=[person.id], opportunity_ids=opp_ids)],
    }
    if attachable_ids is not None:
        block["attachable"] = [{"opportunity": o, "suggested_role": suggested_role(person.title)}
                               for o in opp_service.summaries(session, user_id, attachable_ids, plan)]
    # "attachable" is only about a known person on LinkedIn (not in the email lookup).
    return block


def _attachable_query(user_id: int, person: Person) -> Select:
    """The user's open opportunities at the person's company that still wait for a hiring
    contact, and of which the person is not already a contact."""
    # NOT EXISTS per candidate opportunity: NOT IN would read every contact row of every user.
    taken = select(OpportunityContact.id).where(
        OpportunityContact.opportunity_id == Opportunity.id,
        or_(OpportunityContact.person_id == person.id, OpportunityContact.role.in_(HIRING_ROLES)))
    return select(Opportunity.id).where(
        Opportunity.user_id == user_id, Opportunity.company_id == person.company_id,
        Opportunity.stage.not_in(CLOSED_STAGES), ~taken.exists())


def _opportunity_ids(session: Session, user_id: int, person: Person) -> tuple[list[int], list[int]]:
    """(the person's opportunities, the attachable ones), in one round trip."""
    if person.company_id is None:
        return people_service.opportunity_ids_of(session, user_id, person.id), []
    mine = people_service.opportunity_ids_query(user_id, person.id).subquery()
    attachable = _attachable_query(user_id, person).subquery()
    rows = session.execute(union_all(select(literal(True).label("mine"), mine.c[0]),
                                     select(literal(False).label("mine"), attachable.c[0])))
    found: dict[bool, set[int]] = {True: set(), False: set()}
    for is_mine, oid in rows:
        found[bool(is_mine)].add(oid)
    return sorted(found[True]), sorted(found[False])


def profile(session: Session, user_id: int, slug: str, name: str | None, company: str | None,
            get_plan: PlanSource, deps: set[str] | None = None) -> dict:
    """``deps`` gets what the answer depends on beyond its plans' histories (see cards)."""
    deps = set() if deps is None else deps
    deps.add(card_marks.slug_dep(slug))
    person, candidates = people_service.by_slug_or_name(session, user_id, slug, name)
    opp_ids, attachable_ids = _opportunity_ids(session, user_id, person) if person else (None, None)
    body = {"known": person is not None, "slug": slug,
            **_person_block(session, user_id, person, get_plan, opp_ids, attachable_ids)}
    if person is not None:
        # The same person tracked twice (e.g. from mail, and from this profile): offered to merge.
        # A new one at the person's company marks it, which this card depends on.
        body["duplicates"] = people_service.summaries(session, user_id, people_service.duplicates_of(
            session, user_id, person))
    # An unknown profile's answer is not kept as a card (see lookup_cards.compute_card).
    body["suggestions"] = people_service.suggestions(session, user_id, candidates, company)
    return body


def email(session: Session, user_id: int, address: str, get_plan: PlanSource) -> dict:
    person = people_service.find_by_email(session, user_id, address)
    return {"known": person is not None, **_person_block(session, user_id, person, get_plan)}


@cache
def _detected_query() -> Select:
    """Built once: the thread's detected messages (``user_id``, ``thread_id``), each with the
    interviews recorded from it."""
    user = bindparam("user_id", type_=Integer)
    return (select(Message.id, Message.category, Message.facts, Message.sent_at, Interview.starts_at)
            .outerjoin(Interview, (Interview.message_id == Message.id) & (Interview.user_id == user)
                       & (Message.category == "interview_scheduled"))
            .where(Message.user_id == user, Message.thread_id == bindparam("thread_id", type_=Integer),
                   Message.category.in_(list(DETECTED_LABELS)))
            .order_by(Message.sent_at, Message.id, Interview.id))


def _detected(session: Session, user_id: int, thread: Thread, plan: Plan) -> list[dict]:
    """What the thread's messages were, oldest first; a scheduled interview with its time
    (the first interview recorded from the message), in one query."""
    out, seen = [], set()
    for message_id, category, facts, sent_at, starts_at in session.execute(
            _detected_query(), {"user_id": user_id, "thread_id": thread.id}):
        if message_id in seen:
            continue
        seen.add(message_id)
        label = DETECTED_LABELS[category]
        text = label
        if category == "interview_scheduled":
            if starts_at is not None:
                text = f"{label} {starts_at.astimezone(plan.tz).strftime('%a %d %b %H:%M')}"
        elif (facts or {}).get("timeline_text"):
            text = f"{label}: {facts['timeline_text']}"[:300]
        out.append({"kind": category, "text": text, "at": iso(sent_at)})
    return out


def thread(session: Session, user_id: int, provider: str, provider_thread_id: str, get_plan: PlanSource,
           deps: set[str] | None = None) -> dict:
    deps = set() if deps is None else deps
    deps.add(card_marks.provider_thread_dep(provider, provider_thread_id))
    row = session.scalars(select(Thread).where(Thread.user_id == user_id, Thread.provider == provider,
                                               Thread.provider_thread_id == provider_thread_id)
                          .order_by(Thread.id)).first()
    if row is not None:
        deps.update({f"t{row.id}", *([f"o{row.opportunity_id}"] if row.opportunity_id else [])})
    if row is None:
        return {"known": False, "thread": None, "opportunity": None, "people": [], "detected": [],
                "last_touch": None, "next_actions": []}
    # The thread's correspondents and its opportunity's contacts, in one round trip.
    in_thread = select(Message.person_id).where(
        Message.user_id == user_id, Message.thread_id == row.id, Message.person_id.is_not(None))
    opp_ids = [row.opportunity_id] if row.opportunity_id else []
    if row.opportunity_id:
        in_thread = union(in_thread, select(OpportunityContact.person_id)
                          .where(OpportunityContact.opportunity_id == row.opportunity_id))
    person_ids = set(session.scalars(in_thread))
    plan = get_plan(person_ids=person_ids, opportunity_ids=opp_ids)
    people = list(session.scalars(select(Person).where(Person.user_id == user_id, one_of(session, Person.id, person_ids))
                                  .order_by(Person.id).options(joinedload(Person.emails))).unique()) \
        if person_ids else []
    opportunity = opp_service.summaries(session, user_id, opp_ids, plan)
    return {
        "known": True,
        "thread": {"provider": row.provider, "id": row.provider_thread_id, "subject": row.subject},
        "opportunity": opportunity[0] if opportunity else None,
        "people": people_service.summaries(session, user_id, people, _company_names(plan)),
        "detected": _detected(session, user_id, row, plan),
        "last_touch": last_touch(plan, person_ids=person_ids, opportunity_ids=opp_ids),
        "next_actions": [plan.to_dict(a) for a in plan.for_scope(person_ids=person_ids, opportunity_ids=opp_ids,
                                                                 only_these_opportunities=bool(opp_ids))],
    }

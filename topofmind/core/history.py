"""Build the playbook's input (a History) for one user from the database.

A fixed handful of queries whatever the size of the history (one per table), never one per
row. The caller owns the session and the transaction; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Integer, cast, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, lazyload

from topofmind.core import models as m
from topofmind.core.playbook.types import (
    ActionStateFacts,
    History,
    InterviewFacts,
    OpportunityFacts,
    PersonFacts,
    TouchFacts,
)


class UnknownUser(LookupError):
    pass


def load_history(session: Session, user_id: int, *, person_ids: Iterable[int] | None = None,
                 opportunity_ids: Iterable[int] | None = None) -> History:
    """The user's whole history, or (given ``person_ids``/``opportunity_ids``) the part of it
    that the actions about those people and opportunities depend on (see ``_closure``), so
    that ``next_actions`` gives exactly the same actions about them as over the whole
    history. An overlay lookup at 100,000 people then reads a few hundred rows, not millions.
    A scoped history carries no action states: ask ``load_action_states`` for those of the
    actions it gives.
    """
    user = session.get(m.User, user_id)
    if user is None:
        raise UnknownUser(f"no user with id {user_id}")
    if person_ids is None and opportunity_ids is None:
        return History(
            timezone=user.timezone or "UTC",
            people=_people(session, user_id),
            opportunities=_opportunities(session, user_id),
            interviews=_interviews(session, user_id),
            touches=_touches(session, user_id),
            action_states=_action_states(session, user_id),
        )
    people, opps = _closure(session, user_id, set(person_ids or ()), set(opportunity_ids or ()))
    touches = _touches(session, user_id, people, opps)
    interviews = _interviews(session, user_id, opps)
    opportunities = _opportunities(session, user_id, opps)
    # Everyone the loaded records name (contacts, interviewers, correspondents), and the
    # people tracked at their companies ("find the hiring contact" offers them).
    named = people | {t.person_id for t in touches if t.person_id is not None}
    named |= {pid for o in opportunities.values() for pid, _role in o.contacts}
    named |= {pid for i in interviews for pid in i.interviewer_ids}
    companies = {o.company_id for o in opportunities.values() if o.company_id is not None}
    if companies:
        named |= set(session.scalars(select(m.Person.id).where(
            m.Person.user_id == user_id, m.Person.company_id.in_(companies))))
    return History(timezone=user.timezone or "UTC", people=_people(session, user_id, named),
                   opportunities=opportunities, interviews=interviews, touches=touches, action_states={})


# Contact roles and touch kinds that make someone a helper to thank once an offer is
# accepted (playbook.outcomes.thank_helper looks across the whole search for them).
HELPER_ROLES = ("referrer", "helper", "introducer")
HELPER_TOUCH_KINDS = ("referral", "introduction", "meeting")


def _closure(session: Session, user_id: int, people: set[int], opps: set[int]) -> tuple[set[int], set[int]]:
    """(people whose every action must be right, opportunities to load whole).

    An action about an opportunity depends on its contacts, touches and interviews; an action
    about a person also on that person's other actions (the spacing guard paces all outreach
    to one person), hence on every opportunity they take part in. So the people are the given
    ones and everyone on the given opportunities (and, when an accepted offer is among them,
    every helper: they are all thanked); the opportunities are the given ones, every one those
    people take part in (contact, touch, interviewer), and the accepted ones (an accepted
    offer asks to tell every other open opportunity).
    """
    given = set(opps)
    if given:
        ids = list(given)
        people |= set(session.scalars(select(m.OpportunityContact.person_id).join(
            m.Opportunity, m.Opportunity.id == m.OpportunityContact.opportunity_id)
            .where(m.Opportunity.user_id == user_id, m.OpportunityContact.opportunity_id.in_(ids))))
        people |= set(session.scalars(select(m.Touch.person_id).distinct().where(
            m.Touch.user_id == user_id, m.Touch.opportunity_id.in_(ids), m.Touch.person_id.is_not(None))))
        for interviewers in session.scalars(select(m.Interview.interviewer_ids).where(
                m.Interview.user_id == user_id, m.Interview.opportunity_id.in_(ids))):
            people |= {int(x) for x in interviewers or ()}
    accepted = set(session.scalars(select(m.Opportunity.id).where(
        m.Opportunity.user_id == user_id, m.Opportunity.stage == "accepted")))
    if accepted & given:
        people |= set(session.scalars(select(m.OpportunityContact.person_id).join(
            m.Opportunity, m.Opportunity.id == m.OpportunityContact.opportunity_id)
            .where(m.Opportunity.user_id == user_id, m.OpportunityContact.role.in_(HELPER_ROLES))))
        people |= set(session.scalars(select(m.Touch.person_id).distinct().where(
            m.Touch.user_id == user_id, m.Touch.kind.in_(HELPER_TOUCH_KINDS), m.Touch.person_id.is_not(None))))
    opps = given | accepted
    if people:
        pids = list(people)
        opps |= set(session.scalars(select(m.OpportunityContact.opportunity_id).join(
            m.Opportunity, m.Opportunity.id == m.OpportunityContact.opportunity_id)
            .where(m.Opportunity.user_id == user_id, m.OpportunityContact.person_id.in_(pids))))
        opps |= set(session.scalars(select(m.Touch.opportunity_id).distinct().where(
            m.Touch.user_id == user_id, m.Touch.person_id.in_(pids), m.Touch.opportunity_id.is_not(None))))
        opps |= _interviewed_for(session, user_id, pids)
    return people, opps


def _interviewed_for(session: Session, user_id: int, person_ids: list[int]) -> set[int]:
    """Opportunities where one of these people interviewed the user (ids in a JSON list; a
    GIN index answers on PostgreSQL, SQLite reads the user's interviews)."""
    query = select(m.Interview.opportunity_id).distinct().where(m.Interview.user_id == user_id)
    if session.get_bind().dialect.name == "postgresql":
        contains = m.Interview.interviewer_ids.op("@>")
        query = query.where(or_(*[contains(type_coerce(value, JSONB))
                                  for pid in person_ids for value in ([pid], [str(pid)])]))
    else:
        element = func.json_each(m.Interview.interviewer_ids).table_valued("value").alias("interviewer")
        query = query.join(element, cast(element.c.value, Integer).in_(person_ids))
    return set(session.scalars(query))


def _primary_email(emails: list[m.PersonEmail]) -> str | None:
    """An address seen in mail beats one guessed from the company's pattern; oldest first."""
    ranked = sorted(emails, key=lambda e: (e.is_guess, e.id))
    return ranked[0].address if ranked else None


def _people(session: Session, user_id: int, ids: set[int] | None = None) -> dict[int, PersonFacts]:
    query = (select(m.Person, m.Company.name)
             .outerjoin(m.Company, m.Company.id == m.Person.company_id)
             .where(m.Person.user_id == user_id)
             .order_by(m.Person.id))
    if ids is not None:
        query = query.where(m.Person.id.in_(ids))
    rows = session.execute(query).all()
    # Person.emails is loaded with "selectin": one more query for all people, not one each.
    return {
        p.id: PersonFacts(
            id=p.id, name=p.name, first_name=p.first_name, relationship=p.relationship_kind,
            preferred_channel=p.preferred_channel, company_id=p.company_id, company_name=company,
            title=p.title, email=_primary_email(p.emails), linkedin_url=p.linkedin_url,
            keep_in_touch=p.keep_in_touch, created_at=p.created_at, notes=p.notes,
        )
        for p, company in rows
    }


def _opportunities(session: Session, user_id: int, ids: set[int] | None = None) -> dict[int, OpportunityFacts]:
    contacts: dict[int, list[tuple[int, str]]] = {}
    contact_query = (
        select(m.OpportunityContact.opportunity_id, m.OpportunityContact.person_id, m.OpportunityContact.role)
        .join(m.Opportunity, m.Opportunity.id == m.OpportunityContact.opportunity_id)
        .where(m.Opportunity.user_id == user_id)
        .order_by(m.OpportunityContact.id))
    opp_query = (
        select(m.Opportunity, m.Company.name)
        .outerjoin(m.Company, m.Company.id == m.Opportunity.company_id)
        .where(m.Opportunity.user_id == user_id)
        .order_by(m.Opportunity.id)
        .options(lazyload(m.Opportunity.company)))  # the name comes from the join above
    if ids is not None:
        contact_query = contact_query.where(m.OpportunityContact.opportunity_id.in_(ids))
        opp_query = opp_query.where(m.Opportunity.id.in_(ids))
    for oid, pid, role in session.execute(contact_query):
        contacts.setdefault(oid, []).append((pid, role))
    rows = session.execute(opp_query).all()
    return {
        o.id: OpportunityFacts(
            id=o.id, company_name=company, role=o.role, source=o.source, stage=o.stage,
            stage_changed_at=o.stage_changed_at, created_at=o.created_at, company_id=o.company_id,
            applied_at=o.applied_at, decision_expected_by=o.decision_expected_by,
            offer_in_writing=o.offer_in_writing, closed_at=o.closed_at,
            contacts=tuple(contacts.get(o.id, ())),
        )
        for o, company in rows
    }


def _interviews(session: Session, user_id: int, opp_ids: set[int] | None = None) -> tuple[InterviewFacts, ...]:
    query = select(m.Interview).where(m.Interview.user_id == user_id).order_by(m.Interview.starts_at)
    if opp_ids is not None:
        query = query.where(m.Interview.opportunity_id.in_(opp_ids))
    rows = session.scalars(query)
    return tuple(
        InterviewFacts(id=i.id, opportunity_id=i.opportunity_id, starts_at=i.starts_at, ends_at=i.ends_at,
                       interviewer_ids=tuple(int(x) for x in (i.interviewer_ids or ())), cancelled=i.cancelled,
                       notes=i.notes)
        for i in rows
    )


def _touches(session: Session, user_id: int, people: set[int] | None = None,
             opps: set[int] | None = None) -> tuple[TouchFacts, ...]:
    # Plain columns, not ORM objects: at 10k+ touches building entities dominated the cost.
    query = (select(m.Touch.id, m.Touch.at, m.Touch.direction, m.Touch.kind, m.Touch.channel,
                    m.Touch.person_id, m.Touch.opportunity_id, m.Touch.summary)
             .where(m.Touch.user_id == user_id).order_by(m.Touch.at, m.Touch.id))
    if people is not None or opps is not None:
        query = query.where(or_(m.Touch.person_id.in_(people or ()), m.Touch.opportunity_id.in_(opps or ())))
    return tuple(
        TouchFacts(id=tid, at=at, direction=direction, kind=kind, channel=channel,
                   person_id=pid, opportunity_id=oid, summary=summary)
        for tid, at, direction, kind, channel, pid, oid, summary in session.execute(query)
    )


def _action_states(session: Session, user_id: int) -> dict[str, ActionStateFacts]:
    rows = session.scalars(select(m.ActionState).where(m.ActionState.user_id == user_id))
    return {s.action_key: ActionStateFacts(key=s.action_key, state=s.state, snoozed_until=s.snoozed_until)
            for s in rows}


def load_action_states(session: Session, user_id: int, keys: Iterable[str]) -> dict[str, ActionStateFacts]:
    """The user's states of these actions (by their stable keys)."""
    keys = list(set(keys))
    if not keys:
        return {}
    rows = session.execute(select(m.ActionState.action_key, m.ActionState.state, m.ActionState.snoozed_until)
                           .where(m.ActionState.user_id == user_id, m.ActionState.action_key.in_(keys)))
    return {key: ActionStateFacts(key=key, state=state, snoozed_until=until) for key, state, until in rows}

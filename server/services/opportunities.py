"""Opportunities: list, detail with stage history and timeline, manual stage changes, contacts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services import people as people_service
from server.services.actions import Plan
from server.services.serialize import iso, opportunity_facts_summary, opportunity_summary, touch_dict
from topofmind.errors import NotFound
from topofmind.store import stages
from topofmind.store.models import (
    AuditEntry,
    Opportunity,
    OpportunityContact,
    Person,
    StageChange,
    Touch,
)


def get_opportunity(session: Session, user_id: int, opportunity_id: int) -> Opportunity:
    opp = session.scalars(select(Opportunity).where(Opportunity.user_id == user_id,
                                                    Opportunity.id == opportunity_id)).first()
    if opp is None:
        raise NotFound("opportunity")
    return opp


def list_all(session: Session, user_id: int, plan: Plan) -> list[dict]:
    at_risk = plan.at_risk_opportunities()
    opps = session.scalars(select(Opportunity).where(Opportunity.user_id == user_id)
                           .order_by(Opportunity.stage_changed_at.desc(), Opportunity.id.desc()))
    return [opportunity_summary(o, o.id in at_risk) for o in opps]


def summaries(session: Session, user_id: int, ids, plan: Plan) -> list[dict]:
    """Latest stage change first. The plan's history already holds the opportunities a
    lookup asks about (read with the user's id): only any it lacks are read here."""
    if not ids:
        return []
    at_risk = plan.at_risk_opportunities()
    known = plan.history.opportunities
    found = [(o.stage_changed_at, o.id, opportunity_facts_summary(o, o.id in at_risk))
             for o in (known[i] for i in set(ids) if i in known)]
    missing = [i for i in set(ids) if i not in known]
    if missing:
        opps = session.scalars(select(Opportunity).where(Opportunity.user_id == user_id,
                                                         Opportunity.id.in_(missing)))
        found += [(o.stage_changed_at, o.id, opportunity_summary(o, o.id in at_risk)) for o in opps]
    return [summary for _at, _id, summary in sorted(found, key=lambda f: (f[0], f[1]), reverse=True)]


def detail(session: Session, user_id: int, opportunity_id: int, plan: Plan) -> dict:
    opp = get_opportunity(session, user_id, opportunity_id)
    body = opportunity_summary(opp, opp.id in plan.at_risk_opportunities())
    body.update(url=opp.url, job_id=opp.job_id, applied_at=iso(opp.applied_at), posting_site=opp.posting_site,
                location=opp.location, notes=opp.notes)
    history = session.scalars(select(StageChange).where(StageChange.opportunity_id == opp.id)
                              .order_by(StageChange.at, StageChange.id))
    body["stage_history"] = [
        {"from_stage": c.from_stage, "to_stage": c.to_stage, "at": iso(c.at), "reason": c.reason, "source": c.source}
        for c in history
    ]
    touches = session.scalars(select(Touch).where(Touch.user_id == user_id, Touch.opportunity_id == opp.id)
                              .order_by(Touch.at.desc(), Touch.id.desc()))
    body["timeline"] = [touch_dict(t) for t in touches]
    contacts = list(session.scalars(
        select(Person).join(OpportunityContact, OpportunityContact.person_id == Person.id)
        .where(OpportunityContact.opportunity_id == opp.id, Person.user_id == user_id).order_by(Person.id)))
    body["contacts"] = people_service.summaries(session, user_id, contacts)
    body["next_actions"] = [plan.to_dict(a) for a in plan.for_scope(opportunity_ids=[opp.id])]
    return body


def change_stage(session: Session, user_id: int, opportunity_id: int, stage: str, note: str | None,
                 now: datetime) -> AuditEntry | None:
    """The user's stage change (the store's one rule): its audit entry, which an undo reverses,
    or None when the opportunity stays where it is."""
    opp = get_opportunity(session, user_id, opportunity_id)
    rows = stages.move(opp, stage, at=now, now=now, reason=note or "changed by hand", by_user=True,
                       summary=f"Stage of {opp.role or 'opportunity'} changed from {opp.stage} to {stage}")
    session.add_all(rows)
    session.flush()
    return next((row for row in rows if isinstance(row, AuditEntry)), None)


def add_contact(session: Session, user_id: int, opportunity_id: int, person_id: int, role: str) -> None:
    opp = get_opportunity(session, user_id, opportunity_id)
    person = people_service.get_person(session, user_id, person_id)
    link = session.scalars(select(OpportunityContact).where(OpportunityContact.opportunity_id == opp.id,
                                                            OpportunityContact.person_id == person.id)).first()
    if link is None:
        session.add(OpportunityContact(opportunity_id=opp.id, person_id=person.id, role=role))
    else:
        link.role = role
    session.flush()

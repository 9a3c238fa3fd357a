"""Rows and playbook actions → the JSON shapes of docs/api-contract.md."""

from __future__ import annotations

from datetime import date, datetime

from topofmind.store.models import Opportunity, Person, Touch


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else value.isoformat()


def person_summary(person: Person, company_name: str | None, suggested=None) -> dict:
    """``suggested``: a core.patterns.SuggestedAddress — a guess, shown with its evidence."""
    seen = [e.address for e in person.emails if not e.is_guess]
    return {
        "id": person.id,
        "name": person.name,
        "title": person.title,
        "company": company_name,
        "relationship": person.relationship_kind,
        "preferred_channel": person.preferred_channel,
        "emails": seen,
        "suggested_email": None if seen or suggested is None else {
            "address": suggested.address, "evidence": suggested.evidence,
            "confidence": round(suggested.confidence, 2)},
        "linkedin_url": person.linkedin_url,
        "notes": person.notes,
    }


def opportunity_summary(opp: Opportunity, at_risk: bool) -> dict:
    return _summary(opp, opp.company.name if opp.company else None, at_risk)


def opportunity_facts_summary(opp, at_risk: bool) -> dict:
    """The same shape from a playbook ``OpportunityFacts`` (already loaded with the plan)."""
    return _summary(opp, opp.company_name, at_risk)


def _summary(opp, company: str | None, at_risk: bool) -> dict:
    return {
        "id": opp.id,
        "company": company,
        "role": opp.role,
        "stage": opp.stage,
        "source": opp.source,
        "at_risk": at_risk,
        "stage_changed_at": iso(opp.stage_changed_at),
        "decision_expected_by": iso(opp.decision_expected_by),
    }


def touch_dict(touch: Touch) -> dict:
    return {
        "id": touch.id,
        "at": iso(touch.at),
        "channel": touch.channel,
        "direction": touch.direction,
        "kind": touch.kind,
        "summary": touch.summary,
        "person_id": touch.person_id,
        "opportunity_id": touch.opportunity_id,
    }

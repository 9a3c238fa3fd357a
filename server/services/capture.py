"""Records made by hand (issue 24): opportunities tracked from a posting or typed in, people,
and edits of both. Each one is an audit entry of the user's, undone like the automatic ones
(topofmind.store.review.undo): a creation is removed, an edit restores the fields it changed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services.serialize import iso
from topofmind.errors import Conflict, Invalid
from topofmind.people import normalize_company
from topofmind.postings import canonical_url, job_id_from_url, site_of
from topofmind.store import audit, models, stages
from topofmind.store.people import find_or_create_person

SOURCE_ALIASES = {"posting": "online_application", "job_posting": "online_application"}
OPPORTUNITY_FIELDS = ("company_id", "role", "job_id", "url", "posting_site", "location", "notes", "source",
                      "applied_at")
PERSON_FIELDS = ("name", "first_name", "last_name", "title", "company_id", "relationship_kind",
                 "preferred_channel", "linkedin_url", "linkedin_slug", "notes")


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(f"{field}: {message}", fields={field: message})


def applied_moment(value, field: str = "applied_at") -> datetime:
    """A date (the day, at noon UTC so it stays that day in most zones) or an aware date-time."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12), tzinfo=UTC)
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(12), tzinfo=UTC)
        from server.validation import parse_datetime

        return parse_datetime(text)
    except ValueError as exc:
        raise _invalid(field, f"not a date or date-time ({exc})") from None


def _snapshot(row, fields) -> dict:
    return {f: iso(v) if isinstance(v, datetime) else v for f in fields for v in [getattr(row, f)]}


def _company(session: Session, user_id: int, name: str | None, now: datetime) -> models.Company | None:
    if name is None or not name.strip():
        return None
    company = session.scalars(select(models.Company).where(
        models.Company.user_id == user_id, models.Company.normalized_name == normalize_company(name))
        .order_by(models.Company.id)).first()
    if company is None:
        display = " ".join(name.split())[:200]
        company = models.Company(user_id=user_id, name=display, normalized_name=normalize_company(display),
                            created_at=now)
        session.add(company)
        session.flush()
    return company


def find_tracked(session: Session, user_id: int, *, url: str | None = None, job_id: str | None = None,
                 company: str | None = None, role: str | None = None) -> models.Opportunity | None:
    """The opportunity already tracked for this posting: same address, else same job id at
    the same company (or anywhere when no company is given), else same company and role."""
    opps = models.Opportunity
    if url:
        found = session.scalars(select(opps).where(opps.user_id == user_id, opps.url == canonical_url(url))
                                .order_by(opps.id.desc())).first()
        if found is not None:
            return found
        job_id = job_id or job_id_from_url(url)
    company_ids = None
    if company and company.strip():
        company_ids = list(session.scalars(select(models.Company.id).where(
            models.Company.user_id == user_id, models.Company.normalized_name == normalize_company(company))))
        if not company_ids:
            return None
    if job_id:
        query = select(opps).where(opps.user_id == user_id, opps.job_id == job_id[:100])
        if company_ids is not None:
            query = query.where(opps.company_id.in_(company_ids))
        found = session.scalars(query.order_by(opps.id.desc())).first()
        if found is not None:
            return found
    if company_ids and role and role.strip():
        wanted = " ".join(role.lower().split())
        for opp in session.scalars(select(opps).where(opps.user_id == user_id, opps.company_id.in_(company_ids))
                                   .order_by(opps.id.desc())):
            if opp.role and " ".join(opp.role.lower().split()) == wanted:
                return opp
    return None


def _person_for(session: Session, user_id: int, spec: dict, now: datetime) -> models.Person:
    if spec.get("person_id") is not None:
        return people_service.get_person(session, user_id, spec["person_id"])
    address = (spec.get("email") or "").strip().lower()
    if "@" not in address:
        raise _invalid("contacts.email", "give person_id or an email address")
    person, created = find_or_create_person(session, user_id=user_id, address=address,
                                            name=spec.get("name"), now=now)
    if created:
        audit.record(session, user_id=user_id, kind="person.created", entity="person", entity_id=person.id,
                     summary=f"Added {person.name} by hand", now=now, actor="user", after={"email": address})
    return person


def attach(session: Session, user_id: int, opp: models.Opportunity, spec: dict, now: datetime) -> models.Person:
    """A contact of the opportunity in the role given (a referrer starts the referral rules)."""
    person = _person_for(session, user_id, spec, now)
    role = spec.get("role") or "recruiter"
    opp_service.add_contact(session, user_id, opp.id, person.id, role)
    if person.relationship_kind is None:
        person.relationship_kind = role if role in models.RELATIONSHIPS else None
    return person


def create_opportunity(session: Session, user_id: int, body: dict, now: datetime) -> tuple[models.Opportunity, bool]:
    """(the opportunity, created). A posting tracked twice (same address or job id) is the
    same opportunity: the second call returns it unchanged."""
    url = canonical_url(body["url"]) if body.get("url") else None
    job_id = (body.get("job_id") or job_id_from_url(url) or None)
    existing = find_tracked(session, user_id, url=url, job_id=job_id, company=body.get("company"),
                            role=body.get("role")) if (url or job_id) else None
    if existing is not None:
        return existing, False
    company = _company(session, user_id, body.get("company"), now)
    if company is None:
        raise _invalid("company", "the company's name is required")
    stage = body.get("stage") or "applied"
    if stage == "lead" and body.get("applied_at"):
        raise _invalid("applied_at", "a saved posting (stage lead) has no applied date; set stage to applied")
    applied_at = None if stage == "lead" else applied_moment(body.get("applied_at") or now)
    if applied_at is not None and applied_at > now:
        raise _invalid("applied_at", "is in the future")
    source = SOURCE_ALIASES.get(body.get("source") or "", body.get("source") or "online_application")
    opp = models.Opportunity(
        user_id=user_id, company_id=company.id, role=(body.get("role") or None), job_id=job_id,
        source=source, stage=stage, stage_changed_at=applied_at or now, applied_at=applied_at,
        closed_at=now if stage in models.CLOSED_STAGES else None, created_at=now, url=url,
        posting_site=body.get("posting_site") or site_of(url), location=body.get("location") or None,
        notes=body.get("notes") or None)
    session.add(opp)
    session.flush()
    session.add(stages.opening(opp, at=opp.stage_changed_at, reason="added by hand", source="manual"))
    if applied_at is not None:
        session.add(models.Touch(user_id=user_id, opportunity_id=opp.id, channel="web", direction="out",
                            kind="application", at=applied_at, source="manual",
                            summary=(body.get("notes") or f"Applied: {opp.role or 'a role'} at {company.name}")[:300]))
    audit.record(session, user_id=user_id, kind="opportunity.created", entity="opportunity", entity_id=opp.id,
                 summary=f"Tracked {opp.role or 'a role'} at {company.name} by hand", now=now, actor="user",
                 after=_snapshot(opp, ("stage", *OPPORTUNITY_FIELDS)))
    for spec in body.get("contacts") or []:
        attach(session, user_id, opp, spec, now)
    session.flush()
    return opp, True


def update_opportunity(session: Session, user_id: int, opportunity_id: int, body: dict,
                       now: datetime) -> models.Opportunity:
    opp = opp_service.get_opportunity(session, user_id, opportunity_id)
    before = _snapshot(opp, OPPORTUNITY_FIELDS)
    if "company" in body:
        company = _company(session, user_id, body["company"], now)
        if company is None:
            raise _invalid("company", "an opportunity needs a company")
        opp.company_id = company.id
    for field in ("role", "job_id", "location", "notes", "posting_site"):
        if field in body:
            setattr(opp, field, body[field] or None)
    if "url" in body:
        opp.url = canonical_url(body["url"]) if body["url"] else None
        if opp.url and "posting_site" not in body:
            opp.posting_site = site_of(opp.url) or opp.posting_site
    if "source" in body:
        opp.source = SOURCE_ALIASES.get(body["source"], body["source"])
    if body.get("applied_at"):
        opp.applied_at = applied_moment(body["applied_at"])
        if opp.applied_at > now:
            raise _invalid("applied_at", "is in the future")
    elif "applied_at" in body and opp.stage != "lead":
        raise _invalid("applied_at", "an application keeps its date; move it back to stage lead instead")
    audit.record_edit(session, user_id=user_id, entity="opportunity", entity_id=opp.id, before=before,
                      after=_snapshot(opp, OPPORTUNITY_FIELDS), what=opp.role or "an opportunity", now=now)
    stage = body.get("stage") or ("applied" if body.get("applied_at") and opp.stage == "lead" else None)
    if stage:
        opp_service.change_stage(session, user_id, opp.id, stage, body.get("stage_note"), now)
    session.flush()
    return opp


def create_person(session: Session, user_id: int, body: dict, now: datetime) -> tuple[models.Person, bool]:
    """A person typed in: from a LinkedIn profile address, an email address, or a name alone."""
    name = " ".join((body.get("name") or "").split())
    if not name:
        raise _invalid("name", "must not be empty")
    address = (body.get("email") or "").strip().lower() or None
    person, created = None, False
    if body.get("linkedin_url"):
        person, created = people_service.create_from_profile(session, user_id, body, now)
    elif address:
        person = people_service.find_by_email(session, user_id, address)
    if person is None:
        first, _, last = name.partition(" ")
        company = _company(session, user_id, body.get("company"), now)
        person = models.Person(user_id=user_id, name=name[:200], first_name=first[:100] or None,
                          last_name=last[:100] or None, company_id=company.id if company else None,
                          created_at=now)
        session.add(person)
        session.flush()
        audit.record(session, user_id=user_id, kind="person.created", entity="person", entity_id=person.id,
                     summary=f"Added {name} by hand", now=now, actor="user", after={"name": name})
        created = True
    if created:
        _fill_person(session, user_id, person, body, now)
    session.flush()
    return person, created


def _fill_person(session: Session, user_id: int, person: models.Person, body: dict, now: datetime) -> None:
    for field, column in (("title", "title"), ("relationship", "relationship_kind"),
                          ("preferred_channel", "preferred_channel"), ("notes", "notes")):
        if field in body:
            setattr(person, column, body[field] or None)
    if "company" in body and not body.get("linkedin_url"):
        company = _company(session, user_id, body["company"], now)
        person.company_id = company.id if company else None
    address = (body.get("email") or "").strip().lower()
    if address and all(e.address != address for e in person.emails):
        holder = people_service.find_by_email(session, user_id, address)
        if holder is not None and holder.id != person.id:
            raise Conflict(f"{holder.name} (id {holder.id}) already has the address {address}; "
                                "merge the two people instead", fields={"email": "taken"})
        person.emails.append(models.PersonEmail(user_id=user_id, address=address, is_guess=False))


def update_person(session: Session, user_id: int, person_id: int, body: dict, now: datetime) -> models.Person:
    """The LinkedIn-profile fields through people.update_person, the rest here; one audit entry."""
    person = people_service.get_person(session, user_id, person_id)
    before = _snapshot(person, PERSON_FIELDS)
    if "name" in body:
        name = " ".join((body["name"] or "").split())
        if not name:
            raise _invalid("name", "must not be empty")
        first, _, last = name.partition(" ")
        person.name, person.first_name, person.last_name = name[:200], first[:100] or None, last[:100] or None
    people_service.update_person(session, user_id, person_id,
                                 {k: v for k, v in body.items() if k in ("linkedin_url",)})
    _fill_person(session, user_id, person, {k: v for k, v in body.items() if k != "linkedin_url"}, now)
    audit.record_edit(session, user_id=user_id, entity="person", entity_id=person.id, before=before,
                      after=_snapshot(person, PERSON_FIELDS), what=person.name, now=now)
    session.flush()
    return person

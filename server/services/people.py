"""People: lookups by LinkedIn slug and address, creation from a profile, edits, merges."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session, joinedload

from server.linkedin import profile_slug
from server.services.serialize import person_summary
from topofmind.errors import Conflict, Invalid, SamePerson
from topofmind.store import merges
from topofmind.store.companies import suggested_address_from_company as suggest_from_company
from topofmind.store.history import one_of
from topofmind.store.models import (
    AuditEntry,
    Company,
    OpportunityContact,
    Person,
    PersonEmail,
    Touch,
)
from topofmind.store.people import get_person


def summaries(session: Session, user_id: int, people: list[Person],
              company_names: dict[int, str] | None = None, companies: dict[int, Company] | None = None) -> list[dict]:
    """``company_names``: names already read (a plan's history has them); the companies are
    then read only for people without a seen address, whose address is guessed from them.
    ``companies``: the people's companies, read with them (with their domains)."""
    def needs_company(p: Person) -> bool:
        if company_names is None or p.company_id not in company_names:
            return True
        return not any(not e.is_guess for e in p.emails)

    if companies is None:
        company_ids = {p.company_id for p in people if p.company_id and needs_company(p)}
        # With their domains (a guessed address needs them), in the same round trip.
        companies = {c.id: c for c in session.scalars(
            select(Company).where(Company.user_id == user_id, one_of(session, Company.id, company_ids))
            .options(joinedload(Company.domains))).unique()} if company_ids else {}
    out = []
    for p in people:
        company = companies.get(p.company_id)
        guess = None
        if company is not None and company.email_patterns and not any(not e.is_guess for e in p.emails):
            guess = suggest_from_company(p, company)
        name = company.name if company else (company_names or {}).get(p.company_id)
        out.append(person_summary(p, name, guess))
    return out


def summary(session: Session, user_id: int, person: Person, company_names: dict[int, str] | None = None) -> dict:
    return summaries(session, user_id, [person], company_names)[0]


def find_by_slug(session: Session, user_id: int, slug: str) -> Person | None:
    # The addresses in the same round trip (joined), not in a second one (selectin).
    return session.scalars(
        select(Person).where(Person.user_id == user_id, Person.linkedin_slug == slug).order_by(Person.id)
        .options(joinedload(Person.emails))
    ).unique().first()


def find_by_email(session: Session, user_id: int, address: str) -> Person | None:
    return session.scalars(
        select(Person).join(PersonEmail, PersonEmail.person_id == Person.id)
        .where(PersonEmail.user_id == user_id, Person.user_id == user_id,
               PersonEmail.address == address.strip().lower())
        .options(joinedload(Person.emails))
    ).unique().first()


def name_keys(name: str) -> tuple[str, str, str | None]:
    """How suggestions match a name: (the whole name, its first word, its last word or None
    for a single word), lower case, spaces collapsed."""
    wanted = " ".join(name.split()).lower()
    first, _, rest = wanted.partition(" ")
    return wanted, first, rest.split()[-1] if rest else None


@cache
def _by_slug_or_name_query(union_of_ways: bool, ways: int) -> Select:
    """Built once per shape: people of ``user_id`` with ``slug``, or (ways 2, 3) the name
    ``wanted``, or (3) the first and last words; the slug's person first, then the same name."""
    user = bindparam("user_id", type_=Integer)
    by_slug = Person.linkedin_slug == bindparam("slug", type_=String)
    same_name = func.lower(Person.name) == bindparam("wanted", type_=String) if ways > 1 else false()
    first_last = and_(func.lower(Person.last_name) == bindparam("last", type_=String),
                      func.lower(Person.first_name) == bindparam("first", type_=String))
    chosen = [by_slug, same_name, first_last][:ways]
    if union_of_ways:
        match = Person.id.in_(union_all(*(select(Person.id).where(Person.user_id == user, way) for way in chosen)))
    else:
        match = or_(*chosen)
    return (select(Person, Company, by_slug.label("by_slug"), same_name.label("same_name"))
            .outerjoin(Company, Company.id == Person.company_id).where(Person.user_id == user, match)
            .order_by(by_slug.desc().nulls_last(), *([same_name.desc()] if ways > 1 else []), Person.id).limit(11)
            .options(joinedload(Person.emails), joinedload(Company.domains)))


def by_slug_or_name(session: Session, user_id: int, slug: str, name: str | None,
                    ) -> tuple[Person | None, list[tuple[Person, Company | None]]]:
    """(the person with this LinkedIn slug, else None and the people who may be them: with
    the same name, or if no one has it, the same first and last words; each with their
    company), in one round trip: a profile's lookup without a card is most often about
    someone unknown, and each round trip was a fifth of its time."""
    params = {"user_id": user_id, "slug": slug}
    if name:
        params["wanted"], params["first"], params["last"] = name_keys(name)
    ways = 1 if not name else 2 if params["last"] is None else 3
    # SQLite uses several indexes for an OR only with statistics (ANALYZE), else it reads
    # every person of the user; PostgreSQL plans the union five times slower than the OR.
    query = _by_slug_or_name_query(session.get_bind().dialect.name == "sqlite", ways)
    rows = session.execute(query, params).unique().all()
    slugged = [r.Person for r in rows if r.by_slug]
    if slugged:  # the first one, whatever name the page shows (as find_by_slug)
        return min(slugged, key=lambda p: p.id), []
    named = [(r.Person, r.Company) for r in rows if r.same_name] or [(r.Person, r.Company) for r in rows]
    return None, named[:10]


def suggestions(session: Session, user_id: int, candidates: list[tuple[Person, Company | None]],
                company: str | None) -> list[dict]:
    """The people who may be an unknown profile (by_slug_or_name), those at the company the
    page shows first."""
    people = [person for person, _company in candidates]
    companies = {c.id: c for _person, c in candidates if c is not None}
    results = []
    company_norm = " ".join((company or "").split()).lower()
    for person, data in zip(people, summaries(session, user_id, people, companies=companies), strict=True):
        same_company = bool(company_norm) and (data["company"] or "").lower() == company_norm
        reason = f"same name, also at {data['company']}" if same_company else "same name"
        results.append((not same_company, person.linkedin_slug is not None, {"person": data, "reason": reason}))
    results.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in results[:5]]


def company_named(session: Session, user_id: int, name: str | None, now: datetime) -> Company | None:
    if not name or not name.strip():
        return None
    norm = " ".join(name.split()).lower()
    company = session.scalars(select(Company).where(Company.user_id == user_id, Company.normalized_name == norm)
                              .order_by(Company.id)).first()
    if company is None:
        company = Company(user_id=user_id, name=" ".join(name.split()), normalized_name=norm, created_at=now)
        session.add(company)
        session.flush()
    return company


def _slug_or_400(url: str) -> str:
    slug = profile_slug(url)
    if slug is None:
        raise Invalid("linkedin_url is not a LinkedIn profile URL (expected https://www.linkedin.com/in/<name>)",
                      fields={"linkedin_url": "not a LinkedIn profile URL"})
    return slug


def canonical_url(slug: str) -> str:
    from urllib.parse import quote

    return f"https://www.linkedin.com/in/{quote(slug, safe='-_.~')}/"


def title_without_company(title: str | None, company: str | None) -> str | None:
    """A LinkedIn headline as a title: "Staff Data Scientist at Kestrel Mobility" is the title
    "Staff Data Scientist" at the company, so that title and company read once each."""
    if not title or not company:
        return title or None
    words = " ".join(title.split())
    for joiner in (" at ", " @ ", " @", ", "):
        suffix = f"{joiner}{' '.join(company.split())}"
        if words.lower().endswith(suffix.lower()) and len(words) > len(suffix):
            return words[: -len(suffix)].rstrip(" ,|·-") or None
    return words


def same_person(session: Session, user_id: int, name: str, company: str | None) -> list[Person]:
    """The tracked people a new profile of ``name`` at ``company`` would duplicate: the same
    name (any case and spacing) at the same company, or with no company known on either side."""
    wanted = " ".join(name.split()).lower()
    company_norm = " ".join((company or "").split()).lower()
    rows = session.execute(
        select(Person, Company.normalized_name).outerjoin(Company, Company.id == Person.company_id)
        .where(Person.user_id == user_id, func.lower(Person.name) == wanted).order_by(Person.id)
        .options(joinedload(Person.emails))).unique().all()
    return [p for p, their in rows if not company_norm or their is None or their == company_norm]


def duplicates_of(session: Session, user_id: int, person: Person) -> list[Person]:
    """Other people the same as ``person`` by same_person's rule (at most five); not those linked
    to another LinkedIn profile (two profiles of one name at one company are two people)."""
    company = session.get(Company, person.company_id) if person.company_id is not None else None
    return [p for p in same_person(session, user_id, person.name, company.name if company else None)
            if p.id != person.id and p.linkedin_slug in (None, person.linkedin_slug)][:5]


def create_from_profile(session: Session, user_id: int, body: dict, now: datetime) -> tuple[Person, bool]:
    """The profile's person (existing: the one with its slug), created only when no one
    matches: a person of the same name at the same company is a 409 ``same_person`` naming
    them (the extension offers to link the profile), unless ``distinct`` says they differ."""
    slug = _slug_or_400(body["linkedin_url"])
    existing = find_by_slug(session, user_id, slug)
    if existing is not None:
        return existing, False
    name = " ".join(body["name"].split())
    if not name:
        raise Invalid("name is empty", fields={"name": "must not be empty"})
    if not body.get("distinct"):
        matches = same_person(session, user_id, name, body.get("company"))
        if matches:
            who = matches[0]
            summaries_ = summaries(session, user_id, matches[:5])
            at = f" at {summaries_[0]['company']}" if summaries_[0]["company"] else ""
            raise SamePerson(f"{who.name}{at} is already tracked: link this profile to them, or say this is "
                             "a different person (send distinct: true)", people=summaries_)
    first, _, last = name.partition(" ")
    company = company_named(session, user_id, body.get("company"), now)
    title = title_without_company(body.get("title") or (body.get("headline") or None),
                                  company.name if company else None)
    person = Person(user_id=user_id, name=name, first_name=first[:100] or None, last_name=last[:100] or None,
                    title=title[:200] if title else None, company_id=company.id if company else None,
                    linkedin_url=canonical_url(slug)[:500], linkedin_slug=slug, created_at=now)
    session.add(person)
    session.flush()
    session.add(AuditEntry(user_id=user_id, at=now, actor="user", kind="person.created", entity="person",
                           entity_id=person.id, before=None, after={"name": name, "linkedin_slug": slug},
                           summary=f"Added {name} from LinkedIn"))
    session.flush()
    return person, True


def update_person(session: Session, user_id: int, person_id: int, body: dict) -> Person:
    person = get_person(session, user_id, person_id)
    if "relationship" in body:
        person.relationship_kind = body["relationship"]
    if "preferred_channel" in body:
        person.preferred_channel = body["preferred_channel"]
    if "notes" in body:
        person.notes = body["notes"]
    if "title" in body:
        person.title = body["title"]
    if "linkedin_url" in body:
        if body["linkedin_url"] is None:
            person.linkedin_url = person.linkedin_slug = None
        else:
            slug = _slug_or_400(body["linkedin_url"])
            holder = find_by_slug(session, user_id, slug)
            if holder is not None and holder.id != person.id:
                raise Conflict(f"{holder.name} (id {holder.id}) already has this LinkedIn profile; "
                                    f"merge the two people instead (POST /people/{person.id}/merge)")
            person.linkedin_slug, person.linkedin_url = slug, canonical_url(slug)[:500]
    session.flush()
    return person


def merge(session: Session, user_id: int, person_id: int, other_id: int, now: datetime) -> tuple[Person, int]:
    """Merge ``other`` into ``person`` (the store's merge, undone through its audit entry)."""
    return merges.merge(session, user_id=user_id, person_id=person_id, other_id=other_id, now=now)


def last_merge(session: Session, user_id: int, person_id: int) -> AuditEntry | None:
    """The latest merge into this person that is not undone (the person page offers its undo)."""
    return session.scalars(select(AuditEntry).where(
        AuditEntry.user_id == user_id, AuditEntry.kind == "person.merged", AuditEntry.entity == "person",
        AuditEntry.entity_id == person_id, AuditEntry.undone_at.is_(None))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).first()


def merge_candidates(session: Session, user_id: int, person: Person, limit: int = 20) -> list[Person]:
    """The people most likely to be this one again: the same name, or the same first and last
    words, or the same last name at the same company."""
    wanted, first, last = name_keys(person.name)
    same_name = func.lower(Person.name) == wanted
    ways = [same_name]
    if last is not None:
        ways.append(and_(func.lower(Person.last_name) == last, func.lower(Person.first_name) == first))
        if person.company_id is not None:
            ways.append(and_(func.lower(Person.last_name) == last, Person.company_id == person.company_id))
    return list(session.scalars(select(Person).where(Person.user_id == user_id, Person.id != person.id, or_(*ways))
                                .order_by(same_name.desc(), Person.name, Person.id).limit(limit)))


def opportunity_ids_query(user_id: int, person_id: int) -> CompoundSelect:
    """The ids of the opportunities the person takes part in (a contact, or in touches)."""
    from topofmind.store.models import Opportunity

    via_contacts = select(OpportunityContact.opportunity_id).join(
        Opportunity, Opportunity.id == OpportunityContact.opportunity_id
    ).where(Opportunity.user_id == user_id, OpportunityContact.person_id == person_id)
    via_touches = select(Touch.opportunity_id).where(
        Touch.user_id == user_id, Touch.person_id == person_id, Touch.opportunity_id.is_not(None))
    return union(via_contacts, via_touches)


def opportunity_ids_of(session: Session, user_id: int, person_id: int) -> list[int]:
    return sorted(set(session.scalars(opportunity_ids_query(user_id, person_id))))

"""Finding or creating the people and companies that mail names (the rows; the rules are in topofmind.people).

Bulk senders, no-reply robots and ATS / job-board / scheduling systems never become a
person, and their domains never become a company's domain (issue 3, "Link"; issue 10,
"Companies, not ATS brands").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from topofmind.errors import NotFound
from topofmind.people import (
    FREE_MAIL_DOMAINS,
    company_name_from_domain,
    normalize_company,
)
from topofmind.store import models


def _name_as_written(company: models.Company, name: str | None, usable_domain: str | None) -> None:
    """The name as the mail writes it ("Kōyō Instruments", "Lumen & Loom") beats one guessed
    from the domain ("Koyo Instruments", "Lumen Loom"), whichever message came first."""
    if (name and usable_domain and name != company.name
            and company.name == company_name_from_domain(usable_domain)
            and normalize_company(name) == company.normalized_name):
        company.name = name


def find_or_create_company(
    session: Session,
    *,
    user_id: int,
    name: str | None,
    domain: str | None,
    now: datetime,
    is_vendor_domain=lambda d: False,
    cache: dict[str, models.Company] | None = None,
) -> tuple[models.Company | None, bool]:
    """The company by domain, else by normalised name, else a new one. (company, created).

    ``cache``: shared within one transaction (``BatchCache.companies``): companies by usable
    domain, and by ``name:<normalised name>`` when there is no usable domain (mail from an
    ATS names the employer only in its text).
    """
    usable_domain = (
        domain
        if domain and domain not in FREE_MAIL_DOMAINS and not is_vendor_domain(domain)
        else None
    )
    if domain and cache is not None and domain in cache:
        _name_as_written(cache[domain], name, usable_domain)
        return cache[domain], False
    name_key = f"name:{normalize_company(name)}" if name and not usable_domain else None
    if name_key and cache is not None and name_key in cache:
        return cache[name_key], False
    company = None
    if usable_domain:
        # The id, then the identity map: selecting the Company itself would reload its domains
        # (selectin) on every call, although the session already holds them.
        company_id = session.scalar(
            select(models.CompanyDomain.company_id)
            .where(models.CompanyDomain.user_id == user_id, models.CompanyDomain.domain == usable_domain)
        )
        company = session.get(models.Company, company_id) if company_id is not None else None
    if company is None and name:
        company = session.scalar(
            select(models.Company)
            .where(models.Company.user_id == user_id, models.Company.normalized_name == normalize_company(name))
            .order_by(models.Company.id)
            .limit(1)
        )
    if company is not None:
        _name_as_written(company, name, usable_domain)
    created = False
    if company is None:
        if not name and not usable_domain:
            return None, False
        display = name or company_name_from_domain(usable_domain)
        company = models.Company(
            user_id=user_id, name=display, normalized_name=normalize_company(display), created_at=now
        )
        session.add(company)
        session.flush()
        created = True
    if usable_domain and not any(d.domain == usable_domain for d in company.domains):
        taken = session.scalar(
            select(models.CompanyDomain).where(
                models.CompanyDomain.user_id == user_id, models.CompanyDomain.domain == usable_domain
            )
        )
        if taken is None:
            company.domains.append(
                models.CompanyDomain(user_id=user_id, company_id=company.id, domain=usable_domain)
            )
            # Visible at once to lookups that run without autoflush (the sync's linking).
            session.flush()
    if cache is not None and usable_domain and any(d.domain == usable_domain for d in company.domains):
        cache[usable_domain] = company
    if cache is not None and name_key:
        cache[name_key] = company
    return company, created


def get_person(session: Session, user_id: int, person_id: int) -> models.Person:
    """The user's person ``person_id``; NotFound if there is none (or it is another user's)."""
    person = session.scalars(select(models.Person).where(models.Person.user_id == user_id,
                                                         models.Person.id == person_id)).first()
    if person is None:
        raise NotFound("person")
    return person


def find_person_by_email(session: Session, *, user_id: int, address: str) -> models.Person | None:
    # Without the person's other addresses (loaded when asked for): one query, not two.
    return session.scalar(
        select(models.Person)
        .join(models.PersonEmail, models.PersonEmail.person_id == models.Person.id)
        .where(models.PersonEmail.user_id == user_id, models.PersonEmail.address == address.lower())
        .options(lazyload(models.Person.emails))
    )


def find_or_create_person(
    session: Session,
    *,
    user_id: int,
    address: str,
    name: str | None,
    now: datetime,
    title: str | None = None,
    company: models.Company | None = None,
    relationship: str | None = None,
    cache: dict[str, models.Person | None] | None = None,
    add_now: Callable[[Session, object], None] | None = None,
) -> tuple[models.Person, bool]:
    """``cache``: people by address, shared within one transaction (``BatchCache.people``;
    ``None`` for an address already looked up and not found).
    ``add_now``: how a new row gets into the database at once (``BatchCache.add_now``: one
    INSERT each, no flush of everything else pending); without it, a flush."""
    address = address.lower()
    if cache is not None and address in cache:
        person = cache[address]
    else:
        person = find_person_by_email(session, user_id=user_id, address=address)
    if person is not None and cache is not None:
        cache[address] = person
    if person is not None:
        # Fill gaps, never overwrite what the user (or earlier mail) already said.
        if title and not person.title:
            person.title = title[:200]
        if company is not None and person.company_id is None:
            person.company_id = company.id
        if relationship and not person.relationship_kind:
            person.relationship_kind = relationship
        if name and person.name == address and name != address:
            person.name = name[:200]
        return person, False
    display = (name or "").strip().strip('"') or address
    first, _, last = display.partition(" ") if display != address else ("", "", "")
    person = models.Person(
        user_id=user_id,
        name=display[:200],
        first_name=first[:100] or None,
        last_name=last[:100] or None,
        title=title[:200] if title else None,
        company_id=company.id if company else None,
        relationship_kind=relationship,
        created_at=now,
    )
    if add_now is not None:
        # Both rows now, so that the address is found by the next lookup even when it runs
        # without autoflush; the person's address list is known, not to be loaded again.
        add_now(session, person)
        email = models.PersonEmail(user_id=user_id, person_id=person.id, address=address, is_guess=False)
        add_now(session, email)
        set_committed_value(person, "emails", [email])
    else:
        # Both rows in one flush, for the same reason.
        person.emails.append(models.PersonEmail(user_id=user_id, address=address))
        session.add(person)
        session.flush()
    if cache is not None:
        cache[address] = person
    return person, True

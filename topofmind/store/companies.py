"""Companies: learning their address patterns from stored people, and merging duplicates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.address_patterns import SuggestedAddress, learn_patterns, suggest_address
from topofmind.mail.vendors import is_vendor_domain
from topofmind.people import FREE_MAIL_DOMAINS, domain_of, is_robot_address
from topofmind.store import models


def refresh_patterns(session: Session, company: models.Company) -> list[dict]:
    """Re-learn ``company.email_patterns`` from every real (not guessed) address at its domains."""
    domains = {d.domain for d in company.domains}
    if not domains:
        company.email_patterns = []
        return []
    rows = session.execute(
        select(models.Person.name, models.PersonEmail.address)
        .join(models.PersonEmail, models.PersonEmail.person_id == models.Person.id)
        .where(models.PersonEmail.user_id == company.user_id, models.PersonEmail.is_guess.is_(False))
    ).all()
    samples = [
        (name, address) for name, address in rows
        if domain_of(address) in domains and not is_robot_address(address)
    ]
    company.email_patterns = [e.as_dict() for e in learn_patterns(samples)]
    return company.email_patterns


def suggested_address_for(session: Session, person: models.Person) -> SuggestedAddress | None:
    """A guessed address for a person we know no address of, from their company's pattern."""
    if any(not e.is_guess for e in person.emails) or person.company_id is None:
        return None
    company = session.get(models.Company, person.company_id)
    return suggested_address_from_company(person, company) if company is not None else None


def suggested_address_from_company(person: models.Person, company: models.Company) -> SuggestedAddress | None:
    if not company.email_patterns:
        return None
    domain = _primary_domain(company)
    return suggest_address(person.name, domain, company.email_patterns) if domain else None


def _primary_domain(company: models.Company) -> str | None:
    usable = [d.domain for d in company.domains
              if d.domain not in FREE_MAIL_DOMAINS and not is_vendor_domain(d.domain)]
    return sorted(usable, key=len)[0] if usable else None

"""Small keyword-only builders for test data. Each flushes and returns the row."""

from __future__ import annotations

from datetime import UTC, datetime

from topofmind.store import models

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def make_user(session, *, email="sam@example.net", name="Sam Rivera", timezone="UTC",
              own_addresses=None, settings=None, at=T0) -> models.User:
    user = models.User(email=email, name=name, timezone=timezone,
                  own_addresses=own_addresses if own_addresses is not None else [email],
                  settings=settings or {}, created_at=at)
    session.add(user)
    session.flush()
    return user


def make_account(session, *, user, provider="mbox", address=None, at=T0) -> models.MailAccount:
    acct = models.MailAccount(user_id=user.id, provider=provider, address=address or user.email,
                         status="active", created_at=at)
    session.add(acct)
    session.flush()
    return acct


def make_company(session, *, user, name="Contoso", domains=("contoso.com",), at=T0) -> models.Company:
    company = models.Company(user_id=user.id, name=name, normalized_name=name.lower(), created_at=at)
    session.add(company)
    session.flush()
    for d in domains:
        session.add(models.CompanyDomain(user_id=user.id, company_id=company.id, domain=d))
    session.flush()
    return company


def make_person(session, *, user, name="Dana Lee", email=None, company=None, title=None,
                relationship=None, preferred_channel=None, linkedin_url=None, at=T0) -> models.Person:
    first, _, last = name.partition(" ")
    slug = None
    if linkedin_url:
        slug = linkedin_url.rstrip("/").rsplit("/", 1)[-1].lower()
    person = models.Person(user_id=user.id, name=name, first_name=first or None, last_name=last or None,
                      title=title, company_id=company.id if company else None,
                      relationship_kind=relationship, preferred_channel=preferred_channel,
                      linkedin_url=linkedin_url, linkedin_slug=slug, created_at=at)
    session.add(person)
    session.flush()
    if email:
        session.add(models.PersonEmail(user_id=user.id, person_id=person.id, address=email.lower()))
        session.flush()
    return person


def make_opportunity(session, *, user, company=None, role="Data Engineer", stage="applied",
                     source="online_application", at=T0, job_id=None) -> models.Opportunity:
    opp = models.Opportunity(user_id=user.id, company_id=company.id if company else None, role=role,
                        job_id=job_id, source=source, stage=stage, stage_changed_at=at,
                        applied_at=at if stage != "lead" else None, created_at=at)
    session.add(opp)
    session.flush()
    return opp

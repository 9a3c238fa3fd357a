"""Link a referral or an introduction: who passed the candidate on, to whom, for what.

A referral (résumé passed to a hiring manager) opens an opportunity with source
"referral" at the introduced person's company, with the sender as referrer and the
introduced person as the hiring contact; the playbook then thanks the referrer, contacts
the person right away and follows up warmly (rule 2). An introduction only records who
introduced whom (rule 9: thank the introducer).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from topofmind.mail.types import Address, Understanding
from topofmind.mail.vendors import is_vendor_domain
from topofmind.people import FREE_MAIL_DOMAINS, domain_of, name_as_written
from topofmind.store import audit, stages
from topofmind.store import models
from topofmind.store.batch import BatchCache
from topofmind.store.people import find_or_create_company


def introduced_company(session: Session, *, user_id: int, understanding: Understanding, introduced: list[Address],
                       now: datetime, cache: dict[str, models.Company] | None = None,
                       text: str | None = None) -> models.Company | None:
    """The company of the first introduced person who writes from a company domain, named as
    the mail writes it when it does ("Lumen & Loom" for lumen-loom.example)."""
    for addr in introduced:
        domain = domain_of(addr.address)
        if domain and domain not in FREE_MAIL_DOMAINS and not is_vendor_domain(domain):
            company, _ = find_or_create_company(session, user_id=user_id, name=name_as_written(domain, text),
                                                domain=domain,
                                                now=now, is_vendor_domain=is_vendor_domain, cache=cache)
            return company
    return None


def referral_opportunity(session: Session, *, user_id: int, company: models.Company, understanding: Understanding,
                         message: models.Message, now: datetime, after: list,
                         cache: BatchCache) -> models.Opportunity:
    """The open opportunity at this company, or a new one that starts with the referral.

    The stage change and the audit entry go to ``after``: they point at the message, which
    ``link_message`` inserts last.
    """
    existing = [o for o in cache.opportunities_at(session, user_id=user_id, company_id=company.id)
                if o.stage in models.OPEN_STAGES]
    if existing:
        return existing[0]
    opp = models.Opportunity(user_id=user_id, company_id=company.id, role=(understanding.role or None) and understanding.role[:300],
                        source="referral", stage="lead", stage_changed_at=message.sent_at, created_at=now)
    cache.add_now(session, opp)
    cache.opportunity_created(opp)
    after.append(stages.opening(opp, at=message.sent_at, reason="referral", source="auto"))
    after.append(audit.build(user_id=user_id, kind="opportunity.created", entity="opportunity",
                             entity_id=opp.id, now=now, confidence=understanding.confidence, after={"stage": "lead"},
                             summary=f"New opportunity from a referral: {opp.role or 'a role'} at {company.name}"))
    return opp

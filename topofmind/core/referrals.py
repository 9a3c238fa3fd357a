"""Link a referral or an introduction: who passed the candidate on, to whom, for what.

A referral (résumé passed to a hiring manager) opens an opportunity with source
"referral" at the introduced person's company, with the sender as referrer and the
introduced person as the hiring contact; the playbook then thanks the referrer, contacts
the person right away and follows up warmly (rule 2). An introduction only records who
introduced whom (rule 9: thank the introducer).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.core import audit
from topofmind.core import models as m
from topofmind.core.mail.types import Address, Understanding
from topofmind.core.mail.vendors import is_vendor_domain
from topofmind.core.people import FREE_MAIL_DOMAINS, domain_of, find_or_create_company


def introduced_company(session: Session, *, user_id: int, u: Understanding, introduced: list[Address],
                       now: datetime) -> m.Company | None:
    """The company of the first introduced person who writes from a company domain."""
    for addr in introduced:
        domain = domain_of(addr.address)
        if domain and domain not in FREE_MAIL_DOMAINS and not is_vendor_domain(domain):
            company, _ = find_or_create_company(session, user_id=user_id, name=None, domain=domain,
                                                now=now, is_vendor_domain=is_vendor_domain)
            return company
    return None


def referral_opportunity(session: Session, *, user_id: int, company: m.Company, u: Understanding,
                         message: m.Message, now: datetime) -> m.Opportunity:
    """The open opportunity at this company, or a new one that starts with the referral."""
    existing = session.scalars(select(m.Opportunity).where(
        m.Opportunity.user_id == user_id, m.Opportunity.company_id == company.id,
        m.Opportunity.stage.in_(m.OPEN_STAGES)).order_by(m.Opportunity.stage_changed_at.desc())).first()
    if existing is not None:
        return existing
    opp = m.Opportunity(user_id=user_id, company_id=company.id, role=(u.role or None) and u.role[:300],
                        source="referral", stage="lead", stage_changed_at=message.sent_at, created_at=now)
    session.add(opp)
    session.flush()
    session.add(m.StageChange(opportunity_id=opp.id, from_stage=None, to_stage="lead", at=message.sent_at,
                              reason="referral", source="auto", message_id=message.id))
    audit.record(session, user_id=user_id, kind="opportunity.created", entity="opportunity", entity_id=opp.id,
                 summary=f"New opportunity from a referral: {opp.role or 'a role'} at {company.name}",
                 now=now, confidence=u.confidence, message_id=message.id, after={"stage": "lead"})
    return opp

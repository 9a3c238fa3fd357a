"""Link a job message and store it: message → thread → opportunity, people, stage, interview, touch.

Order of evidence for the opportunity (issue 3, "Link"): the provider thread, the RFC
References chain, the job/requisition id, then company + role. A new opportunity starts
when a message begins one. Weak or ambiguous links are flagged for review instead of being
silent guesses; every automatic change is an audit entry the user can undo. A stage never
moves backwards without evidence: an old confirmation synced late does not undo a later
interview.

Speed (a Takeout import is thousands of messages per pass): in a sync batch, the message,
the rows that point at it (``after``: audit entries, stage changes, interview, touches), new
threads and opportunity contacts go in with the batch's multi-row INSERTs at its end
(``BatchCache.finish``); lookups that may need a message of the same batch ask the batch
first. A new opportunity or person is one INSERT when created (``BatchCache.add_now``). The
lookups run without autoflush: what they must see is inserted where it is created or
remembered in the ``BatchCache``. Without one, everything pending is flushed first and the
message is inserted at once.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from topofmind.mail.types import Address, ParsedMessage, Understanding
from topofmind.mail.vendors import is_vendor_domain, vendor_for
from topofmind.people import (
    domain_of,
    is_personal_note,
    is_robot_address,
    normalize_company,
    role_from_title,
)
from topofmind.postings import ats_vendor
from topofmind.store import audit, models, stages
from topofmind.store.batch import BatchCache, insert_row
from topofmind.store.companies import refresh_patterns
from topofmind.store.people import find_or_create_company, find_or_create_person
from topofmind.store.referrals import introduced_company, referral_opportunity
from topofmind.store.touches import record_interview, record_touches

# Which stage a message's category is evidence of.
CATEGORY_STAGE = {
    "recruiter_outreach": "lead",
    "application_confirmation": "applied",
    "status_update": None,
    "assessment": "screening",
    "interview_invitation": "interviewing",
    "interview_scheduled": "interviewing",
    "offer": "offer",
    "rejection": "rejected",
}
OUTGOING_STAGE = {"application": "applied", "acceptance": "accepted", "decline": "withdrawn"}
# Categories that may open a new opportunity.
STARTS_OPPORTUNITY = {
    "application_confirmation", "interview_invitation", "interview_scheduled", "assessment",
    "offer", "rejection", "status_update", "recruiter_outreach",
}
REOPENING_CATEGORIES = frozenset({"interview_invitation", "interview_scheduled", "assessment", "offer"})
CATEGORY_SOURCE = {"recruiter_outreach": "recruiter", "networking": "networking"}
# Links that are not certain by construction (a thread, a References chain) say why in the audit.
LINK_REASONS = {"company": "company", "company_role": "company + role", "job_id": "the same job id",
                "posting_ats": "the tracked posting's ATS"}


def _role_key(role: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (role or "").lower()).strip()


# An opportunity's company comes from the identity map when it is needed (_opp_label), instead
# of a join plus a reload of the company's domains on every lookup.
_NO_COMPANY_JOIN = (lazyload(models.Opportunity.company),)


def link_message(session: Session, *, account: models.MailAccount, message: models.Message,
                 parsed: ParsedMessage, understanding: Understanding,
                 provider_thread_id: str | None, me: frozenset[str], now: datetime,
                 cache: BatchCache | None = None) -> None:
    """Link ``message`` (a new row, not added to the session) and insert it. See the module doc."""
    if cache is None:
        session.flush()  # earlier rows are visible to the lookups, with nothing remembered
        cache = BatchCache()
    after: list = []  # rows that need message.id
    with session.no_autoflush:
        thread = _link(session, account, message, parsed, understanding, provider_thread_id, me,
                       now, after, cache)
    if cache.whole_transaction:
        return cache.defer_message(message, thread, after)
    message.id = insert_row(session, message)  # its thread, opportunity, person: flushed
    for row in after:
        row.message_id = message.id
        session.add(row)


def _link(session, account, message, parsed, understanding: Understanding, provider_thread_id, me, now,
          after: list, cache: BatchCache) -> models.Thread:
    user_id = account.user_id
    thread = _thread_for(session, account, message, parsed, provider_thread_id, cache)
    message.thread_id = thread.id  # None for a thread new in a batch: see BatchCache.finish

    # Family and friends asking how the search goes are not a lead, and their domain no company.
    personal = message.direction == "in" and understanding.category in ("networking", "human_reply") \
        and is_personal_note(message.body_excerpt)
    if personal:
        understanding.company = understanding.company_domain = None
    company = None
    if understanding.company or understanding.company_domain:
        company, created = find_or_create_company(
            session, user_id=user_id, name=understanding.company, domain=understanding.company_domain, now=now,
            is_vendor_domain=is_vendor_domain, cache=cache.companies,
        )
        if created:
            after.append(audit.build(user_id=user_id, kind="company.created", entity="company",
                                     entity_id=company.id, summary=f"New company {company.name}",
                                     now=now))

    opportunity, how, confidence = _find_opportunity(session, user_id, thread, parsed, understanding, company, cache)
    if opportunity is None and _may_start(understanding, company):
        opportunity = _create_opportunity(session, user_id, company, understanding, message, now, after, cache)
        cache.opportunity_created(opportunity)
        how, confidence = "new", understanding.confidence
    introduced = [a for a in understanding.introduced if _human(a, me)] if understanding.introduction else []
    if opportunity is None and understanding.introduction == "referral" and introduced:
        target = introduced_company(session, user_id=user_id, understanding=understanding, introduced=introduced, now=now,
                                    cache=cache.companies,
                                    text=f"{message.subject or ''}\n{message.body_excerpt or ''}")
        if target is not None:
            opportunity = referral_opportunity(session, user_id=user_id, company=target, understanding=understanding,
                                               message=message, now=now, after=after, cache=cache)
            how, confidence = "new", understanding.confidence
    if opportunity is not None:
        cache.opportunities[opportunity.id] = opportunity
        message.opportunity_id = opportunity.id
        if thread.opportunity_id != opportunity.id:
            before = {"opportunity_id": thread.opportunity_id}
            thread.opportunity_id = opportunity.id
            if how in LINK_REASONS:
                after.append(cache.about_thread(audit.build(
                    user_id=user_id, kind="thread.linked", entity="thread", entity_id=thread.id,
                    before=before, after={"opportunity_id": opportunity.id, "by": how}, confidence=confidence,
                    summary=f"Linked “{(message.subject or '')[:80]}” to "
                            f"{_opp_label(opportunity)} by {LINK_REASONS[how]}", now=now), thread))
        _advance_stage(opportunity, understanding, message, now, after)
        if understanding.timeline_until and message.direction == "in":
            opportunity.decision_expected_by = understanding.timeline_until
            opportunity.decision_timeline_text = (understanding.timeline_text or "")[:300] or None

    people = _people_for(session, user_id, message, parsed, understanding, company, me, now, after, cache,
                         introduced)
    if personal:
        people = [(person, "family") for person, _role in people]
        for person, _role in people:
            if person.relationship_kind in (None, "networking_contact", "recruiter"):
                person.relationship_kind = "family"
    if people and all(person.relationship_kind == "family" for person, _role in people):
        # Family mail keeps no subject and no words (Settings promises it): the touch says
        # only that you were in touch.
        message.subject = message.snippet = message.body_excerpt = None
        if thread.subject and thread.opportunity_id is None:
            thread.subject = None
    if opportunity is not None:
        for person, role in people:
            _attach_contact(session, opportunity, person, role, cache)
    record_interview(session, user_id, opportunity, understanding, people, after, cache.interviews, message.subject)
    record_touches(user_id, opportunity, understanding, message, people, after, parsed)
    return thread


def find_thread(session: Session, *, account: models.MailAccount, parsed: ParsedMessage,
                provider_thread_id: str | None, content_hash: str | None,
                cache: BatchCache) -> tuple[models.Thread | None, str]:
    """The thread a message belongs to (stored, or new in this batch) or None, and the key a
    new thread for it gets."""
    key = provider_thread_id
    if not key:
        # No provider thread (an mbox without X-GM-THRID): join the thread of a message this
        # one refers to, else key it by the root of the References chain, so that a reply
        # which arrives before its parent gets the key the parent will get.
        refs = [r for r in [*parsed.references, parsed.in_reply_to] if r]
        if refs:
            in_batch = cache.referenced(refs[-20:])
            if in_batch:
                return in_batch[0][1], in_batch[0][1].provider_thread_id
            # user_id too, for the (user_id, rfc_message_id) index: by account alone the
            # database reads every message of the account, for every message.
            known = session.scalar(select(models.Message.thread_id).where(
                models.Message.user_id == account.user_id, models.Message.account_id == account.id,
                models.Message.rfc_message_id.in_(refs[-20:]), models.Message.thread_id.is_not(None)).limit(1))
            if known:
                thread = session.get(models.Thread, known)
                return thread, thread.provider_thread_id
        root = refs[0] if refs else (parsed.message_id or content_hash or "")
        key = "rfc:" + root
    key = key[:300]
    thread = cache.threads.get(key)
    if thread is None and key not in cache.thread_keys_loaded:
        thread = session.scalar(select(models.Thread).where(
            models.Thread.account_id == account.id, models.Thread.provider_thread_id == key))
    return thread, key


def _thread_for(session, account, message, parsed, provider_thread_id, cache: BatchCache) -> models.Thread:
    thread, key = find_thread(session, account=account, parsed=parsed,
                              provider_thread_id=provider_thread_id,
                              content_hash=message.content_hash, cache=cache)
    if thread is None:
        thread = models.Thread(user_id=account.user_id, account_id=account.id,
                          provider=account.provider, provider_thread_id=key,
                          subject=(message.subject or "")[:500] or None, opportunity_id=None)
        cache.new_thread(session, thread)  # most job messages start a thread
    cache.threads[key] = thread
    return thread


def _find_opportunity(session, user_id, thread, parsed, understanding, company, cache: BatchCache):
    if thread.opportunity_id:
        return session.get(models.Opportunity, thread.opportunity_id, options=_NO_COMPANY_JOIN), "thread", 1.0
    refs = [r for r in [*parsed.references, parsed.in_reply_to] if r]
    if refs:
        in_batch = [r.opportunity_id for r, _ in cache.referenced(refs[-20:]) if r.opportunity_id is not None]
        opp_id = in_batch[0] if in_batch else session.scalar(select(models.Message.opportunity_id).where(
            models.Message.user_id == user_id, models.Message.rfc_message_id.in_(refs[-20:]),
            models.Message.opportunity_id.is_not(None)).limit(1))
        if opp_id:
            return session.get(models.Opportunity, opp_id, options=_NO_COMPANY_JOIN), "references", 1.0
    candidates = (cache.opportunities_at(session, user_id=user_id, company_id=company.id)
                  if company is not None else [])
    if understanding.job_id:
        if company is not None:
            opp = max((o for o in candidates if o.job_id == understanding.job_id), key=lambda o: o.id, default=None)
        else:
            opp = session.scalars(select(models.Opportunity).where(
                models.Opportunity.user_id == user_id, models.Opportunity.job_id == understanding.job_id,
            ).order_by(models.Opportunity.id.desc()).options(*_NO_COMPANY_JOIN)).first()
        if opp:
            return opp, "job_id", 0.95
    if not candidates:
        return None, None, 0.0
    role = _role_key(understanding.role)
    if role:
        same = [o for o in candidates if _role_key(o.role) == role]
        if same:
            return same[0], "company_role", 0.9
    tracked = _tracked_posting_by_ats(candidates, parsed)
    if tracked is not None:
        return tracked, "posting_ats", 0.8
    if role:
        close = [o for o in candidates if o.role and (role in _role_key(o.role) or _role_key(o.role) in role)]
        if close:
            return close[0], "company_role", 0.7
        if understanding.category in ("application_confirmation", "recruiter_outreach") or understanding.outgoing_kind == "application":
            return None, None, 0.0  # a new application for another role at the same company
    open_ones = [o for o in candidates if o.stage in models.OPEN_STAGES]
    pool = open_ones or candidates
    # One open opportunity at the company: a fair link. Several: a guess, flagged for review.
    return pool[0], "company", 0.75 if len(pool) == 1 else 0.45


def _tracked_posting_by_ats(candidates, parsed: ParsedMessage) -> models.Opportunity | None:
    """The one open posting at the company that the user tracked on the ATS this mail comes from
    (a Greenhouse confirmation for a Greenhouse posting), when the role's wording differs."""
    vendor = vendor_for(parsed.from_.address) if parsed.from_ else None
    if vendor is None:
        return None
    tracked = [o for o in candidates if o.posting_site and ats_vendor(o.posting_site) == vendor
               and o.stage in models.OPEN_STAGES]
    return tracked[0] if len(tracked) == 1 else None


def _may_start(understanding: Understanding, company) -> bool:
    if company is None:
        return False
    if understanding.direction == "out":
        return understanding.outgoing_kind == "application"
    return understanding.category in STARTS_OPPORTUNITY


def _create_opportunity(session, user_id, company, understanding, message, now, after, cache) -> models.Opportunity:
    stage = (OUTGOING_STAGE.get(understanding.outgoing_kind or "") if understanding.direction == "out"
             else CATEGORY_STAGE.get(understanding.category)) or "applied"
    source = CATEGORY_SOURCE.get(understanding.category, "online_application")
    opp = models.Opportunity(user_id=user_id, company_id=company.id if company else None,
                        role=(understanding.role or None) and understanding.role[:300], job_id=understanding.job_id, source=source,
                        stage=stage, stage_changed_at=message.sent_at,
                        applied_at=message.sent_at if stage != "lead" else None, created_at=now)
    cache.add_now(session, opp)
    after.append(stages.opening(opp, at=message.sent_at, reason=f"first seen: {understanding.category}", source="auto"))
    after.append(audit.build(user_id=user_id, kind="opportunity.created", entity="opportunity",
                             entity_id=opp.id, summary=f"New opportunity: {_opp_label(opp, company)} "
                             f"(from “{(message.subject or '')[:80]}”)", now=now,
                             confidence=understanding.confidence, after={"stage": stage}))
    return opp


def _opp_label(opp: models.Opportunity, company: models.Company | None = None) -> str:
    name = (company or opp.company).name if (company or opp.company) else "unknown company"
    return f"{opp.role or 'a role'} at {name}"


def _advance_stage(opp: models.Opportunity, understanding: Understanding, message: models.Message, now, after: list) -> None:
    target = (OUTGOING_STAGE.get(understanding.outgoing_kind or "") if understanding.direction == "out"
              else CATEGORY_STAGE.get(understanding.category))
    if target:
        reopens = understanding.direction == "in" and understanding.category in REOPENING_CATEGORIES
        after.extend(stages.move(opp, target, at=message.sent_at, now=now, reason=understanding.category, by_user=False,
                                 reopens=reopens, confidence=understanding.confidence,
                                 summary=f"{_opp_label(opp)}: {opp.stage} → {target}"))


def _human(addr: Address | None, me: frozenset[str]) -> bool:
    return bool(addr and addr.address and addr.address not in me and not is_robot_address(addr.address)
                and not is_vendor_domain(domain_of(addr.address)))


def _people_for(session, user_id, message, parsed, understanding, company, me, now, after, cache: BatchCache,
                introduced=()):
    """(person, role) for the humans in this message. Bulk mail never becomes a person."""
    if understanding.is_bulk:
        return []
    found: list[tuple[models.Person, str | None]] = []

    def add(addr: Address, role: str | None, title: str | None = None, name: str | None = None):
        person_company = company if company and domain_of(addr.address) in {
            d.domain for d in company.domains} else None
        person, created = find_or_create_person(
            session, user_id=user_id, address=addr.address, name=name or addr.name, now=now,
            title=title, company=person_company, relationship=role, cache=cache.people,
            add_now=cache.add_now if cache.whole_transaction else None)
        if created:
            after.append(audit.build(user_id=user_id, kind="person.created", entity="person",
                                     entity_id=person.id, summary=f"New contact {person.name}",
                                     now=now))
            if person_company is not None:
                if any(isinstance(row, models.Person) for row in session.dirty):
                    # refresh_patterns reads people's names from the database, and a name
                    # filled in by an earlier message of the batch may not be flushed yet.
                    session.flush()
                refresh_patterns(session, person_company)
        if all(p.id != person.id for p, _ in found):
            found.append((person, role))

    if message.direction == "in":
        sender = parsed.reply_to[0] if (parsed.reply_to and understanding.is_ats) else parsed.from_
        if _human(sender, me):
            role = role_from_title(understanding.sender_title)
            if role is None:
                role = {"recruiter_outreach": "recruiter", "networking": "networking_contact",
                        "interview_invitation": "recruiter", "interview_scheduled": "coordinator",
                        "offer": "recruiter", "rejection": "recruiter"}.get(understanding.category)
            if understanding.introduction:
                role = "referrer" if understanding.introduction == "referral" else "introducer"
            add(sender, role, understanding.sender_title, understanding.sender_name)
        for addr in introduced:
            add(addr, "hiring_manager" if understanding.introduction == "referral" else "networking_contact")
        for addr in understanding.interviewers:
            if _human(addr, me):
                add(addr, "interviewer")
    else:
        for addr in [*parsed.to, *parsed.cc]:
            if _human(addr, me):
                add(addr, None)
    message.person_id = found[0][0].id if found else None
    return found


def _attach_contact(session, opp: models.Opportunity, person: models.Person, role: str | None,
                    cache: BatchCache) -> None:
    if (opp.id, person.id) in cache.contacts:
        return
    cache.contacts.add((opp.id, person.id))
    role = role or person.relationship_kind or "recruiter"
    if cache.whole_transaction:
        cache.new_contacts.append((opp.id, person.id, role))  # unless it exists: see finish
        return
    existing = session.scalar(select(models.OpportunityContact.id).where(
        models.OpportunityContact.opportunity_id == opp.id, models.OpportunityContact.person_id == person.id))
    if existing is None:
        session.add(models.OpportunityContact(opportunity_id=opp.id, person_id=person.id, role=role))


__all__ = ["link_message", "normalize_company"]

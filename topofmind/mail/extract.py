"""Facts in a job-search message: employer, role, job id, signature, interviewers.

The employer is voted on in ``employer``; the role, job id and signature are read in
``fields``; the interviewers are the calendar part's attendees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from topofmind.mail.employer import employer
from topofmind.mail.fields import extract_job_id, extract_role, signature
from topofmind.mail.names import domain_of, looks_like_person
from topofmind.mail.types import Address, ParsedMessage
from topofmind.mail.vendors import is_vendor_domain, vendor_for


@dataclass
class Facts:
    company: str | None = None
    company_domain: str | None = None
    company_reasons: list[str] = field(default_factory=list)
    role: str | None = None
    job_id: str | None = None
    sender_name: str | None = None
    sender_title: str | None = None
    signature_company: str | None = None
    interviewers: list[Address] = field(default_factory=list)


def extract(parsed: ParsedMessage, new_text: str, *, me: frozenset[str], outgoing: bool = False) -> Facts:
    """The facts of one message; for the candidate's own mail the counterpart is the recipient."""
    facts = Facts()
    sender = parsed.from_
    if outgoing:
        others = [a for a in parsed.to + parsed.cc if a.address not in me]
        sender = others[0] if others else None
    vendor = vendor_for(sender.address) if sender else None
    name, title, sig_company = signature(new_text)
    facts.sender_name = (sender.name if sender and looks_like_person(sender.name) and not vendor else None) or name
    facts.sender_title = title
    facts.signature_company = sig_company
    found = employer(parsed, new_text, sender=sender, me=me, outgoing=outgoing, signature_company=sig_company)
    facts.company, facts.company_domain, facts.company_reasons = found.company, found.domain, found.reasons

    exclude = {t.lower() for t in (facts.sender_title,) if t}
    facts.role = extract_role(parsed.subject, new_text, exclude=exclude, company=facts.company)
    facts.job_id = extract_job_id(parsed.subject, new_text)
    seen = set(me)
    for ev in parsed.calendar:
        for a in ev.attendees:
            if a.address not in seen and not is_vendor_domain(domain_of(a.address)):
                seen.add(a.address)
                facts.interviewers.append(a)
    return facts

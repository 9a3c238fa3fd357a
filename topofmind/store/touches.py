"""What a linked message leaves in the history the playbook reads: the interview it fixes and
the touches (who wrote to whom, when, asking what)."""

from __future__ import annotations

from sqlalchemy import select

from topofmind.mail.questions import interview_format, open_question
from topofmind.mail.types import Understanding
from topofmind.mail.vendors import is_vendor_domain
from topofmind.people import domain_of, reply_kind
from topofmind.store import models

CATEGORY_TOUCH_KIND = {
    "application_confirmation": "confirmation",
    "interview_invitation": "interview_invitation",
    "interview_scheduled": "interview_scheduled",
    "assessment": "assessment",
    "rejection": "rejection",
    "offer": "offer",
    "status_update": "status_update",
    "recruiter_outreach": "outreach",
    "human_reply": "reply",
    "networking": "networking",
}
# Incoming touches whose question is the candidate's to answer (a scheduler's "pick a time"
# is answered by the booking, a rejection's "any questions?" by the gracious reply).
ASKING_KINDS = frozenset({"reply", "outreach", "networking", "introduction", "referral", "status_update",
                          "interview_invitation", "offer", "other"})
# Evidence that a closed process goes on after all: the employer invites, tests or offers.


def record_interview(session, user_id, opp, understanding: Understanding, people, after, known: dict,
                      subject: str | None = None) -> None:
    if opp is None or understanding.interview_at is None or understanding.category not in ("interview_scheduled",
                                                                   "interview_invitation"):
        return
    existing = known.get((opp.id, understanding.interview_at)) or session.scalar(select(models.Interview).where(
        models.Interview.opportunity_id == opp.id, models.Interview.starts_at == understanding.interview_at))
    interviewer_ids = [p.id for p, role in people if role == "interviewer"]
    if existing is None:
        if understanding.category == "interview_invitation" and not understanding.interview_end:
            return  # proposed times are not a confirmed interview
        known[(opp.id, understanding.interview_at)] = interview = models.Interview(
            user_id=user_id, opportunity_id=opp.id, starts_at=understanding.interview_at, ends_at=understanding.interview_end,
            location=(understanding.interview_location or None) and understanding.interview_location[:500],
            kind=interview_format(understanding.interview_location, subject, len(interviewer_ids)),
            interviewer_ids=interviewer_ids)
        after.append(interview)
    else:
        known[(opp.id, understanding.interview_at)] = existing
        merged = sorted(set(existing.interviewer_ids or []) | set(interviewer_ids))
        existing.interviewer_ids = merged
        if understanding.interview_end:
            existing.ends_at = understanding.interview_end


def _team_address(parsed, understanding: Understanding) -> str | None:
    """The sender's team mailbox (careers@…) when it accepts replies; else None."""
    for addr in [*(parsed.reply_to or ()), parsed.from_]:
        if addr is not None and reply_kind(addr.address, vendor_domain=is_vendor_domain(domain_of(addr.address))) == "team":
            return addr.address.lower()[:320]
    return None


def record_touches(user_id, opp, understanding: Understanding, message: models.Message, people, after, parsed=None) -> None:
    if message.direction == "out":
        kind = {"application": "application", "thank_you": "thank_you", "follow_up": "follow_up",
                "check_in": "check_in", "acceptance": "acceptance",
                "decline": "decline"}.get(understanding.outgoing_kind or "", "message")
        targets = [p for p, _ in people] or [None]
    else:
        kind = understanding.introduction or CATEGORY_TOUCH_KIND.get(understanding.category, "other")
        targets = [p for p, role in people if role != "interviewer"][:1] or [None]
    # A human's question waits for an answer; an invitation's is answered by the booking.
    asks = open_question(message.body_excerpt) if message.direction == "in" and kind in ASKING_KINDS else None
    team = _team_address(parsed, understanding) if parsed is not None and message.direction == "in" and targets == [None] else None
    # A person's calendar invitation that is no interview (a coffee, a call): the meeting
    # itself is a touch, dated when it happens, so the follow-up after it is timed from it.
    if parsed is not None and message.direction == "in" and understanding.interview_at is None and targets != [None] \
            and understanding.category in ("networking", "human_reply", "recruiter_outreach"):
        for event in parsed.calendar[:1]:
            if event.start is not None and event.method != "CANCEL":
                after.append(models.Touch(user_id=user_id, person_id=targets[0].id, opportunity_id=opp.id if opp else None,
                                     channel="meeting", direction="in", kind="meeting", at=event.start,
                                     summary=(event.summary or "")[:300] or None, source="sync"))
    for person in targets:
        after.append(models.Touch(user_id=user_id, person_id=person.id if person else None,
                             opportunity_id=opp.id if opp else None, channel="email",
                             direction=message.direction, kind=kind, at=message.sent_at,
                             summary=(message.subject or "")[:300] or None, source="sync",
                             asks=asks if person is not None else None, reply_address=team))

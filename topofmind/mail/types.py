"""What parsing and understanding produce. Pure data; the contract between the email
understanding code (parse, classify, extract) and ingest/linking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Address:
    name: str | None
    address: str  # lower-cased


@dataclass(frozen=True)
class CalendarEvent:
    method: str | None  # REQUEST, CANCEL, PUBLISH, REPLY
    start: datetime | None  # aware
    end: datetime | None
    timezone: str | None
    organizer: Address | None
    attendees: tuple[Address, ...] = ()
    location: str | None = None
    summary: str | None = None
    uid: str | None = None


@dataclass
class ParsedMessage:
    message_id: str | None
    in_reply_to: str | None
    references: list[str]
    from_: Address | None
    to: list[Address]
    cc: list[Address]
    reply_to: list[Address]
    date: datetime | None  # aware
    subject: str
    text: str  # readable text body (HTML converted when there is no text part)
    html: str | None
    calendar: list[CalendarEvent]
    headers: dict[str, str]  # selected headers, lower-case names (list-unsubscribe, list-id, precedence, auto-submitted, ...)
    size: int
    defects: list[str] = field(default_factory=list)  # what was wrong but survivable

    @property
    def is_bulk(self) -> bool:
        h = self.headers
        return bool(
            h.get("list-unsubscribe")
            or h.get("list-id")
            or h.get("precedence", "").lower() in ("bulk", "list", "junk")
        )


@dataclass
class Understanding:
    """One message's meaning: category, who/what it is about, and why we think so."""

    category: str  # one of CATEGORIES
    confidence: float  # 0..1
    reasons: list[str]  # which signals fired, readable ("subject: 'interview' + calendar invite")
    direction: str  # "in" | "out"
    outgoing_kind: str | None = None  # core.models.OUTGOING_KINDS for direction == "out"
    company: str | None = None  # the employer, never the ATS / job board
    company_domain: str | None = None  # the employer's own domain when known
    role: str | None = None
    job_id: str | None = None
    interview_at: datetime | None = None
    interview_end: datetime | None = None
    interview_location: str | None = None
    interviewers: list[Address] = field(default_factory=list)
    sender_name: str | None = None
    sender_title: str | None = None  # from the signature
    timeline_until: date | None = None  # a stated decision timeline, resolved
    timeline_text: str | None = None
    is_bulk: bool = False
    is_ats: bool = False  # written by an ATS / job board / scheduling tool on the employer's behalf
    introduction: str | None = None  # "referral" | "introduction": the sender passes the candidate on
    introduced: list[Address] = field(default_factory=list)  # to whom (usually copied on the message)
    # Job mail by a small margin over noise (a newsletter, a receipt): held for the user's review
    # instead of creating people, opportunities or actions.
    noise_doubt: bool = False

    @property
    def job_related(self) -> bool:
        return self.category not in ("not_job_related", "job_alert_or_newsletter")


# What a message is about (Understanding.category); the stored column takes these.
CATEGORIES = (
    "application_confirmation",
    "interview_invitation",
    "interview_scheduled",
    "assessment",
    "rejection",
    "offer",
    "status_update",
    "recruiter_outreach",
    "human_reply",
    "networking",
    "job_alert_or_newsletter",
    "not_job_related",
    # The candidate's own job-related messages (direction "out"); what they were is in
    # Message.outgoing_kind (OUTGOING_KINDS).
    "outgoing",
)
INCOMING_CATEGORIES = CATEGORIES[:-1]
OUTGOING_KINDS = (
    "application",
    "thank_you",
    "follow_up",
    "check_in",
    "acceptance",
    "decline",
    "other",
)

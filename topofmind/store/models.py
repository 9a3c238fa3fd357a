"""The domain model, SQLAlchemy 2.x style.

Every row belongs to one user (``user_id``) so that a self-hosted server can serve
several job seekers; every query in the API filters on it.

Privacy rule (see README, "Privacy"): a message that is not job-related leaves only a
``LedgerEntry`` (provider id, date, category, content hash) — never its subject,
addresses or body. Only job-related messages get a ``Message`` row, and even those keep a
bounded, cleaned excerpt rather than the whole body. Attachments are never stored.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    inspect,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from topofmind.mail.types import CATEGORIES, INCOMING_CATEGORIES, OUTGOING_KINDS  # noqa: F401  (the columns take these)
from topofmind.playbook.stages import CLOSED_STAGES, OPEN_STAGES, STAGE_ORDER, STAGES  # noqa: F401


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes in, UTC-aware datetimes out, on SQLite and PostgreSQL alike.

    SQLite has no timezone type; storing naive UTC and re-attaching UTC on the way out keeps
    comparisons correct everywhere and lets core code rely on aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware datetime")
        from datetime import UTC

        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        from datetime import UTC

        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class JSONBOnPostgres(TypeDecorator):
    """JSON everywhere, JSONB on PostgreSQL: a GIN index can then answer "which rows hold 12"."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(JSONB() if dialect.name == "postgresql" else JSON())


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict: JSON, list: JSON}


# --- vocabularies (strings in the database, checked in code) -------------------------------

RELATIONSHIPS = (
    "recruiter",
    "hiring_manager",
    "interviewer",
    "coordinator",
    "referrer",
    "introducer",
    "networking_contact",
    "family",
    "friend",
    "neighbour",
    "former_colleague",
    "former_employer",
    "vendor",
    "client",
    "association_member",
    "job_fair_contact",
    "other",
)
CHANNELS = ("email", "phone", "linkedin", "text", "letter", "meeting", "video")
PREFERRED_CHANNELS = ("email", "phone", "linkedin", "text", "letter")
# "online_application" is an application through a job posting (found in mail or tracked from it).
SOURCES = ("online_application", "referral", "recruiter", "networking", "career_fair", "other")
ACTION_STATES = ("done", "snoozed", "dismissed")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # "user": chosen in Settings; "inferred": read from the offsets of the user's sent mail
    # (store.timezones); None: never set, UTC until mail says otherwise.
    timezone_source: Mapped[str | None] = mapped_column(String(20))
    own_addresses: Mapped[list] = mapped_column(default=list)
    # Overrides of the playbook thresholds (see core.settings.PlaybookSettings).
    settings: Mapped[dict] = mapped_column(default=dict)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="extension")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class PageSession(Base):
    """A signed-in browser: the cookie carries a random key, the row only its SHA-256, so
    signing out (or a password change) ends the session on the server, not just in the
    browser."""

    __tablename__ = "page_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class SetupCode(Base):
    """A one-time code that lets its holder set the password of one user (or, with no user
    yet, create the first one): printed by ``serve``/``demo`` and ``users setup-code``.
    Only its SHA-256 is kept."""

    __tablename__ = "setup_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class MailAccount(Base):
    __tablename__ = "mail_accounts"
    __table_args__ = (UniqueConstraint("user_id", "provider", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(320))
    # Fernet token of the provider credentials (refresh token, MSAL cache, mbox path).
    credentials_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Opaque, provider-owned cursor (JSON text); committed together with each batch.
    cursor: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="active")
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    next_run_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized_name: Mapped[str] = mapped_column(String(200), index=True)
    # Learned address patterns: [{"pattern": "first.last", "count": 3, "confidence": 0.9}]
    email_patterns: Mapped[list] = mapped_column(default=list)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]

    domains: Mapped[list[CompanyDomain]] = relationship(
        back_populates="company", cascade="all, delete-orphan", lazy="selectin"
    )


class CompanyDomain(Base):
    __tablename__ = "company_domains"
    __table_args__ = (UniqueConstraint("user_id", "domain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253))

    company: Mapped[Company] = relationship(back_populates="domains")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(200))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    relationship_kind: Mapped[str | None] = mapped_column("relationship", String(40))
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    linkedin_slug: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    keep_in_touch: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    emails: Mapped[list[PersonEmail]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (Index("ix_people_user_slug", "user_id", "linkedin_slug"),)


# An unknown profile's suggestions look people up by name, case-insensitively (see
# server.services.people.suggestions): without these each lookup read every person.
Index("ix_people_user_lower_name", Person.user_id, func.lower(Person.name))
Index("ix_people_user_lower_last_first", Person.user_id, func.lower(Person.last_name),
      func.lower(Person.first_name))


class PersonEmail(Base):
    __tablename__ = "person_emails"
    __table_args__ = (UniqueConstraint("user_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320))
    # True for an address derived from the company's pattern and never seen in mail.
    is_guess: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="emails")


class Opportunity(Base):
    __tablename__ = "opportunities"
    # Lookups read the accepted offers (they reach into every other opportunity).
    __table_args__ = (Index("ix_opportunities_user_stage", "user_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(300))
    job_id: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(30), default="online_application")
    stage: Mapped[str] = mapped_column(String(20), default="applied")
    stage_changed_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]
    # A timeline the employer stated ("we'll decide by Friday"), resolved to a date.
    decision_expected_by: Mapped[date | None] = mapped_column(Date)
    decision_timeline_text: Mapped[str | None] = mapped_column(String(300))
    offer_in_writing: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # Tracked from a job posting or by hand (issue 24): the posting's address, the site or ATS
    # that hosts it ("greenhouse", "linkedin"…), where the job is, and what the user wrote.
    url: Mapped[str | None] = mapped_column(String(1000))
    posting_site: Mapped[str | None] = mapped_column(String(40))
    location: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)

    company: Mapped[Company | None] = relationship(lazy="joined")
    stage_history: Mapped[list[StageChange]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan", order_by="StageChange.at"
    )


class StageChange(Base):
    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(10), default="auto")  # auto | manual
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))

    opportunity: Mapped[Opportunity] = relationship(back_populates="stage_history")


class OpportunityContact(Base):
    __tablename__ = "opportunity_contacts"
    __table_args__ = (UniqueConstraint("opportunity_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40), default="recruiter")


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("account_id", "provider_thread_id"),
        Index("ix_threads_user_provider_thread", "user_id", "provider", "provider_thread_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("mail_accounts.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(16))
    # Gmail: the hex threadId (= data-legacy-thread-id on the web page).
    # Outlook: Graph's conversationId (= the id in outlook.office.com/mail/.../id/<id>).
    provider_thread_id: Mapped[str] = mapped_column(String(300))
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str | None] = mapped_column(String(500))


class LedgerEntry(Base):
    """One row per provider message ever processed: the idempotence key.

    Committed in the same transaction as the account cursor, so a crash between batches
    re-processes at most one batch, and re-processing is a no-op. Keeps nothing personal.
    """

    __tablename__ = "ledger"
    __table_args__ = (UniqueConstraint("account_id", "provider_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("mail_accounts.id", ondelete="CASCADE"))
    provider_message_id: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    category: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="ok")  # ok | error | removed
    error: Mapped[str | None] = mapped_column(String(500))
    processed_at: Mapped[datetime]


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("account_id", "provider_message_id"),
        Index("ix_messages_user_rfc", "user_id", "rfc_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("mail_accounts.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), index=True
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    provider_message_id: Mapped[str] = mapped_column(String(300))
    rfc_message_id: Mapped[str | None] = mapped_column(String(500))
    in_reply_to: Mapped[str | None] = mapped_column(String(500))
    references: Mapped[list] = mapped_column(default=list)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    sent_at: Mapped[datetime]
    subject: Mapped[str | None] = mapped_column(String(500))
    snippet: Mapped[str | None] = mapped_column(String(300))
    body_excerpt: Mapped[str | None] = mapped_column(Text)
    from_address: Mapped[str | None] = mapped_column(String(320))
    from_name: Mapped[str | None] = mapped_column(String(200))
    to_addresses: Mapped[list] = mapped_column(default=list)
    cc_addresses: Mapped[list] = mapped_column(default=list)
    labels: Mapped[list] = mapped_column(default=list)
    category: Mapped[str] = mapped_column(String(40))
    outgoing_kind: Mapped[str | None] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    reasons: Mapped[list] = mapped_column(default=list)
    # Extracted facts: company, role, job_id, interview_at, interview_end, interviewers,
    # timeline_until, sender_title ...
    facts: Mapped[dict] = mapped_column(default=dict)
    content_hash: Mapped[str | None] = mapped_column(String(64))


class Interview(Base):
    __tablename__ = "interviews"
    # A lookup asks where a person interviewed the user: JSONB with a GIN index on PostgreSQL.
    __table_args__ = (Index("ix_interviews_interviewer_ids", "interviewer_ids", postgresql_using="gin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    location: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(30))  # phone, video, onsite, panel
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    # A thread lookup dates its "interview scheduled" messages from here.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"), index=True)
    # person ids of interviewers (the set-up recruiter/coordinator is an OpportunityContact).
    interviewer_ids: Mapped[list] = mapped_column(JSONBOnPostgres, default=list)
    notes: Mapped[str | None] = mapped_column(Text)


class Touch(Base):
    """Any interaction on any channel, from sync or logged by hand."""

    __tablename__ = "touches"
    __table_args__ = (Index("ix_touches_user_person_at", "user_id", "person_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20), default="email")
    direction: Mapped[str] = mapped_column(String(3))  # out = the candidate reached out
    # What it was: application, thank_you, follow_up, check_in, reply, interview, offer,
    # rejection, referral, introduction, meeting, acceptance, decline, other
    kind: Mapped[str] = mapped_column(String(30), default="other")
    at: Mapped[datetime]
    summary: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(10), default="sync")  # sync | manual
    # The question or proposal an incoming message left waiting ("How about Thursday?"):
    # the playbook answers it before anything else (mail.questions.open_question).
    asks: Mapped[str | None] = mapped_column(String(300))
    # A team mailbox that accepts replies (careers@…) when no person wrote: a gracious reply
    # after a rejection may go there. Never a no-reply or ATS address.
    reply_address: Mapped[str | None] = mapped_column(String(320))


class ActionState(Base):
    """What the user did with a suggested action; keyed by the action's stable id."""

    __tablename__ = "action_states"
    __table_args__ = (UniqueConstraint("user_id", "action_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    action_key: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(10))
    snoozed_until: Mapped[datetime | None]
    at: Mapped[datetime]


class ActionSpecifics(Base):
    """What the user told us to say in one action's draft ("we talked about the churn
    model", a link worth sharing): at most two short items, used as written."""

    __tablename__ = "action_specifics"
    __table_args__ = (UniqueConstraint("user_id", "action_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    action_key: Mapped[str] = mapped_column(String(200))
    items: Mapped[list] = mapped_column(default=list)
    at: Mapped[datetime]


class AuditEntry(Base):
    """Every automatic change, with what is needed to undo it."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(10), default="auto")  # auto | user
    # e.g. opportunity.created, opportunity.stage, thread.linked, person.created, person.merged
    kind: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(500))
    confidence: Mapped[float | None] = mapped_column(Float)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))


@cache
def column_pairs(model: type) -> tuple[tuple[str, str], ...]:
    """A model's (attribute name, column key) pairs, read once per model."""
    return tuple((prop.key, prop.columns[0].key) for prop in inspect(model).column_attrs)


class LookupCard(Base):
    """An overlay lookup's answer kept for the next identical lookup (see server/cards/storage.py):
    ``body`` is its JSON, good until ``valid_until`` or until something it shows changes."""

    __tablename__ = "lookup_cards"
    __table_args__ = (UniqueConstraint("user_id", "key"), Index("ix_lookup_cards_valid_until", "valid_until"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # a hash of ``question``
    question: Mapped[dict] = mapped_column(JSON)  # what was asked: {"kind": "profile", "slug": …}
    body: Mapped[str] = mapped_column(Text)
    # Served while now < valid_until; stale (something it shows changed): long past. The
    # refresher asks the question of an expired card again.
    valid_until: Mapped[datetime]
    built_at: Mapped[datetime]
    refreshing_until: Mapped[datetime | None]  # claimed by a refresher until then


class LookupCardDep(Base):
    """One record a card was computed from ("p12" a person, "o3" an opportunity…): a
    change to it deletes the card."""

    __tablename__ = "lookup_card_deps"
    __table_args__ = (Index("ix_lookup_card_deps_dep", "dep"),)

    card_id: Mapped[int] = mapped_column(ForeignKey("lookup_cards.id", ondelete="CASCADE"), primary_key=True)
    dep: Mapped[str] = mapped_column(String(40), primary_key=True)


class CardEpoch(Base):
    """One row, bumped by every transaction that deletes cards: a card computed while
    another transaction changed data is not stored (see server/cards/storage.py)."""

    __tablename__ = "card_epoch"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class CardSweep(Base):
    """Per user, the building of missing cards ahead (server/cards/prebuild.py): who
    holds it (until when), and the card epoch of the last complete one (none needed again
    until data changes)."""

    __tablename__ = "card_sweeps"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    swept_epoch: Mapped[int | None] = mapped_column(BigInteger)
    leased_until: Mapped[datetime | None]


class SelectorMiss(Base):
    """How often the extension could not read a field of a host page (per user, site and
    selector list of extension/content/selectors.js): the site changed its markup. Shown on
    the Settings page; nothing about the page itself is kept."""

    __tablename__ = "selector_misses"
    __table_args__ = (UniqueConstraint("user_id", "site", "selector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    site: Mapped[str] = mapped_column(String(20))
    selector: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]

"""Companies, people, opportunities and everything the playbook reads about them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from topofmind.store.models.base import Base, JSONBOnPostgres


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


"""Threads and the job messages kept from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from topofmind.store.models.base import Base


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


"""What reaches the user away from the browser: channels, deliveries, the calendar feed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from topofmind.store.models.base import Base


class ReminderSettings(Base):
    """When the daily digest goes out, and the calendar feed's secret (one row per user)."""

    __tablename__ = "reminder_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    digest_time: Mapped[str] = mapped_column(String(5), default="08:00")  # HH:MM, the user's timezone
    digest_days: Mapped[str] = mapped_column(String(10), default="weekdays")  # DIGEST_DAYS
    digest_when_empty: Mapped[bool] = mapped_column(Boolean, default=False)
    # The feed URL's secret: its SHA-256 finds the user, the Fernet token shows it back to them.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_token_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    feed_created_at: Mapped[datetime | None]



class NotificationChannel(Base):
    """An Apprise URL the user's reminders go to; encrypted (it holds passwords and tokens)."""

    __tablename__ = "notification_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    url_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    shown: Mapped[str] = mapped_column(String(300))  # the URL with its secrets masked
    created_at: Mapped[datetime]
    last_ok_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)



class Delivery(Base):
    """One reminder to one user on one day (``kind``: digest, account:<id>): the row is the
    claim that makes it go out once across replicas; a lease guards the send, ``outcome``
    records each channel's answer so a retry reaches only the channels that failed."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("user_id", "kind", "day"),
                      Index("ix_deliveries_status_next", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # {channel id: "ok" | error text}
    outcome: Mapped[dict] = mapped_column(default=dict)
    summary: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


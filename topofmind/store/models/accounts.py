"""Users, their API tokens, their mail accounts and each account's ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from topofmind.store.models.base import Base


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


"""The models' shared ground: the declarative base, column types, vocabularies, helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from sqlalchemy import (
    JSON,
    DateTime,
    inspect,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
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
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
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


@cache
def column_pairs(model: type) -> tuple[tuple[str, str], ...]:
    """A model's (attribute name, column key) pairs, read once per model."""
    return tuple((prop.key, prop.columns[0].key) for prop in inspect(model).column_attrs)


DIGEST_DAYS = ("weekdays", "every_day", "off")


DELIVERY_STATUSES = ("pending", "sent", "failed", "skipped")


"""The user's timezone until they choose one: inferred from the offsets of their sent mail.

Runs after a sync pass or an import (a few hundred rows, one query). A zone the user chose
in Settings (``timezone_source == "user"``) is never replaced.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.mail.timezones import describe_offsets, infer_timezone
from topofmind.store import models

SAMPLE = 400  # the latest sent messages: a move abroad shows within weeks


def sent_offsets(session: Session, user_id: int) -> list[tuple[datetime, int]]:
    rows = session.execute(
        select(models.Message.sent_at, models.Message.facts)
        .where(models.Message.user_id == user_id, models.Message.direction == "out")
        .order_by(models.Message.sent_at.desc()).limit(SAMPLE))
    return [(at, int(facts["utc_offset"])) for at, facts in rows
            if isinstance(facts, dict) and isinstance(facts.get("utc_offset"), int | float)]


def infer_user_timezone(session: Session, user: models.User) -> str | None:
    """Set ``user.timezone`` from their sent mail unless they chose one; the zone, or None."""
    if user.timezone_source == "user":
        return None
    zone = infer_timezone(sent_offsets(session, user.id))
    if zone is not None:
        user.timezone, user.timezone_source = zone, "inferred"
    return zone


def inference_note(session: Session, user: models.User) -> str | None:
    """What the Settings page says while the zone is inferred."""
    if user.timezone_source != "inferred":
        return None
    samples = sent_offsets(session, user.id)
    return (f"Inferred from {len(samples)} messages you sent (clocks at {describe_offsets(samples)}). "
            "Save to confirm it, or choose another.")

"""Sending a reminder to every channel of a user at once, as the CLI and Settings → Reminders
do for a test message or a digest asked for by hand (the daemon's deliveries are
sync/reminders.py's ReminderJob)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from sync.reminders import Reminder, deliver, list_channels
from sync.secrets import SecretBox

TEST_REMINDER = Reminder(title="topofmind: test", text="This is a test from topofmind: reminders reach you here.",
                         html="<p>This is a test from topofmind: reminders reach you here.</p>")


def deliver_to_every_channel(session: Session, secrets: SecretBox, *, user_id: int, reminder: Reminder,
                             now: datetime) -> list[tuple[int, str, str]] | None:
    """Each channel's (id, masked URL, outcome: "ok" or the error), or None if the user has
    no channel yet."""
    shown = {channel.id: channel.shown for channel in list_channels(session, user_id)}
    if not shown:
        return None
    results = deliver(session, secrets, user_id=user_id, reminder=reminder, now=now)
    return [(channel_id, shown.get(channel_id, "?"), outcome) for channel_id, outcome in results.items()]

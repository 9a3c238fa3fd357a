"""The calendar feed: a per-user secret URL serving iCalendar for Google, Outlook, Apple.

Events: every open follow-up at its due time (with a display alarm, which is what makes a
phone ring) and every interview that is not cancelled. UIDs are derived from the action's
stable key and the interview's id, so a calendar refresh updates events rather than
duplicating them; done, dismissed and snoozed actions are simply absent at the next refresh.

The secret is 32 random bytes: its SHA-256 finds the user (a lookup by hash, nothing to
compare in variable time), and a Fernet copy lets the owner see the URL again. Rotating
replaces it (the old URL stops working at once); revoking removes it.
"""

from __future__ import annotations

import hashlib
import secrets as pysecrets
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.actions import Plan, plan_for
from server.services.digest import action_anchor
from sync.secrets import SecretBox
from topofmind.store import models

PAST_INTERVIEWS_DAYS = 30
ACTION_MINUTES = 15


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def prefs_for(session: Session, user_id: int) -> models.ReminderSettings:
    prefs = session.get(models.ReminderSettings, user_id)
    if prefs is None:
        prefs = models.ReminderSettings(user_id=user_id, digest_time="08:00", digest_days="weekdays",
                                   digest_when_empty=False)
        session.add(prefs)
        session.flush()
    return prefs


def feed_url(session: Session, secrets: SecretBox, user_id: int, *, public_url: str, now: datetime,
             rotate: bool = False, create: bool = True) -> str | None:
    """The feed's URL (made on first use; a new secret with ``rotate``); None if none and not ``create``."""
    prefs = prefs_for(session, user_id)
    if prefs.feed_token_encrypted is None or rotate:
        if not create and not rotate:
            return None
        token = pysecrets.token_urlsafe(32)
        prefs.feed_token_hash, prefs.feed_token_encrypted = _hash(token), secrets.encrypt(token)
        prefs.feed_created_at = now
        session.flush()
    else:
        token = secrets.decrypt(prefs.feed_token_encrypted)
    return f"{public_url.rstrip('/')}/feed/{token}.ics"


def revoke_feed(session: Session, user_id: int) -> None:
    prefs = prefs_for(session, user_id)
    prefs.feed_token_hash = prefs.feed_token_encrypted = prefs.feed_created_at = None


def user_for_token(session: Session, token: str) -> int | None:
    if not token or len(token) > 100:
        return None
    return session.scalar(select(models.ReminderSettings.user_id)
                          .where(models.ReminderSettings.feed_token_hash == _hash(token)))


def action_uid(key: str) -> str:
    return f"action-{hashlib.sha256(key.encode()).hexdigest()[:32]}@topofmind"


def calendar(plan: Plan, *, public_url: str) -> bytes:
    base = public_url.rstrip("/")
    cal = Calendar()
    cal.add("prodid", "-//topofmind//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "topofmind follow-ups")
    # Clients that honour it refresh hourly (Google decides on its own, typically 8-24 h).
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = plan.now
    for action in plan.open_actions():
        d = plan.to_dict(action)
        event = Event()
        event.add("uid", action_uid(action.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", action.due)
        event.add("dtend", action.due + timedelta(minutes=ACTION_MINUTES))
        who = d["person"]["name"] if d["person"] else None
        event.add("summary", f"{action.title}" + (f" ({who})" if who else ""))
        link = f"{base}/#{action_anchor(action.key)}"
        event.add("description", f"{action.why}\n\nDraft and buttons: {link}")
        event.add("url", link)
        event.add("categories", ["topofmind", d["urgency"]])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", action.title)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    horizon = plan.now - timedelta(days=PAST_INTERVIEWS_DAYS)
    for iv in plan.history.interviews:
        if iv.cancelled or iv.starts_at < horizon:
            continue
        opp = plan.history.opportunities.get(iv.opportunity_id)
        event = Event()
        event.add("uid", f"interview-{iv.id}@topofmind")
        event.add("dtstamp", stamp)
        event.add("dtstart", iv.starts_at)
        event.add("dtend", iv.ends_at or iv.starts_at + timedelta(hours=1))
        about = f"{opp.role or 'a role'} at {opp.company_name or 'a company'}" if opp else "an opportunity"
        event.add("summary", f"Interview: {about}")
        event.add("url", f"{base}/opportunities/{iv.opportunity_id}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Interview: {about}")
        alarm.add("trigger", timedelta(minutes=-30))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def feed_for_token(session: Session, token: str, now: datetime, *, public_url: str) -> bytes | None:
    user_id = user_for_token(session, token)
    if user_id is None:
        return None
    return calendar(plan_for(session, user_id, now), public_url=public_url)

"""How the demo mailbox's messages are written: who Alex is, the clock of the story
(``Writer.at(days_ago, "HH:MM")``), threads that reply to each other, calendar invitations.
The story itself is story.py, story_late.py and noise.py; mailbox.py puts it together."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from zoneinfo import ZoneInfo

ME = "Alex Morgan <alex.morgan@example.com>"
ME_ADDRESS = "alex.morgan@example.com"
HOME_TZ = ZoneInfo("America/New_York")


@dataclass
class Thread:
    """Keeps Message-ID / References of one conversation so replies link up."""

    subject: str
    ids: list[str] = field(default_factory=list)


class Writer:
    """Builds the messages of the story in order; `at(days_ago, "HH:MM")` is a local time."""

    def __init__(self, today: date):
        self.today = today
        self.messages: list[EmailMessage] = []

    def at(self, days_ago: int, hhmm: str, tz: ZoneInfo = HOME_TZ) -> datetime:
        day = self.today - timedelta(days=days_ago)
        hour, minute = (int(x) for x in hhmm.split(":"))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)

    def event(self, days_ago: int, hhmm: str, tz: ZoneInfo = HOME_TZ) -> datetime:
        """An interview or a meeting: like ``at``, moved back to the Friday before when it would
        fall on a weekend (nobody interviews on a Sunday), whatever day the demo is built on."""
        moment = self.at(days_ago, hhmm, tz)
        weekday = moment.weekday()
        return moment - timedelta(days=weekday - 4) if weekday >= 5 else moment

    @staticmethod
    def same_day(event: datetime, hhmm: str, tz: ZoneInfo = HOME_TZ) -> datetime:
        """A message written later on the day of ``event`` (a thank-you that evening)."""
        day = event.astimezone(tz).date()
        hour, minute = (int(x) for x in hhmm.split(":"))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)

    def days_before(self, event: datetime, days: int, hhmm: str, tz: ZoneInfo = HOME_TZ) -> datetime:
        return self.same_day(event - timedelta(days=days), hhmm, tz)

    def send(self, *, when: datetime, sender: str, to: str, subject: str | None = None, body: str,
             thread: Thread | None = None, cc: str | None = None, reply_to: str | None = None,
             html: str | None = None, calendar: str | None = None, bulk: str | None = None,
             headers: dict[str, str] | None = None) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = to
        if cc:
            msg["Cc"] = cc
        if reply_to:
            msg["Reply-To"] = reply_to
        if thread is not None and subject is None:
            subject = thread.subject if not thread.ids else "Re: " + thread.subject
        msg["Subject"] = subject or ""
        msg["Date"] = format_datetime(when)
        domain = parseaddr(sender)[1].rsplit("@", 1)[-1]
        digest = hashlib.sha1(f"{len(self.messages)}|{subject}|{when.isoformat()}".encode()).hexdigest()[:16]
        msg_id = f"<{digest}.{len(self.messages):03d}@{domain}>"
        msg["Message-ID"] = msg_id
        if thread is not None:
            if thread.ids:
                msg["In-Reply-To"] = thread.ids[-1]
                msg["References"] = " ".join(thread.ids)
            thread.ids.append(msg_id)
        if bulk:
            msg["List-Unsubscribe"] = f"<https://{bulk}/unsubscribe?u={digest[:10]}>, <mailto:unsubscribe@{bulk}>"
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            msg["Precedence"] = "bulk"
        for name, value in (headers or {}).items():
            msg[name] = value
        own = parseaddr(sender)[1].lower() == ME_ADDRESS
        msg["X-Gmail-Labels"] = "Sent" if own else "Inbox"
        msg.set_content(body)
        if html:
            msg.add_alternative(html, subtype="html")
        if calendar:
            msg.add_alternative(calendar, subtype="calendar", params={"method": "REQUEST"})
        if msg.is_multipart():  # the stdlib draws random boundaries; keep the output reproducible
            msg.set_boundary(f"==demo-{digest}==")
        self.messages.append(msg)
        return msg


def invite(*, uid: str, start: datetime, minutes: int, summary: str, organizer: str,
           attendees: list[str], location: str, description: str = "", stamp: datetime) -> str:
    """A text/calendar REQUEST as Google Calendar / schedulers attach to invitations."""
    end = start + timedelta(minutes=minutes)
    tzid = start.tzinfo.key  # type: ignore[union-attr]
    org_name, org_addr = parseaddr(organizer)
    lines = [
        "BEGIN:VCALENDAR", "PRODID:-//topofmind demo//Calendar 1.0//EN", "VERSION:2.0",
        "CALSCALE:GREGORIAN", "METHOD:REQUEST", "BEGIN:VEVENT",
        f"DTSTART;TZID={tzid}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={tzid}:{end:%Y%m%dT%H%M%S}",
        f"DTSTAMP:{stamp.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}",
        f'ORGANIZER;CN="{org_name}":mailto:{org_addr}', f"UID:{uid}",
    ]
    for person in attendees:
        name, addr = parseaddr(person)
        lines.append(f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="{name}":mailto:{addr}')
    lines += [f"SUMMARY:{summary}", f"LOCATION:{location}", f"DESCRIPTION:{description}",
              "SEQUENCE:0", "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(x) for x in lines) + "\r\n"


def _fold(line: str) -> str:
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode()) > 75:
            out.append(cur)
            cur = " " + ch
        else:
            cur += ch
    return "\r\n".join([*out, cur])

"""The bundled demo mailbox: about four months of one person's job search, as RFC 822
messages, ready for `topofmind import-mbox` or `topofmind demo`.

The story (dates are relative to `today`; the shipped demo.mbox uses today = 2026-11-20):
Alex Morgan <alex.morgan@example.com>, a data analyst in New York (America/New_York), is
looking for a new role. Over ~4 months Alex applies to, talks to and hears back from:

- Sable Peak Software (Greenhouse): applied ~4 months ago, rejected, thanked them. Finished.
- Orchard Lane Foods: a recruiter reached out, one call, Alex declined. Finished.
- Northwind Analytics (Greenhouse, GoodTime): screen, virtual onsite, final round; the
  recruiter called with a verbal offer 2 days ago, written offer "to follow".
- Bluefin Robotics (Lever): screen, then a panel interview that ended yesterday with two
  interviewers, set up by a coordinator: thank-you notes are due to all three.
- Cobalt Ledger (Workday): interviewed 8 days ago, thanked them, no news since: a status
  follow-up is due.
- Harborview Logistics (Ashby): applied 11 days ago, followed up 9 days ago, no answer: the
  second nudge is due.
- Quillfeather Health (iCIMS, HackerRank): screen, assessment, interview; a kind rejection
  arrived yesterday: a gracious reply is due.
- Tessellate Labs (Workable): applied online 2 days ago, no follow-up yet: due.
- Lumen & Loom: Alex's friend Sam Rivera passed the résumé to the hiring manager 2 days ago:
  thank Sam, contact the hiring manager.
- Kestrel Mobility: Alex met Marcus Okonkwo at a meetup and had coffee with him yesterday
  (calendar invite): a follow-up is due.
Plus everyday noise: job alerts, a hiring newsletter, a podcast, receipts, bank mail,
GitHub notifications and family email.

Everything here is fictional; employer domains are under `.example`.
"""

from __future__ import annotations

import hashlib
import mailbox
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

ME = "Alex Morgan <alex.morgan@example.com>"
ME_ADDRESS = "alex.morgan@example.com"
HOME_TZ = ZoneInfo("America/New_York")
DEMO_TODAY = date(2026, 11, 20)  # the date demo.mbox was generated for
BUNDLED_MBOX = Path(__file__).with_name("demo.mbox")


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


def build_demo_messages(today: date) -> list[EmailMessage]:
    """The whole demo mailbox as of `today`, oldest first; deterministic."""
    from server.demo import noise, story

    writer = Writer(today)
    story.write(writer)
    noise.write(writer)
    return sorted(writer.messages, key=_sent_at)


def _sent_at(msg: EmailMessage) -> datetime:
    return msg["Date"].datetime


def write_demo_mbox(path: str | Path, today: date) -> int:
    """Write the demo mailbox to `path` (replacing it); returns the number of messages."""
    path = Path(path)
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path), create=True)
    messages = build_demo_messages(today)
    try:
        box.lock()
        for msg in messages:
            entry = mailbox.mboxMessage(msg)
            stamp = _sent_at(msg).timestamp()
            entry.set_from(parseaddr(msg["From"])[1] or "MAILER-DAEMON", time.gmtime(stamp))
            box.add(entry)
        box.flush()
    finally:
        box.unlock()
        box.close()
    return len(messages)


"""Keyword-only builders of real RFC 822 messages for ingest and linking tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from topofmind.mail.raw import RawMessage

ME = "sam@example.net"


def email_bytes(*, sender: str, to: str = ME, subject: str, body: str, at: datetime,
                msgid: str | None = None, in_reply_to: str | None = None,
                references: list[str] | None = None, headers: dict | None = None,
                ics: str | None = None, cc: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = msgid or make_msgid(domain="test.local")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(body)
    if ics:
        msg.add_alternative(ics, subtype="calendar", params={"method": "REQUEST"})
    return msg.as_bytes()


def raw(provider_id: str, data: bytes, *, thread_id: str | None = None,
        labels: tuple[str, ...] = ()) -> RawMessage:
    return RawMessage(provider_id=provider_id, raw=data, thread_id=thread_id, labels=labels)


def ics_invite(*, start: datetime, minutes: int = 45, organizer: str, attendees: list[str],
               summary: str = "Interview", uid: str = "uid-1@test.local") -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    end = start + timedelta(minutes=minutes)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:REQUEST", "BEGIN:VEVENT",
        f"UID:{uid}", f"DTSTAMP:{start.strftime(fmt)}", f"DTSTART:{start.strftime(fmt)}",
        f"DTEND:{end.strftime(fmt)}", f"SUMMARY:{summary}", f"ORGANIZER:mailto:{organizer}",
        *[f"ATTENDEE;CN={a.split('@')[0]};ROLE=REQ-PARTICIPANT:mailto:{a}" for a in attendees],
        "LOCATION:Video call", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"

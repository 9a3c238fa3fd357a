"""Keyword-only builders of raw RFC 822 messages for the mail-understanding tests (no tests here)."""

from __future__ import annotations

from topofmind.mail.records import record_to_bytes

ME = frozenset({"sam@example.net"})


def raw_message(*, sender="Dana Lee <dana.lee@acme-robotics.com>", to="Sam Rivera <sam@example.net>",
                subject="Hello", body="Hi Sam,\n\nHello.\n\nDana", date="Mon, 02 Mar 2026 09:00:00 -0500",
                html=None, headers=None, ics=None, cc=None) -> bytes:
    record = {"id": "t1", "from": sender, "to": to, "subject": subject, "date": date, "body": body}
    if html is not None:
        record["html"] = html
    if headers:
        record["headers"] = headers
    if ics:
        record["ics"] = ics
    if cc:
        record["cc"] = cc
    return record_to_bytes(record)


def ics_event(*, start="20260310T140000", tzid="America/New_York", method="REQUEST",
              organizer="dana.lee@acme-robotics.com", attendee="sam@example.net") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        f"METHOD:{method}\r\nBEGIN:VEVENT\r\nUID:1@test\r\n"
        f"DTSTART;TZID={tzid}:{start}\r\nDTEND;TZID={tzid}:{start[:9]}150000\r\n"
        f"ORGANIZER;CN=Dana Lee:mailto:{organizer}\r\n"
        f"ATTENDEE;CN=Sam Rivera:mailto:{attendee}\r\n"
        "ATTENDEE;CN=Kim Park:mailto:kim.park@acme-robotics.com\r\n"
        "SUMMARY:Interview: Data Engineer\r\nLOCATION:https://zoom.us/j/123\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

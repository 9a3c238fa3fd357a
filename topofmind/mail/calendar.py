"""``text/calendar`` parts (iCalendar invitations) -> ``CalendarEvent`` values, via ``icalendar``.

An interview invitation usually carries one VEVENT with METHOD:REQUEST (a cancellation,
METHOD:CANCEL). Times come back timezone-aware: a floating time takes the event's TZID
when given, else UTC (recorded as a defect). Bad calendars never raise: they add a defect.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from topofmind.mail.types import Address, CalendarEvent

MAX_EVENTS = 20


def _address(prop) -> Address | None:
    if prop is None:
        return None
    value = str(prop)
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = value.strip().lower()
    if "@" not in value:
        return None
    name = None
    params = getattr(prop, "params", None)
    if params is not None:
        cn = params.get("CN")
        if cn:
            name = " ".join(str(cn).strip('"').split()) or None
    return Address(name=name, address=value)


def _aware(value, defects: list[str]) -> tuple[datetime | None, str | None]:
    if value is None:
        return None, None
    dt = getattr(value, "dt", value)
    if isinstance(dt, datetime):
        if dt.tzinfo is None:
            defects.append("calendar time without a timezone (read as UTC)")
            return dt.replace(tzinfo=UTC), None
        tzname = getattr(dt.tzinfo, "key", None) or getattr(dt.tzinfo, "zone", None) or dt.tzname()
        return dt, tzname
    if isinstance(dt, date):
        return datetime.combine(dt, time(0, 0), tzinfo=UTC), None
    return None, None


def parse_calendar(text: str, defects: list[str]) -> list[CalendarEvent]:
    """Every VEVENT in one iCalendar text. Problems go to ``defects``; never raises."""
    if not text or "BEGIN:VCALENDAR" not in text.upper():
        if text and text.strip():
            defects.append("calendar part without a VCALENDAR")
        return []
    try:
        from icalendar import Calendar

        cal = Calendar.from_ical(text)
    except Exception as exc:
        defects.append(f"unreadable calendar part: {type(exc).__name__}")
        return []
    try:
        method = str(cal.get("METHOD")).upper() if cal.get("METHOD") else None
        events: list[CalendarEvent] = []
        for comp in cal.walk("VEVENT"):
            if len(events) >= MAX_EVENTS:
                break
            try:
                start, tzname = _aware(comp.get("DTSTART"), defects)
                end, _ = _aware(comp.get("DTEND"), defects)
            except Exception:
                defects.append("unreadable calendar times")
                start, end, tzname = None, None, None
            attendees_raw = comp.get("ATTENDEE") or []
            if not isinstance(attendees_raw, list):
                attendees_raw = [attendees_raw]
            attendees = tuple(a for a in (_address(x) for x in attendees_raw) if a)
            status = str(comp.get("STATUS") or "").upper()
            events.append(CalendarEvent(
                method="CANCEL" if status == "CANCELLED" and method != "CANCEL" else method,
                start=start,
                end=end,
                timezone=tzname,
                organizer=_address(comp.get("ORGANIZER")),
                attendees=attendees,
                location=str(comp.get("LOCATION")) if comp.get("LOCATION") else None,
                summary=str(comp.get("SUMMARY")) if comp.get("SUMMARY") else None,
                uid=str(comp.get("UID")) if comp.get("UID") else None,
            ))
        return events
    except Exception as exc:
        defects.append(f"unreadable calendar event: {type(exc).__name__}")
        return []

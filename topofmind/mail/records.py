"""A JSONL message record -> real RFC 822 bytes, so records go through the same parser as mail.

A record is a JSON object with ``id``, ``from``, ``to``, ``subject``, ``date``, ``body``
(text) and optionally ``html``, ``cc``, ``headers`` (an object of extra header fields) and
``ics`` (iCalendar text, sent as a ``text/calendar`` part the way invitations travel).
``to``/``cc`` may be a string or a list of strings; ``date`` an RFC 2822 date or ISO 8601.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from topofmind.mail.recordbytes import calendar_method, plain_bytes

# Headers the record's own fields already set; an entry in ``headers`` does not duplicate them.
_OWN = {"from", "to", "cc", "subject", "date", "content-type", "content-transfer-encoding", "mime-version"}


class RecordError(ValueError):
    """The record cannot become a message; the text says which field is wrong."""


def _text_field(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise RecordError(f"field {name!r} must be a string or a list of strings")
        return ", ".join(value)
    if not isinstance(value, str):
        raise RecordError(f"field {name!r} must be a string, not {type(value).__name__}")
    return value


def _rfc_date(value: str) -> str:
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value  # already RFC 2822 (or unreadable: the parser records the defect)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return format_datetime(dt)


def _clean(value: str) -> str:
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


def record_to_bytes(record: dict) -> bytes:
    """Build the message a record describes. Raises ``RecordError`` on a malformed record."""
    parts = record_parts(record)
    try:
        return plain_bytes(*parts) or email_message_bytes(*parts)
    except UnicodeError as exc:  # text JSON can hold and UTF-8 cannot (a lone surrogate)
        raise RecordError(f"record cannot be encoded as a message: {exc}") from None


def record_parts(record: dict) -> tuple[list[tuple[str, str]], str, str | None, str | None]:
    """(header fields, body, html, ics) of a record; ``RecordError`` names a malformed field."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    body = _text_field(record, "body") or ""
    html = _text_field(record, "html")
    ics = _text_field(record, "ics")
    sender = _text_field(record, "from")
    if not sender and not body and not html:
        raise RecordError("record has neither 'from' nor a body")
    headers = record.get("headers") or {}
    if not isinstance(headers, dict):
        raise RecordError("field 'headers' must be an object of header names to values")

    try:
        fields = [(name, _clean(value)) for field, name in (("from", "From"), ("to", "To"), ("cc", "Cc"),
                                                           ("subject", "Subject"))
                  if (value := _text_field(record, field))]
        date = _text_field(record, "date")
        if date:
            fields.append(("Date", _rfc_date(date.strip())))
        for name, value in headers.items():
            if not isinstance(name, str) or name.lower() in _OWN or value is None:
                continue
            for v in value if isinstance(value, list) else [value]:
                fields.append((name.strip(), _clean(str(v))))
    except (ValueError, TypeError, IndexError) as exc:
        raise RecordError(f"unusable header value: {exc}") from None
    if not any(name.lower() == "message-id" for name, _ in fields) and isinstance(record.get("id"), str | int):
        fields.append(("Message-ID", f"<{_clean(str(record['id']))}@record.topofmind.invalid>"))
    return fields, body, html, ics


def email_message_bytes(fields: list[tuple[str, str]], body: str, html: str | None, ics: str | None) -> bytes:
    """The message built by ``EmailMessage``: any header it can encode (``plain_bytes`` is the
    fast way for plain ones, and parses the same)."""
    msg = EmailMessage(policy=policy.SMTP)
    try:
        for name, value in fields:
            msg[name] = value
    except (ValueError, TypeError, IndexError) as exc:
        raise RecordError(f"unusable header value: {exc}") from None
    msg.set_content(body or ("" if html else "\n"))
    if html:
        msg.add_alternative(html, subtype="html")
    if ics:
        cal = EmailMessage(policy=policy.SMTP)
        cal.set_content(ics, subtype="calendar", params={"method": calendar_method(ics)})
        if msg.is_multipart():
            msg.attach(cal)
        else:
            msg.make_alternative()
            msg.attach(cal)
    try:
        return msg.as_bytes()
    except (ValueError, TypeError, UnicodeError) as exc:
        raise RecordError(f"record cannot be encoded as a message: {exc}") from None

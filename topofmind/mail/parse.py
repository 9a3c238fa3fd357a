"""Raw RFC 822 bytes -> one ``ParsedMessage`` (stdlib ``email``).

The MIME tree is read with the stdlib parser under ``policy.compat32`` and header values
are decoded here (RFC 2047 words, 8-bit bytes, address lists) to the same text
``policy.default`` would give: ``policy.default`` builds header objects we never use, at
several times the cost (bench/README.md, "Why compat32").

Robust by design: mail in the wild has wrong or missing charsets, broken MIME, missing
headers and huge attachments. Everything survivable becomes an entry in ``defects`` and
parsing goes on; ``ParseError`` is raised only when there is nothing usable at all.

Work is capped so that a 20 MB message costs about as much as a small one: only the first
``MAX_PARSE_BYTES`` are handed to the MIME parser, at most ``MAX_TEXT_CHARS`` of body text
are kept, and attachments are skipped without decoding (except small calendar files).
Header values are read raw (``raw_items``) and decoded here, so that one malformed header
cannot make the whole message unreadable.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC
from email import policy
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

from topofmind.mail.calendar import parse_calendar
from topofmind.mail.htmltext import html_to_text
from topofmind.mail.types import Address, ParsedMessage

MAX_PARSE_BYTES = 4_000_000  # the MIME tree beyond this is dropped (a defect says so)
MAX_TEXT_CHARS = 1_000_000  # body text kept per message
MAX_PART_BYTES = 2_000_000  # a text part larger than this is cut before decoding
MAX_CALENDAR_BYTES = 256_000
MAX_PARTS = 200

# Headers kept verbatim (lower-case names) for the classifier and for linking.
KEPT_HEADERS = (
    "list-unsubscribe", "list-unsubscribe-post", "list-id", "list-post", "precedence",
    "auto-submitted", "x-auto-response-suppress", "feedback-id", "x-mailer", "sender",
    "return-path", "x-campaign", "x-mailgun-tag", "x-sg-eid", "x-ses-outgoing",
    "x-linkedin-class", "x-linkedin-template", "x-original-sender", "x-gm-labels",
    "x-priority", "importance", "content-language", "thread-topic", "x-ms-exchange-organization-scl",
)

_MSGID = re.compile(r"<[^<>\s]+>")
_SIMPLE_ADDRESS = re.compile(
    r'\s*(?:"?(?P<name>[^"<>,;:@()\\]*?)"?\s*<(?P<addr>[^<>\s,;:"()\\]+@[^<>\s,;:"()\\]+)>|(?P<bare>[^<>\s,;:"()\\]+@[^<>\s,;:"()\\]+))\s*$'
)
_SURROGATE = re.compile("[\udc80-\udcff]")  # undecodable 8-bit header bytes


class ParseError(ValueError):
    """Nothing usable could be read from the bytes; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _decode_header_value(value: str, defects: list[str], name: str) -> str:
    """RFC 2047 encoded words -> text; raw 8-bit bytes arrive as surrogates and are repaired."""
    if "=?" in value:
        try:
            value = str(make_header(decode_header(value)))
        except (MessageError, LookupError, UnicodeError, ValueError, AssertionError, TypeError):
            defects.append(f"undecodable encoded words in {name}")
    if not value.isascii() and _SURROGATE.search(value):
        # 8-bit header bytes with no declared charset: try UTF-8, else Latin-1.
        raw = value.encode("utf-8", "surrogateescape")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            value = raw.decode("latin-1")
            defects.append(f"8-bit {name} header in an unknown charset (read as Latin-1)")
    return " ".join(value.split())


def _addresses(values: list[str], defects: list[str], name: str) -> list[Address]:
    out: list[Address] = []
    if not values:
        return out
    simple = [_SIMPLE_ADDRESS.match(v) for v in values]
    if all(simple):  # the common "Name <a@b>" / "a@b": no need for the full RFC 5322 parser
        pairs = [((m.group("name") or "").strip(), m.group("addr") or m.group("bare")) for m in simple]
    else:
        pairs = None
    try:
        pairs = pairs or getaddresses(values)
    except Exception:  # getaddresses is lenient, but guard odd inputs
        defects.append(f"unreadable {name} addresses")
        return out
    for display, addr in pairs:
        addr = addr.strip().strip("<>").lower()
        if not addr or "@" not in addr:
            if addr or display:
                defects.append(f"{name} has an entry without an address: {(display or addr)[:60]!r}")
            continue
        display = " ".join(display.replace('"', "").split()) or None
        out.append(Address(name=display, address=addr))
    return out


def _decode_payload(part, defects: list[str]) -> str:
    """A text part's payload as text: transfer decoding, then the declared charset (or a guess)."""
    raw_payload = part.get_payload()
    if isinstance(raw_payload, str) and len(raw_payload) > MAX_PART_BYTES:
        part.set_payload(raw_payload[:MAX_PART_BYTES])
        defects.append("text part larger than the parse limit was cut")
    try:
        data = part.get_payload(decode=True) or b""
    except Exception:
        defects.append("undecodable transfer encoding in a text part")
        data = raw_payload.encode("utf-8", "surrogateescape") if isinstance(raw_payload, str) else b""
    charset = None
    try:
        charset = _charset(part)
    except Exception:
        defects.append("unreadable charset parameter")
    if charset:
        try:
            codecs.lookup(charset)
        except (LookupError, ValueError):
            defects.append(f"unknown charset {charset[:40]!r}")
            charset = None
    if charset:
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            defects.append(f"body is not valid {charset}")
            return data.decode(charset, errors="replace")
        except Exception:  # codecs with odd behaviour (stateful, binary-only)
            defects.append(f"charset {charset[:40]!r} cannot decode text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        defects.append("body has no declared charset and is not UTF-8 (read as Windows-1252)")
        return data.decode("cp1252", errors="replace")


def _charset(part) -> str | None:
    value = part.get("content-type")
    if value.__class__ is not str:  # absent, or a Header (8-bit bytes): the part itself is asked
        return part.get_content_charset()
    return _charset_of(value)


@lru_cache(maxsize=256)
def _charset_of(content_type: str) -> str | None:
    """``get_content_charset`` of a part with this Content-Type: the stdlib's own answer, kept
    per header value (a few values recur in all mail; parsing the parameters is slow)."""
    probe = Message()
    probe["Content-Type"] = content_type
    return probe.get_content_charset()


def _read_calendar(part, defects: list[str]):
    payload = part.get_payload()
    if isinstance(payload, str) and len(payload) > MAX_CALENDAR_BYTES * 2:
        defects.append("calendar part too large: skipped")
        return []
    return parse_calendar(_decode_payload(part, defects)[:MAX_CALENDAR_BYTES], defects)


def _date(value: str | None, defects: list[str]):
    if not value:
        defects.append("no Date header")
        return None
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append(f"unreadable Date header {value[:60]!r}")
        return None
    if dt is None:
        defects.append(f"unreadable Date header {value[:60]!r}")
        return None
    if dt.tzinfo is None:
        defects.append("Date header without a timezone (read as UTC)")
        dt = dt.replace(tzinfo=UTC)
    return dt


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse one message. Never raises anything but ``ParseError`` (nothing usable at all)."""
    if raw is None or not isinstance(raw, bytes | bytearray | memoryview):
        raise ParseError("input is not bytes")
    raw = bytes(raw)
    if not raw.strip():
        raise ParseError("empty message: no headers and no body")
    defects: list[str] = []
    size = len(raw)
    data = raw
    if size > MAX_PARSE_BYTES:
        data = raw[:MAX_PARSE_BYTES]
        defects.append(f"message of {size} bytes: only the first {MAX_PARSE_BYTES} were parsed")
    try:
        msg = BytesParser(policy=policy.compat32).parsebytes(data)
    except Exception as exc:  # the feed parser is tolerant; this is a last resort
        raise ParseError(f"the MIME parser gave up: {type(exc).__name__}: {exc}"[:300]) from None

    fields: dict[str, list[str]] = {}
    try:
        items = msg.raw_items()
    except Exception:
        items = []
    for name, value in items:
        fields.setdefault(str(name).lower(), []).append(str(value))

    def one(name: str) -> str | None:
        values = fields.get(name)
        if not values:
            return None
        return _decode_header_value(values[0], defects, name)

    def many(name: str) -> list[str]:
        return [_decode_header_value(v, defects, name) for v in fields.get(name, [])]

    from_list = _addresses(many("from"), defects, "From")
    if not from_list:
        defects.append("no usable From address")
    to = _addresses(many("to"), defects, "To")
    cc = _addresses(many("cc"), defects, "Cc")
    reply_to = _addresses(many("reply-to"), defects, "Reply-To")
    subject = one("subject") or ""
    date = _date(one("date"), defects)
    message_id = _first_id(one("message-id"))
    in_reply_to = _first_id(one("in-reply-to"))
    references = _MSGID.findall(one("references") or "")[:100]

    headers: dict[str, str] = {}
    for name in KEPT_HEADERS:
        values = fields.get(name)
        if values:  # as ``one``, without a call for each of the many absent names
            headers[name] = _decode_header_value(values[0], defects, name)[:1000]

    plain: list[str] = []
    html: list[str] = []
    calendars = []
    total = 0
    for index, part in enumerate(msg.walk()):
        if index >= MAX_PARTS:
            defects.append(f"more than {MAX_PARTS} MIME parts: the rest were skipped")
            break
        for defect in getattr(part, "defects", ()):
            defects.append(type(defect).__name__)
        try:
            ctype = part.get_content_type()
        except Exception:
            ctype = "text/plain"
        if part.is_multipart():
            continue
        try:
            # Without a Content-Disposition a part has none to read; without one and a "name" in its
            # Content-Type, it has no file name: its parameters need not be parsed once more.
            has_disposition = part.get("content-disposition") is not None
            disposition = (part.get_content_disposition() or "").lower() if has_disposition else ""
            named = has_disposition or "name" in str(part.get("content-type", "")).lower()
            filename = (part.get_filename() or "") if named else ""
        except Exception:
            disposition, filename = "", ""
        is_calendar = ctype in ("text/calendar", "application/ics") or filename.lower().endswith(".ics")
        if not is_calendar and (disposition == "attachment" or filename or ctype not in ("text/plain", "text/html")):
            continue  # attachments and non-text parts are never decoded
        if not is_calendar and total >= MAX_TEXT_CHARS:
            defects.append("body text beyond the limit was dropped")
            continue
        try:
            if is_calendar:
                calendars.extend(_read_calendar(part, defects))
                continue
            text = _decode_payload(part, defects)[: MAX_TEXT_CHARS - total]
        except Exception as exc:  # the stdlib raises assorted errors on damaged parts
            defects.append(f"unreadable MIME part ({ctype}): {type(exc).__name__}")
            continue
        total += len(text)
        (html if ctype == "text/html" else plain).append(text)

    html_body = "\n".join(html) if html else None
    text = "\n".join(p for p in plain if p.strip())
    if not text.strip() and html_body:
        text = html_to_text(html_body)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")

    if not fields and not text.strip() and not calendars:
        raise ParseError("no headers and no readable body")
    return ParsedMessage(
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        from_=from_list[0] if from_list else None,
        to=to,
        cc=cc,
        reply_to=reply_to,
        date=date,
        subject=subject,
        text=text,
        html=html_body,
        calendar=calendars,
        headers=headers,
        size=size,
        defects=_dedupe(defects),
    )


def _first_id(value: str | None) -> str | None:
    if not value:
        return None
    found = _MSGID.search(value)
    if found:
        return found.group(0)
    value = value.strip()
    return f"<{value}>" if value and " " not in value and len(value) < 500 else None


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)[:50]

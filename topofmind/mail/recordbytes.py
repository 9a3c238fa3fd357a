"""A record's message written directly as bytes, when its headers are plain.

``EmailMessage`` parses every header value it is given into header objects and folds them
again on output; for a record of plain ASCII headers that is most of the cost of reading a
JSONL file (bench/README.md, "classify end to end"). Here such a record's headers are written
as they are, and each text part is encoded by the standard library's own choice of transfer
encoding and written as ``BytesGenerator`` writes it, so that ``parse_message`` reads the
same message from these bytes as from ``EmailMessage``'s (tests/core/test_records_bytes.py).
A header with other than ASCII is written as RFC 2047 encoded words (the parser reads the same
text, but for a space the standard library's folding loses next to an encoded word). Anything else (encoded words
already in a value, an address that is not plain, a long word that folding would encode, a
repeated header) returns None: ``EmailMessage`` handles it.
"""

from __future__ import annotations

import re
from email import policy
from email.contentmanager import _encode_text  # the transfer encoding EmailMessage.set_content picks
from email.header import Header
from email.utils import parsedate_to_datetime

_SMTP = policy.SMTP
_ADDRESS_HEADERS = {"from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to", "resent-cc",
                    "resent-bcc", "resent-sender"}
_STRUCTURED = {"date", "resent-date", "orig-date", "message-id", "mime-version"}
_LOCAL = r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_PLAIN_ADDRESS = re.compile(rf"(?:[^\W_][\w .'&-]* )?<{_LOCAL}@{_DOMAIN}>|{_LOCAL}@{_DOMAIN}")
_PLAIN_MESSAGE_ID = re.compile(rf"<{_LOCAL}@{_DOMAIN}>")
_HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_METHOD = re.compile(r"[A-Z-]+")
_CRLF = "\r\n"
_NAMED_ADDRESS = re.compile(r"(?P<name>[^<>\"]+?) (?P<addr><[^<>\s]+>)")
LONGEST_WORD = 60  # a header word longer than this may be folded as encoded words


def calendar_method(ics: str) -> str:
    """The iTIP method an invitation's text declares (REQUEST when it says none)."""
    method = "REQUEST"
    for line in ics.splitlines():
        if line.upper().startswith("METHOD:"):
            method = line.split(":", 1)[1].strip().upper() or method
    return method


def _plain_header(name: str, value: str) -> bool:
    lower = name.lower()
    if not _HEADER_NAME.fullmatch(name) or lower.startswith("content-") or not value.isprintable():
        return False
    if "=?" in value or any(len(word) > LONGEST_WORD for word in value.split(" ")):
        return False
    if lower in _ADDRESS_HEADERS:
        return all(_PLAIN_ADDRESS.fullmatch(part) for part in value.split(", "))
    if lower == "message-id":
        return bool(_PLAIN_MESSAGE_ID.fullmatch(value))
    if not value.isascii() and lower in _STRUCTURED:
        return False
    if lower == "date":
        try:
            return parsedate_to_datetime(value) is not None
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return lower not in _STRUCTURED


def _header_line(name: str, value: str) -> bytes:
    if value.isascii():
        return f"{name}: {value}\r\n".encode("ascii")
    # Other text as encoded words: the parser decodes them to the text EmailMessage's folding gives
    # (tests/core/test_records_bytes.py) at half that folding's cost.
    if name.lower() not in _ADDRESS_HEADERS:
        return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=_CRLF)}\r\n".encode("ascii")
    parts = []
    for part in value.split(", "):
        m = _NAMED_ADDRESS.fullmatch(part)
        if part.isascii():
            parts.append(part)
        elif m and m.group("addr").isascii():
            parts.append(f"{Header(m.group('name'), 'utf-8').encode(linesep=_CRLF)} {m.group('addr')}")
        else:
            return _SMTP.fold_binary(*_SMTP.header_store_parse(name, value))
    return (name + ": " + ",\r\n ".join(parts) + "\r\n").encode("ascii")


def _text_part(text: str, subtype: str, params: str = "", more: str = "") -> bytes:
    cte, payload = _encode_text(text, "utf-8", None, _SMTP)
    body = _NEWLINES.sub("\r\n", payload).encode("ascii", "surrogateescape")
    return (f'Content-Type: text/{subtype}; charset="utf-8"{params}\r\n'
            f"Content-Transfer-Encoding: {cte}\r\n{more}\r\n").encode("ascii") + body


def plain_bytes(fields: list[tuple[str, str]], body: str, html: str | None, ics: str | None) -> bytes | None:
    """The message of these header fields and parts, or None when its headers are not plain."""
    names = [name.lower() for name, _ in fields]
    if len(set(names)) < len(names) or not all(value and _plain_header(name, value) for name, value in fields):
        return None
    head = b"".join(_header_line(name, value) for name, value in fields)
    text = body or ("" if html else "\n")
    if not html and not ics:
        return head + _text_part(text, "plain", more="MIME-Version: 1.0\r\n")
    parts = [_text_part(text, "plain")]
    if html:
        parts.append(_text_part(html, "html"))
    if ics:
        method = calendar_method(ics)
        if not _METHOD.fullmatch(method):
            return None
        parts.append(_text_part(ics, "calendar", f'; method="{method}"'))
    n = 0
    while any(f"==============={n}==".encode() in part for part in parts):
        n += 1
    boundary = f"==============={n}==".encode()
    out = [head, b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="', boundary, b'"\r\n\r\n']
    for i, part in enumerate(parts):
        out += [b"\r\n--" if i else b"--", boundary, b"\r\n", part]
    out += [b"\r\n--", boundary, b"--\r\n"]
    return b"".join(out)

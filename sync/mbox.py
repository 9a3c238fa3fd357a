"""The mbox source: a file (e.g. a Google Takeout export) read through the same sync path.

Quirks handled here:

* Streaming. The file is read line by line from the cursor's byte offset; a batch holds at
  most ``batch_size`` messages and ``batch_bytes`` bytes, so memory stays flat on a
  multi-GB Takeout export. A message larger than ``max_message_bytes`` is not loaded at
  all: it is reported in ``Batch.failed`` with its size, so the ledger says why it is
  missing instead of it vanishing.
* Separators. A message starts at a line beginning with ``From `` that opens the file or
  follows an empty line; body lines that happen to start with ``From `` are written as
  ``>From `` by mboxrd writers (Takeout included) and are unescaped here (one ``>`` off).
* Provider id. ``mbox:`` + a hash of the normalised Message-ID and of the body bytes
  (everything after the header block). Not the byte offset: a later Takeout export of the
  same mailbox puts the same message at another offset and with other Takeout headers
  (labels change), and it must land on the same ledger key instead of duplicating. The
  body hash keeps two different messages that share a Message-ID (broken mailers) apart;
  two byte-identical copies of one message are, correctly, one message. Without a
  Message-ID the Date, From and Subject headers stand in for it (and the whole
  entry when it has none of them).
* Cursor. JSON ``{"offset": <byte offset after the batch's last message>, "head": <hash
  of the file's first 4 KiB before the offset>}``. If the file was replaced (other head), truncated below
  the offset, or the offset no longer falls on a ``From `` line, the cursor is expired and
  the engine re-reads the file from the start; the ledger keeps that from duplicating.
* Takeout headers. ``X-Gmail-Labels`` (comma separated, RFC 2047 encoded when not ASCII)
  becomes Gmail label ids ("Sent" -> SENT, "Inbox" -> INBOX, "Category Updates" ->
  CATEGORY_UPDATES; user labels are kept as they are). ``X-GM-THRID`` is Gmail's thread
  id in decimal; the Gmail API and the web page (``data-legacy-thread-id``) show it in
  hexadecimal, so it is converted.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import datetime
from email.header import decode_header, make_header
from pathlib import Path

from sync.protocol import Batch, CursorExpired, SourceUnavailable
from topofmind.mail.raw import RawMessage

HEAD_BYTES = 4096

# Takeout's label names -> Gmail API system label ids.
SYSTEM_LABELS = {
    "inbox": "INBOX",
    "sent": "SENT",
    "trash": "TRASH",
    "spam": "SPAM",
    "draft": "DRAFT",
    "drafts": "DRAFT",
    "important": "IMPORTANT",
    "starred": "STARRED",
    "unread": "UNREAD",
    "chat": "CHAT",
    "category personal": "CATEGORY_PERSONAL",
    "category social": "CATEGORY_SOCIAL",
    "category promotions": "CATEGORY_PROMOTIONS",
    "category updates": "CATEGORY_UPDATES",
    "category forums": "CATEGORY_FORUMS",
}


def takeout_labels(value: str | None) -> tuple[str, ...]:
    """``X-Gmail-Labels: Inbox,Sent,"Jobs, 2026"`` -> ("INBOX", "SENT", "Jobs, 2026")."""
    if not value:
        return ()
    text = _decode_rfc2047(value)
    labels: list[str] = []
    for row in csv.reader([text], skipinitialspace=True):
        for name in row:
            name = name.strip()
            if not name:
                continue
            label = SYSTEM_LABELS.get(name.lower(), name)
            if label not in labels:
                labels.append(label)
    return tuple(labels)


def gmail_thread_id(value: str | None) -> str | None:
    """``X-GM-THRID: 1790373523456789012`` -> "18d8f0b6a0c1e014" (Gmail's hex threadId)."""
    if not value:
        return None
    value = value.strip()
    if not value.isdigit():
        return None
    return format(int(value), "x")


def _decode_rfc2047(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # a malformed encoded word: keep the raw text
        return value


def _header_block(raw: bytes) -> tuple[bytes, bytes]:
    """(headers, body) split at the first empty line, LF or CRLF."""
    cuts = [(i, n) for i, n in ((raw.find(b"\n\n"), 2), (raw.find(b"\r\n\r\n"), 4)) if i != -1]
    if not cuts:
        return raw, b""
    i, n = min(cuts)
    return raw[:i], raw[i + n:]


def selected_headers(head: bytes, names: frozenset[str]) -> dict[str, str]:
    """A few headers by lower-case name, unfolded; first occurrence wins. Tolerant of junk."""
    found: dict[str, str] = {}
    current: str | None = None
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):
            if current is not None:
                found[current] += " " + line.strip().decode("latin-1")
            continue
        current = None
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        key = name.strip().decode("latin-1").lower()
        if key in names and key not in found:
            found[key] = value.strip().decode("latin-1")
            current = key
    return found


_KEY_HEADERS = frozenset({"message-id", "date", "from", "subject", "x-gmail-labels", "x-gm-thrid"})


def message_key(headers: dict[str, str], body: bytes, raw: bytes) -> str:
    mid = headers.get("message-id", "").strip().strip("<>").strip().lower()
    ident = mid or "\x1f".join(headers.get(h, "").strip() for h in ("date", "from", "subject"))
    h = hashlib.blake2b(digest_size=16)
    h.update(ident.encode("utf-8", "surrogateescape"))
    h.update(b"\0")
    # Junk without any identifying header: only its full bytes tell it apart.
    h.update(body if ident.strip("\x1f") else raw)
    return "mbox:" + h.hexdigest()


def _from_line_date(line: bytes) -> datetime | None:
    # "From 1790373523456789012@xxx Wed Mar 04 10:12:13 +0000 2026"
    parts = line.decode("latin-1").split()
    if len(parts) < 7:
        return None
    stamp = " ".join(parts[2:])
    for fmt in ("%a %b %d %H:%M:%S %z %Y", "%a %b %d %H:%M:%S %Y"):
        try:
            dt = datetime.strptime(stamp, fmt)
        except ValueError:
            continue
        return dt if dt.tzinfo else None
    return None


def _is_separator(line: bytes, previous_blank: bool) -> bool:
    return previous_blank and line.startswith(b"From ")


def _unescape(line: bytes) -> bytes:
    # mboxrd: ">From ", ">>From " ... lose one ">".
    if line.startswith(b">"):
        stripped = line.lstrip(b">")
        if stripped.startswith(b"From "):
            return line[1:]
    return line


class MboxSource:
    """Changes since a byte offset in an mbox file, in batches. See the module docstring."""

    provider = "mbox"

    def __init__(self, path: str | os.PathLike, batch_size: int = 200, *,
                 batch_bytes: int = 32 * 1024 * 1024, max_message_bytes: int = 50 * 1024 * 1024):
        self.path = Path(path)
        self.batch_size = max(1, int(batch_size))
        self.batch_bytes = batch_bytes
        self.max_message_bytes = max_message_bytes

    # --- cursor -------------------------------------------------------------------------

    @staticmethod
    def _head_hash(fh, length: int) -> str:
        # Only bytes before the cursor: appending to a small file must not look like a new file.
        fh.seek(0)
        return hashlib.blake2b(fh.read(min(length, HEAD_BYTES)), digest_size=8).hexdigest()

    def _cursor(self, fh, offset: int) -> str:
        position = fh.tell()
        head = self._head_hash(fh, offset)
        fh.seek(position)
        return json.dumps({"offset": offset, "head": head}, separators=(",", ":"))

    def _start_offset(self, fh, cursor: str | None, size: int) -> int:
        if cursor is None:
            return 0
        try:
            state = json.loads(cursor)
            offset = int(state["offset"])
            old_head = state["head"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CursorExpired(f"unreadable mbox cursor: {exc}") from exc
        if offset > size:
            raise CursorExpired("the mbox file is shorter than the last synced position")
        if old_head != self._head_hash(fh, offset):
            raise CursorExpired("the mbox file was replaced (its beginning changed)")
        if offset < size:
            fh.seek(offset)
            if not fh.read(5) == b"From ":
                raise CursorExpired("the last synced position is not at a message boundary")
        return offset

    def count_messages(self, offset: int = 0) -> int:
        """Messages from ``offset`` to the end, by the same separator rule (for progress)."""
        count = 0
        tail = b"\n\n"
        with self.path.open("rb") as fh:
            fh.seek(offset)
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                # Matches wholly inside the carried-over tail were counted last round.
                for sep in (b"\n\nFrom ", b"\n\r\nFrom "):
                    count += data.count(sep) - tail.count(sep)
                tail = data[-7:]
        return count

    # --- reading ------------------------------------------------------------------------

    def changes(self, cursor: str | None) -> Iterator[Batch]:
        try:
            fh = self.path.open("rb")
        except FileNotFoundError as exc:
            raise SourceUnavailable(
                f"mbox file not found: {self.path}; put it back or remove the account"
            ) from exc
        except OSError as exc:
            raise SourceUnavailable(f"cannot read the mbox file: {exc.strerror}") from exc
        with fh:
            size = os.fstat(fh.fileno()).st_size
            offset = self._start_offset(fh, cursor, size)
            if offset == 0 and size:
                fh.seek(0)
                if fh.read(5) != b"From ":
                    raise SourceUnavailable(
                        f"{self.path.name} is not an mbox file (it does not start with a 'From ' line)"
                    )
            total = self.count_messages(offset)
            fh.seek(offset)
            yield from self._batches(fh, offset, total)

    def _batches(self, fh, offset: int, total: int) -> Iterator[Batch]:
        messages: list[RawMessage] = []
        failed: list[tuple[str, str]] = []
        batch_bytes = 0
        for end_offset, item in self._messages(fh, offset):
            if isinstance(item, RawMessage):
                messages.append(item)
                batch_bytes += len(item.raw)
            else:
                failed.append(item)
            if len(messages) + len(failed) >= self.batch_size or batch_bytes >= self.batch_bytes:
                yield Batch(messages=messages, failed=failed, cursor=self._cursor(fh, end_offset),
                            total=total)
                messages, failed, batch_bytes = [], [], 0
        if messages or failed:
            yield Batch(messages=messages, failed=failed, cursor=self._cursor(fh, self._eof),
                        total=total)

    def _messages(self, fh, offset: int) -> Iterator[tuple[int, RawMessage | tuple[str, str]]]:
        """(offset where the next message starts, message or (provider id, reason))."""
        pos = offset
        from_line: bytes | None = None
        start = offset
        lines: list[bytes] = []
        size = 0
        oversize = False
        hasher = None
        previous_blank = True
        # readline with a limit: a pathological line without newlines cannot fill memory.
        for line in iter(lambda: fh.readline(1 << 20), b""):
            if _is_separator(line, previous_blank):
                if from_line is not None:
                    yield pos, self._finish(from_line, lines, start, size, oversize, hasher)
                from_line, start, lines, size, oversize, hasher = line, pos, [], 0, False, None
            elif from_line is not None:
                size += len(line)
                if oversize:
                    hasher.update(line)
                elif size > self.max_message_bytes:
                    oversize = True
                    hasher = hashlib.blake2b(digest_size=16)
                    for kept in lines:
                        hasher.update(kept)
                    hasher.update(line)
                    lines = lines[:200]  # enough to read its headers
                else:
                    lines.append(_unescape(line))
            previous_blank = line in (b"\n", b"\r\n")
            pos += len(line)
        self._eof = pos
        if from_line is not None:
            yield pos, self._finish(from_line, lines, start, size, oversize, hasher)

    def _finish(self, from_line, lines, start, size, oversize, hasher):
        # The empty line before the next "From " belongs to the mbox, not to the message.
        if not oversize and lines and lines[-1] in (b"\n", b"\r\n"):
            lines.pop()
        raw = b"".join(lines)
        head, body = _header_block(raw)
        headers = selected_headers(head, _KEY_HEADERS)
        if oversize:
            key = "mbox:" + hashlib.blake2b(
                (headers.get("message-id", "") + hasher.hexdigest()).encode("utf-8", "surrogateescape"),
                digest_size=16).hexdigest()
            return (key, f"message of {size} bytes at offset {start} is larger than the "
                         f"{self.max_message_bytes}-byte limit; not imported")
        return RawMessage(
            provider_id=message_key(headers, body, raw),
            raw=raw,
            thread_id=gmail_thread_id(headers.get("x-gm-thrid")),
            labels=takeout_labels(headers.get("x-gmail-labels")),
            received_at=_from_line_date(from_line),
        )


def open_mbox_source(account, credentials: dict, **_context) -> MboxSource:
    """Factory for the source registry: credentials hold {"path": ..., "batch_size": ...}."""
    path = credentials.get("path") or account.address
    return MboxSource(path, batch_size=int(credentials.get("batch_size", 200)),
                      max_message_bytes=int(credentials.get("max_message_bytes", 50 * 1024 * 1024)))

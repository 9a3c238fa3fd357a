"""Fetching one chunk of UIDs: a cheap first pass on headers, then whole messages where needed.

The first pass asks for ``RFC822.SIZE``, ``INTERNALDATE`` and a dozen header fields (and
Gmail's ``X-GM-THRID``); ``topofmind.mail.triage.obvious_noise`` tells the obvious noise
(bulk mail without job words from a sender that is no job vendor), which is never downloaded
whole: its header block alone goes to the ledger, which classifies and records it. The rest
is fetched whole (``BODY.PEEK[]``: nothing is marked read), split so that one fetch holds at
most ``fetch_bytes``. A UID expunged between the SEARCH and the FETCH is simply missing from
the answer.

Provider ids are content keys, not UIDs: ``imap:`` + a hash of Message-ID, Date, From,
Subject and RFC822.SIZE, so a renumbered folder or the same message in two folders lands on
the same ledger key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from imapclient import IMAPClient

from sync.imap_connection import CommandCounter
from sync.mbox import selected_headers
from sync.protocol import Batch
from topofmind.mail.raw import RawMessage
from topofmind.mail.triage import TRIAGE_HEADERS, obvious_noise

HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS ({})]".format(" ".join(h.upper() for h in TRIAGE_HEADERS))
FOLDER_LABELS = {"inbox": ("INBOX",), "sent": ("SENT",)}


@dataclass(frozen=True)
class FetchLimits:
    fetch_bytes: int = 8 << 20  # at most this much in one FETCH of whole messages
    max_message_bytes: int = 50 << 20  # larger messages go to Batch.failed with their size
    triage: bool = True  # False: every message is downloaded whole (for comparisons)


def message_key(headers: dict[str, str], size: int) -> str:
    h = hashlib.blake2b(digest_size=16)
    mid = headers.get("message-id", "").strip().strip("<>").strip().lower()
    for part in (mid, headers.get("date", "").strip(), headers.get("from", "").strip(),
                 headers.get("subject", "").strip(), str(size)):
        h.update(part.encode("utf-8", "surrogateescape") + b"\x1f")
    return "imap:" + h.hexdigest()


def _find(data: dict, prefix: bytes):
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(prefix):
            return value
    return None


def header_keys(client: IMAPClient, call: CommandCounter, uids: list[int]) -> dict[int, str]:
    """The content key of each UID still there, from its headers alone (no body)."""
    heads = call("UID FETCH headers", client.fetch, uids, ["RFC822.SIZE", HEADER_ITEM])
    keys = {}
    for uid in uids:
        data = heads.get(uid)
        if data is not None:
            block = _find(data, b"BODY[HEADER") or b""
            call.bytes_fetched += len(block)
            keys[uid] = message_key(selected_headers(block, frozenset(TRIAGE_HEADERS)),
                                    int(data.get(b"RFC822.SIZE") or 0))
    return keys


def fetch_chunk(client: IMAPClient, call: CommandCounter, role: str, uids: list[int], *, gmail: bool,
                limits: FetchLimits) -> tuple[Batch, dict[int, str]]:
    """One Batch (its cursor left to the caller) and the content key of each UID in it."""
    items = ["RFC822.SIZE", "INTERNALDATE", HEADER_ITEM] + (["X-GM-THRID"] if gmail else [])
    heads = call("UID FETCH headers", client.fetch, uids, items)
    batch = Batch(messages=[], cursor="")
    whole: list[tuple[int, int]] = []
    meta: dict[int, tuple[str, str | None, datetime | None]] = {}
    for uid in uids:
        data = heads.get(uid)
        if data is None:
            continue  # expunged since the search
        block = _find(data, b"BODY[HEADER") or b""
        call.bytes_fetched += len(block)
        size = int(data.get(b"RFC822.SIZE") or 0)
        headers = selected_headers(block, frozenset(TRIAGE_HEADERS))
        key = message_key(headers, size)
        thrid = data.get(b"X-GM-THRID")
        received = data.get(b"INTERNALDATE")
        if isinstance(received, datetime) and received.tzinfo is None:
            received = received.replace(tzinfo=UTC)
        meta[uid] = (key, format(int(thrid), "x") if thrid else None, received)
        if size > limits.max_message_bytes:
            batch.failed.append((key, f"message of {size} bytes is larger than the "
                                      f"{limits.max_message_bytes}-byte limit; not imported"))
        elif limits.triage and role == "inbox" and obvious_noise(headers):
            batch.messages.append(RawMessage(provider_id=key, raw=block, thread_id=meta[uid][1],
                                             labels=FOLDER_LABELS[role], received_at=meta[uid][2]))
        else:
            whole.append((uid, size))
    for group in _groups(whole, limits.fetch_bytes):
        bodies = call("UID FETCH bodies", client.fetch, group, ["BODY.PEEK[]"])
        for got in group:
            data = bodies.get(got)
            if data is None:
                meta.pop(got)  # expunged since the first pass: not in this folder any more
                continue
            raw = _find(data, b"BODY[]") or b""
            call.bytes_fetched += len(raw)
            key, thread_id, received = meta[got]
            batch.messages.append(RawMessage(provider_id=key, raw=raw, thread_id=thread_id,
                                             labels=FOLDER_LABELS[role], received_at=received))
    return batch, {uid: key for uid, (key, _thread, _received) in meta.items()}


def _groups(sized: list[tuple[int, int]], limit: int) -> list[list[int]]:
    """UIDs in fetches of at most ``limit`` bytes each (a larger message alone in its own)."""
    groups: list[list[int]] = []
    total = 0
    for uid, size in sized:
        if not groups or (groups[-1] and total + size > limit):
            groups.append([])
            total = 0
        groups[-1].append(uid)
        total += size
    return groups

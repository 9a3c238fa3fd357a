"""Which folders a pass reads, and what the cursor remembers about each.

The inbox and the folder flagged ``\\Sent`` (RFC 6154); servers without the flags (older
Dovecot/Courier, some localised accounts) get the preset's Sent names, then common names in
several languages. The names found are kept in the cursor (no LIST on an idle pass).

Per folder the cursor keeps UIDVALIDITY, UIDNEXT, MESSAGES, HIGHESTMODSEQ, the last UID
read, and a UidIndex: the content key of every UID read, so that a UID that vanished from
the server (deleted, moved away) can be named to the ledger. It is compact (a sequence set
of UIDs and the keys' 16-byte digests in base64, 21 bytes a message) because it is written
with every batch's cursor.
"""

from __future__ import annotations

import base64
import json

from imapclient import IMAPClient

from sync.imap_connection import CommandCounter
from sync.imap_presets import COMMON_SENT_NAMES, preset_for

STATE_VERSION = 2
_KEY_PREFIX = "imap:"
_DIGEST = 16


def find_folders(client: IMAPClient, call: CommandCounter, preset: str | None) -> dict[str, str]:
    listed = call("LIST", client.list_folders)
    names = [name for _flags, _sep, name in listed]
    sent = next((name for flags, _sep, name in listed if b"\\Sent" in flags), None)
    if sent is None:
        found = preset_for(preset)
        lowered = {n.lower(): n for n in names}
        for candidate in (*(found.sent_fallbacks if found else ()), *COMMON_SENT_NAMES):
            if candidate.lower() in lowered:
                sent = lowered[candidate.lower()]
                break
    inbox = next((n for n in names if n.upper() == "INBOX"), "INBOX")
    return {"inbox": inbox, "sent": sent} if sent else {"inbox": inbox}


def adopt(folders: dict, found: dict[str, str]) -> None:
    """Start a folder's entry afresh when it is new or its name changed."""
    for role, name in found.items():
        entry = folders.get(role)
        if entry is None or entry.get("name") != name:
            folders[role] = {"name": name, "uidvalidity": None, "last_uid": 0, "uidnext": None,
                             "modseq": None, "messages": None, "index": UidIndex().encode()}


def load_state(cursor: str | None) -> dict:
    """The cursor as a dict. Version 1 (before the UidIndex) is read as is: its folders are
    indexed again from their headers at the next pass."""
    try:
        state = json.loads(cursor) if cursor else None
        if state.get("v") in (1, STATE_VERSION) and isinstance(state.get("folders"), dict):
            state["v"] = STATE_VERSION
            state.setdefault("gone", [])
            return state
    except (ValueError, AttributeError):
        pass
    return {"v": STATE_VERSION, "folders": {}, "gone": []}  # none or unreadable: from UID 1; the ledger dedupes


def dump_state(state: dict) -> str:
    return json.dumps(state, sort_keys=True, separators=(",", ":"))


class UidIndex:
    """The content key of each UID read from one folder: UID ranges (ascending) and, in the
    same order, one 16-byte digest per UID. Adding is cheap because it is done every batch."""

    def __init__(self, ranges: list[list[int]] | None = None, digests: bytes = b""):
        self.ranges = ranges or []
        self.digests = bytearray(digests)

    @classmethod
    def decode(cls, stored: dict | None) -> UidIndex:
        if not stored:
            return cls()
        ranges = []
        for part in filter(None, stored["uids"].split(",")):
            low, _, high = part.partition(":")
            ranges.append([int(low), int(high or low)])
        index = cls(ranges, base64.b64decode(stored["keys"]))
        return index if len(index.digests) == _DIGEST * len(index) else cls()  # damaged: start again

    def encode(self) -> dict:
        return {"uids": ",".join(f"{lo}:{hi}" if hi != lo else str(lo) for lo, hi in self.ranges),
                "keys": base64.b64encode(self.digests).decode()}

    def __len__(self) -> int:
        return sum(hi - lo + 1 for lo, hi in self.ranges)

    def uids(self) -> list[int]:
        return [uid for lo, hi in self.ranges for uid in range(lo, hi + 1)]

    def add(self, keys: dict[int, str]) -> None:
        """Keys of UIDs above every UID held (a folder only grows upwards)."""
        for uid in sorted(keys):
            if self.ranges and uid <= self.ranges[-1][1]:
                continue
            if self.ranges and uid == self.ranges[-1][1] + 1:
                self.ranges[-1][1] = uid
            else:
                self.ranges.append([uid, uid])
            self.digests += bytes.fromhex(keys[uid].removeprefix(_KEY_PREFIX))

    def keys(self) -> set[str]:
        d = self.digests
        return {_KEY_PREFIX + d[i:i + _DIGEST].hex() for i in range(0, len(d), _DIGEST)}

    def drop_vanished(self, present: set[int]) -> list[str]:
        """Forget the UIDs no longer in the folder; returns their keys."""
        kept = UidIndex()
        gone: list[str] = []
        for i, uid in enumerate(self.uids()):
            digest = self.digests[i * _DIGEST:(i + 1) * _DIGEST]
            if uid in present:
                kept.add({uid: _KEY_PREFIX + digest.hex()})
            else:
                gone.append(_KEY_PREFIX + digest.hex())
        self.ranges, self.digests = kept.ranges, kept.digests
        return gone

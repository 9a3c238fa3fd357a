"""Any IMAP mailbox as a MailSource (imapclient): the inbox and the sent folder, by UID.

The parts: ``imap_connection`` (settings, TLS, login, errors by step), ``imap_folders``
(which folders, the cursor and its UidIndex), ``imap_fetch`` (the cheap header first pass
and the whole messages), and here the pass itself. Per folder (INBOX, then the folder
flagged ``\\Sent``):
1. ``STATUS folder (UIDNEXT UIDVALIDITY MESSAGES [HIGHESTMODSEQ])``: one round-trip. When
   nothing moved since the cursor (same UIDVALIDITY, UIDNEXT and MESSAGES, and the same
   HIGHESTMODSEQ where CONDSTORE is offered) the folder is done: an idle pass costs one
   round-trip per folder after the login.
2. Otherwise ``EXAMINE`` (read-only: nothing is ever marked read). When MESSAGES grew less
   than UIDNEXT did, something vanished: ``UID SEARCH UID 1:last`` says which of the UIDs
   read are still there, and the UidIndex names the others' content keys. Then
   ``UID SEARCH UID n:*`` (``SINCE`` the history window) for the UIDs after the last read.
3. In chunks of ``batch_size`` UIDs (``imap_fetch``): each chunk is one Batch whose cursor
   carries the highest UID done and the index, so a pass cut anywhere resumes after the
   last committed chunk. The next chunk is fetched while the engine stores this one.
At the end of the pass, the keys that vanished from a folder and are in no folder read
(deleted, or moved out of INBOX and Sent) go to ``Batch.removed``: the ledger marks them
removed, as for Gmail and Outlook, and keeps what they taught. A message moved between INBOX
and Sent keeps its content key: the ledger sees a known message with a new label.

Provider ids are content keys, not UIDs (``imap_fetch.message_key``): a UIDVALIDITY change
(the server renumbered a folder), a folder deleted and made again, or the same message in
INBOX and Sent all land on the same ledger key, so a resync of the folder (from UID 1) never
duplicates anything: the ledger decides. A renumbered folder's old index is dropped without
removals (the resync may skip messages older than the history window).

Quirks handled here:
- ``UID n:*`` always returns the highest UID even when it is below n (RFC 3501): filtered;
- Gmail: ``X-GM-THRID`` (with X-GM-EXT-1) is Gmail's thread id, converted to the hex the
  web page shows; the same message in INBOX and ``[Gmail]/Sent Mail`` is one message;
- a folder that vanished (renamed, deleted) makes the pass LIST again;
- messages larger than ``max_message_bytes`` are not loaded: they go to ``Batch.failed``
  with their size, so the ledger says why they are missing;
- a cursor from before the UidIndex: the UIDs already read are indexed from their headers
  once (no body is downloaded again);
- XOAUTH2: a refused access token is refreshed once when the account has a refresh token
  and a token endpoint; otherwise, as for a refused app password, the account needs
  reconnecting and nothing stored is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from imapclient import IMAPClient
from imapclient import exceptions as imap_errors

from sync.imap_connection import (
    CommandCounter,
    ImapProblem,
    ImapSettings,
    LoginRefused,
    close,
    connect,
    error_text,
    refreshed,
)
from sync.imap_fetch import FetchLimits, fetch_chunk, header_keys
from sync.imap_folders import UidIndex, adopt, dump_state, find_folders, load_state
from sync.protocol import AuthorizationRevoked, Batch

__all__ = ["ImapProblem", "ImapSettings", "ImapSource", "LoginRefused", "Probe", "open_imap_source"]


@dataclass
class Probe:
    """What a connection test found."""

    capabilities: tuple[str, ...]
    folders: dict[str, str]
    messages: dict[str, int] = field(default_factory=dict)


class ImapSource:
    provider = "imap"

    def __init__(self, settings: ImapSettings, *, batch_size: int = 200, fetch_bytes: int = 8 << 20,
                 max_message_bytes: int = 50 << 20, first_sync_days: int | None = None,
                 now: Callable[[], datetime] | None = None, default_ca_bundle: str | None = None,
                 triage: bool = True, on_credentials_changed: Callable[[dict], None] | None = None):
        self.settings = settings
        self.batch_size = max(1, batch_size)
        self.limits = FetchLimits(fetch_bytes=fetch_bytes, max_message_bytes=max_message_bytes, triage=triage)
        self.first_sync_days = first_sync_days
        self._now = now or (lambda: datetime.now(UTC))
        self.default_ca_bundle = default_ca_bundle
        self.on_credentials_changed = on_credentials_changed
        self._call = CommandCounter(settings.host)

    @property
    def round_trips(self) -> int:
        """Server commands of the last pass (CAPABILITY, LOGIN ... LOGOUT), for benches."""
        return self._call.round_trips

    @property
    def bytes_fetched(self) -> int:
        """Message and header bytes received in the last pass."""
        return self._call.bytes_fetched

    def connect(self) -> IMAPClient:
        try:
            return connect(self.settings, self._call, default_ca_bundle=self.default_ca_bundle)
        except LoginRefused:
            if not self.settings.refreshable:
                raise
        # The access token was refused: refresh it once, keep the new one, log in again.
        self.settings = refreshed(self.settings, default_ca_bundle=self.default_ca_bundle)
        if self.on_credentials_changed is not None:
            self.on_credentials_changed(self.settings.to_credentials())
        return connect(self.settings, self._call, default_ca_bundle=self.default_ca_bundle)

    def find_folders(self, client: IMAPClient) -> dict[str, str]:
        return find_folders(client, self._call, self.settings.preset)

    def probe(self) -> Probe:
        """Connect, log in, find the folders and count their messages (the "test connection")."""
        client = self.connect()
        try:
            folders = self.find_folders(client)
            counts = {}
            for role, name in folders.items():
                try:
                    counts[role] = self._call("STATUS", client.folder_status, name, [b"MESSAGES"])[b"MESSAGES"]
                except imap_errors.IMAPClientError as exc:
                    raise ImapProblem("folder", f"no such folder: {name} ({error_text(exc)})") from None
            if "sent" not in folders:
                raise ImapProblem("folder", "no such folder: no folder is flagged \\Sent or named like a "
                                            "Sent folder; your replies would be missed")
            caps = tuple(c.decode() if isinstance(c, bytes) else str(c) for c in client.capabilities())
            return Probe(capabilities=caps, folders=folders, messages=counts)
        finally:
            close(client)

    # --- MailSource -----------------------------------------------------------------------
    def changes(self, cursor: str | None) -> Iterator[Batch]:
        state = load_state(cursor)
        self._call = CommandCounter(self.settings.host)
        client = self.connect()
        try:
            condstore = client.has_capability("CONDSTORE")
            gmail = client.has_capability("X-GM-EXT-1")
            folders = state["folders"]
            if not folders or any(role not in folders for role in ("inbox", "sent")):
                adopt(folders, self.find_folders(client))
            for role in ("inbox", "sent"):
                if role in folders:
                    yield from self._folder(client, role, state, condstore=condstore, gmail=gmail)
            if state["gone"]:
                yield self._removals(state)
        finally:
            self._call.round_trips += 1  # LOGOUT
            close(client)

    def _removals(self, state: dict) -> Batch:
        """What vanished from a folder and is in no folder read now (not a move between them)."""
        held: set[str] = set()
        for entry in state["folders"].values():
            held |= UidIndex.decode(entry.get("index")).keys()
        removed = [key for key in dict.fromkeys(state["gone"]) if key not in held]
        state["gone"] = []
        return Batch(messages=[], cursor=dump_state(state), removed=removed)

    def _status(self, client, entry: dict, condstore: bool) -> dict | None:
        items = [b"UIDNEXT", b"UIDVALIDITY", b"MESSAGES"] + ([b"HIGHESTMODSEQ"] if condstore else [])
        try:
            return self._call("STATUS", client.folder_status, entry["name"], items)
        except imap_errors.IMAPClientError:
            return None

    def _folder(self, client, role: str, state: dict, *, condstore: bool, gmail: bool) -> Iterator[Batch]:
        folders = state["folders"]
        entry = folders[role]
        status = self._status(client, entry, condstore)
        if status is None:  # renamed or deleted: look again; a new folder starts from UID 1
            adopt(folders, self.find_folders(client))
            if role not in folders or folders[role]["name"] == entry["name"]:
                folders.pop(role, None)
                yield Batch(messages=[], cursor=dump_state(state))
                return
            entry = folders[role]
            status = self._status(client, entry, condstore)
            if status is None:
                raise ImapProblem("folder", f"no such folder: {entry['name']}")
        uidvalidity, uidnext, count = status[b"UIDVALIDITY"], status[b"UIDNEXT"], status.get(b"MESSAGES")
        modseq = status.get(b"HIGHESTMODSEQ")
        if (entry["uidvalidity"] == uidvalidity and entry["uidnext"] == uidnext and "index" in entry
                and entry.get("messages") == count and (not condstore or entry.get("modseq") == modseq)):
            return  # idle: nothing arrived, nothing changed
        index = UidIndex.decode(entry.get("index"))
        if entry["uidvalidity"] != uidvalidity:
            # Renumbered (or first time): read the folder again from UID 1; content keys dedupe.
            entry.update(uidvalidity=uidvalidity, last_uid=0, uidnext=None, modseq=None, messages=None)
            index = UidIndex()
        self._call("EXAMINE", client.select_folder, entry["name"], readonly=True)
        if entry["last_uid"] and "index" not in entry:
            self._index_read_uids(client, entry, index)
        elif len(index) and not _only_grew(entry, uidnext, count):
            still = self._call("UID SEARCH", client.search, ["UID", f"1:{entry['last_uid']}"])
            state["gone"].extend(index.drop_vanished(set(still)))
        entry["index"] = index.encode()
        criteria = ["UID", f"{entry['last_uid'] + 1}:*", *self._window()]
        uids = sorted(u for u in self._call("UID SEARCH", client.search, criteria) if u > entry["last_uid"])
        chunks = [uids[i:i + self.batch_size] for i in range(0, len(uids), self.batch_size)]
        # The next chunk is fetched while the engine stores this one: Dovecot's work and the
        # network overlap with parsing and classifying. One fetch in flight, one user of the client.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap-prefetch") as prefetch:
            fetch = lambda chunk: prefetch.submit(fetch_chunk, client, self._call, role, chunk,  # noqa: E731
                                                  gmail=gmail, limits=self.limits)
            pending = fetch(chunks[0]) if chunks else None
            try:
                for index_of, chunk in enumerate(chunks):
                    batch, keys = pending.result()
                    pending = fetch(chunks[index_of + 1]) if index_of + 1 < len(chunks) else None
                    index.add(keys)
                    entry["last_uid"], entry["index"] = chunk[-1], index.encode()
                    batch.total = len(uids)
                    batch.cursor = dump_state(state)
                    yield batch
            finally:
                if pending is not None and not pending.cancel():
                    _wait_quietly(pending)  # stopped early: the fetch in flight ends before the logout
        entry.update(uidnext=max(uidnext, entry["last_uid"] + 1), modseq=modseq, messages=count)
        yield Batch(messages=[], cursor=dump_state(state), total=len(uids))

    def _window(self) -> list:
        """SEARCH criteria for the history window read (none: everything)."""
        if not self.first_sync_days:
            return []
        return ["SINCE", (self._now() - timedelta(days=self.first_sync_days)).date()]

    def _index_read_uids(self, client, entry: dict, index: UidIndex) -> None:
        """A cursor from before the UidIndex: the keys of the UIDs already read, from headers."""
        read = sorted(self._call("UID SEARCH", client.search, ["UID", f"1:{entry['last_uid']}", *self._window()]))
        for i in range(0, len(read), self.batch_size * 5):
            index.add(header_keys(client, self._call, read[i:i + self.batch_size * 5]))


def _only_grew(entry: dict, uidnext: int, count: int | None) -> bool:
    """Nothing vanished since the last whole pass: MESSAGES grew by as much as UIDNEXT did."""
    if entry.get("messages") is None or entry.get("uidnext") is None or count is None:
        return False
    return count - entry["messages"] >= uidnext - entry["uidnext"]


def _wait_quietly(future) -> None:
    try:
        future.result()
    except Exception:
        pass


def open_imap_source(account, credentials: dict, *, config, on_credentials_changed=None,
                     **options) -> ImapSource:
    """The sources registry's factory: decrypted settings + the runtime Config."""
    if not credentials:
        raise AuthorizationRevoked("this IMAP account has no stored password; connect it again")
    options.setdefault("first_sync_days", config.first_sync_days)
    return ImapSource(ImapSettings.from_credentials(credentials), default_ca_bundle=config.ca_bundle,
                      on_credentials_changed=on_credentials_changed, **options)

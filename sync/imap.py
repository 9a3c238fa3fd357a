"""Any IMAP mailbox as a MailSource (imapclient): the inbox and the sent folder, by UID.

A pass, per folder (INBOX, then the folder flagged ``\\Sent``):
1. ``STATUS folder (UIDNEXT UIDVALIDITY MESSAGES [HIGHESTMODSEQ])``: one round-trip. When
   nothing moved since the cursor (same UIDVALIDITY and UIDNEXT, and the same HIGHESTMODSEQ
   where CONDSTORE is offered) the folder is done: an idle pass costs one round-trip per
   folder after the login.
2. Otherwise ``EXAMINE`` (read-only: nothing is ever marked read) and ``UID SEARCH UID n:*``
   (``SINCE`` the history window on a first sync) for the UIDs after the last one stored.
3. In chunks of ``batch_size`` UIDs: a cheap first fetch of ``RFC822.SIZE`` and a dozen
   header fields; ``topofmind.mail.triage.obvious_noise`` tells the obvious noise (bulk mail
   without job words from a sender that is no job vendor), which is never downloaded whole:
   its header block alone goes to the ledger, which classifies and records it. The rest is
   fetched whole (``BODY.PEEK[]``), split so that one fetch holds at most ``fetch_bytes``.
   Each chunk is one Batch; its cursor carries the highest UID done, so a pass cut anywhere
   resumes after the last committed chunk.

Provider ids are content keys, not UIDs: ``imap:`` + a hash of Message-ID, Date, From,
Subject and RFC822.SIZE. A UIDVALIDITY change (the server renumbered a folder), a folder
deleted and made again, or the same message in INBOX and Sent all land on the same ledger
key, so a resync of the folder (from UID 1) never duplicates anything: the ledger decides.

Quirks handled here:
- ``UID n:*`` always returns the highest UID even when it is below n (RFC 3501): filtered;
- a UID from SEARCH may be expunged before its FETCH: it is simply missing from the answer;
- Gmail: ``X-GM-THRID`` (with X-GM-EXT-1) is Gmail's thread id, converted to the hex the
  web page shows; the same message in INBOX and ``[Gmail]/Sent Mail`` is one message;
- servers without RFC 6154 flags (older Dovecot/Courier, some localised accounts): the
  preset's Sent names, then common names in several languages, are tried;
- the folder names found are kept in the cursor (no LIST on an idle pass); a folder that
  vanished (renamed, deleted) makes the pass LIST again;
- messages larger than ``max_message_bytes`` are not loaded: they go to ``Batch.failed``
  with their size, so the ledger says why they are missing;
- plain (unencrypted) IMAP is refused except to 127.0.0.1/localhost; STARTTLS is required
  to succeed when asked for (no silent fallback to plain);
- a refused login → AuthorizationRevoked (the account "needs attention"; nothing stored is
  touched); DNS, TLS and network failures → SourceUnavailable naming the step that failed.
"""

from __future__ import annotations

import hashlib
import json
import socket
import ssl
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from imapclient import IMAPClient
from imapclient import exceptions as imap_errors

from sync.imap_presets import COMMON_SENT_NAMES, preset_for
from sync.mbox import selected_headers
from sync.protocol import AuthorizationRevoked, Batch, SourceUnavailable
from topofmind.mail.raw import RawMessage
from topofmind.mail.triage import TRIAGE_HEADERS, obvious_noise

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS ({})]".format(" ".join(h.upper() for h in TRIAGE_HEADERS))
_LABELS = {"inbox": ("INBOX",), "sent": ("SENT",)}


class ImapProblem(SourceUnavailable):
    """A connection problem, with the step that failed: dns, connect, tls or folder."""

    def __init__(self, step: str, message: str):
        super().__init__(message)
        self.step = step


class LoginRefused(AuthorizationRevoked):
    step = "login"


@dataclass(frozen=True)
class ImapSettings:
    """Where and how to log in. ``security``: "tls" (implicit, 993), "starttls" or "plain"."""

    host: str
    port: int
    username: str
    password: str | None = None
    xoauth2_token: str | None = None
    security: str = "tls"
    ca_bundle: str | None = None
    preset: str | None = None
    timeout: float = 60.0

    def __post_init__(self):
        if self.security not in ("tls", "starttls", "plain"):
            raise ValueError("security must be tls, starttls or plain")
        if self.security == "plain" and self.host not in LOCAL_HOSTS:
            raise ValueError("plain IMAP (no TLS) is only allowed to 127.0.0.1; use TLS or STARTTLS")
        if not (self.password or self.xoauth2_token):
            raise ValueError("an app password or an XOAUTH2 token is needed")

    @classmethod
    def from_credentials(cls, credentials: dict) -> ImapSettings:
        known = {k: credentials[k] for k in ("host", "port", "username", "password", "xoauth2_token",
                                             "security", "ca_bundle", "preset") if k in credentials}
        return cls(**known)

    def to_credentials(self) -> dict:
        return {k: v for k, v in (("host", self.host), ("port", self.port), ("username", self.username),
                                  ("password", self.password), ("xoauth2_token", self.xoauth2_token),
                                  ("security", self.security), ("ca_bundle", self.ca_bundle),
                                  ("preset", self.preset)) if v is not None}

    def __repr__(self) -> str:  # never print the secret
        return f"ImapSettings(host={self.host!r}, port={self.port}, username={self.username!r}, security={self.security!r})"


@dataclass
class Probe:
    """What a connection test found."""

    capabilities: tuple[str, ...]
    folders: dict[str, str]
    messages: dict[str, int] = field(default_factory=dict)


def _message_key(headers: dict[str, str], size: int) -> str:
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


class ImapSource:
    provider = "imap"

    def __init__(self, settings: ImapSettings, *, batch_size: int = 200, fetch_bytes: int = 8 << 20,
                 max_message_bytes: int = 50 << 20, first_sync_days: int | None = None,
                 now: Callable[[], datetime] | None = None, default_ca_bundle: str | None = None,
                 triage: bool = True):
        self.settings = settings
        self.batch_size, self.fetch_bytes = max(1, batch_size), fetch_bytes
        self.max_message_bytes = max_message_bytes
        self.first_sync_days = first_sync_days
        self._now = now or (lambda: datetime.now(UTC))
        self.default_ca_bundle = default_ca_bundle
        self.triage = triage
        self.round_trips = 0  # server commands of the last pass (CAPABILITY, LOGIN ... LOGOUT), for benches
        self.bytes_fetched = 0  # message and header bytes received in the last pass

    # --- connection -----------------------------------------------------------------------
    def _call(self, what: str, fn, *args, **kwargs):
        self.round_trips += 1
        try:
            return fn(*args, **kwargs)
        except imap_errors.LoginError:
            raise
        except (imap_errors.IMAPClientAbortError, OSError) as exc:
            raise ImapProblem("connect", f"the connection to {self.settings.host} dropped during "
                                         f"{what} ({type(exc).__name__}); the next pass resumes") from exc

    def connect(self) -> IMAPClient:
        s = self.settings
        try:
            socket.getaddrinfo(s.host, s.port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise ImapProblem("dns", f"DNS: the name {s.host!r} does not resolve ({exc.strerror}); "
                                     "check the server name") from None
        context = ssl.create_default_context(cafile=s.ca_bundle or self.default_ca_bundle)
        try:
            self.round_trips += 1
            client = IMAPClient(s.host, s.port, ssl=s.security == "tls", ssl_context=context,
                                timeout=s.timeout)
        except ssl.SSLError as exc:
            raise ImapProblem("tls", f"TLS: {s.host}:{s.port} did not complete a secure connection "
                                     f"({exc.reason or exc}); check the port (993 for TLS) and the "
                                     "certificate") from None
        except (OSError, imap_errors.IMAPClientError) as exc:
            raise ImapProblem("connect", f"cannot connect to {s.host}:{s.port} "
                                         f"({getattr(exc, 'strerror', None) or exc}); check the host and port") from None
        client.normalise_times = False  # INTERNALDATE with its own offset, not naive local time
        try:
            if s.security == "starttls":
                try:
                    self._call("STARTTLS", client.starttls, context)
                except ssl.SSLError as exc:
                    raise ImapProblem("tls", f"TLS: STARTTLS with {s.host} failed ({exc.reason or exc})") from None
                except imap_errors.IMAPClientError as exc:
                    raise ImapProblem("tls", f"TLS: {s.host}:{s.port} does not offer STARTTLS ({exc})") from None
            try:
                if s.xoauth2_token:
                    self._call("login", client.oauth2_login, s.username, s.xoauth2_token)
                else:
                    self._call("login", client.login, s.username, s.password)
            except (imap_errors.LoginError, imap_errors.IMAPClientError) as exc:
                if "UNAVAILABLE" in str(exc).upper():  # RFC 5530: the server's auth is down, not the password
                    raise ImapProblem("login", f"{s.host} cannot check logins right now ({_text(exc)}); "
                                               "the next pass tries again") from None
                page = (preset_for(s.preset).app_password_url if preset_for(s.preset) else None)
                hint = f"; create a new app password at {page}" if page else "; check the username and app password"
                raise LoginRefused(f"login refused for {s.username} on {s.host}: {_text(exc)}{hint}") from None
        except BaseException:
            _close(client)
            raise
        return client

    # --- folders --------------------------------------------------------------------------
    def find_folders(self, client: IMAPClient) -> dict[str, str]:
        listed = self._call("LIST", client.list_folders)
        names = [name for _flags, _sep, name in listed]
        sent = next((name for flags, _sep, name in listed if b"\\Sent" in flags), None)
        if sent is None:
            preset = preset_for(self.settings.preset)
            lowered = {n.lower(): n for n in names}
            for candidate in (*(preset.sent_fallbacks if preset else ()), *COMMON_SENT_NAMES):
                if candidate.lower() in lowered:
                    sent = lowered[candidate.lower()]
                    break
        inbox = next((n for n in names if n.upper() == "INBOX"), "INBOX")
        return {"inbox": inbox, "sent": sent} if sent else {"inbox": inbox}

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
                    raise ImapProblem("folder", f"no such folder: {name} ({_text(exc)})") from None
            if "sent" not in folders:
                raise ImapProblem("folder", "no such folder: no folder is flagged \\Sent or named like a "
                                            "Sent folder; your replies would be missed")
            caps = tuple(c.decode() if isinstance(c, bytes) else str(c) for c in client.capabilities())
            return Probe(capabilities=caps, folders=folders, messages=counts)
        finally:
            _close(client)

    # --- MailSource -----------------------------------------------------------------------
    def changes(self, cursor: str | None) -> Iterator[Batch]:
        state = _load(cursor)
        self.round_trips = self.bytes_fetched = 0
        client = self.connect()
        try:
            condstore = client.has_capability("CONDSTORE")
            gmail = client.has_capability("X-GM-EXT-1")
            folders = state.setdefault("folders", {})
            if not folders or any(role not in folders for role in ("inbox", "sent")):
                self._adopt(folders, self.find_folders(client))
            for role in ("inbox", "sent"):
                if role in folders:
                    yield from self._folder(client, role, folders, state, condstore=condstore, gmail=gmail)
        finally:
            self.round_trips += 1  # LOGOUT
            _close(client)

    def _adopt(self, folders: dict, found: dict[str, str]) -> None:
        for role, name in found.items():
            entry = folders.get(role)
            if entry is None or entry.get("name") != name:
                folders[role] = {"name": name, "uidvalidity": None, "last_uid": 0, "uidnext": None,
                                 "modseq": None}

    def _status(self, client, entry: dict, condstore: bool) -> dict | None:
        items = [b"UIDNEXT", b"UIDVALIDITY", b"MESSAGES"] + ([b"HIGHESTMODSEQ"] if condstore else [])
        try:
            return self._call("STATUS", client.folder_status, entry["name"], items)
        except imap_errors.IMAPClientError:
            return None

    def _folder(self, client, role: str, folders: dict, state: dict, *, condstore: bool,
                gmail: bool) -> Iterator[Batch]:
        entry = folders[role]
        status = self._status(client, entry, condstore)
        if status is None:  # renamed or deleted: look again; a new folder starts from UID 1
            self._adopt(folders, self.find_folders(client))
            if role not in folders or folders[role]["name"] == entry["name"]:
                folders.pop(role, None)
                yield Batch(messages=[], cursor=_dump(state))
                return
            entry = folders[role]
            status = self._status(client, entry, condstore)
            if status is None:
                raise ImapProblem("folder", f"no such folder: {entry['name']}")
        uidvalidity, uidnext = status[b"UIDVALIDITY"], status[b"UIDNEXT"]
        modseq = status.get(b"HIGHESTMODSEQ")
        if (entry["uidvalidity"] == uidvalidity and entry["uidnext"] == uidnext
                and (not condstore or entry.get("modseq") == modseq)):
            return  # idle: nothing arrived, nothing changed
        if entry["uidvalidity"] != uidvalidity:
            # Renumbered (or first time): read the folder again from UID 1; content keys dedupe.
            entry.update(uidvalidity=uidvalidity, last_uid=0, uidnext=None, modseq=None)
        self._call("EXAMINE", client.select_folder, entry["name"], readonly=True)
        criteria = ["UID", f"{entry['last_uid'] + 1}:*"]
        if self.first_sync_days:
            since = (self._now() - timedelta(days=self.first_sync_days)).date()
            criteria += ["SINCE", since]
        uids = sorted(u for u in self._call("UID SEARCH", client.search, criteria) if u > entry["last_uid"])
        chunks = [uids[i:i + self.batch_size] for i in range(0, len(uids), self.batch_size)]
        # The next chunk is fetched while the engine stores this one: Dovecot's work and the
        # network overlap with parsing and classifying. One fetch in flight, one user of the client.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap-prefetch") as prefetch:
            pending = prefetch.submit(self._chunk, client, role, chunks[0], gmail=gmail) if chunks else None
            try:
                for index, chunk in enumerate(chunks):
                    batch = pending.result()
                    pending = (prefetch.submit(self._chunk, client, role, chunks[index + 1], gmail=gmail)
                               if index + 1 < len(chunks) else None)
                    entry["last_uid"] = chunk[-1]
                    batch.total = len(uids)
                    batch.cursor = _dump(state)
                    yield batch
            finally:
                if pending is not None and not pending.cancel():
                    _wait_quietly(pending)  # stopped early: the fetch in flight ends before the logout
        entry["uidnext"] = max(uidnext, entry["last_uid"] + 1)
        entry["modseq"] = modseq
        yield Batch(messages=[], cursor=_dump(state), total=len(uids))

    def _chunk(self, client, role: str, uids: list[int], *, gmail: bool) -> Batch:
        items = ["RFC822.SIZE", "INTERNALDATE", _HEADER_ITEM] + (["X-GM-THRID"] if gmail else [])
        heads = self._call("UID FETCH headers", client.fetch, uids, items)
        batch = Batch(messages=[], cursor="")
        whole: list[tuple[int, int]] = []
        meta: dict[int, tuple[str, str | None, datetime | None]] = {}
        for uid in uids:
            data = heads.get(uid)
            if data is None:
                continue  # expunged since the search
            block = _find(data, b"BODY[HEADER") or b""
            self.bytes_fetched += len(block)
            size = int(data.get(b"RFC822.SIZE") or 0)
            headers = selected_headers(block, frozenset(TRIAGE_HEADERS))
            key = _message_key(headers, size)
            thrid = data.get(b"X-GM-THRID")
            received = data.get(b"INTERNALDATE")
            if isinstance(received, datetime) and received.tzinfo is None:
                received = received.replace(tzinfo=UTC)
            meta[uid] = (key, format(int(thrid), "x") if thrid else None, received)
            if size > self.max_message_bytes:
                batch.failed.append((key, f"message of {size} bytes is larger than the "
                                          f"{self.max_message_bytes}-byte limit; not imported"))
            elif self.triage and role == "inbox" and obvious_noise(headers):
                batch.messages.append(RawMessage(provider_id=key, raw=block, thread_id=meta[uid][1],
                                                 labels=_LABELS[role], received_at=meta[uid][2]))
            else:
                whole.append((uid, size))
        group: list[int] = []
        group_bytes = 0
        for uid, size in whole + [(None, 0)]:
            if uid is None or (group and group_bytes + size > self.fetch_bytes):
                if group:
                    bodies = self._call("UID FETCH bodies", client.fetch, group, ["BODY.PEEK[]"])
                    for got in group:
                        data = bodies.get(got)
                        if data is None:
                            continue
                        raw = _find(data, b"BODY[]") or b""
                        self.bytes_fetched += len(raw)
                        key, thread_id, received = meta[got]
                        batch.messages.append(RawMessage(provider_id=key, raw=raw, thread_id=thread_id,
                                                         labels=_LABELS[role], received_at=received))
                group, group_bytes = [], 0
            if uid is not None:
                group.append(uid)
                group_bytes += size
        return batch


def _wait_quietly(future) -> None:
    try:
        future.result()
    except Exception:
        pass


def _load(cursor: str | None) -> dict:
    if not cursor:
        return {"v": 1, "folders": {}}
    try:
        state = json.loads(cursor)
        if state.get("v") == 1 and isinstance(state.get("folders"), dict):
            return state
    except (ValueError, AttributeError):
        pass
    return {"v": 1, "folders": {}}  # unreadable: read again from UID 1, the ledger dedupes


def _dump(state: dict) -> str:
    return json.dumps(state, sort_keys=True, separators=(",", ":"))


def _text(exc: Exception) -> str:
    text = str(exc)
    return text.removeprefix("b'").removeprefix('b"').rstrip("'\"") or type(exc).__name__


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:
            pass


def open_imap_source(account, credentials: dict, *, config, on_credentials_changed=None,
                     **options) -> ImapSource:
    """The sources registry's factory: decrypted settings + the runtime Config."""
    if not credentials:
        raise AuthorizationRevoked("this IMAP account has no stored password; connect it again")
    options.setdefault("first_sync_days", config.first_sync_days)
    return ImapSource(ImapSettings.from_credentials(credentials), default_ca_bundle=config.ca_bundle,
                      **options)

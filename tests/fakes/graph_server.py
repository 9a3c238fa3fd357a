"""A fake Microsoft Graph mail API over TLS (same test CA as the identity fake).

TLS rather than http so that the client's ``verify=`` path (TOPOFMIND_CA_BUNDLE) is
exercised against Graph exactly as against the identity platform.

Served under ``/v1.0/``:
  GET /me
  GET /me/mailFolders/{inbox|sentitems}/messages/delta   first call must carry $select
  GET /me/messages/{id}/$value                           the RFC 822 MIME

Delta semantics kept: ``Prefer: odata.maxpagesize=N`` (default 10, capped at 200 — the cap
is an assumption, Microsoft does not document one for messages); pages newest first;
``@odata.nextLink`` / ``@odata.deltaLink`` carry opaque $skiptoken / $deltatoken values
and must be followed exactly as returned (any other query gets a 400); a delta round
returns what changed since the round that issued its link, deletions as
``{"id": ..., "@removed": {"reason": "deleted"}}``; ``expire_delta_tokens()`` makes old
links answer 410 (or another status) with code ``syncStateNotFound``.
Faults: ``throttle(n, status, retry_after)`` answers the next n calls with 429/503 and a
Retry-After header, counting ``early_retries`` when the client comes back sooner; a
missing, unknown, expired or revoked bearer token gets 401 (checked with the identity fake).
Calendar invitations are event messages (``@odata.type`` eventMessageRequest) whose .ics
is only in the MIME. Message ids contain ``-``, ``_`` and ``=``.

``MicrosoftFakes`` starts both fakes on one CA; ``env()`` gives the documented settings
(TOPOFMIND_MS_AUTHORITY, TOPOFMIND_GRAPH_API_URL, TOPOFMIND_CA_BUNDLE, client id/secret)
and ``browser_consent(auth_uri)`` plays the browser's part of the consent redirect.
"""

from __future__ import annotations

import base64
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.ms_identity import CLIENT_ID, CLIENT_SECRET, FakeIdentity, JSONHandler, TestCA, TLSServer

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 10
FOLDERS = ("inbox", "sentitems")
_FIELDS = {"id", "conversationId", "internetMessageId", "subject", "from", "sender", "toRecipients",
           "ccRecipients", "replyTo", "sentDateTime", "receivedDateTime", "body", "hasAttachments",
           "isRead", "parentFolderId"}


def _addr(address: str, name: str | None = None) -> dict:
    return {"emailAddress": {"address": address, "name": name or address.split("@")[0]}}


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FakeMessage:
    id: str
    folder: str
    conversation_id: str
    resource: dict  # Graph JSON properties
    mime: bytes
    seq: int
    is_event: bool = False


@dataclass
class _Round:
    folder: str
    select: str
    since: int  # change sequence the round reports changes after
    pending: list[str] | None = None  # for a skip token: ids still to deliver
    until: int = 0


class FakeGraph:
    def __init__(self, identity: FakeIdentity, ca: TestCA, *, user: str = "sam@contoso.example"):
        self.identity = identity
        self.user = user
        self.messages: dict[str, FakeMessage] = {}
        self.tombstones: list[tuple[int, str, str]] = []  # (seq, folder, id)
        self.seq = 0
        self.tokens: dict[str, _Round] = {}
        self.expired_status: int | None = None
        self.throttles: list[tuple[int, float]] = []
        self.retry_not_before = 0.0
        self.early_retries = 0
        self.requests: list[tuple[str, str, int]] = []  # (kind, path, status)
        self.lock = threading.RLock()
        self._n = 0
        # Default arrival times: a month ago onwards, so any history window keeps them.
        self.epoch = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
        handler = type("GraphHandler", (_GraphHandler,), {"fake": self})
        self.server = TLSServer(handler, ca)

    @property
    def api_url(self) -> str:
        return f"{self.server.base_url}/v1.0/"

    def close(self) -> None:
        self.server.close()

    # --- mailbox helpers -------------------------------------------------------------------
    def _new_id(self) -> str:
        self._n += 1
        raw = self._n.to_bytes(4, "big") + secrets.token_bytes(7)
        return "AAMkAD-" + base64.urlsafe_b64encode(raw).decode() + "_x="  # '-', '_' and '='

    def add_message(self, folder: str = "inbox", *, subject: str = "Hello", sender: str = "dana@contoso.com",
                    to: str | None = None, body: str = "Hi Sam,\n\nThanks.\n", received_at: datetime | None = None,
                    conversation_id: str | None = None, in_reply_to: str | None = None,
                    ics: str | None = None, html: bool = False) -> FakeMessage:
        """Add a message (an event message when ``ics`` is given); returns it."""
        assert folder in FOLDERS
        with self.lock:
            mid = self._new_id()
            at = received_at or self.epoch + timedelta(minutes=self._n)
            to = to or (self.user if folder == "inbox" else "dana@contoso.com")
            sender_addr = self.user if folder == "sentitems" else sender
            conv = conversation_id or ("AAQkAD" + secrets.token_urlsafe(12) + "=")
            imid = f"<{secrets.token_hex(8)}@mail.example>"
            # compat32 MIME classes: an order of magnitude faster to build than EmailMessage,
            # which matters for the 10,000-message bench mailbox.
            em = MIMEText(body, "plain", "utf-8")
            if ics:
                em = MIMEMultipart("alternative", _subparts=[em, MIMEText(ics, "calendar", "utf-8")])
                em.get_payload(1).set_param("method", "REQUEST")
            em["From"], em["To"], em["Subject"] = sender_addr, to, subject
            em["Date"], em["Message-ID"] = format_datetime(at), imid
            if in_reply_to:
                em["In-Reply-To"] = em["References"] = in_reply_to
            resource = {
                "id": mid, "conversationId": conv, "internetMessageId": imid, "subject": subject,
                "from": _addr(sender_addr), "sender": _addr(sender_addr), "toRecipients": [_addr(to)],
                "ccRecipients": [], "replyTo": [], "sentDateTime": _iso(at - timedelta(seconds=5)),
                "receivedDateTime": _iso(at), "hasAttachments": False, "isRead": False,
                "parentFolderId": folder,
                "body": {"contentType": "html" if html else "text",
                         "content": f"<html><body><p>{body}</p></body></html>" if html else body},
            }
            if ics:
                resource["@odata.type"] = "#microsoft.graph.eventMessageRequest"
                resource["meetingMessageType"] = "meetingRequest"
            self.seq += 1
            msg = FakeMessage(mid, folder, conv, resource, em.as_bytes(), self.seq, is_event=bool(ics))
            self.messages[mid] = msg
            return msg

    def delete_message(self, message_id: str) -> None:
        with self.lock:
            msg = self.messages.pop(message_id)
            self.seq += 1
            self.tombstones.append((self.seq, msg.folder, message_id))

    def expire_delta_tokens(self, status: int = 410) -> None:
        """Every link issued so far now fails with ``status`` and code syncStateNotFound."""
        with self.lock:
            self.tokens.clear()
            self.expired_status = status

    def throttle(self, times: int, *, status: int = 429, retry_after: float = 1) -> None:
        with self.lock:
            self.throttles.extend([(status, retry_after)] * times)

    def count(self, kind: str | None = None) -> int:
        return sum(1 for k, _, _ in self.requests if kind is None or k == kind)

    def reset_counts(self) -> None:
        self.requests.clear()

    # --- delta rounds ----------------------------------------------------------------------
    def _new_token(self, rnd: _Round) -> str:
        token = secrets.token_urlsafe(18)
        self.tokens[token] = rnd
        return token

    def delta_page(self, rnd: _Round, page_size: int, base: str) -> dict:
        """Serve one page of a round; ``rnd.pending`` None means compute the round now."""
        with self.lock:
            if rnd.pending is None:
                changed = [m for m in self.messages.values() if m.folder == rnd.folder and m.seq > rnd.since]
                changed.sort(key=lambda m: m.resource["receivedDateTime"], reverse=True)  # newest first
                # an initial round (since 0) lists what exists, never what was deleted before it
                removed = [mid for s, f, mid in self.tombstones
                           if rnd.since and f == rnd.folder and s > rnd.since]
                rnd = _Round(rnd.folder, rnd.select, rnd.since, [m.id for m in changed] + removed, self.seq)
            page, rest = rnd.pending[:page_size], rnd.pending[page_size:]
            fields = set(rnd.select.split(",")) | {"id"}
            items = []
            for mid in page:
                msg = self.messages.get(mid)
                if msg is None or msg.folder != rnd.folder:
                    items.append({"id": mid, "@removed": {"reason": "deleted"}})
                    continue
                item = {k: v for k, v in msg.resource.items() if k in fields}
                if msg.is_event:
                    item["@odata.type"] = msg.resource["@odata.type"]
                items.append(item)
            url = f"{base}me/mailFolders/{rnd.folder}/messages/delta"
            body: dict = {"@odata.context": f"{base}$metadata#Collection(message)", "value": items}
            if rest:
                token = self._new_token(_Round(rnd.folder, rnd.select, rnd.since, rest, rnd.until))
                body["@odata.nextLink"] = f"{url}?$skiptoken={token}"
            else:
                token = self._new_token(_Round(rnd.folder, rnd.select, rnd.until))
                body["@odata.deltaLink"] = f"{url}?$deltatoken={token}"
            return body


def _graph_error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message,
                      "innerError": {"date": _iso(datetime.now(UTC)), "request-id": secrets.token_hex(8)}}}


_DELTA = re.compile(r"^/v1\.0/me/mailFolders/([^/]+)/messages/delta$")
_VALUE = re.compile(r"^/v1\.0/me/messages/([^/]+)/\$value$")


class _GraphHandler(JSONHandler):
    fake: FakeGraph

    def _record(self, kind: str, status: int) -> None:
        with self.fake.lock:
            self.fake.requests.append((kind, self.path, status))

    def do_GET(self):
        split = urlsplit(self.path)
        path = unquote(split.path)
        kind = "delta" if _DELTA.match(path) else "value" if _VALUE.match(path) else "other"
        fake = self.fake
        with fake.lock:
            throttle = fake.throttles.pop(0) if fake.throttles else None
            if throttle is None and time.time() < fake.retry_not_before:
                fake.early_retries += 1
                throttle = (429, fake.retry_not_before - time.time())
            if throttle:
                fake.retry_not_before = time.time() + throttle[1]
        if throttle:
            status, wait = throttle
            self._record(kind, status)
            code = "TooManyRequests" if status == 429 else "ServiceUnavailable"
            return self.send_json(status, _graph_error(code, "Please retry after the indicated time."),
                                  {"Retry-After": str(max(1, round(wait)))})
        auth = self.headers.get("Authorization", "")
        user = fake.identity.user_for_token(auth[7:]) if auth.startswith("Bearer ") else None
        if user is None:
            self._record(kind, 401)
            return self.send_json(401, _graph_error("InvalidAuthenticationToken",
                                                    "Access token is empty, expired or revoked."))
        query = parse_qs(split.query, keep_blank_values=True)
        if path == "/v1.0/me":
            self._record(kind, 200)
            return self.send_json(200, {"id": "me", "mail": user, "userPrincipalName": user,
                                        "displayName": user.split("@")[0]})
        if m := _DELTA.match(path):
            return self._delta(m.group(1), query)
        if m := _VALUE.match(path):
            msg = fake.messages.get(m.group(1))
            if msg is None:
                self._record(kind, 404)
                return self.send_json(404, _graph_error("ErrorItemNotFound", "The item was not found."))
            self._record(kind, 200)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(msg.mime)))
            self.end_headers()
            self.wfile.write(msg.mime)
            return None
        self._record(kind, 404)
        self.send_json(404, _graph_error("ResourceNotFound", f"no resource {path}"))

    def _delta(self, folder: str, query: dict) -> None:
        fake = self.fake
        if folder not in FOLDERS:
            self._record("delta", 404)
            return self.send_json(404, _graph_error("ErrorInvalidIdMalformed", f"no folder {folder}"))
        pref = re.search(r"odata\.maxpagesize=(\d+)", self.headers.get("Prefer", ""))
        page_size = min(int(pref.group(1)), MAX_PAGE_SIZE) if pref else DEFAULT_PAGE_SIZE
        token_key = "$skiptoken" if "$skiptoken" in query else "$deltatoken" if "$deltatoken" in query else None
        if token_key:
            if set(query) != {token_key}:
                self._record("delta", 400)
                return self.send_json(400, _graph_error(
                    "BadRequest", "follow @odata.nextLink/@odata.deltaLink exactly as returned"))
            with fake.lock:
                rnd = fake.tokens.get(query[token_key][0])
            if rnd is None or rnd.folder != folder:
                status = fake.expired_status or 400
                self._record("delta", status)
                return self.send_json(status, _graph_error("syncStateNotFound",
                                                           "The sync state is not found; start over."))
        else:
            select = query.get("$select", [""])[0]
            unknown = set(filter(None, select.split(","))) - _FIELDS
            if not select or unknown:
                self._record("delta", 400)
                return self.send_json(400, _graph_error(
                    "BadRequest", f"the first delta call needs $select of known fields ({sorted(unknown)})"))
            rnd = _Round(folder, select, since=0)
        body = fake.delta_page(rnd, page_size, fake.api_url)
        self._record("delta", 200)
        self.send_json(200, body, {"Preference-Applied": f"odata.maxpagesize={page_size}"} if pref else None)


def invite_ics(uid: str = "interview-1@contoso.com", summary: str = "Interview: Data Engineer") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fake Exchange//EN\r\nMETHOD:REQUEST\r\n"
            "BEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nSUMMARY:{summary}\r\n"
            "DTSTART:20260320T140000Z\r\nDTEND:20260320T150000Z\r\n"
            "ORGANIZER:mailto:dana@contoso.com\r\nATTENDEE:mailto:sam@contoso.example\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")


class MicrosoftFakes:
    """The identity fake and the Graph fake sharing one test CA; ``close()`` stops both."""

    def __init__(self, directory=None, *, user: str = "sam@contoso.example", **identity_knobs):
        self.ca = TestCA(directory)
        self.identity = FakeIdentity.start(self.ca, sign_in_as=user, **identity_knobs)
        self.graph = FakeGraph(self.identity, self.ca, user=user)

    def env(self) -> dict[str, str]:
        """The documented settings that point topofmind at these fakes."""
        return {"TOPOFMIND_MS_AUTHORITY": self.identity.authority("common"),
                "TOPOFMIND_GRAPH_API_URL": self.graph.api_url,
                "TOPOFMIND_CA_BUNDLE": self.ca.ca_pem,
                "TOPOFMIND_MS_CLIENT_ID": CLIENT_ID,
                "TOPOFMIND_MS_CLIENT_SECRET": CLIENT_SECRET}

    def browser_consent(self, auth_uri: str) -> dict[str, str]:
        """What a browser does: open the consent URL, get redirected back; the redirect's query."""
        import requests

        resp = requests.get(auth_uri, allow_redirects=False, verify=self.ca.ca_pem, timeout=10)
        assert resp.status_code == 302, resp.text
        return {k: v[0] for k, v in parse_qs(urlsplit(resp.headers["Location"]).query).items()}

    def close(self) -> None:
        self.graph.close()
        self.identity.close()

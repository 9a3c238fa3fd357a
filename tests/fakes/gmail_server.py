"""A local fake of the Gmail REST API and Google's OAuth endpoints, speaking the real wire formats.

The real google-api-python-client and google-auth talk to it over HTTP on 127.0.0.1:
``/gmail/v1/users/me/{profile,messages,messages/ID,threads/ID,history}``, the multipart batch
endpoint ``/batch/gmail/v1``, ``/token`` (refresh_token and authorization_code + PKCE grants)
and ``/auth`` (the consent screen, which consents at once and redirects back with a code).

It keeps the contract: an unknown or expired access token gets a 401, a revoked refresh token
``invalid_grant``, a too-old ``startHistoryId`` a 404. Quota is counted per method with
Google's official units (charged for calls that passed auth and were not refused by an
injected fault); ``faults`` scripts 429/403/5xx answers, dropped connections and slow
answers, per method and per message (so per batch part).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.fakes.gmail_mailbox import (  # noqa: F401 - make_raw is re-exported for tests
    HANDLERS,
    UNITS,
    FakeMessage,
    Mailbox,
    error_body,
    filter_fields,
    make_raw,
)


@dataclass
class Fault:
    """One scripted misbehaviour. ``times`` None: forever. ``message_id`` narrows it to one message."""

    method: str  # "messages.get", "history.list", "batch", "token", ... or "*"
    status: int | None = None
    reason: str | None = None
    drop: bool = False
    delay: float = 0.0
    times: int | None = 1
    message_id: str | None = None
    retry_after: int | None = None
    hits: int = 0

    def matches(self, method: str, message_id: str | None) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        return self.method in (method, "*") and self.message_id in (None, message_id)


class FakeGmail:
    def __init__(self, *, client_id: str = "fake-client.apps.googleusercontent.com",
                 client_secret: str = "fake-secret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.mailboxes: dict[str, Mailbox] = {}
        self.refresh_tokens: dict[str, str] = {}  # token -> address
        self.access_tokens: dict[str, tuple[str, str]] = {}  # token -> (refresh token, address)
        self.codes: dict[str, dict] = {}  # authorization code -> what it was issued for
        self.faults: list[Fault] = []
        self.lock = threading.RLock()
        self._next_id = 0x18C2A0F000000000
        self.reset_counters()
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url, self.token_url, self.auth_url = self.url + "/", self.url + "/token", self.url + "/auth"
        self.batch_url = self.url + "/batch/gmail/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeGmail:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeGmail:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reset_counters(self) -> None:
        with self.lock:
            self.http_requests = 0  # every HTTP request to the API or the batch endpoint
            self.token_requests = 0
            self.calls: Counter[str] = Counter()  # API calls per method, batch parts included
            self.units = 0
            self.served_ids: Counter[str] = Counter()  # messages.get answers 200, per message

    # --- mailbox helpers -------------------------------------------------------------------
    def mailbox(self, address: str = "sam@example.net") -> Mailbox:
        with self.lock:
            return self.mailboxes.setdefault(address, Mailbox(address))

    def new_id(self) -> str:
        with self.lock:
            self._next_id += 0x1F3
            return f"{self._next_id:016x}"

    def add_message(self, raw: bytes, *, address: str = "sam@example.net", labels=("INBOX",),
                    thread_id: str | None = None, internal_date: int | None = None) -> FakeMessage:
        """Deliver RFC 822 bytes; the thread id defaults to the message id, as Gmail does."""
        with self.lock:
            box, mid = self.mailbox(address), self.new_id()
            if internal_date is None:
                try:
                    internal_date = int(parsedate_to_datetime(
                        BytesParser().parsebytes(raw, headersonly=True)["Date"]).timestamp() * 1000)
                except (TypeError, ValueError):
                    internal_date = int(time.time() * 1000)
            msg = FakeMessage(mid, thread_id or mid, raw, list(labels), internal_date, 0)
            box.messages[mid] = msg
            box._record("messageAdded", msg)
            return msg

    def change_labels(self, message_id: str, *, address: str = "sam@example.net", add=(), remove=()) -> None:
        with self.lock:
            box = self.mailbox(address)
            msg = box.messages[message_id]
            if add:
                msg.labels += [x for x in add if x not in msg.labels]
                box._record("labelAdded", msg, list(add))
            if remove:
                msg.labels = [x for x in msg.labels if x not in remove]
                box._record("labelRemoved", msg, list(remove))

    def delete_message(self, message_id: str, *, address: str = "sam@example.net") -> None:
        with self.lock:
            box = self.mailbox(address)
            box._record("messageDeleted", box.messages.pop(message_id))

    def expire_history(self, *, address: str = "sam@example.net") -> None:
        """Forget every history record so far: older startHistoryIds now get a 404."""
        with self.lock:
            box = self.mailbox(address)
            box.oldest_history_id, box.history = box.history_id, []

    def issue_refresh_token(self, address: str = "sam@example.net") -> str:
        with self.lock:
            self.mailbox(address)
            token = "1//fake-refresh-" + secrets.token_urlsafe(12)
            self.refresh_tokens[token] = address
            return token

    def revoke(self, refresh_token: str) -> None:
        with self.lock:
            self.refresh_tokens.pop(refresh_token, None)
            for access, (refresh, _) in list(self.access_tokens.items()):
                if refresh == refresh_token:
                    del self.access_tokens[access]

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access_tokens.clear()

    def credentials_info(self, address: str = "sam@example.net") -> dict:
        """An authorized_user credentials dict with a fresh refresh token for this fake."""
        return {"type": "authorized_user", "client_id": self.client_id, "client_secret": self.client_secret,
                "refresh_token": self.issue_refresh_token(address), "token_uri": self.token_url}

    def inject(self, method: str, **kwargs) -> Fault:
        fault = Fault(method, **kwargs)
        with self.lock:
            self.faults.append(fault)
        return fault

    def take_fault(self, method: str, message_id: str | None, kind: str) -> Fault | None:
        with self.lock:
            for f in self.faults:
                wanted = {"drop": f.drop, "delay": f.delay > 0, "status": f.status is not None}[kind]
                if wanted and f.matches(method, message_id):
                    f.hits += 1
                    return f
        return None

    # --- OAuth ------------------------------------------------------------------------------
    def token_endpoint(self, form: dict[str, str]) -> tuple[int, dict]:
        with self.lock:
            self.token_requests += 1
            if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
                return 401, {"error": "invalid_client", "error_description": "The OAuth client was not found."}
            grant = form.get("grant_type")
            if grant == "authorization_code":
                issued = self.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                if not issued or issued["redirect_uri"] != form.get("redirect_uri") or issued["challenge"] != challenge:
                    return 400, {"error": "invalid_grant", "error_description": "Malformed auth code."}
                refresh = self.issue_refresh_token(issued["address"])
            elif grant == "refresh_token":
                refresh = form.get("refresh_token", "")
                if refresh not in self.refresh_tokens:
                    return 400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
            else:
                return 400, {"error": "unsupported_grant_type", "error_description": f"grant_type {grant!r}"}
            access = "ya29.fake-" + secrets.token_urlsafe(16)
            self.access_tokens[access] = (refresh, self.refresh_tokens[refresh])
            answer = {"access_token": access, "expires_in": 3599, "token_type": "Bearer",
                      "scope": "https://www.googleapis.com/auth/gmail.readonly"}
            if grant == "authorization_code":
                answer["refresh_token"] = refresh
            return 200, answer

    def authorize(self, query: dict[str, str], address: str = "sam@example.net") -> tuple[int, str]:
        """The consent screen: checks the request, consents, returns (status, redirect location)."""
        problems = [k for k, ok in {
            "client_id": query.get("client_id") == self.client_id,
            "response_type": query.get("response_type") == "code",
            "code_challenge_method": query.get("code_challenge_method") == "S256",
            "code_challenge": bool(query.get("code_challenge")),
            "redirect_uri": bool(query.get("redirect_uri")),
            "scope": "gmail.readonly" in query.get("scope", ""),
        }.items() if not ok]
        if problems:
            return 400, "invalid request: " + ", ".join(problems)
        code = "4/fake-code-" + secrets.token_urlsafe(8)
        with self.lock:
            self.codes[code] = {"redirect_uri": query["redirect_uri"], "challenge": query["code_challenge"],
                                "address": query.get("login_hint") or address}
        params = {"code": code, "scope": query["scope"]}
        if "state" in query:
            params["state"] = query["state"]
        return 302, query["redirect_uri"] + "?" + urlencode(params)

    # --- the API ----------------------------------------------------------------------------
    def api_call(self, verb: str, target: str, headers) -> tuple[int, dict]:
        """One API call (direct or a batch part): (status, JSON body)."""
        split = urlsplit(target)
        query = {k: v if k == "historyTypes" else v[-1] for k, v in parse_qs(split.query).items()}
        m = re.fullmatch(r"/gmail/v1/users/([^/]+)/(profile|messages|history|messages/([^/]+)|threads/([^/]+))",
                         split.path)
        if verb != "GET" or not m:
            return 404, error_body(404, message=f"no such endpoint: {verb} {split.path}")
        kind = m.group(2).split("/")[0]
        method = {"profile": "getProfile", "messages": "messages.get" if m.group(3) else "messages.list",
                  "history": "history.list", "threads": "threads.get"}[kind]
        message_id = m.group(3)
        with self.lock:
            self.calls[method] += 1
            auth = headers.get("Authorization") or headers.get("authorization") or ""
            grant = self.access_tokens.get(auth.removeprefix("Bearer ").strip())
            if not grant:
                return 401, error_body(401)
            box = self.mailbox(grant[1])
            if m.group(1) not in ("me", box.address):
                return 403, error_body(403, "forbidden", "Delegation denied.")
            fault = self.take_fault(method, message_id, "status")
            if fault:
                return fault.status, error_body(fault.status, fault.reason)
            self.units += UNITS[method]
            status, body = HANDLERS[method](box, query, message_id or m.group(4))
            if status == 200 and method == "messages.get":
                self.served_ids[message_id] += 1
        if status == 200 and query.get("fields"):
            body = filter_fields(body, query["fields"])
        return status, body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeGmail

    def log_message(self, *args) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _send(self, status: int, body: bytes, content_type="application/json; charset=UTF-8", extra=None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (a slow answer it timed out on)
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        self.connection.close()

    def _disrupt(self, method: str, ids) -> bool:
        """Apply drop/delay faults; True when the connection was dropped."""
        fake = self.fake
        if any(fake.take_fault(method, i, "drop") for i in ids):
            self._drop()
            return True
        delays = [f.delay for f in (fake.take_fault(method, i, "delay") for i in ids) if f]
        if delays:
            time.sleep(max(delays))
        return False

    def do_GET(self) -> None:
        fake, path = self.fake, urlsplit(self.path)
        if path.path == "/auth":
            status, where = fake.authorize({k: v[-1] for k, v in parse_qs(path.query).items()})
            return self._send(status, b"" if status == 302 else where.encode(), "text/plain",
                              {"Location": where} if status == 302 else None)
        with fake.lock:
            fake.http_requests += 1
        method, mid = _method_of("GET", self.path)
        if self._disrupt(method, [mid]):
            return
        status, body = fake.api_call("GET", self.path, self.headers)
        extra = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'} if status == 401 else None
        self._send(status, json.dumps(body).encode(), extra=extra)

    def do_POST(self) -> None:
        fake, body = self.fake, self._body()
        if self.path == "/token":
            if self._disrupt("token", [None]):
                return
            status, answer = fake.token_endpoint({k: v[-1] for k, v in parse_qs(body.decode()).items()})
            return self._send(status, json.dumps(answer).encode())
        if self.path != "/batch/gmail/v1":
            return self._send(404, json.dumps(error_body(404)).encode())
        with fake.lock:
            fake.http_requests += 1
        envelope = BytesParser().parsebytes(b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
        parts = [(p["Content-ID"], p.get_payload(decode=True)) for p in envelope.get_payload()]
        requests = []
        for cid, payload in parts:
            head, _, _ = payload.partition(b"\r\n\r\n" if b"\r\n\r\n" in payload else b"\n\n")
            line, *header_lines = head.decode().splitlines()
            verb, target, _ = line.split(" ", 2)
            headers = dict(h.split(": ", 1) for h in header_lines if ": " in h)
            if "authorization" not in {k.lower() for k in headers} and self.headers.get("Authorization"):
                headers["Authorization"] = self.headers["Authorization"]
            requests.append((cid, verb, target, headers))
        if self._disrupt("batch", [None]) or self._disrupt(
                "messages.get", [_method_of(v, t)[1] for _, v, t, _ in requests]):
            return
        fault = fake.take_fault("batch", None, "status")
        if fault:
            return self._send(fault.status, json.dumps(error_body(fault.status, fault.reason)).encode())
        boundary = "batch_" + secrets.token_hex(8)
        out = []
        for cid, verb, target, headers in requests:
            status, answer = fake.api_call(verb, target, headers)
            reason = self.responses.get(status, ("",))[0]
            out.append(f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-{cid.strip('<>')}>\r\n\r\n"
                       f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                       f"{json.dumps(answer)}\r\n")
        out.append(f"--{boundary}--\r\n")
        self._send(200, "".join(out).encode(), f"multipart/mixed; boundary={boundary}")


def _method_of(verb: str, target: str) -> tuple[str, str | None]:
    path = urlsplit(target).path
    m = re.search(r"/users/[^/]+/(profile|history|messages|threads)(?:/([^/]+))?$", path)
    if not m:
        return "unknown", None
    kind, ident = m.groups()
    return {"profile": "getProfile", "history": "history.list", "threads": "threads.get",
            "messages": "messages.get" if ident else "messages.list"}[kind], ident

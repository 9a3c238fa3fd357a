"""A fake Microsoft identity platform (Entra ID v2.0 endpoints) over TLS, for the real msal.

MSAL refuses http authorities, so the fake serves HTTPS with a certificate from a test CA
made by ``trustme``; point msal at it with ``authority=https://127.0.0.1:PORT/<tenant>``,
``instance_discovery=False`` and ``verify=<ca.pem>`` (``FakeIdentity.ca_pem``).

Endpoints, per tenant (any tenant name is accepted and echoed in the discovery document):
  GET  /<tenant>/v2.0/.well-known/openid-configuration
  GET  /<tenant>/oauth2/v2.0/authorize   302 back to redirect_uri with code + state
  POST /<tenant>/oauth2/v2.0/devicecode  device_code, user_code, verification_uri, interval
  POST /<tenant>/oauth2/v2.0/token       authorization_code (PKCE checked), refresh_token,
                                         device_code grants

Contract kept (a wrong token fails):
- one app registration (client id + secret); a confidential request with a wrong secret
  gets ``invalid_client``;
- every token answer carries ``client_info`` (base64url JSON uid/utid), an unsigned id_token
  echoing the authorize request's nonce, and the requested scope echoed — without these
  ``acquire_token_silent`` would never be served from the cache;
- refresh tokens rotate strictly: redeeming one invalidates it (stricter than Entra ID,
  which lets old ones live on), so a client that does not write its refreshed cache back
  is caught;
- device polling sooner than ``interval`` after the previous poll answers ``slow_down``
  and is counted in ``too_early_polls``;
- ``revoke(username)`` withdraws consent: refresh tokens answer ``invalid_grant`` and the
  user's access tokens stop working at the Graph fake (``user_for_token``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import trustme

CLIENT_ID = "11111111-2222-3333-4444-555555555555"
CLIENT_SECRET = "fake-client-secret"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TestCA:
    """A throwaway CA and a server certificate for 127.0.0.1/localhost; ca.pem on disk."""

    __test__ = False  # not a pytest test class
    _shared: tuple[trustme.CA, trustme.LeafCert] | None = None

    def __init__(self, directory: Path | None = None):
        if TestCA._shared is None:  # key generation is the slow part: once per process
            ca = trustme.CA()
            TestCA._shared = (ca, ca.issue_cert("127.0.0.1", "localhost"))
        self._ca, self._cert = TestCA._shared
        self._dir = Path(directory or tempfile.mkdtemp(prefix="tom-ca-"))
        self.ca_pem = str(self._dir / "ca.pem")
        self._ca.cert_pem.write_to_path(self.ca_pem)

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._cert.configure_cert(ctx)
        return ctx


class TLSServer:
    """A threaded HTTP(S) server on 127.0.0.1, port 0; ``close()`` shuts it down."""

    def __init__(self, handler_cls, ca: TestCA | None):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
        self.httpd.daemon_threads = True
        if ca is not None:
            self.httpd.socket = ca.server_context().wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if ca is not None else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


class JSONHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    fake = None  # set on a subclass per server

    def log_message(self, *args):  # keep test output quiet
        pass

    def send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def read_form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}


@dataclass
class _RefreshToken:
    username: str
    scope: str
    confidential: bool
    valid: bool = True


@dataclass
class _DeviceCode:
    scope: str
    user_code: str
    username: str | None = None
    last_poll: float | None = None
    redeemed: bool = False


@dataclass
class FakeIdentity:
    """State and knobs of the fake; start with ``FakeIdentity.start(ca)``."""

    ca: TestCA
    access_token_lifetime: int = 3600
    device_interval: int = 1
    server: TLSServer | None = None
    codes: dict[str, dict] = field(default_factory=dict)
    refresh_tokens: dict[str, _RefreshToken] = field(default_factory=dict)
    access_tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    device_codes: dict[str, _DeviceCode] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)
    token_requests: list[str] = field(default_factory=list)  # grant types, in order
    too_early_polls: int = 0
    sign_in_as: str = "sam@contoso.example"
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, ca: TestCA, **knobs) -> FakeIdentity:
        fake = cls(ca=ca, **knobs)
        handler = type("IdentityHandler", (_IdentityHandler,), {"fake": fake})
        fake.server = TLSServer(handler, ca)
        return fake

    def close(self) -> None:
        if self.server:
            self.server.close()

    @property
    def ca_pem(self) -> str:
        return self.ca.ca_pem

    def authority(self, tenant: str = "common") -> str:
        return f"{self.server.base_url}/{tenant}"

    # --- knobs for tests -------------------------------------------------------------------
    def approve_device(self, user_code: str, username: str | None = None) -> None:
        with self.lock:
            for dc in self.device_codes.values():
                if dc.user_code == user_code:
                    dc.username = username or self.sign_in_as
                    return
        raise KeyError(f"no device code with user code {user_code!r}")

    def revoke(self, username: str) -> None:
        with self.lock:
            self.revoked.add(username)
            for rt in self.refresh_tokens.values():
                if rt.username == username:
                    rt.valid = False

    def user_for_token(self, token: str) -> str | None:
        """The user an access token was issued to, or None if unknown, expired or revoked."""
        with self.lock:
            entry = self.access_tokens.get(token)
            if not entry:
                return None
            username, expires_at = entry
            if expires_at < time.time() or username in self.revoked:
                return None
            return username

    # --- token minting ---------------------------------------------------------------------
    def _uid(self, username: str) -> str:
        return hashlib.sha256(username.encode()).hexdigest()[:32]

    def token_response(self, username: str, scope: str, tenant: str, *, nonce: str | None,
                       confidential: bool) -> dict:
        uid, utid = self._uid(username), "9188040d-6c67-4c5b-b112-36a304b66dad"
        now = int(time.time())
        claims = {"iss": f"{self.server.base_url}/{utid}/v2.0", "aud": CLIENT_ID, "sub": uid,
                  "oid": uid, "tid": utid, "preferred_username": username, "name": username,
                  "iat": now, "nbf": now, "exp": now + 3600}
        if nonce:
            claims["nonce"] = nonce
        id_token = ".".join([_b64url(b'{"alg":"none","typ":"JWT"}'),
                             _b64url(json.dumps(claims).encode()), ""])
        access = "at-" + secrets.token_urlsafe(24)
        refresh = "rt-" + secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access] = (username, time.time() + self.access_token_lifetime)
            self.refresh_tokens[refresh] = _RefreshToken(username, scope, confidential)
        return {"token_type": "Bearer", "scope": scope, "expires_in": self.access_token_lifetime,
                "ext_expires_in": self.access_token_lifetime, "access_token": access,
                "refresh_token": refresh, "id_token": id_token,
                "client_info": _b64url(json.dumps({"uid": uid, "utid": utid}).encode())}


def _error(code: str, description: str) -> dict:
    return {"error": code, "error_description": description, "error_codes": [0]}


class _IdentityHandler(JSONHandler):
    fake: FakeIdentity

    def _route(self) -> tuple[str, str]:
        path = urlsplit(self.path).path
        tenant, _, rest = path.lstrip("/").partition("/")
        return tenant, "/" + rest

    def do_GET(self):
        tenant, rest = self._route()
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if rest == "/v2.0/.well-known/openid-configuration":
            base = f"{self.fake.server.base_url}/{tenant}"
            return self.send_json(200, {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
                "response_types_supported": ["code"],
                "scopes_supported": ["openid", "profile", "offline_access"],
            })
        if rest == "/oauth2/v2.0/authorize":
            return self._authorize(tenant, query)
        self.send_json(404, _error("not_found", f"no endpoint {rest}"))

    def _authorize(self, tenant: str, q: dict) -> None:
        if q.get("client_id") != CLIENT_ID or not q.get("redirect_uri"):
            return self.send_json(400, _error("invalid_request", "unknown client or no redirect_uri"))
        code = "code-" + secrets.token_urlsafe(16)
        with self.fake.lock:
            self.fake.codes[code] = {
                "redirect_uri": q["redirect_uri"], "scope": q.get("scope", ""), "tenant": tenant,
                "nonce": q.get("nonce"), "challenge": q.get("code_challenge"),
                "username": q.get("login_hint") or self.fake.sign_in_as}
        params = {"code": code, "state": q.get("state", ""), "session_state": "fake"}
        self.send_response(302)
        self.send_header("Location", q["redirect_uri"] + "?" + urlencode(params))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        tenant, rest = self._route()
        form = self.read_form()
        if form.get("client_id") != CLIENT_ID:
            return self.send_json(400, _error("unauthorized_client", "unknown client id"))
        if "client_secret" in form and form["client_secret"] != CLIENT_SECRET:
            return self.send_json(401, _error("invalid_client", "AADSTS7000215: invalid client secret"))
        if rest == "/oauth2/v2.0/devicecode":
            return self._devicecode(form)
        if rest == "/oauth2/v2.0/token":
            self.fake.token_requests.append(form.get("grant_type", ""))
            return self._token(tenant, form)
        self.send_json(404, _error("not_found", f"no endpoint {rest}"))

    def _devicecode(self, form: dict) -> None:
        device_code = "dc-" + secrets.token_urlsafe(24)
        user_code = secrets.token_hex(4).upper()
        uri = f"{self.fake.server.base_url}/devicelogin"
        with self.fake.lock:
            self.fake.device_codes[device_code] = _DeviceCode(form.get("scope", ""), user_code)
        self.send_json(200, {
            "device_code": device_code, "user_code": user_code, "verification_uri": uri,
            "expires_in": 900, "interval": self.fake.device_interval,
            "message": f"To sign in, use a web browser to open the page {uri} "
                       f"and enter the code {user_code} to authenticate."})

    def _token(self, tenant: str, form: dict) -> None:
        grant = form.get("grant_type")
        confidential = "client_secret" in form
        if grant == "authorization_code":
            with self.fake.lock:
                entry = self.fake.codes.pop(form.get("code", ""), None)
            if not entry or entry["redirect_uri"] != form.get("redirect_uri"):
                return self.send_json(400, _error("invalid_grant", "AADSTS70008: code unknown or used"))
            verifier = form.get("code_verifier", "")
            if entry["challenge"] and _b64url(hashlib.sha256(verifier.encode()).digest()) != entry["challenge"]:
                return self.send_json(400, _error("invalid_grant", "AADSTS501481: PKCE verifier mismatch"))
            return self.send_json(200, self.fake.token_response(
                entry["username"], form.get("scope") or entry["scope"], tenant,
                nonce=entry["nonce"], confidential=confidential))
        if grant == "refresh_token":
            with self.fake.lock:
                rt = self.fake.refresh_tokens.get(form.get("refresh_token", ""))
                usable = rt is not None and rt.valid and rt.username not in self.fake.revoked
                if rt is not None:
                    rt.valid = False  # rotation: a refresh token is good for one redemption
            if not usable:
                return self.send_json(400, _error(
                    "invalid_grant", "AADSTS70000: the refresh token was revoked or already used; "
                    "the user must sign in again"))
            return self.send_json(200, self.fake.token_response(
                rt.username, form.get("scope") or rt.scope, tenant, nonce=None,
                confidential=confidential))
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            return self._device_token(tenant, form)
        self.send_json(400, _error("unsupported_grant_type", f"grant {grant!r} not supported"))

    def _device_token(self, tenant: str, form: dict) -> None:
        now = time.time()
        with self.fake.lock:
            dc = self.fake.device_codes.get(form.get("device_code", ""))
            if dc is None or dc.redeemed:
                return self.send_json(400, _error("expired_token", "AADSTS70020: device code unknown"))
            too_early = dc.last_poll is not None and now - dc.last_poll < self.fake.device_interval - 0.05
            dc.last_poll = now
            if too_early:
                self.fake.too_early_polls += 1
                return self.send_json(400, _error("slow_down", "polling faster than the interval"))
            if dc.username is None:
                return self.send_json(400, _error("authorization_pending", "AADSTS70016: pending"))
            dc.redeemed = True
        self.send_json(200, self.fake.token_response(dc.username, form.get("scope") or dc.scope,
                                                     tenant, nonce=None, confidential=False))

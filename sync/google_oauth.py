"""Google sign-in for Gmail: the web-server flow (state + PKCE) and the installed-app flow.

Both end with the same thing: a refresh token for scope ``gmail.readonly``, kept with the
client id/secret and the token URL as an ``authorized_user`` JSON object, which the caller
encrypts with SecretBox before it is stored. Access tokens are never stored.

The authorization URL asks for ``access_type=offline`` (a refresh token) and
``prompt=consent`` (Google sends a refresh token only when consent is given, so a reconnect
must ask again). PKCE (S256) binds the code to this flow; ``state`` binds the redirect to the
browser session that started it.

Why not google-auth-oauthlib's Flow: oauthlib refuses any token or authorization URL that
is not https unless the process-wide OAUTHLIB_INSECURE_TRANSPORT is set, which would make
the configurable endpoints (TOPOFMIND_GOOGLE_TOKEN_URL, a local test server) impossible
without weakening every other OAuth client in the process. The two requests are short.
Its ``run_local_server`` also needs a browser on the same machine, and Google retired the
copy-the-code (OOB) flow; a headless server uses a loopback redirect instead: the browser
ends on ``http://localhost/?code=…`` (which does not load) and the user pastes that address.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from sync.config import Config

SCOPE = "https://www.googleapis.com/auth/gmail.readonly"
LOOPBACK_REDIRECT = "http://localhost"


class GoogleSignInError(Exception):
    """The sign-in could not be completed; the message says what to do next."""


@dataclass(frozen=True)
class GoogleClient:
    """The user's own OAuth client (TOPOFMIND_GOOGLE_CLIENT_ID/_SECRET or a client_secret.json)."""

    client_id: str
    client_secret: str
    auth_uri: str
    token_uri: str
    redirect_uris: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> GoogleClient:
        if not (config.google_client_id and config.google_client_secret):
            raise GoogleSignInError(
                "no Google OAuth client configured: set TOPOFMIND_GOOGLE_CLIENT_ID and "
                "TOPOFMIND_GOOGLE_CLIENT_SECRET, or pass --client-secrets FILE (see the README)")
        return cls(config.google_client_id, config.google_client_secret, config.google_auth_url,
                   config.google_token_url)

    @classmethod
    def from_client_secrets(cls, path: str | Path, config: Config) -> GoogleClient:
        """Google's downloaded client_secret_….json ("installed" or "web")."""
        try:
            data = json.loads(Path(path).read_text())
            entry = data.get("installed") or data.get("web")
            client_id, client_secret = entry["client_id"], entry["client_secret"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise GoogleSignInError(
                f"{path} is not a Google OAuth client file (download it from Google Cloud console, "
                "APIs & Services > Credentials, as JSON)") from exc
        # The configured endpoints win: they are Google's unless deliberately pointed elsewhere.
        return cls(client_id, client_secret, config.google_auth_url, config.google_token_url,
                   tuple(entry.get("redirect_uris") or ()))


@dataclass(frozen=True)
class AuthorizationRequest:
    """What the server keeps (in the user's session) between the redirect out and back."""

    url: str
    state: str
    code_verifier: str
    redirect_uri: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> AuthorizationRequest:
        return cls(**{k: data[k] for k in ("url", "state", "code_verifier", "redirect_uri")})


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def start_authorization(client: GoogleClient, redirect_uri: str, *,
                        login_hint: str | None = None) -> AuthorizationRequest:
    """The consent-screen URL, with a fresh state and PKCE verifier."""
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(64)  # 86 characters of the unreserved set (RFC 7636: 43-128)
    params = {
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": SCOPE,
        "state": state,
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
        "access_type": "offline",
        "prompt": "consent",
    }
    if login_hint:
        params["login_hint"] = login_hint
    return AuthorizationRequest(client.auth_uri + "?" + urlencode(params), state, verifier, redirect_uri)


def parse_redirect(answer: str) -> dict[str, str]:
    """The query of the address the browser was sent back to (or a bare code)."""
    answer = answer.strip()
    if "code=" not in answer and "error=" not in answer:
        return {"code": answer} if answer else {}
    query = urlsplit(answer).query if "?" in answer else answer
    return {k: v[-1] for k, v in parse_qs(query).items()}


def finish_authorization(client: GoogleClient, request: AuthorizationRequest, answer: dict[str, str], *,
                         timeout: float = 30.0, check_state: bool = True) -> dict:
    """Exchange the code for tokens; the stored credentials as a dict (see credentials_info)."""
    if answer.get("error"):
        raise GoogleSignInError(f"Google did not grant access ({answer['error']}); start again")
    if not answer.get("code"):
        raise GoogleSignInError("no authorization code in the answer; paste the whole address")
    if check_state and answer.get("state") != request.state:
        raise GoogleSignInError("the answer does not belong to this sign-in (state mismatch); start again")
    try:
        response = requests.post(client.token_uri, timeout=timeout, data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": request.redirect_uri,
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "code_verifier": request.code_verifier,
        })
    except requests.RequestException as exc:
        raise GoogleSignInError(f"could not reach Google's token endpoint ({type(exc).__name__}); retry") from exc
    try:
        tokens = response.json()
    except ValueError:
        tokens = {}
    if response.status_code != 200:
        raise GoogleSignInError(
            f"Google refused the code ({tokens.get('error', response.status_code)}: "
            f"{tokens.get('error_description', '')}); codes work once and expire in minutes: start again")
    if not tokens.get("refresh_token"):
        raise GoogleSignInError(
            "Google sent no refresh token; remove topofmind's access at "
            "https://myaccount.google.com/permissions and connect again")
    return credentials_info(client, tokens["refresh_token"])


def credentials_info(client: GoogleClient, refresh_token: str) -> dict:
    """The ``authorized_user`` object google-auth understands; encrypt it before storing."""
    return {"type": "authorized_user", "client_id": client.client_id, "client_secret": client.client_secret,
            "refresh_token": refresh_token, "token_uri": client.token_uri}


def credentials_json(info: dict) -> str:
    return json.dumps(info, sort_keys=True)


def installed_app_flow(client: GoogleClient, *, show, ask, login_hint: str | None = None) -> dict:
    """The headless flow: ``show`` the URL, ``ask`` for the address the browser ended on."""
    redirect = next((u for u in client.redirect_uris if u.startswith("http://localhost")
                     or u.startswith("http://127.0.0.1")), LOOPBACK_REDIRECT)
    request = start_authorization(client, redirect, login_hint=login_hint)
    show(request.url)
    answer = parse_redirect(ask())
    # A bare code (no state) is accepted here: the person typing it is the one who started it.
    return finish_authorization(client, request, answer, check_state="state" in answer)

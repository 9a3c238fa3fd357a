"""Signing in to Microsoft with msal, and keeping the resulting token cache.

Two ways in, both ending in an ``OutlookCredentials`` whose ``dumps()`` string the caller
encrypts with SecretBox and stores on the MailAccount:
- the server's Connect page: ``initiate_auth_code_flow`` (keep the returned flow in the
  user's session) then ``acquire_token_by_auth_code_flow`` with the redirect's query
  parameters — msal ``ConfidentialClientApplication`` (client id + secret), PKCE, state
  and nonce checked by msal;
- headless servers: ``initiate_device_flow`` then ``acquire_token_by_device_flow`` — msal
  ``PublicClientApplication``; msal polls at the interval the server gives and backs off on
  ``slow_down``.
Later, ``access_token`` serves a token from the cache, refreshing it when needed; Microsoft
rotates refresh tokens on refresh, so a changed cache is handed to ``on_changed`` to be
written back (``SerializableTokenCache.has_state_changed``).

Why the credentials record remembers which kind of client signed in: a refresh token
issued to a public client must be redeemed without a secret and one issued to a
confidential client with it.

Traps handled here: msal refuses non-https authorities, so a bad TOPOFMIND_MS_AUTHORITY
is reported before any network call; ``instance_discovery=False`` for authorities that
are not Microsoft's (sovereign clouds via proxies, test fakes), otherwise msal would ask
login.microsoftonline.com about them; ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE`` silently
override a session's ``verify`` in requests, so TOPOFMIND_CA_BUNDLE is pinned per request;
msal caches identical 4xx token errors for 60 s inside one app object, so every call
builds a new app.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import msal
import requests

from sync.config import Config
from sync.protocol import AuthorizationRevoked, SourceUnavailable

SCOPES = ["Mail.Read"]
MICROSOFT_AUTHORITY_HOSTS = frozenset({
    "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
    "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
    "login.microsoftonline.de",
})
# Errors meaning the user must sign in again (consent withdrawn, password reset, token gone).
REAUTH_ERRORS = frozenset({"invalid_grant", "interaction_required", "consent_required",
                           "login_required", "unauthorized_client"})


class MicrosoftSignInError(Exception):
    """Signing in did not complete; the message says what to do next."""


class PinnedVerifySession(requests.Session):
    """A requests session whose ``verify`` wins over REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE.

    requests lets those variables override ``Session.verify`` but not a per-request
    ``verify=``; passing it per request keeps proxies from the environment working.
    """

    def __init__(self, verify: str | bool = True, timeout: float = 30):
        super().__init__()
        self._verify, self._timeout = verify, timeout

    def request(self, method, url, **kwargs):
        if kwargs.get("verify") is None:
            kwargs["verify"] = self._verify
        kwargs.setdefault("timeout", self._timeout)
        return super().request(method, url, **kwargs)


def http_session(config: Config) -> PinnedVerifySession:
    return PinnedVerifySession(config.ca_bundle or True)


@dataclass(frozen=True)
class OutlookCredentials:
    """What is stored (encrypted) on an Outlook MailAccount."""

    client: str  # "confidential" (Connect page) or "public" (device code)
    home_account_id: str
    username: str
    msal_cache: str

    def dumps(self) -> str:
        return json.dumps({"v": 1, **asdict(self)})

    @classmethod
    def loads(cls, text: str) -> OutlookCredentials:
        try:
            data = json.loads(text)
            return cls(data["client"], data["home_account_id"], data["username"], data["msal_cache"])
        except (ValueError, KeyError, TypeError) as exc:
            raise AuthorizationRevoked(
                "the stored Outlook credentials are unreadable; reconnect the account") from exc


@contextmanager
def _network_errors(config: Config) -> Iterator[None]:
    """requests' exceptions from inside msal, as MicrosoftSignInError saying what to do."""
    try:
        yield
    except requests.exceptions.SSLError as exc:
        raise MicrosoftSignInError(
            f"the TLS certificate of {config.ms_authority} is not trusted; behind a TLS-inspecting "
            "proxy or with a private authority, set TOPOFMIND_CA_BUNDLE to its CA file") from exc
    except requests.RequestException as exc:
        raise MicrosoftSignInError(
            f"cannot reach {config.ms_authority} ({exc.__class__.__name__}); check the network "
            "and TOPOFMIND_MS_AUTHORITY, then try again") from exc


def _check_authority(authority: str) -> bool:
    """Validate the authority; True when it is one of Microsoft's own hosts."""
    parts = urlsplit(authority)
    if parts.scheme != "https" or not parts.hostname or parts.path.strip("/") == "":
        raise MicrosoftSignInError(
            f"TOPOFMIND_MS_AUTHORITY must be an https URL including the tenant, such as "
            f"https://login.microsoftonline.com/common (got {authority!r})")
    return parts.hostname.lower() in MICROSOFT_AUTHORITY_HOSTS


def build_app(config: Config, *, confidential: bool,
              cache: msal.SerializableTokenCache | None = None) -> msal.ClientApplication:
    """A new msal app object (never reused: msal caches token errors per app for 60 s)."""
    if not config.ms_client_id:
        raise MicrosoftSignInError(
            "no Microsoft app registration configured: set TOPOFMIND_MS_CLIENT_ID "
            "(and TOPOFMIND_MS_CLIENT_SECRET for the Connect page); see the README")
    microsoft = _check_authority(config.ms_authority)
    common = dict(authority=config.ms_authority.rstrip("/"), token_cache=cache,
                  http_client=http_session(config),
                  instance_discovery=None if microsoft else False)
    if confidential and not config.ms_client_secret:
        raise MicrosoftSignInError("set TOPOFMIND_MS_CLIENT_SECRET to connect from the web page")
    with _network_errors(config):  # msal reads the authority's discovery document here
        if confidential:
            return msal.ConfidentialClientApplication(
                config.ms_client_id, client_credential=config.ms_client_secret, **common)
        return msal.PublicClientApplication(config.ms_client_id, **common)


def _credentials(result: dict, cache: msal.SerializableTokenCache, client: str) -> OutlookCredentials:
    if "access_token" not in result:
        raise MicrosoftSignInError(
            f"Microsoft refused the sign-in: {result.get('error')}: "
            f"{result.get('error_description', '').splitlines()[0] if result.get('error_description') else ''}"
            " — try again, and check the app registration's redirect URI and permissions")
    claims = result.get("id_token_claims") or {}
    username = claims.get("preferred_username") or ""
    accounts = [a for a in _accounts_in(cache) if not username or a.get("username") == username]
    if not accounts:
        raise MicrosoftSignInError("Microsoft returned no account; try signing in again")
    return OutlookCredentials(client, accounts[0]["home_account_id"], username, cache.serialize())


def _accounts_in(cache: msal.SerializableTokenCache) -> list[dict]:
    return list(cache.search(msal.TokenCache.CredentialType.ACCOUNT))


# --- the Connect page (authorization code flow) ---------------------------------------------

def initiate_auth_code_flow(config: Config, redirect_uri: str, *, login_hint: str | None = None) -> dict:
    """Start a consent; redirect the browser to ``flow["auth_uri"]`` and keep ``flow``.

    The answer comes back as a GET with code and state in the query (response_mode=query).
    msal recommends form_post, but that is a cross-site POST, on which browsers do not send
    a SameSite=Lax session cookie, so the server would lose the flow it kept in the session;
    PKCE, the single-use code and the state check protect the query mode.
    """
    app = build_app(config, confidential=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended")
        return app.initiate_auth_code_flow(SCOPES, redirect_uri=redirect_uri, login_hint=login_hint,
                                           response_mode="query")


def acquire_token_by_auth_code_flow(config: Config, flow: dict, auth_response: dict) -> OutlookCredentials:
    """Finish the consent with the redirect's query parameters (state, code, or error)."""
    cache = msal.SerializableTokenCache()
    app = build_app(config, confidential=True, cache=cache)
    try:
        with _network_errors(config):
            result = app.acquire_token_by_auth_code_flow(flow, auth_response, scopes=SCOPES)
    except ValueError as exc:  # state mismatch, or a replayed/foreign redirect
        raise MicrosoftSignInError(f"the sign-in answer does not match this attempt ({exc}); start again") from exc
    return _credentials(result, cache, "confidential")


# --- headless servers (device code flow) ----------------------------------------------------

def initiate_device_flow(config: Config) -> dict:
    """Start a device-code sign-in; show ``flow["message"]`` (URL and code) to the user."""
    app = build_app(config, confidential=False)
    with _network_errors(config):
        flow = app.initiate_device_flow(scopes=SCOPES)
    if "user_code" not in flow:
        raise MicrosoftSignInError(
            f"Microsoft did not start a device sign-in: {flow.get('error')}: {flow.get('error_description', '')}"
            " — enable 'Allow public client flows' in the app registration")
    return flow


def acquire_token_by_device_flow(config: Config, flow: dict) -> OutlookCredentials:
    """Poll (at the server's interval, blocking) until the user has signed in or the code expired."""
    cache = msal.SerializableTokenCache()
    app = build_app(config, confidential=False, cache=cache)
    with _network_errors(config):
        result = app.acquire_token_by_device_flow(flow)
    return _credentials(result, cache, "public")


# --- later: a token for Graph, from the cache -----------------------------------------------

def access_token(config: Config, credentials: OutlookCredentials, *,
                 on_changed: Callable[[OutlookCredentials], None], force_refresh: bool = False) -> str:
    """An access token for Graph without user interaction.

    Raises AuthorizationRevoked when the user must sign in again, SourceUnavailable when
    the identity platform could not be reached or failed.
    """
    cache = msal.SerializableTokenCache()
    cache.deserialize(credentials.msal_cache)
    try:
        app = build_app(config, confidential=credentials.client == "confidential", cache=cache)
        account = next((a for a in app.get_accounts() if a["home_account_id"] == credentials.home_account_id),
                       None)
        if account is None:
            raise AuthorizationRevoked("no Outlook sign-in is stored for this account; reconnect it")
        with _network_errors(config):
            result = app.acquire_token_silent_with_error(SCOPES, account, force_refresh=force_refresh)
    except MicrosoftSignInError as exc:
        raise SourceUnavailable(str(exc)) from exc
    if cache.has_state_changed:
        on_changed(OutlookCredentials(credentials.client, credentials.home_account_id,
                                      credentials.username, cache.serialize()))
    if result and "access_token" in result:
        return result["access_token"]
    error = (result or {}).get("error")
    if result is None or error in REAUTH_ERRORS:
        raise AuthorizationRevoked(
            f"Microsoft no longer accepts this account's sign-in ({error or 'no refresh token'}); "
            "reconnect the account — its data is kept")
    raise SourceUnavailable(f"Microsoft sign-in failed: {error}: {(result or {}).get('error_description', '')[:200]}")

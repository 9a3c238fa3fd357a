"""Logging in to an IMAP server: the settings, TLS, the login, and what failed, by step.

Plain (unencrypted) IMAP is refused except to 127.0.0.1/localhost; STARTTLS must succeed
when asked for (no silent fallback to plain). A refused login (an app password or an XOAUTH2
token) → LoginRefused, an AuthorizationRevoked: the account "needs attention" and nothing
stored is touched. DNS, TLS and network failures → ImapProblem naming the step that failed.
"""

from __future__ import annotations

import dataclasses
import socket
import ssl
import urllib.parse
from dataclasses import dataclass

import requests
from imapclient import IMAPClient
from imapclient import exceptions as imap_errors

from sync.imap_presets import PRESETS, guess_preset, preset_for
from sync.protocol import AuthorizationRevoked, SourceUnavailable

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_CREDENTIAL_FIELDS = ("host", "port", "username", "password", "xoauth2_token", "security", "ca_bundle",
                      "preset", "xoauth2_refresh_token", "token_url", "client_id", "client_secret")


class ImapProblem(SourceUnavailable):
    """A connection problem, with the step that failed: dns, connect, tls or folder."""

    def __init__(self, step: str, message: str):
        super().__init__(message)
        self.step = step


class LoginRefused(AuthorizationRevoked):
    step = "login"


@dataclass(frozen=True)
class ImapSettings:
    """Where and how to log in. ``security``: "tls" (implicit, 993), "starttls" or "plain".

    XOAUTH2: ``xoauth2_token`` is the access token; with ``xoauth2_refresh_token`` and
    ``token_url`` (and the client's id and secret) a refused token is refreshed once."""

    host: str
    port: int
    username: str
    password: str | None = None
    xoauth2_token: str | None = None
    security: str = "tls"
    ca_bundle: str | None = None
    preset: str | None = None
    timeout: float = 60.0
    xoauth2_refresh_token: str | None = None
    token_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None

    def __post_init__(self):
        if self.security not in ("tls", "starttls", "plain"):
            raise ValueError("security must be tls, starttls or plain")
        if self.security == "plain" and self.host not in LOCAL_HOSTS:
            raise ValueError("plain IMAP (no TLS) is only allowed to 127.0.0.1; use TLS or STARTTLS")
        if not (self.password or self.xoauth2_token):
            raise ValueError("an app password or an XOAUTH2 token is needed")

    @property
    def refreshable(self) -> bool:
        return bool(self.xoauth2_token and self.xoauth2_refresh_token and self.token_url)

    @classmethod
    def from_credentials(cls, credentials: dict) -> ImapSettings:
        return cls(**{k: credentials[k] for k in _CREDENTIAL_FIELDS if k in credentials})

    def to_credentials(self) -> dict:
        return {k: getattr(self, k) for k in _CREDENTIAL_FIELDS if getattr(self, k) is not None}

    def __repr__(self) -> str:  # never print the secret
        return f"ImapSettings(host={self.host!r}, port={self.port}, username={self.username!r}, security={self.security!r})"


class CommandCounter:
    """Runs the server commands of one pass: counts them (for the benches) and turns a dropped
    connection into ImapProblem, so the engine retries the account at its next pass."""

    def __init__(self, host: str):
        self.host = host
        self.round_trips = 0
        self.bytes_fetched = 0  # message and header bytes received

    def __call__(self, what: str, fn, *args, **kwargs):
        self.round_trips += 1
        try:
            return fn(*args, **kwargs)
        except imap_errors.LoginError:
            raise
        except (imap_errors.IMAPClientAbortError, OSError) as exc:
            raise ImapProblem("connect", f"the connection to {self.host} dropped during "
                                         f"{what} ({type(exc).__name__}); the next pass resumes") from exc


def connect(s: ImapSettings, call: CommandCounter, *, default_ca_bundle: str | None = None) -> IMAPClient:
    """A logged-in client, or ImapProblem / LoginRefused saying which step failed."""
    try:
        socket.getaddrinfo(s.host, s.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ImapProblem("dns", f"DNS: the name {s.host!r} does not resolve ({exc.strerror}); "
                                 "check the server name") from None
    context = ssl.create_default_context(cafile=s.ca_bundle or default_ca_bundle)
    try:
        call.round_trips += 1
        client = IMAPClient(s.host, s.port, ssl=s.security == "tls", ssl_context=context, timeout=s.timeout)
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
                call("STARTTLS", client.starttls, context)
            except ssl.SSLError as exc:
                raise ImapProblem("tls", f"TLS: STARTTLS with {s.host} failed ({exc.reason or exc})") from None
            except imap_errors.IMAPClientError as exc:
                raise ImapProblem("tls", f"TLS: {s.host}:{s.port} does not offer STARTTLS ({exc})") from None
        _login(client, s, call)
    except BaseException:
        close(client)
        raise
    return client


def _login(client: IMAPClient, s: ImapSettings, call: CommandCounter) -> None:
    try:
        if s.xoauth2_token:
            call("login", client.oauth2_login, s.username, s.xoauth2_token)
        else:
            call("login", client.login, s.username, s.password)
    except (imap_errors.LoginError, imap_errors.IMAPClientError) as exc:
        if "UNAVAILABLE" in str(exc).upper():  # RFC 5530: the server's auth is down, not the password
            raise ImapProblem("login", f"{s.host} cannot check logins right now ({error_text(exc)}); "
                                       "the next pass tries again") from None
        if s.xoauth2_token:
            hint = ("; the XOAUTH2 token was refused (expired or revoked)"
                    + ("" if s.refreshable else " and no refresh token is stored")
                    + ": connect the account again with a new token")
        else:
            page = preset_for(s.preset).app_password_url if preset_for(s.preset) else None
            hint = f"; create a new app password at {page}" if page else "; check the username and app password"
        raise LoginRefused(f"login refused for {s.username} on {s.host}: {error_text(exc)}{hint}") from None


def refreshed(s: ImapSettings, *, default_ca_bundle: str | None = None) -> ImapSettings:
    """The settings with a new XOAUTH2 access token from the refresh-token grant (RFC 6749 §6),
    or LoginRefused when the token endpoint refuses (the account needs reconnecting)."""
    host = urllib.parse.urlsplit(s.token_url).hostname
    if not _is_token_endpoint(s.token_url):
        raise LoginRefused(f"the token endpoint {host} is not HTTPS; connect the account again")
    form = {"grant_type": "refresh_token", "refresh_token": s.xoauth2_refresh_token}
    form.update({k: v for k, v in (("client_id", s.client_id), ("client_secret", s.client_secret)) if v})
    try:
        answer = requests.post(s.token_url, data=form, headers={"Accept": "application/json"}, timeout=s.timeout,
                               verify=s.ca_bundle or default_ca_bundle or True)
    except requests.RequestException as exc:
        raise ImapProblem("login", f"the token endpoint {host} could not be reached "
                                   f"({type(exc).__name__}); the next pass tries again") from None
    try:
        token = answer.json()
    except ValueError:
        token = None
    if not answer.ok:
        reason = str((token.get("error") if isinstance(token, dict) else None) or answer.reason)[:100]
        if answer.status_code in (400, 401):
            raise LoginRefused(f"the XOAUTH2 token for {s.username} was refused and its refresh failed "
                               f"({reason}); connect the account again with a new token") from None
        raise ImapProblem("login", f"the token endpoint answered HTTP {answer.status_code} ({reason}); "
                                   "the next pass tries again") from None
    if not isinstance(token, dict) or not token.get("access_token"):
        raise ImapProblem("login", "the token endpoint answered without an access_token; the next pass tries again")
    return dataclasses.replace(s, xoauth2_token=token["access_token"],
                               xoauth2_refresh_token=token.get("refresh_token") or s.xoauth2_refresh_token)


def error_text(exc: Exception) -> str:
    text = str(exc)
    return text.removeprefix("b'").removeprefix('b"').rstrip("'\"") or type(exc).__name__


def close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:
            pass


def settings_from(*, address: str, preset: str | None, host: str | None, port: int | None,
                  username: str | None, starttls: bool, plain: bool, ca_bundle: str | None,
                  secret: str, xoauth2: bool = False, refresh_token: str | None = None,
                  token_url: str | None = None, client_id: str | None = None, client_secret: str | None = None):
    """ImapSettings from what a user typed (CLI or page); ValueError names the field that is wrong."""
    address = address.strip().lower()
    if "@" not in address:
        raise ValueError("address: give the full email address, e.g. sam@example.org")
    chosen = preset_for(preset) if preset else (None if host else guess_preset(address))
    if preset and chosen is None:
        raise ValueError(f"preset: unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    if host:
        host = host.strip()
    elif chosen and chosen.host:
        host = chosen.host
    else:
        raise ValueError("host: give the IMAP server's host name, or choose a preset")
    security = "plain" if plain else "starttls" if starttls else "tls"
    if port is None:
        port = chosen.port if chosen and chosen.host == host and security == "tls" else (
            993 if security == "tls" else 143)
    if not 0 < int(port) < 65536:
        raise ValueError("port: a number between 1 and 65535")
    if not secret:
        raise ValueError("password: the app password is empty")
    if (refresh_token or token_url) and not xoauth2:
        raise ValueError("token-url: a refresh token and its token endpoint only go with --xoauth2")
    if refresh_token and not token_url:
        raise ValueError("token-url: a refresh token needs the provider's token endpoint (--token-url)")
    if token_url and not _is_token_endpoint(token_url):
        raise ValueError("token-url: give the provider's https:// token endpoint")
    return ImapSettings(host=host, port=int(port), username=(username or address).strip(),
                        password=None if xoauth2 else secret, xoauth2_token=secret if xoauth2 else None,
                        security=security, ca_bundle=ca_bundle, preset=chosen.key if chosen else None,
                        xoauth2_refresh_token=refresh_token or None, token_url=token_url or None,
                        client_id=client_id or None, client_secret=client_secret or None)


def _is_token_endpoint(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    # http only to this machine (a local identity bridge), as for plain IMAP.
    return bool(parts.hostname) and (parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in LOCAL_HOSTS))

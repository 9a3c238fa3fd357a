"""XOAUTH2 logins against a real Dovecot whose oauth2 passdb asks a local token issuer.

The issuer (stdlib http.server) answers Dovecot's introspection (RFC 7662: POST token=...)
and the client's refresh-token grant (RFC 6749 §6), as a provider's identity service would.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from sync.daemon import make_source_opener
from sync.engine import sync_account
from sync.imap import ImapSettings
from sync.sources import decrypt_credentials, encrypt_credentials
from tests.builders import make_account, make_user
from tests.sync.imap_accounts import BOX, CONFIG, MINE, USER, ledger_keys, load, stored
from tests.sync.mailgen import ME, generate_messages
from topofmind.store import models


class TokenIssuer:
    """Access tokens it knows are active for their user; refresh tokens it accepts."""

    def __init__(self):
        self.active: dict[str, str] = {}  # access token -> username
        self.refresh: dict[str, str] = {}  # refresh token -> username
        self.introspected: list[str] = []
        self.grants: list[dict] = []
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                if self.path == "/introspect":
                    issuer.introspected.append(form.get("token", ""))
                    user = issuer.active.get(form.get("token", ""))
                    self._answer(200, {"active": True, "username": user} if user else {"active": False})
                elif self.path == "/token":
                    issuer.grants.append(form)
                    user = issuer.refresh.get(form.get("refresh_token", ""))
                    if form.get("grant_type") != "refresh_token" or user is None:
                        self._answer(400, {"error": "invalid_grant"})
                        return
                    token = f"access-{len(issuer.grants)}"
                    issuer.active[token] = user
                    self._answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
                else:
                    self._answer(404, {"error": "not_found"})

            def _answer(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def issuer():
    running = TokenIssuer()
    yield running
    running.close()


@pytest.fixture
def oauth_dovecot(dovecot_server, issuer):
    return dovecot_server(oauth2_introspection_url=issuer.url + "/introspect")


def connect_with_token(session, server, *, token: str, refresh_token: str | None = None,
                       token_url: str | None = None) -> int:
    owner = session.scalar(select(models.User)) or make_user(session, email=ME)
    account = make_account(session, user=owner, provider="imap", address=USER)
    settings = ImapSettings("127.0.0.1", server.port, USER, xoauth2_token=token, ca_bundle=str(server.ca_file),
                            xoauth2_refresh_token=refresh_token, token_url=token_url, client_id="topofmind")
    account.credentials_encrypted = encrypt_credentials(settings.to_credentials(), BOX)
    session.commit()
    return account.id


def sync(Session, account_id, now):
    """One pass with the daemon's own opener: credentials the source rotates are stored encrypted."""
    with Session() as s:
        source = make_source_opener(Session, CONFIG, BOX)(s.get(models.MailAccount, account_id))
    return sync_account(Session, account_id, source, me=MINE, now=lambda: now)


def stored_credentials(Session, account_id) -> dict:
    with Session() as s:
        return decrypt_credentials(s.get(models.MailAccount, account_id), BOX)


def test_a_valid_xoauth2_token_logs_in_and_syncs(Session, session, oauth_dovecot, issuer, now):
    issuer.active["token-1"] = USER
    load(oauth_dovecot, list(generate_messages(20, seed=31)))
    account_id = connect_with_token(session, oauth_dovecot, token="token-1")

    result = sync(Session, account_id, now)

    assert result.status == "ok", result.error
    assert len(ledger_keys(Session, account_id)) == 20 and stored(Session, account_id) > 0
    assert "token-1" in issuer.introspected  # Dovecot asked the issuer: the token did the login


def test_a_revoked_token_without_a_refresh_token_marks_the_account_for_reconnecting_and_keeps_the_mail(
        Session, session, oauth_dovecot, issuer, now):
    issuer.active["token-1"] = USER
    load(oauth_dovecot, list(generate_messages(20, seed=32)))
    account_id = connect_with_token(session, oauth_dovecot, token="token-1")
    assert sync(Session, account_id, now).status == "ok"
    keys, messages = sorted(ledger_keys(Session, account_id)), stored(Session, account_id)

    del issuer.active["token-1"]  # expired or revoked at the provider
    result = sync(Session, account_id, now)

    assert result.status == "needs_reconnect"
    assert "login refused for sam@example.org" in result.error and "XOAUTH2 token was refused" in result.error
    assert "token-1" not in result.error
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        assert account.status == "needs_reconnect" and account.next_run_at is None
        assert "connect the account again" in account.last_error
    assert sorted(ledger_keys(Session, account_id)) == keys and stored(Session, account_id) == messages > 0


def test_an_expired_token_is_refreshed_stored_encrypted_and_the_pass_goes_on(
        Session, session, oauth_dovecot, issuer, now):
    issuer.refresh["refresh-1"] = USER
    load(oauth_dovecot, list(generate_messages(20, seed=33)))
    account_id = connect_with_token(session, oauth_dovecot, token="expired", refresh_token="refresh-1",
                                    token_url=issuer.url + "/token")

    result = sync(Session, account_id, now)

    assert result.status == "ok", result.error
    assert len(ledger_keys(Session, account_id)) == 20
    assert issuer.grants == [{"grant_type": "refresh_token", "refresh_token": "refresh-1", "client_id": "topofmind"}]
    kept = stored_credentials(Session, account_id)
    assert kept["xoauth2_token"] == "access-1" and kept["xoauth2_refresh_token"] == "refresh-1"
    again = sync(Session, account_id, now)
    assert again.status == "ok" and len(issuer.grants) == 1  # the new token is used, not refreshed again


def test_a_refused_refresh_marks_the_account_for_reconnecting_and_loses_nothing(
        Session, session, oauth_dovecot, issuer, now):
    issuer.active["token-1"] = USER
    load(oauth_dovecot, list(generate_messages(20, seed=34)))
    account_id = connect_with_token(session, oauth_dovecot, token="token-1", refresh_token="refresh-withdrawn-9",
                                    token_url=issuer.url + "/token")
    assert sync(Session, account_id, now).status == "ok"
    keys = sorted(ledger_keys(Session, account_id))

    del issuer.active["token-1"]
    result = sync(Session, account_id, now)

    assert result.status == "needs_reconnect"
    assert "refresh failed (invalid_grant)" in result.error and "connect the account again" in result.error
    assert "refresh-withdrawn-9" not in result.error and "token-1" not in result.error
    assert [g["refresh_token"] for g in issuer.grants] == ["refresh-withdrawn-9"]
    assert sorted(ledger_keys(Session, account_id)) == keys
    assert stored_credentials(Session, account_id)["xoauth2_token"] == "token-1"  # nothing overwritten


def test_add_imap_keeps_a_refresh_token_so_that_a_token_expiring_later_is_renewed(
        Session, session, oauth_dovecot, issuer, db_url, tmp_path, now):
    from click.testing import CliRunner

    from server.cli import main
    from tests.sync.imap_accounts import KEY

    issuer.active["token-1"] = USER
    issuer.refresh["refresh-1"] = USER
    load(oauth_dovecot, list(generate_messages(12, seed=35)))
    env = {"TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_SECRET_KEY": KEY, "TOPOFMIND_DATA_DIR": str(tmp_path)}
    added = CliRunner().invoke(main, [
        "accounts", "add-imap", "--address", USER, "--host", "127.0.0.1", "--port", str(oauth_dovecot.port),
        "--ca-bundle", str(oauth_dovecot.ca_file), "--xoauth2", "--token-url", issuer.url + "/token",
        "--client-id", "cli-client", "--user", ME, "--password-stdin"], input="token-1\nrefresh-1\nclient-secret-7\n",
        env=env)
    assert added.exit_code == 0, added.output
    assert "token-1" not in added.output and "refresh-1" not in added.output
    with Session() as s:
        account_id = s.scalar(select(models.MailAccount.id).where(models.MailAccount.provider == "imap"))

    del issuer.active["token-1"]  # the access token expires after it was connected
    result = sync(Session, account_id, now)

    assert result.status == "ok", result.error
    assert issuer.grants == [{"grant_type": "refresh_token", "refresh_token": "refresh-1",
                              "client_id": "cli-client", "client_secret": "client-secret-7"}]
    assert stored_credentials(Session, account_id)["xoauth2_token"] == "access-1"


def test_add_imap_refuses_a_refresh_token_without_its_endpoint_and_naming_the_field(db_url, tmp_path):
    from click.testing import CliRunner

    from server.cli import main
    from tests.sync.imap_accounts import KEY

    env = {"TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_SECRET_KEY": KEY, "TOPOFMIND_DATA_DIR": str(tmp_path)}
    base = ["accounts", "add-imap", "--address", USER, "--host", "imap.example.org", "--xoauth2", "--password-stdin"]
    missing = CliRunner().invoke(main, base, input="token-1\nrefresh-1\n", env=env)
    plain_http = CliRunner().invoke(main, [*base, "--token-url", "http://id.example.org/token"],
                                    input="token-1\nrefresh-1\n", env=env)
    assert missing.exit_code == 2 and "token-url" in missing.output and "refresh-1" not in missing.output
    assert plain_http.exit_code == 2 and "https://" in plain_http.output

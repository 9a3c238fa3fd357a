"""``GET /account-health``: which of my mailboxes stopped syncing, what happened, what to do and
where to reconnect it; the same rule as the digest's; never another user's accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from server.app import create_app
from server.auth import create_token
from sync.config import Config
from sync.secrets import SecretBox
from tests.builders import make_account, make_user
from tests.server.conftest import ValidatingClient
from topofmind.store import models
from topofmind.store.sync_health import STOPPED_AFTER_FAILURES, stopped_accounts

PUBLIC = "https://tom.example.net/"
LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


def _set_sync(Session, account_id: int, *, status: str, failures: int = 0, error: str | None = None) -> None:
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        account.status, account.consecutive_failures, account.last_error = status, failures, error
        s.commit()


@pytest.fixture
def public_site(Session, now, tmp_path):
    app = create_app(Config(data_dir=tmp_path, secret_key=SecretBox.generate_key(), public_url=PUBLIC),
                     session_factory=Session, now=lambda: now)
    app.test_client_class = ValidatingClient
    return app


def _health(client, **query) -> list[dict]:
    response = client.get("/api/v1/account-health", query_string=query)
    assert response.status_code == 200
    return response.json["accounts"]


def test_a_syncing_mailbox_is_ok_with_nothing_to_do(client, world):
    (account,) = _health(client)
    assert (account["id"], account["provider"], account["state"]) == (world.ids["a_account"], "gmail", "ok")
    assert account["since"] is account["what_happened"] is account["reconnect_url"] is None


def test_a_revoked_sign_in_says_what_happened_and_links_to_its_reconnect_on_the_public_url(
        public_site, world, Session, now):
    account_id = world.ids["a_account"]
    _set_sync(Session, account_id, status="needs_reconnect", failures=1, error="invalid_grant")
    client = public_site.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {world.token_a}"
    (account,) = _health(client)
    assert account["state"] == "needs_reconnect"
    assert account["since"] == (now - timedelta(minutes=4)).isoformat().replace("+00:00", "Z")  # last success
    assert "revoked" in account["what_happened"] and "7 days" in account["what_happened"]  # a Gmail client
    assert account["what_to_do"].startswith("Reconnect it and sign in to Google again")
    assert account["reconnect_url"] == f"https://tom.example.net/accounts/{account_id}/reconnect"


def test_the_reconnect_link_opens_that_accounts_own_reconnect_page(Session, now, tmp_path):
    with Session() as s:
        user = make_user(s)
        make_account(s, user=user, provider="outlook", address="sam@outlook.example")
        stopped = make_account(s, user=user, provider="imap", address="sam@fastmail.example")
        stopped.status, stopped.consecutive_failures = "error", STOPPED_AFTER_FAILURES
        token = create_token(s, user, "extension", now)
        s.commit()
        stopped_id = stopped.id
    app = create_app(Config(data_dir=tmp_path, secret_key=SecretBox.generate_key()),
                     session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    api = app.test_client()
    (account,) = api.get("/api/v1/account-health?state=stopped", headers={"Authorization": f"Bearer {token}"}).json[
        "accounts"]
    path = account["reconnect_url"].removeprefix("http://127.0.0.1:8765")
    assert path == f"/accounts/{stopped_id}/reconnect"
    html = app.test_client().get(path, environ_base=LOCAL).get_data(as_text=True)
    assert "Reconnect sam@fastmail.example" in html and "New app password" in html


@pytest.mark.parametrize("failures", range(STOPPED_AFTER_FAILURES + 2))
def test_an_error_is_a_stop_exactly_when_the_digest_says_so(client, world, Session, failures):
    _set_sync(Session, world.ids["a_account"], status="error", failures=failures, error="IMAP login failed\nmore")
    (account,) = _health(client)
    with Session() as s:
        digest_says_stopped = [a.id for a in stopped_accounts(s, world.a.id)] == [world.ids["a_account"]]
    assert (account["state"] == "failing") is digest_says_stopped is (failures >= STOPPED_AFTER_FAILURES)
    if digest_says_stopped:
        assert account["what_happened"] == f"Sync has failed {failures} times in a row: IMAP login failed"
        assert "password changed" in account["what_to_do"]
    else:
        assert account["state"] == "ok"


def test_the_state_filter_keeps_the_stopped_ones(client, world, Session, now):
    with Session() as s:
        imap = models.MailAccount(user_id=world.a.id, provider="imap", address="sam@fastmail.example",
                                  status="error", consecutive_failures=5, created_at=now - timedelta(days=3))
        s.add(imap)
        s.commit()
        imap_id = imap.id
    _set_sync(Session, world.ids["a_account"], status="needs_reconnect")
    assert [(a["id"], a["state"]) for a in _health(client, state="stopped")] == [
        (world.ids["a_account"], "needs_reconnect"), (imap_id, "failing")]
    (failing,) = _health(client, state="failing")
    assert failing["since"] == (now - timedelta(days=3)).isoformat().replace("+00:00", "Z")  # never synced
    assert _health(client, state="ok") == []
    _set_sync(Session, world.ids["a_account"], status="active")
    assert [a["id"] for a in _health(client, state="ok")] == [world.ids["a_account"]]


@pytest.mark.parametrize("query, field", [({"state": "broken"}, "state"), ({"user_id": "2"}, "user_id")])
def test_bad_input_is_a_400_naming_the_field(client, query, field):
    response = client.get("/api/v1/account-health", query_string=query)
    assert response.status_code == 400 and field in response.json["fields"]


def test_another_users_stopped_accounts_are_never_visible(client, client_b, world, Session):
    _set_sync(Session, world.ids["b_account"], status="needs_reconnect")
    seen = client.get("/api/v1/account-health").get_data(as_text=True)
    assert [a["id"] for a in _health(client)] == [world.ids["a_account"]]
    assert "alex@example.org" not in seen and f"account-{world.ids['b_account']}" not in seen
    assert [a["state"] for a in _health(client_b, state="stopped")] == ["needs_reconnect"]


def test_without_a_token_the_health_is_refused(anonymous):
    assert anonymous.get("/api/v1/account-health").status_code == 401

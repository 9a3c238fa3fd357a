"""Connect Gmail from the Accounts page: Google's consent (the fake), back to the server,
code exchanged server-side, refresh token stored encrypted, account ready to sync."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from server.app import create_app
from sync.config import Config
from sync.secrets import SecretBox
from tests.builders import make_user
from tests.fakes.gmail_server import FakeGmail
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def fake():
    with FakeGmail() as server:
        server.mailbox("sam@example.net")
        yield server


@pytest.fixture
def site(Session, now, tmp_path, fake):
    config = Config(data_dir=tmp_path, secret_key=SecretBox.generate_key(),
                    google_client_id=fake.client_id, google_client_secret=fake.client_secret,
                    google_auth_url=fake.auth_url, google_token_url=fake.token_url, gmail_api_url=fake.api_url)
    with Session() as s:
        make_user(s, email="sam@example.net")
        s.commit()
    app = create_app(config, session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    return app, config


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_connecting_gmail_stores_an_encrypted_refresh_token_and_the_mailbox_address(site, Session):
    app, config = site
    c = app.test_client()
    page = c.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
    assert "Connect Gmail" in page
    out = c.post("/accounts/connect/gmail", data={"csrf": _csrf(page)}, environ_base=LOCAL)
    assert out.status_code == 302 and out.location.startswith(config.google_auth_url)
    back = requests.get(out.location, allow_redirects=False, timeout=5).headers["Location"]
    parts = urlsplit(back)
    done = c.get(f"{parts.path}?{parts.query}", environ_base=LOCAL)
    assert done.status_code == 302
    with Session() as s:
        account = s.scalars(select(models.MailAccount)).one()
        assert (account.provider, account.address, account.status) == ("gmail", "sam@example.net", "active")
        plaintext = SecretBox(config.secret_key).decrypt(account.credentials_encrypted)
    assert '"refresh_token"' in plaintext
    refresh = re.search(r'"refresh_token": "([^"]+)"', plaintext).group(1)
    assert refresh.encode() not in account.credentials_encrypted


def test_a_callback_that_was_not_started_here_is_refused(site, Session):
    app, _ = site
    c = app.test_client()
    answer = c.get("/accounts/callback/gmail?code=stolen&state=forged", environ_base=LOCAL)
    assert answer.status_code == 302
    assert "not started here" in c.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
    with Session() as s:
        assert s.scalars(select(models.MailAccount)).all() == []


def test_connecting_outlook_stores_the_encrypted_msal_cache_for_later_syncs(Session, now, tmp_path, monkeypatch):
    from urllib.parse import urlencode

    from tests.fakes.graph_server import MicrosoftFakes

    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    ms = MicrosoftFakes(tmp_path)
    try:
        config = Config.from_env({**ms.env(), "TOPOFMIND_DATA_DIR": str(tmp_path),
                                  "TOPOFMIND_SECRET_KEY": SecretBox.generate_key()})
        with Session() as s:
            make_user(s, email="sam@contoso.example")
            s.commit()
        app = create_app(config, session_factory=Session, now=lambda: now)
        app.test_client_class = FlaskClient
        c = app.test_client()
        page = c.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
        out = c.post("/accounts/connect/outlook", data={"csrf": _csrf(page)}, environ_base=LOCAL)
        assert out.status_code == 302
        answer = ms.browser_consent(out.location)
        done = c.get("/accounts/callback/outlook?" + urlencode(answer), environ_base=LOCAL)
        assert done.status_code == 302
        with Session() as s:
            account = s.scalars(select(models.MailAccount)).one()
            assert (account.provider, account.address) == ("outlook", "sam@contoso.example")
            stored = SecretBox(config.secret_key).decrypt(account.credentials_encrypted)
        assert "msal_cache" in stored and b"refresh" not in account.credentials_encrypted
    finally:
        ms.close()

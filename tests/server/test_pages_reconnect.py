"""The one-click reconnect link, ``/accounts/<id>/reconnect``: Gmail and Outlook go straight to the
provider's consent (the fakes) and come back reconnected; IMAP gets its form filled in from the
stored settings (never the password) against a real Dovecot; an upload has nothing to reconnect;
only the signed-in owner gets anywhere; the digest, the notices and the API carry this link."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from server.app import create_app
from server.auth import create_token
from server.services.digest import build_digest, compose, render
from server.sign_in import set_password
from sync.config import Config
from sync.secrets import SecretBox
from sync.sources import decrypt_credentials, encrypt_credentials
from tests.builders import make_account, make_user
from tests.fakes.gmail_server import FakeGmail
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
PASSWORD = "correct horse battery"


def _site(Session, now, tmp_path, **config) -> tuple:
    config = Config(data_dir=tmp_path, secret_key=SecretBox.generate_key(), **config)
    app = create_app(config, session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    return app, config


def _stopped_account(Session, *, email="sam@example.net", provider="gmail", address=None, sealed=None,
                     status="needs_reconnect") -> int:
    with Session() as s:
        user = s.scalar(select(models.User).where(models.User.email == email)) or make_user(s, email=email)
        account = make_account(s, user=user, provider=provider, address=address or email)
        account.status, account.consecutive_failures, account.last_error = status, 3, "invalid_grant"
        account.credentials_encrypted = sealed
        s.commit()
        return account.id


def _account(Session, account_id: int) -> models.MailAccount:
    with Session() as s:
        return s.get(models.MailAccount, account_id)


def _health(app, Session, now, user_email="sam@example.net") -> list[dict]:
    with Session() as s:
        user = s.scalar(select(models.User).where(models.User.email == user_email))
        token = create_token(s, user, "extension", now)
        s.commit()
    answer = app.test_client().get("/api/v1/account-health", headers={"Authorization": f"Bearer {token}"})
    return answer.json["accounts"]


@pytest.fixture
def gmail():
    with FakeGmail() as server:
        server.mailbox("sam@example.net")
        yield server


def _gmail_site(Session, now, tmp_path, gmail):
    return _site(Session, now, tmp_path, google_client_id=gmail.client_id, google_client_secret=gmail.client_secret,
                 google_auth_url=gmail.auth_url, google_token_url=gmail.token_url, gmail_api_url=gmail.api_url)


def test_the_link_of_a_revoked_gmail_account_goes_straight_to_consent_and_brings_it_back_to_ok(
        Session, now, tmp_path, gmail):
    app, config = _gmail_site(Session, now, tmp_path, gmail)
    account_id = _stopped_account(Session)
    (stopped,) = _health(app, Session, now)
    assert stopped["state"] == "needs_reconnect"
    c = app.test_client()
    # As from a link in a web mail client: a cross-site GET, which the session cookie (SameSite=Lax) follows.
    out = c.get(urlsplit(stopped["reconnect_url"]).path, headers={"Sec-Fetch-Site": "cross-site"}, environ_base=LOCAL)
    assert out.status_code == 302 and out.location.startswith(config.google_auth_url)
    asked = parse_qs(urlsplit(out.location).query)
    assert asked["login_hint"] == ["sam@example.net"] and asked["state"][0]
    assert _account(Session, account_id).status == "needs_reconnect"  # the GET itself changed nothing stored
    back = requests.get(out.location, allow_redirects=False, timeout=5).headers["Location"]
    assert parse_qs(urlsplit(back).query)["state"] == asked["state"]
    done = c.get(f"{urlsplit(back).path}?{urlsplit(back).query}", environ_base=LOCAL)
    assert done.status_code == 302 and urlsplit(done.location).path == "/accounts"
    assert [(a["id"], a["state"]) for a in _health(app, Session, now)] == [(account_id, "ok")]
    with Session() as s:
        assert s.scalars(select(models.MailAccount)).all()[0].consecutive_failures == 0
    assert "Connected sam@example.net" in c.get("/accounts", environ_base=LOCAL).get_data(as_text=True)


def test_signing_in_as_another_google_account_says_the_stopped_one_is_still_not_reconnected(
        Session, now, tmp_path, gmail):
    gmail.mailbox("other@example.net")
    app, _ = _gmail_site(Session, now, tmp_path, gmail)
    account_id = _stopped_account(Session)
    c = app.test_client()
    out = urlsplit(c.get(f"/accounts/{account_id}/reconnect", environ_base=LOCAL).location)
    chosen = {**{k: v[0] for k, v in parse_qs(out.query).items()}, "login_hint": "other@example.net"}
    back = urlsplit(requests.get(f"{out.scheme}://{out.netloc}{out.path}?{urlencode(chosen)}",
                                 allow_redirects=False, timeout=5).headers["Location"])
    c.get(f"{back.path}?{back.query}", environ_base=LOCAL)
    page = c.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
    assert "You signed in as other@example.net, not sam@example.net" in page
    assert _account(Session, account_id).status == "needs_reconnect"


def test_a_state_the_link_did_not_start_is_refused_by_the_callback(Session, now, tmp_path, gmail):
    app, _ = _gmail_site(Session, now, tmp_path, gmail)
    account_id = _stopped_account(Session)
    c = app.test_client()
    out = c.get(f"/accounts/{account_id}/reconnect", environ_base=LOCAL)
    back = urlsplit(requests.get(out.location, allow_redirects=False, timeout=5).headers["Location"])
    forged = {**{k: v[0] for k, v in parse_qs(back.query).items()}, "state": "forged"}
    c.get(f"{back.path}?{urlencode(forged)}", environ_base=LOCAL)
    assert _account(Session, account_id).status == "needs_reconnect"


def test_the_link_of_an_outlook_account_goes_to_microsofts_consent_and_back(Session, now, tmp_path, ms):
    config = Config.from_env({**ms.env(), "TOPOFMIND_DATA_DIR": str(tmp_path),
                              "TOPOFMIND_SECRET_KEY": SecretBox.generate_key()})
    app = create_app(config, session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    account_id = _stopped_account(Session, email="sam@contoso.example", provider="outlook")
    c = app.test_client()
    out = c.get(f"/accounts/{account_id}/reconnect", environ_base=LOCAL)
    assert out.status_code == 302 and out.location.startswith(config.ms_authority)
    done = c.get("/accounts/callback/outlook?" + urlencode(ms.browser_consent(out.location)), environ_base=LOCAL)
    assert done.status_code == 302
    assert [(a["id"], a["state"]) for a in _health(app, Session, now, "sam@contoso.example")] == [(account_id, "ok")]


class _Form(HTMLParser):
    """What a browser would send from the page's form: each input's value and the selected option."""

    def __init__(self, html: str):
        super().__init__()
        self.fields, self.attrs, self._select = {}, {}, None
        start = html.index('<form method="post" action="/accounts/imap"')
        self.feed(html[start:html.index("</form>", start)])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox" or "checked" in a):
            self.fields[a["name"]], self.attrs[a["name"]] = a.get("value") or "", a
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(self._select, "")
        elif tag == "option" and "selected" in a:
            self.fields[self._select] = a.get("value", "")


def test_an_imap_account_gets_its_form_filled_in_without_the_password_and_takes_a_new_one(
        Session, now, tmp_path, dovecot_server):
    server = dovecot_server(users={"sam-login": "app-pass-2"})  # the app password was replaced
    app, config = _site(Session, now, tmp_path, ca_bundle=str(server.ca_file))
    stored = {"host": "127.0.0.1", "port": server.port, "username": "sam-login", "password": "old-pass-1",
              "security": "tls"}
    account_id = _stopped_account(Session, provider="imap", address="sam@example.org", status="error",
                                  sealed=encrypt_credentials(stored, SecretBox(config.secret_key)))
    c = app.test_client()
    page = c.get(f"/accounts/{account_id}/reconnect", environ_base=LOCAL)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Reconnect sam@example.org" in html and "old-pass-1" not in html
    form = _Form(html)
    assert {k: form.fields[k] for k in ("address", "host", "port", "username", "password", "reconnect")} == {
        "address": "sam@example.org", "host": "127.0.0.1", "port": str(server.port), "username": "sam-login",
        "password": "", "reconnect": str(account_id)}
    assert "readonly" in form.attrs["address"] and "autofocus" in form.attrs["password"]

    wrong = c.post("/accounts/imap", data={**form.fields, "password": "still-wrong", "action": "connect"},
                   environ_base=LOCAL)
    answer = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "Login failed:" in answer and "Reconnect sam@example.org" in answer
    assert "still-wrong" not in answer

    done = c.post("/accounts/imap", data={**form.fields, "password": "app-pass-2", "action": "connect"},
                  environ_base=LOCAL)
    assert done.status_code == 302
    account = _account(Session, account_id)
    assert (account.status, account.consecutive_failures) == ("active", 0)
    assert decrypt_credentials(account, SecretBox(config.secret_key))["password"] == "app-pass-2"
    with Session() as s:
        assert len(s.scalars(select(models.MailAccount)).all()) == 1  # the same account, reconnected


def test_an_uploaded_mailbox_has_nothing_to_reconnect_and_the_page_says_why(Session, now, tmp_path):
    app, _ = _site(Session, now, tmp_path)
    account_id = _stopped_account(Session, provider="mbox", address="upload: takeout.mbox", status="error")
    page = app.test_client().get(f"/accounts/{account_id}/reconnect", environ_base=LOCAL)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Nothing to reconnect" in html and "never signs in" in html
    assert "<form" not in html.split("<main", 1)[1]
    assert _account(Session, account_id).status == "error"


def _signed_in_as(app, email: str) -> FlaskClient:
    c = app.test_client()
    login = c.get("/login", environ_base=LOCAL).get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    assert c.post("/login", data={"csrf": token, "email": email, "password": PASSWORD},
                  environ_base=LOCAL).status_code == 302
    return c


def _with_passwords(Session, *emails) -> None:
    with Session() as s:
        for email in emails:
            user = s.scalar(select(models.User).where(models.User.email == email)) or make_user(s, email=email)
            set_password(s, user, PASSWORD)
        s.commit()


@pytest.fixture
def two_users(Session, now, tmp_path):
    """Sam and Alex, each with a password and a stopped IMAP mailbox: the app and Alex's account id."""
    app, _ = _site(Session, now, tmp_path)
    _stopped_account(Session, email="sam@example.net", provider="imap")
    theirs = _stopped_account(Session, email="alex@example.org", provider="imap")
    _with_passwords(Session, "sam@example.net", "alex@example.org")
    return app, theirs


def test_another_users_account_or_no_account_is_a_404(two_users):
    app, theirs = two_users
    sam = _signed_in_as(app, "sam@example.net")
    for path in (f"/accounts/{theirs}/reconnect", f"/accounts/{theirs + 1000}/reconnect"):
        answer = sam.get(path, environ_base=LOCAL)
        assert answer.status_code == 404 and "alex@example.org" not in answer.get_data(as_text=True)
    alex = _signed_in_as(app, "alex@example.org")
    assert alex.get(f"/accounts/{theirs}/reconnect", environ_base=LOCAL).status_code == 200


def test_an_imap_form_naming_another_users_account_never_shows_it(two_users):
    app, theirs = two_users
    sam = _signed_in_as(app, "sam@example.net")
    token = re.search(r'name="csrf" value="([^"]+)"', sam.get("/accounts", environ_base=LOCAL).get_data(as_text=True))
    answer = sam.post("/accounts/imap", data={"csrf": token.group(1), "reconnect": str(theirs), "address": "x",
                                              "password": "p", "action": "connect"}, environ_base=LOCAL)
    assert answer.status_code == 400 and "alex@example.org" not in answer.get_data(as_text=True)


def test_signed_out_the_link_goes_to_sign_in_and_from_there_on_to_consent(Session, now, tmp_path, gmail):
    app, config = _gmail_site(Session, now, tmp_path, gmail)
    account_id = _stopped_account(Session)
    _stopped_account(Session, email="alex@example.org")  # two users: no single-user local mode
    _with_passwords(Session, "sam@example.net")
    c = app.test_client()
    out = c.get(f"/accounts/{account_id}/reconnect", environ_base=LOCAL)
    assert out.status_code == 302
    assert (urlsplit(out.location).path, parse_qs(urlsplit(out.location).query)["next"]) == (
        "/login", [f"/accounts/{account_id}/reconnect"])
    login = c.get(out.location, environ_base=LOCAL).get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    signed_in = c.post(out.location, data={"csrf": token, "email": "sam@example.net", "password": PASSWORD},
                       environ_base=LOCAL)
    assert signed_in.status_code == 302 and signed_in.location == f"/accounts/{account_id}/reconnect"
    onward = c.get(signed_in.location, environ_base=LOCAL)
    assert onward.status_code == 302 and onward.location.startswith(config.google_auth_url)


def test_the_digest_the_notice_and_the_api_carry_the_accounts_own_reconnect_link(Session, now):
    account_id = _stopped_account(Session)
    link = f"https://tom.example.net/accounts/{account_id}/reconnect"
    with Session() as s:
        user_id = _account(Session, account_id).user_id
        digest = render(build_digest(s, user_id, now, public_url="https://tom.example.net/"))
        notice = compose(s, user_id, f"account:{account_id}", now, public_url="https://tom.example.net")
    assert f"Reconnect: {link}" in digest.text and f'href="{link}"' in digest.html
    assert f"Reconnect: {link}" in notice.text

"""Issue 18's findings 1, 2 and 6 reproduced against the pages, and refused: cross-site
requests (with and without cookies, in local and signed-in modes), foreign Host names,
local mode behind a proxy or on a public bind, the headers, sessions that outlive a
sign-out, and guessing passwords or tokens."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from server.app import create_app
from server.auth import create_token
from server.sign_in import set_password
from sync.config import Config
from tests.builders import make_user
from tests.server.conftest import seed_job_search
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
EVIL = "https://evil.example"
PASSWORD = "correct horse battery"


def _site(Session, now, tmp_path, **config):
    app = create_app(Config(data_dir=tmp_path, **config), session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    return app


@pytest.fixture
def site(Session, now, tmp_path):
    return _site(Session, now, tmp_path)


@pytest.fixture
def alone(Session, now):
    """One user with a job search and no password: local mode, as ``topofmind demo`` runs."""
    with Session() as s:
        user = make_user(s, email="sam@example.net", name="Sam Rivera")
        ids = seed_job_search(s, user, now, suffix="a")
        create_token(s, user, "extension", now)
        s.commit()
        return user.id, ids


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _rows(Session) -> dict:
    with Session() as s:
        return {name: s.scalar(select(func.count()).select_from(model)) for name, model in
                (("people", models.Person), ("opportunities", models.Opportunity), ("touches", models.Touch),
                 ("tokens", models.ApiToken), ("revoked", select(models.ApiToken).where(models.ApiToken.revoked_at.is_not(None))
                                          .subquery()))} | {
            "name": s.scalar(select(models.User.name)), "password": s.scalar(select(models.User.password_hash))}


def _state_changing_forms(ids: dict) -> list[tuple[str, dict]]:
    """Every POST the pages accept, with a body that would do harm if it were obeyed."""
    return [
        ("/settings", {"form": "delete", "confirm": "DELETE"}),
        ("/settings", {"form": "profile", "name": "Mallory", "timezone": "UTC"}),
        ("/settings", {"form": "token", "name": "attacker"}),
        ("/settings", {"form": "revoke", "token_id": "1"}),
        ("/settings", {"form": "playbook", "pb_thank_you_hours": "300"}),
        ("/settings", {"form": "retention", "retention_days": "30"}),
        (f"/people/{ids['person']}", {"notes": "planted"}),
        (f"/people/{ids['person']}/merge", {"other_id": str(ids["person"])}),
        (f"/people/{ids['person']}/unmerge/{ids['audit']}", {}),
        (f"/opportunities/{ids['opportunity']}", {"stage": "rejected"}),
        (f"/opportunities/{ids['opportunity']}/stage", {"stage": "rejected", "back": "/pipeline"}),
        (f"/review/{ids['audit']}/undo", {}),
        ("/opportunities/new", {"company": "Planted Inc", "role": "Planted"}),
        (f"/opportunities/{ids['opportunity']}/edit", {"role": "planted"}),
        ("/people/new", {"name": "Planted Person", "email": "planted@evil.example"}),
        (f"/people/{ids['person']}/edit", {"name": "Planted"}),
        ("/touches/new", {"person_id": str(ids["person"]), "channel": "phone", "at": "2020-01-01T10:00"}),
        (f"/touches/{ids['touch']}/edit", {"summary": "planted"}),
        (f"/changes/{ids['audit']}/undo", {}),
        (f"/accounts/{ids['account']}/remove", {}),
        ("/accounts/imap", {"address": "mallory@evil.example", "preset": "other", "host": "imap.evil.example",
                            "port": "993", "password": "x", "intent": "connect"}),
        ("/accounts/upload", {"file": "From x"}),
        ("/actions/1/specifics", {"specifics": "planted"}),
        ("/settings/reminders/channels", {"url": "json://127.0.0.1:9/evil"}),
        ("/settings/reminders/channels/1/remove", {}),
        ("/settings/reminders/test", {}),
        ("/settings/reminders/digest", {"digest_time": "03:00", "digest_days": "all"}),
        ("/settings/reminders/feed", {"verb": "rotate"}),
        ("/setup", {"email": "mallory@evil.example", "password": "mallory's password"}),
        ("/login", {"email": "sam@example.net", "password": "guess guess guess"}),
        ("/logout", {}),
    ]


def test_every_page_post_is_covered_by_the_cross_site_list(site, alone):
    posted = {re.sub(r"/\d+", "/<id>", path) for path, _ in _state_changing_forms(alone[1])}
    rules = {re.sub(r"<[^>]+>", "<id>", r.rule) for r in site.url_map.iter_rules()
             if "POST" in r.methods and not r.rule.startswith("/api/")}
    # Actions and Connect take a key or a provider: checked in the test below by hand.
    assert rules - posted <= {"/actions/<id>/<id>", "/accounts/connect/<id>", "/review/<id>/<id>"}


@pytest.mark.parametrize("with_cookie", [False, True], ids=["no-cookie", "with-cookie"])
def test_cross_site_posts_in_local_mode_are_refused_and_change_nothing(site, alone, Session, with_cookie):
    before = _rows(Session)
    c = site.test_client()
    if with_cookie:  # the victim has the pages open: the browser holds a session cookie
        c.get("/settings", environ_base=LOCAL)
    for path, body in [*_state_changing_forms(alone[1]), ("/accounts/connect/gmail", {}),
                       ("/actions/x/done", {"back": "/"})]:
        answer = c.post(path, data=body, headers={"Origin": EVIL}, environ_base=LOCAL)
        assert answer.status_code == 403, path
        assert c.post(path, data=body, headers={"Sec-Fetch-Site": "cross-site"}, environ_base=LOCAL).status_code == 403
        assert c.post(path, data=body, headers={"Sec-Fetch-Site": "same-site"}, environ_base=LOCAL).status_code == 403
        assert c.post(path, data=body, headers={"Referer": EVIL + "/page"}, environ_base=LOCAL).status_code == 403
        assert c.post(path, data=body, headers={"Origin": "null"}, environ_base=LOCAL).status_code == 403
    assert _rows(Session) == before


def test_a_post_without_the_sessions_token_is_refused_even_from_this_site(site, alone, Session):
    """Empty equals empty no more: no cookie and no token, or a token of another session."""
    before = _rows(Session)
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    stranger = site.test_client()
    for path, body in _state_changing_forms(alone[1]):
        assert stranger.post(path, data={**body, "csrf": ""}, headers=same, environ_base=LOCAL).status_code == 400
    other = site.test_client()
    token_of_another_session = _csrf(other.get("/settings", environ_base=LOCAL).get_data(as_text=True))
    victim = site.test_client()
    victim.get("/settings", environ_base=LOCAL)
    refused = victim.post("/settings", data={"form": "delete", "confirm": "DELETE", "csrf": token_of_another_session},
                          headers=same, environ_base=LOCAL)
    assert refused.status_code == 400
    assert _rows(Session) == before


def test_the_owner_still_uses_the_pages_from_this_site(site, alone, Session):
    c = site.test_client()
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    saved = c.post("/settings", data={"csrf": _csrf(html), "form": "profile", "name": "Sam R.", "timezone": "UTC"},
                   headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin",
                            "Referer": "http://localhost/settings"}, environ_base=LOCAL)
    assert saved.status_code == 302
    assert _rows(Session)["name"] == "Sam R."


def test_cross_site_posts_when_signed_in_are_refused(site, alone, Session):
    with Session() as s:
        set_password(s, s.get(models.User, alone[0]), PASSWORD)
        s.commit()
    c = site.test_client()
    login = c.get("/login", environ_base=LOCAL).get_data(as_text=True)
    assert c.post("/login", data={"csrf": _csrf(login), "email": "sam@example.net", "password": PASSWORD},
                  environ_base=LOCAL).status_code == 302
    before = _rows(Session)
    for path, body in _state_changing_forms(alone[1]):
        assert c.post(path, data=body, headers={"Origin": EVIL}, environ_base=LOCAL).status_code == 403, path
        assert c.post(path, data=body, environ_base=LOCAL).status_code == 400, path  # no token
    assert _rows(Session) == before


def test_the_one_click_reconnect_link_is_a_get_that_changes_nothing_stored_even_cross_site(site, alone, Session):
    def accounts():
        with Session() as s:
            return [(a.id, a.status, a.credentials_encrypted, a.next_run_at) for a in s.scalars(select(models.MailAccount))]

    before = (_rows(Session), accounts())
    answer = site.test_client().get(f"/accounts/{alone[1]['account']}/reconnect",
                                    headers={"Sec-Fetch-Site": "cross-site", "Referer": EVIL + "/mail"},
                                    environ_base=LOCAL)
    assert answer.status_code == 302  # to the provider's consent, or (no OAuth client here) the Accounts page
    assert (_rows(Session), accounts()) == before


@pytest.mark.parametrize("path", ["/", "/settings", "/export.json", "/pipeline", "/api/v1/me", "/login"])
def test_a_foreign_host_name_is_answered_400(site, alone, path):
    c = site.test_client()
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil.example"):
        answer = c.get(path, headers={"Host": host}, environ_base=LOCAL)
        assert answer.status_code == 400, (host, answer.status_code)
        assert "Sam Rivera" not in answer.get_data(as_text=True)
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST"):
        assert c.get(path, headers={"Host": host}, environ_base=LOCAL).status_code in (200, 302, 401), host


def test_the_public_url_and_listed_names_are_served(Session, now, tmp_path, alone):
    app = _site(Session, now, tmp_path, public_url="https://jobs.example.org", allowed_hosts=("nas.lan",))
    c = app.test_client()
    assert c.get("/login", headers={"Host": "jobs.example.org"}).status_code == 200
    assert c.get("/login", headers={"Host": "nas.lan:8765"}).status_code == 200
    assert c.get("/login", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Forwarded-Host"])
def test_local_mode_is_off_behind_a_proxy_and_the_sign_in_page_says_why(site, alone, header, Session):
    with Session() as s:
        s.get(models.User, alone[0]).password_hash = generate_password_hash(PASSWORD)
        s.commit()
    c = site.test_client()
    assert c.get("/settings", headers={header: "203.0.113.9"}, environ_base=LOCAL).status_code == 302
    page = c.get("/login", headers={header: "203.0.113.9"}, environ_base=LOCAL).get_data(as_text=True)
    assert "through a proxy" in page


def test_a_proxied_request_to_a_passwordless_server_goes_to_setup_not_to_the_data(site, alone):
    c = site.test_client()
    answer = c.get("/export.json", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base=LOCAL)
    assert answer.status_code == 302 and answer.location.endswith("/setup")


def test_local_mode_is_off_when_the_server_listens_on_every_address(Session, now, tmp_path, alone):
    app = _site(Session, now, tmp_path, host="0.0.0.0")
    answer = app.test_client().get("/", environ_base=LOCAL)
    assert answer.status_code == 302 and answer.location.endswith("/setup")
    off = _site(Session, now, tmp_path, local_mode=False)
    assert off.test_client().get("/", environ_base=LOCAL).status_code == 302


def test_pages_carry_a_policy_without_inline_script_and_cannot_be_framed(site, alone):
    c = site.test_client()
    for path in ["/", "/settings", "/accounts", "/login", "/setup", f"/people/{alone[1]['person']}"]:
        page = c.get(path, environ_base=LOCAL)
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "same-origin"
        html = page.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path  # every script is a file
        assert not re.search(r"\son[a-z]+\s*=", html), path  # no inline handlers
        assert "<style" not in html and " style=" not in html, path
    api = c.get("/api/v1/openapi.json")
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_when_the_public_url_is_https(Session, now, tmp_path, alone):
    app = _site(Session, now, tmp_path, public_url="https://jobs.example.org", allowed_hosts=("localhost",))
    cookie = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = _site(Session, now, tmp_path).test_client().get("/login").headers.get("Set-Cookie", "")
    assert "Secure" not in plain


def _signed_in(site, Session, user_id) -> FlaskClient:
    c = site.test_client()
    login = c.get("/login", environ_base=LOCAL).get_data(as_text=True)
    answer = c.post("/login", data={"csrf": _csrf(login), "email": "sam@example.net", "password": PASSWORD},
                    environ_base=LOCAL)
    assert answer.status_code == 302
    return c


def _cookie(client: FlaskClient) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_stops_working_after_sign_out_and_after_a_password_change(site, alone, Session):
    with Session() as s:
        set_password(s, s.get(models.User, alone[0]), PASSWORD)
        s.commit()
    c = _signed_in(site, Session, alone[0])
    copied = _cookie(c)
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    assert c.post("/logout", data={"csrf": _csrf(html)}, environ_base=LOCAL).status_code == 302
    replay = site.test_client()
    replay.set_cookie("session", copied)
    assert replay.get("/settings", environ_base=LOCAL).status_code == 302  # to the sign-in page

    other = _signed_in(site, Session, alone[0])
    assert other.get("/settings", environ_base=LOCAL).status_code == 200
    with Session() as s:
        set_password(s, s.get(models.User, alone[0]), "a brand new password")
        s.commit()
    assert other.get("/settings", environ_base=LOCAL).status_code == 302


def test_sign_in_failures_are_limited_per_client_and_address_with_a_wait_in_seconds(site, alone, Session):
    with Session() as s:
        set_password(s, s.get(models.User, alone[0]), PASSWORD)
        s.commit()
    c = site.test_client()
    token = _csrf(c.get("/login", environ_base=LOCAL).get_data(as_text=True))
    codes = [c.post("/login", data={"csrf": token, "email": "sam@example.net", "password": f"guess {i}"},
                    environ_base=LOCAL).status_code for i in range(10)]
    assert codes == [401] * 10
    refused = c.post("/login", data={"csrf": token, "email": "sam@example.net", "password": PASSWORD},
                     environ_base=LOCAL)
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 300 and f"try again in {wait} s" in refused.get_data(as_text=True)
    # Another client guessing the same address is refused too (per address).
    elsewhere = site.test_client()
    token2 = _csrf(elsewhere.get("/login", environ_base={"REMOTE_ADDR": "127.0.0.2"}).get_data(as_text=True))
    assert elsewhere.post("/login", data={"csrf": token2, "email": "sam@example.net", "password": "x" * 12},
                          environ_base={"REMOTE_ADDR": "127.0.0.2"}).status_code == 429


def test_wrong_api_tokens_are_limited_per_client(site, alone):
    c = site.test_client()
    bad = {"Authorization": "Bearer tom_" + "x" * 43}
    codes = [c.get("/api/v1/me", headers=bad).status_code for _ in range(30)]
    assert codes == [401] * 30
    refused = c.get("/api/v1/me", headers=bad)
    assert refused.status_code == 429 and "try again in" in refused.json["message"]
    assert int(refused.headers["Retry-After"]) > 0


def test_sign_in_takes_as_long_for_an_unknown_address_as_for_a_wrong_password(site, alone, Session):
    with Session() as s:
        set_password(s, s.get(models.User, alone[0]), PASSWORD)
        s.commit()

    def timed(email: str) -> float:
        c = site.test_client()
        token = _csrf(c.get("/login", environ_base=LOCAL).get_data(as_text=True))
        start = time.perf_counter()
        assert c.post("/login", data={"csrf": token, "email": email, "password": "wrong wrong wrong"},
                      environ_base=LOCAL).status_code == 401
        return time.perf_counter() - start

    known = statistics.median(timed("sam@example.net") for _ in range(3))
    unknown = statistics.median(timed(f"nobody{i}@example.net") for i in range(3))
    # The password hash dominates (tens of ms); a lookup that skipped it took ~1 ms.
    assert unknown > known * 0.5, (known, unknown)

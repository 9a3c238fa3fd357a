"""The server-rendered pages: sign-in, CSRF, what a user sees and can do, and isolation."""

from __future__ import annotations

import re

from sqlalchemy import select

from server.sign_in import issue_setup_code
from tests.builders import make_user
from tests.server.conftest import seed_job_search
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
REMOTE = {"REMOTE_ADDR": "203.0.113.9"}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_local_single_user_mode_opens_today_with_the_due_follow_ups(site, alone):
    page = site.test_client().get("/", environ_base=LOCAL)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Today" in html and "Dana Lee a" in html
    assert "Done" in html and "Snooze" in html


def test_a_remote_visitor_must_set_up_a_password_first(site, alone):
    page = site.test_client().get("/", environ_base=REMOTE)
    assert page.status_code == 302 and page.location.endswith("/setup")


def test_setting_a_password_then_signing_in_works_and_a_wrong_one_does_not(site, alone, Session, now):
    with Session() as s:
        code = issue_setup_code(s, s.get(models.User, alone[0]), now)
        s.commit()
    c = site.test_client()
    form = c.get(f"/setup?code={code}", environ_base=REMOTE).get_data(as_text=True)
    assert "sam@example.net" in form
    done = c.post("/setup", data={"csrf": _csrf(form), "code": code,
                                  "password": "correct horse battery"}, environ_base=REMOTE)
    assert done.status_code == 302
    other = site.test_client()
    login = other.get("/login", environ_base=REMOTE).get_data(as_text=True)
    bad = other.post("/login", data={"csrf": _csrf(login), "email": "sam@example.net", "password": "nope"},
                     environ_base=REMOTE)
    assert bad.status_code == 401
    ok = other.post("/login", data={"csrf": _csrf(login), "email": "sam@example.net",
                                    "password": "correct horse battery"}, environ_base=REMOTE)
    assert ok.status_code == 302
    assert other.get("/pipeline", environ_base=REMOTE).status_code == 200


def test_a_form_posted_without_the_csrf_token_is_refused_and_changes_nothing(site, alone, Session):
    c = site.test_client()
    c.get("/", environ_base=LOCAL)
    refused = c.post("/settings", data={"form": "profile", "name": "Mallory", "timezone": "UTC"},
                     environ_base=LOCAL)
    assert refused.status_code == 400
    with Session() as s:
        assert s.get(models.User, alone[0]).name == "Sam Rivera"


def test_done_on_today_is_stored_and_the_action_leaves_the_list(site, alone, Session):
    c = site.test_client()
    html = c.get("/", environ_base=LOCAL).get_data(as_text=True)
    key = re.search(r'action="/actions/([^"]+)/done"', html).group(1)
    done = c.post(f"/actions/{key}/done", data={"csrf": _csrf(html)}, environ_base=LOCAL)
    assert done.status_code == 302
    with Session() as s:
        state = s.scalar(select(models.ActionState).where(models.ActionState.action_key == key))
        assert state.state == "done"
    assert f"/actions/{key}/done" not in c.get("/", environ_base=LOCAL).get_data(as_text=True)


def test_another_users_opportunity_page_is_not_found(site, alone, Session, now):
    with Session() as s:
        other = make_user(s, email="alex@example.org")
        theirs = seed_job_search(s, other, now, suffix="b")
        s.commit()
    c = site.test_client()
    # Two users now: no local mode; sign in as the first.
    with Session() as s:
        from werkzeug.security import generate_password_hash

        s.get(models.User, alone[0]).password_hash = generate_password_hash("correct horse battery")
        s.commit()
    login = c.get("/login", environ_base=LOCAL).get_data(as_text=True)
    c.post("/login", data={"csrf": _csrf(login), "email": "sam@example.net",
                           "password": "correct horse battery"}, environ_base=LOCAL)
    assert c.get(f"/opportunities/{alone[1]['opportunity']}", environ_base=LOCAL).status_code == 200
    assert c.get(f"/opportunities/{theirs['opportunity']}", environ_base=LOCAL).status_code == 404
    assert c.get(f"/people/{theirs['person']}", environ_base=LOCAL).status_code == 404


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(site, alone, Session):
    c = site.test_client()
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    made = c.post("/settings", data={"csrf": _csrf(html), "form": "token", "name": "laptop"},
                  environ_base=LOCAL).get_data(as_text=True)
    token = re.search(r'<pre class="token">([^<]+)</pre>', made).group(1)
    assert token not in c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    with Session() as s:
        stored = [t.token_hash for t in s.scalars(select(models.ApiToken))]
    assert token not in stored and len(stored) == 1


def test_every_page_renders(site, alone):
    c = site.test_client()
    for path in ["/", "/pipeline", "/people", "/insights", "/review", "/accounts", "/settings",
                 f"/opportunities/{alone[1]['opportunity']}", f"/people/{alone[1]['person']}"]:
        page = c.get(path, environ_base=LOCAL)
        assert page.status_code == 200, path
        assert "<h1>" in page.get_data(as_text=True)


def test_a_browser_gets_errors_as_a_readable_page_while_the_api_keeps_answering_json(site, alone):
    c = site.test_client()
    html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    c.get("/", environ_base=LOCAL)
    missing = c.get("/opportunities/999999", headers=html, environ_base=LOCAL)
    assert missing.status_code == 404
    assert missing.mimetype == "text/html"
    page = missing.get_data(as_text=True)
    assert "Not found" in page and "not yours" in page and 'href="/"' in page
    stale = c.post("/settings", data={"form": "profile", "name": "Mallory"}, headers=html, environ_base=LOCAL)
    assert stale.status_code == 400 and stale.mimetype == "text/html"
    assert "reload the page" in stale.get_data(as_text=True)
    api = c.get("/api/v1/opportunities/999999", headers=html, environ_base=LOCAL)
    assert api.status_code == 401 and api.json["error"] == "unauthorized"

"""The calendar feed (parsed with icalendar) and the Settings → Reminders section."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from server.app import create_app
from server.services.feed import feed_url
from sync.config import Config
from tests.builders import make_user
from tests.server.conftest import seed_job_search
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
PUBLIC = "http://calendar.example:8765"


@pytest.fixture
def site(Session, now, tmp_path, box_key, box):
    app = create_app(Config(data_dir=tmp_path, secret_key=box_key, public_url=PUBLIC),
                     session_factory=Session, now=lambda: now, secrets=box)
    app.test_client_class = FlaskClient
    return app


@pytest.fixture
def alone(Session, now):
    with Session() as s:
        user = make_user(s, email="sam@example.net", name="Sam Rivera")
        ids = seed_job_search(s, user, now, suffix="a")
        future = models.Interview(user_id=user.id, opportunity_id=ids["opportunity"], starts_at=now.replace(day=20, hour=14))
        s.add(future)
        s.commit()
        return user.id, ids


def _feed(client, url):
    response = client.get(url.removeprefix(PUBLIC))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data())


def _events(cal):
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_feed_lists_due_actions_with_an_alarm_and_interviews_with_stable_uids(site, alone, Session, now, box):
    with Session() as s:
        url = feed_url(s, box, alone[0], public_url=PUBLIC, now=now)
        s.commit()
    assert url.startswith(PUBLIC + "/feed/") and url.endswith(".ics")
    client = site.test_client()
    first = _events(_feed(client, url))
    actions = {uid: e for uid, e in first.items() if uid.startswith("action-")}
    interviews = {uid for uid in first if uid.startswith("interview-")}
    assert actions and len(interviews) == 2
    thank_you = next(e for e in actions.values() if "Thank" in str(e["summary"]))
    assert thank_you.walk("VALARM")[0]["action"] == "DISPLAY"
    assert "/#action-" in str(thank_you["description"])
    again = _events(_feed(client, url))
    assert set(again) == set(first), "a refresh keeps every UID"

    # Done in the app: gone from the feed at the next refresh, the others unchanged.
    key = next(a for a in _action_keys(site) if "thank_you" in a)
    from server.services.actions import set_state
    with Session() as s:
        set_state(s, alone[0], key, "done", now)
        s.commit()
    after = _events(_feed(client, url))
    gone = set(first) - set(after)
    assert len(gone) == 1 and set(after) < set(first)


def _action_keys(site):
    html = site.test_client().get("/", environ_base=LOCAL).get_data(as_text=True)
    return re.findall(r'id="action-([^"]+)"', html)


def test_a_rotated_or_revoked_feed_url_stops_working_and_an_unknown_one_is_404(site, alone, Session, now, box):
    with Session() as s:
        old = feed_url(s, box, alone[0], public_url=PUBLIC, now=now)
        same = feed_url(s, box, alone[0], public_url=PUBLIC, now=now)
        new = feed_url(s, box, alone[0], public_url=PUBLIC, now=now, rotate=True)
        s.commit()
        stored = s.get(models.ReminderSettings, alone[0])
        secret = old.rsplit("/", 1)[1].removesuffix(".ics")
        assert secret.encode() not in stored.feed_token_encrypted and secret not in stored.feed_token_hash
    client = site.test_client()
    assert same == old and new != old
    assert client.get(old.removeprefix(PUBLIC)).status_code == 404
    assert client.get(new.removeprefix(PUBLIC)).status_code == 200
    assert client.get("/feed/not-a-real-secret.ics").status_code == 404
    html = client.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    client.post("/settings/reminders/feed", data={"csrf": csrf, "verb": "revoke"}, environ_base=LOCAL)
    assert client.get(new.removeprefix(PUBLIC)).status_code == 404


def test_settings_add_a_channel_masked_refuse_a_bad_one_by_field_and_save_the_digest_time(
        site, alone, Session, hook):
    client = site.test_client()
    html = client.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    assert 'id="reminders"' in html
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    secret = f"json://sam:topsecret-pw@127.0.0.1:{hook.port}/hook"
    added = client.post("/settings/reminders/channels", data={"csrf": csrf, "url": secret}, environ_base=LOCAL)
    assert added.status_code == 302
    bad = client.post("/settings/reminders/channels", data={"csrf": csrf, "url": "nope://x"}, environ_base=LOCAL,
                      headers={"Accept": "text/html"})
    assert bad.status_code == 400 and "url" in bad.get_data(as_text=True)
    page = client.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    assert "json://sam:****@127.0.0.1" in page and "topsecret-pw" not in page
    tested = client.post("/settings/reminders/test", data={"csrf": csrf}, environ_base=LOCAL,
                         follow_redirects=True).get_data(as_text=True)
    assert "Test delivered to json://sam:****@" in tested and len(hook.to("hook")) == 1
    bad_time = client.post("/settings/reminders/digest", data={"csrf": csrf, "digest_time": "25:99",
                                                               "digest_days": "weekdays"}, environ_base=LOCAL)
    assert bad_time.status_code == 400
    client.post("/settings/reminders/digest", data={"csrf": csrf, "digest_time": "07:15", "digest_days": "every_day",
                                                    "digest_when_empty": "1"}, environ_base=LOCAL)
    with Session() as s:
        prefs = s.get(models.ReminderSettings, alone[0])
        assert (prefs.digest_time, prefs.digest_days, prefs.digest_when_empty) == ("07:15", "every_day", True)
        [channel] = s.scalars(select(models.NotificationChannel))
    removed = client.post(f"/settings/reminders/channels/{channel.id}/remove", data={"csrf": csrf},
                          environ_base=LOCAL)
    assert removed.status_code == 302
    with Session() as s:
        assert s.scalars(select(models.NotificationChannel)).all() == []


def test_failed_deliveries_are_shown_on_settings_and_the_accounts_page_says_what_to_do(
        site, alone, Session, now, box, hook):
    from sync.reminders import add_channel
    from tests.reminders.conftest import make_job

    with Session() as s:
        add_channel(s, box, user_id=alone[0], url=hook.url(), now=now)
        account = s.get(models.MailAccount, alone[1]["account"])
        account.status, account.last_error = "needs_reconnect", "invalid_grant"
        s.commit()
    hook.fail_next = 10
    make_job(Session, box).run(now)
    client = site.test_client()
    page = client.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    table = page[page.index('id="reminder-deliveries"'):]
    assert "failed" in table and "next try" in table and "JSON" in table
    accounts = client.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
    assert "What happened:" in accounts and "Reconnect it and sign in to Google again" in accounts

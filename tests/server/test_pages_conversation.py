"""The pages of issue 20: specifics typed on Today go into the draft, every time on every
page is in the user's timezone, and Settings says when the timezone was read from mail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def alone(alone, Session):
    """The single user, whose timezone was inferred from the mail."""
    with Session() as s:
        user = s.get(models.User, alone[0])
        user.timezone, user.timezone_source = "America/New_York", "inferred"
        s.commit()
    return alone


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_specifics_typed_on_today_are_stored_and_used_by_that_draft(site, alone, Session):
    c = site.test_client()
    html = c.get("/", environ_base=LOCAL).get_data(as_text=True)
    key = re.search(r'action="/actions/([^"]+)/specifics"', html).group(1)
    saved = c.post(f"/actions/{key}/specifics", environ_base=LOCAL,
                   data={"csrf": _csrf(html), "specific1": "we talked about the churn model", "specific2": ""})
    assert saved.status_code == 302
    with Session() as s:
        row = s.scalar(select(models.ActionSpecifics).where(models.ActionSpecifics.action_key == key))
        assert row.items == ["we talked about the churn model"]
    page = c.get("/", environ_base=LOCAL).get_data(as_text=True)
    assert "we talked about the churn model" in page
    assert 'value="we talked about the churn model"' in page  # shown back in the input


def test_specifics_without_the_csrf_token_change_nothing(site, alone, Session):
    c = site.test_client()
    html = c.get("/", environ_base=LOCAL).get_data(as_text=True)
    key = re.search(r'action="/actions/([^"]+)/specifics"', html).group(1)
    refused = c.post(f"/actions/{key}/specifics", data={"specific1": "x"}, environ_base=LOCAL)
    assert refused.status_code in (400, 403)
    with Session() as s:
        assert s.scalars(select(models.ActionSpecifics)).all() == []


def test_the_opportunity_timeline_is_in_the_users_timezone_like_the_person_page(site, alone, Session, now):
    _, ids = alone
    with Session() as s:
        touch = s.scalars(select(models.Touch).where(models.Touch.opportunity_id.is_not(None)).order_by(models.Touch.at)).first()
        opp_id, person_id, at = touch.opportunity_id, touch.person_id, touch.at
    from zoneinfo import ZoneInfo

    local = at.astimezone(ZoneInfo("America/New_York"))
    shown = f"{local:%a} {local.day} {local:%b %H:%M}"
    utc = f"{at:%Y-%m-%d %H:%M}"
    c = site.test_client()
    page = c.get(f"/opportunities/{opp_id}", environ_base=LOCAL).get_data(as_text=True)
    assert shown in page and utc not in page
    if person_id is not None:
        assert shown in c.get(f"/people/{person_id}", environ_base=LOCAL).get_data(as_text=True)


def test_settings_say_the_timezone_was_read_from_sent_mail_until_the_user_saves_one(site, alone, Session):
    c = site.test_client()
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    assert "Inferred from" in html and "America/New_York" in html
    c.post("/settings", environ_base=LOCAL, data={"csrf": _csrf(html), "form": "profile", "name": "Sam Rivera",
                                                  "timezone": "Europe/Paris", "own_addresses": "sam@example.net"})
    with Session() as s:
        user = s.scalar(select(models.User))
        assert (user.timezone, user.timezone_source) == ("Europe/Paris", "user")
    assert "Inferred from" not in c.get("/settings", environ_base=LOCAL).get_data(as_text=True)


def test_the_today_count_is_the_api_count_at_the_same_moment(site, alone, Session, now):
    from server.auth import create_token

    with Session() as s:
        token = create_token(s, s.scalar(select(models.User)), "t", now)
        s.commit()
    c = site.test_client()
    html = c.get("/", environ_base=LOCAL).get_data(as_text=True)
    shown = re.search(r"(\d+) follow-ups? due now", html)
    api = c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["due_count"]
    listed = c.get("/api/v1/actions?due=overdue", headers={"Authorization": f"Bearer {token}"}).json["actions"]
    listed += c.get("/api/v1/actions?due=today", headers={"Authorization": f"Bearer {token}"}).json["actions"]
    assert (int(shown.group(1)) if shown else 0) == api == len(listed)

"""The Settings page: a control per value, bad values refused with the field named beside it
(nothing saved), a confirmation after a save, and deletion only with the account's address."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from server.app import create_app
from sync.config import Config
from tests.builders import make_user
from tests.server.conftest import seed_job_search
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def browser(Session, now, tmp_path):
    """A signed-in visitor (single-user local mode) and the user's id."""
    with Session() as s:
        user = make_user(s, email="sam@example.net", name="Sam Rivera", timezone="Europe/Paris")
        seed_job_search(s, user, now, suffix="a")
        s.commit()
        user_id = user.id
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    client = app.test_client()
    client.environ_base.update(LOCAL)
    return client, user_id


def _form(client) -> dict:
    """Every playbook control as the page renders it, with its current value."""
    html = client.get("/settings").get_data(as_text=True)
    fields = {"csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1), "form": "playbook"}
    for name, value in re.findall(r'<input type="number" id="(pb_\w+)" name="\1" value="([^"]*)"', html):
        fields[name] = value
    for name, value in re.findall(r'<select id="(pb_\w+)" name="\1"[^>]*>.*?<option value="(\d+)" selected',
                                  html, re.S):
        fields[name] = value
    fields["pb_skip_weekends"] = "on"
    return fields


def test_each_value_has_the_control_its_kind_calls_for(browser):
    client, _ = browser
    html = client.get("/settings").get_data(as_text=True)
    assert re.search(r'<input type="number" id="pb_thank_you_hours" name="pb_thank_you_hours" value="24" '
                     r'min="1" max="336"', html)  # the playbook's own bounds
    assert re.search(r'<input type="checkbox" id="pb_skip_weekends" name="pb_skip_weekends" value="on" checked', html)
    assert '<option value="9" selected>09:00</option>' in html  # the time of day, not "9 hour"
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in html  # a timezone list
    assert "Send a thank-you within" in html and "thank you hours" not in html
    assert 'type="text"' not in html and 'value="True"' not in html


def test_a_bad_value_is_refused_with_its_field_named_and_nothing_is_saved(browser, Session):
    client, user_id = browser
    fields = _form(client) | {"pb_thank_you_hours": "0", "pb_interview_length_minutes": "an hour"}
    answer = client.post("/settings", data=fields)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert re.search(r'id="pb_thank_you_hours-error" role="alert">Between 1 and 336 hours\.', html)
    assert re.search(r'id="pb_interview_length_minutes-error" role="alert">Give a whole number of minutes\.', html)
    assert 'value="an hour"' in html  # what was typed stays, to be corrected
    assert "Not saved: 2 timings to correct" in html
    with Session() as s:
        assert s.get(models.User, user_id).settings == {}


def test_a_toggle_refuses_anything_but_on_or_off(browser, Session):
    client, user_id = browser
    answer = client.post("/settings", data=_form(client) | {"pb_skip_weekends": "maybe"})
    assert answer.status_code == 400
    assert 'id="pb_skip_weekends-error" role="alert">Choose on or off.' in answer.get_data(as_text=True)
    with Session() as s:
        assert s.get(models.User, user_id).settings == {}


def test_an_earliest_after_its_latest_is_refused_on_the_earliest_field(browser):
    client, _ = browser
    answer = client.post("/settings", data=_form(client) | {"pb_check_in_min_days": "200"})
    assert answer.status_code == 400
    assert re.search(r'id="pb_check_in_min_days-error" role="alert">Must not be more than '
                     r'“Check in with your network, at the latest” \(120\)', answer.get_data(as_text=True))


def test_a_saved_change_is_confirmed_on_the_page_and_used(browser, Session):
    client, user_id = browser
    fields = _form(client)
    fields.pop("pb_skip_weekends")  # an unticked box sends only its hidden "off"
    answer = client.post("/settings", data=fields | {"pb_skip_weekends": "off", "pb_thank_you_hours": "12",
                                                     "pb_work_day_start_hour": "8"}, follow_redirects=True)
    assert answer.status_code == 200
    assert "Saved your timings" in answer.get_data(as_text=True)
    with Session() as s:
        assert s.get(models.User, user_id).settings == {"skip_weekends": False, "thank_you_hours": 12,
                                                    "work_day_start_hour": 8}


def test_an_unknown_timezone_and_a_bad_address_are_named_beside_their_fields(browser, Session):
    client, user_id = browser
    csrf = _form(client)["csrf"]
    answer = client.post("/settings", data={"csrf": csrf, "form": "profile", "name": "Sam",
                                            "timezone": "Mars/Olympus", "own_addresses": "sam@example.net\nnot-an-address"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'id="timezone-error" role="alert">Choose your timezone from the list' in html
    assert 'id="own_addresses-error" role="alert">Not an email address: not-an-address.' in html
    with Session() as s:
        assert s.get(models.User, user_id).timezone == "Europe/Paris"


def test_retention_outside_its_bounds_is_refused_beside_the_field(browser):
    client, _ = browser
    answer = client.post("/settings", data={"csrf": _form(client)["csrf"], "form": "retention", "retention_days": "5"})
    assert answer.status_code == 400
    assert 'id="retention_days-error" role="alert">Between 30 and 3650 days.' in answer.get_data(as_text=True)


def test_deleting_everything_needs_the_accounts_address_typed(browser, Session):
    client, user_id = browser
    csrf = _form(client)["csrf"]
    refused = client.post("/settings", data={"csrf": csrf, "form": "delete", "confirm": "DELETE"})
    assert refused.status_code == 400
    assert 'id="confirm-error" role="alert">Type your address, sam@example.net, to confirm.' in refused.get_data(as_text=True)
    with Session() as s:
        assert s.query(models.Opportunity).filter_by(user_id=user_id).count() == 2
    done = client.post("/settings", data={"csrf": csrf, "form": "delete", "confirm": " Sam@Example.net "},
                       follow_redirects=True)
    assert "Deleted everything stored about your search" in done.get_data(as_text=True)
    with Session() as s:
        assert s.query(models.Opportunity).filter_by(user_id=user_id).count() == 0

"""Finding 4 and the smaller ones about input: the page forms go through the same checks as
the API, a bad value is named next to its field and nothing is saved, no input gives a 500,
and the error log holds neither SQL parameters nor user data."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile

import pytest
from flask import Blueprint
from flask.testing import FlaskClient
from sqlalchemy import select

from server.app import BLUEPRINTS, create_app
from server.auth import create_token, hash_token
from sync.config import Config
from tests.builders import make_person
from topofmind.playbook.settings import PlaybookSettings
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
PLANTED = "PLANTED-7f3c-secret-note"
SETTINGS = {f.name: f for f in __import__("dataclasses").fields(PlaybookSettings)}


@pytest.fixture
def alone(alone, Session, now):
    """The single user, with an extension's token too."""
    user_id, ids = alone
    with Session() as s:
        token = create_token(s, s.get(models.User, user_id), "extension", now)
        s.commit()
    return user_id, ids, token


@pytest.fixture
def page(site, alone):
    c = site.test_client()
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    def post(path: str, **fields):
        return c.post(path, data={"csrf": token, **fields}, environ_base=LOCAL)

    post.client = c
    return post


def _settings(Session, user_id) -> dict:
    with Session() as s:
        return dict(s.get(models.User, user_id).settings or {})


@pytest.mark.parametrize("name", [n for n, f in SETTINGS.items() if f.metadata["max"] is not None])
def test_every_playbook_field_is_saved_at_its_bounds_and_refused_beyond(page, alone, Session, name):
    low, high = SETTINGS[name].metadata["min"], SETTINGS[name].metadata["max"]
    for bad in (high + 1, low - 1, 100_000_000, "ten", "9" * 5000):
        answer = page("/settings", form="playbook", **{f"pb_{name}": str(bad)})
        assert answer.status_code == 400, bad
        html = answer.get_data(as_text=True)
        assert f'id="pb_{name}-error"' in html, bad  # shown next to its field
        assert _settings(Session, alone[0]) == {}
    for good in (low, high):
        # A range pair (min <= max) must stay ordered: move the partner to the same bound.
        partner = {"application_follow_up_min_days": "application_follow_up_max_days",
                   "referral_follow_up_min_days": "referral_follow_up_max_days",
                   "second_nudge_min_days": "second_nudge_max_days", "check_in_min_days": "check_in_max_days",
                   "networking_follow_up_hours": "follow_up_latest_hours"}
        pairs = {**partner, **{v: k for k, v in partner.items()}}
        extra = {f"pb_{pairs[name]}": str(good)} if name in pairs else {}
        assert page("/settings", form="playbook", **{f"pb_{name}": str(good)}, **extra).status_code == 302, good
        assert _settings(Session, alone[0])[name] == good
    # The account still works at the bounds: the plan, the pages and the API answer.
    assert page.client.get("/", environ_base=LOCAL).status_code == 200
    assert page.client.get("/pipeline", environ_base=LOCAL).status_code == 200
    assert page.client.get("/api/v1/me", headers={"Authorization": f"Bearer {alone[2]}"}).status_code == 200


def test_the_thank_you_window_is_one_hour_to_fourteen_days(page):
    assert page("/settings", form="playbook", pb_thank_you_hours="0").status_code == 400
    assert page("/settings", form="playbook", pb_thank_you_hours="337").status_code == 400
    assert page("/settings", form="playbook", pb_thank_you_hours="336").status_code == 302


def test_a_huge_value_stored_before_the_bounds_no_longer_takes_the_account_down(site, alone, Session):
    with Session() as s:
        s.get(models.User, alone[0]).settings = {"thank_you_hours": 100_000_000}
        s.commit()
    c = site.test_client()
    for path in ("/", "/pipeline", "/settings"):
        assert c.get(path, environ_base=LOCAL).status_code == 200, path
    for path in ("/api/v1/me", "/api/v1/actions"):
        assert c.get(path, headers={"Authorization": f"Bearer {alone[2]}"}).status_code == 200, path


@pytest.mark.parametrize("fields", [
    {"title": "T" * 5000}, {"notes": "N" * 200_000}, {"notes": f"{PLANTED}\x00"}, {"title": "a\x00b"},
    {"relationship": "archenemy"}, {"preferred_channel": "carrier pigeon"},
], ids=["long-title", "200KB-note", "nul-note", "nul-title", "relationship", "channel"])
def test_the_person_form_refuses_what_the_api_refuses_and_saves_nothing(page, alone, Session, fields):
    person = alone[1]["person"]
    answer = page(f"/people/{person}", **fields)
    assert answer.status_code in (400, 413)
    if answer.status_code == 400:
        name = next(iter(fields))
        html = answer.get_data(as_text=True)
        assert name in html and "went wrong" not in html
    with Session() as s:
        p = s.get(models.Person, person)
        assert (p.title, p.notes, p.relationship_kind) == ("Recruiter", None, "recruiter")


def test_a_good_person_form_is_saved_with_accents(page, alone, Session):
    answer = page(f"/people/{alone[1]['person']}", notes="Met Zoë at the café", relationship="recruiter")
    assert answer.status_code == 302
    with Session() as s:
        assert s.get(models.Person, alone[1]["person"]).notes == "Met Zoë at the café"


@pytest.mark.parametrize("fields", [{"stage": "hired-ish"}, {"stage": "offer", "note": "x" * 5000},
                                    {"stage": "offer", "note": "a\x00"}])
def test_the_stage_form_refuses_unknown_stages_and_long_notes(page, alone, Session, fields):
    opp = alone[1]["opportunity"]
    assert page(f"/opportunities/{opp}", **fields).status_code == 400
    with Session() as s:
        assert s.get(models.Opportunity, opp).stage == "interviewing"


@pytest.mark.parametrize("fields,field", [
    ({"form": "profile", "name": "N" * 5000, "timezone": "UTC"}, "name"),
    ({"form": "profile", "name": "Sam", "timezone": "Mars/Olympus"}, "timezone"),
    ({"form": "profile", "name": "Sam", "timezone": "T" * 500}, "timezone"),
    ({"form": "profile", "name": "Sam", "timezone": "UTC", "own_addresses": "not-an-address"}, "own_addresses"),
    ({"form": "retention", "retention_days": "10"}, "retention_days"),
    ({"form": "retention", "retention_days": "99999999999999999999"}, "retention_days"),
    ({"form": "token", "name": "L" * 500}, "token_name"),
    ({"form": "revoke", "token_id": "' or 1=1 --"}, "token_id"),
    ({"form": "delete", "confirm": "delete"}, "confirm"),
])
def test_settings_forms_name_the_bad_field_and_save_nothing(page, alone, Session, fields, field):
    answer = page("/settings", **fields)
    assert answer.status_code == 400
    assert f'id="{field}-error"' in answer.get_data(as_text=True) or field in answer.get_data(as_text=True)
    with Session() as s:
        user = s.get(models.User, alone[0])
        assert (user.name, user.timezone, user.settings) == ("Sam Rivera", "UTC", {})
        assert s.scalar(select(models.Person).limit(1)) is not None  # nothing deleted
        assert len(s.scalars(select(models.ApiToken)).all()) == 1


@pytest.mark.parametrize("path", ["/login", "/setup", "/settings"])
def test_a_non_ascii_csrf_field_is_a_400_not_a_500(site, alone, path):
    c = site.test_client()
    c.get("/settings", environ_base=LOCAL)
    answer = c.post(path, data={"csrf": "é" * 43, "email": "sam@example.net", "password": "x" * 12},
                    environ_base=LOCAL)
    assert answer.status_code == 400


def test_a_nul_in_any_form_field_is_a_400(page):
    assert page("/login", email="sam\x00@example.net", password="whatever whatever").status_code == 400
    assert page("/settings", form="profile", name="Sam", timezone="UTC\x00").status_code == 400


def test_deeply_nested_json_under_the_size_limit_is_a_400(site, alone):
    c = site.test_client()
    auth = {"Authorization": f"Bearer {alone[2]}", "Content-Type": "application/json"}
    for bomb in ("[" * 100_000 + "]" * 100_000, '{"a":' * 40_000 + "1" + "}" * 40_000):
        answer = c.patch(f"/api/v1/people/{alone[1]['person']}", data=bomb, headers=auth)
        assert answer.status_code == 400 and answer.json["error"] == "validation_error"
    # A string full of brackets is not nesting.
    fine = c.patch(f"/api/v1/people/{alone[1]['person']}", json={"notes": "[" * 4000}, headers=auth)
    assert fine.status_code == 200


@pytest.mark.parametrize("back,expected", [
    ("https://evil.example/", "/"), ("//evil.example/x", "/"), ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"), ("/pipeline", "/pipeline"),
])
def test_back_accepts_only_local_paths(page, alone, back, expected):
    html = page.client.get("/", environ_base=LOCAL).get_data(as_text=True)
    key = re.search(r'action="/actions/([^"]+)/done"', html).group(1)
    answer = page(f"/actions/{key}/dismiss", back=back)
    assert answer.status_code == 302
    assert answer.location == expected


def test_snooze_days_out_of_range_are_refused(page):
    html = page.client.get("/", environ_base=LOCAL).get_data(as_text=True)
    key = re.search(r'action="/actions/([^"]+)/done"', html).group(1)
    for days in ("0", "100000", "three"):
        assert page(f"/actions/{key}/snooze", days=days).status_code == 400
    assert page(f"/actions/{key}/snooze", days="7").status_code == 302


def test_csv_export_cells_that_a_spreadsheet_would_run_are_escaped(page, alone, Session, now):
    with Session() as s:
        make_person(s, user=s.get(models.User, alone[0]), name="=HYPERLINK(\"http://evil.example\",\"x\")",
                    title="+1 cmd|' /C calc'!A0")
        s.commit()
    archive = zipfile.ZipFile(io.BytesIO(page.client.get("/export.zip", environ_base=LOCAL).data))
    people = list(csv.DictReader(io.StringIO(archive.read("people.csv").decode())))
    cells = [cell for row in people for cell in row.values() if cell]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells
    assert "'+1 cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_error_paths_log_no_planted_text_no_sql_parameters_and_no_token_hashes(Session, now, tmp_path, alone,
                                                                              caplog):
    """An unexpected database error (a duplicate address here) answers 500 and logs where it
    failed, not the statement's parameters."""
    oops = Blueprint("oops", __name__)

    @oops.post("/oops")
    def duplicate():
        from server.api.context import db

        session = db()
        session.add(models.User(email="sam@example.net", name=PLANTED, created_at=now, settings={}, own_addresses=[]))
        session.add(models.ApiToken(user_id=alone[0], name=PLANTED, token_hash=hash_token(alone[2]), prefix="tom_x",
                               created_at=now))
        session.commit()
        return "unreachable"

    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: now,
                     blueprints=[*BLUEPRINTS, lambda: oops])
    app.test_client_class = FlaskClient
    c = app.test_client()
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    with caplog.at_level(logging.DEBUG):
        assert c.post("/oops", headers={"Host": "localhost"}).status_code == 500
        # and the refusals of bad input on the way
        c.post(f"/people/{alone[1]['person']}", data={"csrf": token, "notes": PLANTED + "\x00"}, environ_base=LOCAL)
        c.post(f"/people/{alone[1]['person']}", data={"csrf": token, "title": PLANTED * 400}, environ_base=LOCAL)
        c.post("/login", data={"csrf": token, "email": PLANTED + "@example.net", "password": PLANTED},
               environ_base=LOCAL)
        c.get("/api/v1/me", headers={"Authorization": "Bearer tom_" + PLANTED})
    text = "\n".join(r.getMessage() + " " + str(r.exc_info or "") + " " + str(r.exc_text or "")
                     for r in caplog.records)
    assert "IntegrityError" in text  # the failure is logged ...
    assert PLANTED not in text and hash_token(alone[2]) not in text  # ... without what was sent
    assert "sam@example.net" not in text

"""Adding and editing by hand on the pages (issue 24): opportunities, people, touches; a refused
field is named beside the form and nothing is lost; each change is undone from the page."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from tests.builders import make_user
from tests.server.conftest import seed_job_search
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def browser(site, alone):
    """Sam, signed in."""
    user_id, ids = alone
    client = site.test_client()
    client.environ_base.update(LOCAL)
    with client.session_transaction() as cookie:
        cookie["user_id"] = user_id
    client.ids = ids
    return client


def _csrf(client: FlaskClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return re.search(r'name="csrf" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_adding_an_opportunity_on_the_page_with_a_referrer_starts_the_referral_follow_ups(browser, Session):
    csrf = _csrf(browser, "/opportunities/new")
    done = browser.post("/opportunities/new", data={
        "csrf": csrf, "company": "Fabrikam", "role": "Data Engineer", "stage": "lead", "source": "referral",
        "referrer_email": "alex@friends.example", "referrer_name": "Alex Kim"})
    assert done.status_code == 302 and "/edit" in done.location
    today = browser.get("/").get_data(as_text=True)
    assert "Thank Alex Kim for referring you to Fabrikam" in today
    with Session() as s:
        opp = s.scalars(select(models.Opportunity).where(models.Opportunity.role == "Data Engineer",
                                                    models.Opportunity.source == "referral")).one()
        assert opp.stage == "lead" and opp.applied_at is None


def test_a_refused_field_is_named_and_what_was_typed_is_kept(browser, Session):
    csrf = _csrf(browser, "/opportunities/new")
    refused = browser.post("/opportunities/new", data={"csrf": csrf, "company": "", "role": "Data Engineer",
                                                       "notes": "Met them at the fair"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="company-error"' in html and "Met them at the fair" in html
    bad_date = browser.post("/opportunities/new", data={"csrf": csrf, "company": "Fabrikam",
                                                        "applied_at": "2026-13-45"})
    assert bad_date.status_code == 400 and 'id="applied_at-error"' in bad_date.get_data(as_text=True)
    with Session() as s:
        assert s.scalars(select(models.Opportunity).where(models.Opportunity.role == "Data Engineer",
                                                     models.Opportunity.company_id.is_(None))).all() == []


def test_editing_an_opportunity_then_undoing_it_from_its_page(browser, Session):
    oid = browser.ids["applied"]
    path = f"/opportunities/{oid}/edit"
    csrf = _csrf(browser, path)
    saved = browser.post(path, data={"csrf": csrf, "company": "Contoso a", "role": "Lead Data Engineer",
                                     "stage": "applied", "source": "online_application", "url": "", "job_id": "",
                                     "location": "", "notes": "Asked Dana for the team's name",
                                     "applied_at": "2026-03-16"})  # the day shown, as the form sends it back
    assert saved.status_code == 302
    html = browser.get(path).get_data(as_text=True)
    assert "Edited Lead Data Engineer" in html
    with Session() as s:
        entry = s.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "opportunity.edited")).one()
        assert set(entry.after) == {"role", "notes"}  # the applied moment mail gave is kept
    undone = browser.post(f"/changes/{entry.id}/undo", data={"csrf": csrf, "back": path})
    assert undone.status_code == 302 and undone.location.endswith(path)
    with Session() as s:
        opp = s.get(models.Opportunity, oid)
        assert (opp.role, opp.notes) == ("Data Engineer", None)


def test_adding_a_person_then_logging_a_call_with_them(browser, Session):
    csrf = _csrf(browser, "/people/new")
    added = browser.post("/people/new", data={"csrf": csrf, "name": "Priya Shah", "email": "priya@fabrikam.example",
                                              "company": "Fabrikam", "relationship": "job_fair_contact",
                                              "preferred_channel": "phone"})
    assert added.status_code == 302
    with Session() as s:
        priya = s.scalars(select(models.Person).where(models.Person.name == "Priya Shah")).one()
    form = browser.get(f"/touches/new?person_id={priya.id}").get_data(as_text=True)
    assert f'<option value="{priya.id}" selected>' in form
    logged = browser.post("/touches/new", data={"csrf": csrf, "person_id": str(priya.id), "channel": "phone",
                                                "direction": "out", "at": "2026-03-18T09:30",
                                                "summary": "Called Priya"})
    assert logged.status_code == 302
    with Session() as s:
        touch = s.scalars(select(models.Touch).where(models.Touch.person_id == priya.id)).one()
        assert (touch.kind, touch.summary, touch.source) == ("call", "Called Priya", "manual")
    future = browser.post("/touches/new", data={"csrf": csrf, "person_id": str(priya.id), "channel": "phone",
                                                "at": "2026-03-20T09:30"})
    assert future.status_code == 400 and 'id="at-error"' in future.get_data(as_text=True)
    for bad in ("99999999999", "²", "x"):
        refused = browser.post("/touches/new", data={"csrf": csrf, "person_id": bad, "channel": "phone"})
        assert refused.status_code == 400 and 'id="person_id-error"' in refused.get_data(as_text=True), bad


def test_someone_elses_records_have_no_edit_page(browser, Session, now):
    with Session() as s:
        other = make_user(s, email="alex@example.org")
        ids = seed_job_search(s, other, now, suffix="b")
        # Two users now: no local mode; Sam signs in.
        s.scalar(select(models.User).where(models.User.email == "sam@example.net")).password_hash = \
            generate_password_hash("correct horse battery")
        s.commit()
    c = browser.application.test_client()
    c.environ_base.update(browser.environ_base)
    signed_in = c.post("/login", data={"csrf": _csrf(c, "/login"), "email": "sam@example.net",
                                       "password": "correct horse battery"})
    assert signed_in.status_code == 302
    assert c.get(f"/opportunities/{browser.ids['opportunity']}/edit").status_code == 200
    assert c.get(f"/opportunities/{ids['opportunity']}/edit").status_code == 404
    assert c.get(f"/people/{ids['person']}/edit").status_code == 404
    assert c.get(f"/touches/{ids['touch']}/edit").status_code == 404

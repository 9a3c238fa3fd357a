"""A tracked person's profile lookup offers the open opportunities at their company that still
wait for a hiring contact ("attachable"); attaching one answers "find the hiring contact"."""

from __future__ import annotations

from datetime import timedelta

from server.auth import create_token
from tests.builders import make_company, make_opportunity, make_person, make_user
from topofmind.store import models

PRIYA_URL = "https://www.linkedin.com/in/priya-shah-42/"


def _seed(Session, now):
    with Session() as s:
        user = make_user(s)
        contoso = make_company(s, user=user, name="Contoso", domains=("contoso.com",))
        dana = make_person(s, user=user, name="Dana Lee", email="dana.lee@contoso.com", company=contoso)
        waiting = make_opportunity(s, user=user, company=contoso, role="Data Engineer", at=now - timedelta(days=2))
        has_recruiter = make_opportunity(s, user=user, company=contoso, role="ML Engineer",
                                         at=now - timedelta(days=2))
        s.add(models.OpportunityContact(opportunity_id=has_recruiter.id, person_id=dana.id, role="recruiter"))
        make_opportunity(s, user=user, company=contoso, role="Data Analyst", stage="rejected",
                         at=now - timedelta(days=9))
        make_opportunity(s, user=user, company=make_company(s, user=user, name="Northwind",
                                                            domains=("northwind.example",)),
                         role="Analytics Engineer", at=now - timedelta(days=2))
        token = create_token(s, user, "extension", now)
        s.commit()
        return token, waiting.id


def _client(app, token):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _track(client, name, headline):
    made = client.post("/api/v1/people", json={"name": name, "company": "Contoso", "headline": headline,
                                               "linkedin_url": PRIYA_URL})
    assert made.status_code == 201
    return made.get_json()["id"]


def _profile(client):
    return client.get("/api/v1/lookup/profile", query_string={"url": PRIYA_URL}).get_json()


def test_a_tracked_recruiter_is_offered_for_the_open_opportunity_still_without_a_hiring_contact(app, Session, now):
    token, waiting_id = _seed(Session, now)
    client = _client(app, token)
    priya_id = _track(client, "Priya Shah", "Talent Acquisition Partner at Contoso")

    attachable = _profile(client)["attachable"]
    # Not the one with a recruiter already, not the rejected one, not another company's.
    assert [(a["opportunity"]["id"], a["opportunity"]["role"], a["opportunity"]["company"], a["suggested_role"])
            for a in attachable] == [(waiting_id, "Data Engineer", "Contoso", "recruiter")]

    attached = client.post(f"/api/v1/opportunities/{waiting_id}/contacts",
                           json={"person_id": priya_id, "role": attachable[0]["suggested_role"]})
    assert attached.status_code == 200
    assert [c["name"] for c in attached.get_json()["contacts"]] == ["Priya Shah"]

    after = _profile(client)
    assert after["attachable"] == []
    assert [o["id"] for o in after["opportunities"]] == [waiting_id]
    assert [a["kind"] for a in after["next_actions"]] == ["follow_up"]
    assert after["next_actions"][0]["person"]["name"] == "Priya Shah"
    actions = client.get("/api/v1/actions?due=all").get_json()["actions"]
    assert not [a for a in actions if a["kind"] == "find_contact" and a["opportunity"]["id"] == waiting_id]


def test_a_manager_is_suggested_as_the_hiring_manager(app, Session, now):
    token, waiting_id = _seed(Session, now)
    client = _client(app, token)
    _track(client, "Priya Shah", "Engineering Manager, Data Platform")
    [offer] = _profile(client)["attachable"]
    assert offer["opportunity"]["id"] == waiting_id and offer["suggested_role"] == "hiring_manager"


def test_a_person_without_a_company_or_unknown_has_nothing_to_attach(app, Session, now):
    token, _ = _seed(Session, now)
    client = _client(app, token)
    unknown = _profile(client)
    assert unknown["known"] is False and "attachable" not in unknown
    made = client.post("/api/v1/people", json={"name": "Priya Shah", "linkedin_url": PRIYA_URL})
    assert made.status_code == 201
    assert _profile(client)["attachable"] == []


def test_another_users_opportunities_are_never_attachable(app, Session, now):
    token, _ = _seed(Session, now)
    with Session() as s:
        other = make_user(s, email="alex@example.org")
        other_token = create_token(s, other, "extension", now)
        s.commit()
    client = _client(app, other_token)
    made = client.post("/api/v1/people", json={"name": "Priya Shah", "company": "Contoso",
                                               "headline": "Recruiter", "linkedin_url": PRIYA_URL})
    assert made.status_code == 201
    assert _profile(client)["attachable"] == []

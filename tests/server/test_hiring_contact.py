"""Finding the right person (issue 10): search links and tracked candidates on the
"find the hiring contact" action, a guessed address with its evidence, attach in one call."""

from __future__ import annotations

from datetime import timedelta

from server.auth import create_token
from tests.builders import make_company, make_opportunity, make_person, make_user
from topofmind.store.companies import refresh_patterns


def _setup(Session, now):
    with Session() as s:
        user = make_user(s, email="sam@example.net")
        contoso = make_company(s, user=user, name="Contoso", domains=("contoso.com",))
        make_person(s, user=user, name="Dana Lee", email="dana.lee@contoso.com", company=contoso)
        make_person(s, user=user, name="Omar Haddad", email="omar.haddad@contoso.com", company=contoso)
        refresh_patterns(s, contoso)
        opp = make_opportunity(s, user=user, company=contoso, role="Data Engineer", stage="applied",
                               at=now - timedelta(days=2))
        token = create_token(s, user, "extension", now)
        s.commit()
        return opp.id, token


def _find_contact(client):
    actions = client.get("/api/v1/actions?due=all").get_json()["actions"]
    return [a for a in actions if a["kind"] == "find_contact"]


def test_track_from_linkedin_get_a_guessed_address_and_attach_to_the_opportunity(app, Session, now):
    opp_id, token = _setup(Session, now)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    [action] = _find_contact(client)
    help_ = action["find_contact"]
    assert "linkedin.com/search/results/people" in help_["search_recruiters_url"]
    assert "Contoso" in help_["search_managers_url"].replace("+", " ")
    assert {c["name"] for c in help_["candidates"]} == {"Dana Lee", "Omar Haddad"}

    url = "https://www.linkedin.com/in/priya-shah-42/"
    made = client.post("/api/v1/people", json={"name": "Priya Shah", "company": "Contoso",
                                               "headline": "Talent Acquisition at Contoso", "linkedin_url": url})
    assert made.status_code == 201
    looked = client.get("/api/v1/lookup/profile", query_string={"url": url}).get_json()
    guess = looked["person"]["suggested_email"]
    assert guess["address"] == "priya.shah@contoso.com"
    assert guess["evidence"] == "2 addresses at contoso.com follow first.last"
    assert looked["person"]["emails"] == []  # a guess is never presented as known

    [action] = _find_contact(client)
    priya = next(c for c in action["find_contact"]["candidates"] if c["name"] == "Priya Shah")
    attached = client.post(f"/api/v1/opportunities/{opp_id}/contacts",
                           json={"person_id": priya["id"], "role": "recruiter"})
    assert attached.status_code in (200, 201)
    assert _find_contact(client) == []
    follow_ups = [a for a in client.get("/api/v1/actions?due=all").get_json()["actions"]
                  if a["kind"] == "follow_up"]
    assert follow_ups and follow_ups[0]["person"]["name"] == "Priya Shah"

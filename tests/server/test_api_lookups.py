"""The overlays' lookups: who or what it is, the stages, the last touch, the next actions."""

from __future__ import annotations

from tests.builders import make_person

PROFILE_URL = "https://www.linkedin.com/in/dana-lee-a/"


def test_me_answers_the_user_and_how_many_follow_ups_are_due(client, world):
    body = client.get("/api/v1/me").json
    assert body["user"] == {"id": world.a.id, "email": "sam@example.net", "name": "Sam Rivera", "timezone": "UTC"}
    # The application follow-up is overdue and the interview thank-you is due today.
    assert body["due_count"] == 2


def test_a_known_profile_shows_person_stages_last_touch_and_next_actions(client, world):
    body = client.get("/api/v1/lookup/profile", query_string={"url": PROFILE_URL}).json
    assert body["known"] is True and body["slug"] == "dana-lee-a"
    assert body["person"]["emails"] == [world.ids["a_email"]]
    assert sorted(o["stage"] for o in body["opportunities"]) == ["applied", "interviewing"]
    assert body["last_touch"]["kind"] == "interview"
    kinds = [a["kind"] for a in body["next_actions"]]
    assert "thank_you" in kinds and "follow_up" in kinds
    assert all(a["person"]["id"] == world.ids["a_person"] for a in body["next_actions"])
    assert body["next_actions"][0]["urgency"] == "overdue"


def test_an_unknown_profile_is_200_with_suggestions_by_name_and_company(client, world):
    response = client.get("/api/v1/lookup/profile", query_string={
        "url": "https://www.linkedin.com/in/dana-lee-77", "name": "Dana  Lee a", "company": "Contoso a"})
    assert response.status_code == 200
    body = response.json
    assert body["known"] is False and body["person"] is None and body["next_actions"] == []
    assert [s["person"]["id"] for s in body["suggestions"]][0] == world.ids["a_duplicate"]
    assert body["suggestions"][0]["reason"] == "same name, also at Contoso a"


def test_an_unknown_profile_without_a_name_has_no_suggestions(client):
    body = client.get("/api/v1/lookup/profile", query_string={"url": "https://www.linkedin.com/in/zz-top"}).json
    assert body == {"known": False, "slug": "zz-top", "person": None, "opportunities": [], "last_touch": None,
                    "next_actions": [], "suggestions": []}


def test_a_profile_lookup_without_a_profile_url_is_a_400_naming_url(client):
    response = client.get("/api/v1/lookup/profile", query_string={"url": "https://www.linkedin.com/feed/"})
    assert response.status_code == 400 and "url" in response.json["fields"]
    missing = client.get("/api/v1/lookup/profile")
    assert missing.status_code == 400 and missing.json["fields"] == {"url": "this parameter is required"}


def test_a_gmail_thread_shows_its_opportunity_people_and_what_was_detected(client, world):
    body = client.get("/api/v1/lookup/thread", query_string={"provider": "gmail", "id": world.ids["a_thread"]}).json
    assert body["known"] is True
    assert body["thread"] == {"provider": "gmail", "id": world.ids["a_thread"],
                              "subject": "Interview for Platform Engineer"}
    assert body["opportunity"]["id"] == world.ids["a_opportunity"]
    assert [p["id"] for p in body["people"]] == [world.ids["a_person"]]
    assert body["detected"] == [{"kind": "interview_scheduled", "text": "Interview scheduled Tue 17 Mar 10:00",
                                 "at": "2026-03-14T10:00:00Z"}]
    # Only what concerns this thread's opportunity: not the follow-up about the other application.
    assert {a["opportunity"]["id"] for a in body["next_actions"]} == {world.ids["a_opportunity"]}
    assert "thank_you" in [a["kind"] for a in body["next_actions"]]


def test_a_thread_with_no_one_known_in_it_and_no_opportunity_answers_200(client, world, Session):  # noqa: N803
    from tests.builders import make_account, make_opportunity
    from topofmind.store import models

    with Session() as s:
        user = s.get(models.User, world.a.id)
        make_opportunity(s, user=user, stage="accepted")  # an accepted offer is in every scope
        account = make_account(s, user=user, provider="gmail", address="sam.second@example.net")
        s.add(models.Thread(user_id=user.id, account_id=account.id, provider="gmail",
                       provider_thread_id="18c0ffee00000001", subject="Newsletter"))
        s.commit()
    body = client.get("/api/v1/lookup/thread", query_string={"provider": "gmail", "id": "18c0ffee00000001"}).json
    assert body["known"] is True and body["people"] == [] and body["opportunity"] is None
    assert body["next_actions"] == []


def test_an_outlook_conversation_id_is_looked_up_under_outlook_only(client, world, Session):
    gmail_id = world.ids["a_thread"]
    body = client.get("/api/v1/lookup/thread", query_string={"provider": "outlook", "id": gmail_id}).json
    assert body["known"] is False and body["thread"] is None


def test_an_unknown_provider_is_refused(client):
    response = client.get("/api/v1/lookup/thread", query_string={"provider": "yahoo", "id": "x"})
    assert response.status_code == 400 and "provider" in response.json["fields"]


def test_an_email_lookup_finds_the_person_case_insensitively(client, world):
    body = client.get("/api/v1/lookup/email", query_string={"address": "  DANA@Contoso-A.com "}).json
    assert body["known"] is True and body["person"]["id"] == world.ids["a_person"]
    assert body["last_touch"]["id"] == world.ids["a_touch"]


def test_a_guessed_address_is_offered_as_a_suggestion_with_its_evidence(client, world, Session):
    from topofmind.store import models

    with Session() as session:
        company = session.get(models.Company, world.ids["a_company"])
        company.email_patterns = [{"pattern": "first.last", "count": 3, "confidence": 0.8}]
        person = make_person(session, user=world.a, name="Lee Park", company=company,
                             linkedin_url="https://www.linkedin.com/in/lee-park")
        session.add(models.PersonEmail(user_id=world.a.id, person_id=person.id, address="lee.park@contoso-a.com",
                                  is_guess=True))
        session.commit()
    body = client.get("/api/v1/lookup/profile", query_string={"url": "linkedin.com/in/lee-park"}).json
    assert body["person"]["emails"] == []
    assert body["person"]["suggested_email"] == {
        "address": "lee.park@contoso-a.com", "confidence": 0.8,
        "evidence": "3 addresses at contoso-a.com follow first.last"}


def test_an_unknown_query_parameter_is_named_in_the_400(client):
    response = client.get("/api/v1/lookup/email", query_string={"address": "a@b.example", "adress": "typo"})
    assert response.status_code == 400
    assert response.json["fields"] == {"adress": "unknown parameter"}

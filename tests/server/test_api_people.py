"""People from the extension: create from a profile, edit, merge; bad bodies get clear 400s."""

from __future__ import annotations

from sqlalchemy import select

from topofmind.store import models

PROFILE = {"name": "Priya Natarajan", "headline": "Engineering Manager at Fabrikam", "company": "Fabrikam",
           "linkedin_url": "https://www.linkedin.com/in/priya-natarajan-9/?trk=public"}


def test_creating_a_person_from_a_profile_answers_201_with_the_summary(client):
    response = client.post("/api/v1/people", json=PROFILE)
    assert response.status_code == 201
    person = response.json
    assert person["name"] == "Priya Natarajan"
    assert person["company"] == "Fabrikam"
    assert person["title"] == "Engineering Manager"  # the headline without its company
    assert person["linkedin_url"] == "https://www.linkedin.com/in/priya-natarajan-9/"


def test_creating_the_same_profile_again_returns_the_existing_person(client):
    first = client.post("/api/v1/people", json=PROFILE).json
    again = client.post("/api/v1/people", json={**PROFILE, "linkedin_url":
                                                "https://de.linkedin.com/in/Priya-Natarajan-9/de"})
    assert again.status_code == 200
    assert again.json["id"] == first["id"]


def test_the_created_person_is_found_by_a_profile_lookup(client):
    created = client.post("/api/v1/people", json=PROFILE).json
    body = client.get("/api/v1/lookup/profile",
                      query_string={"url": "https://www.linkedin.com/in/priya-natarajan-9/recent-activity/"}).json
    assert body["known"] and body["person"]["id"] == created["id"]


def test_unknown_fields_and_wrong_types_are_named_in_the_400(client):
    response = client.post("/api/v1/people", json={**PROFILE, "colour": "blue", "name": 42})
    assert response.status_code == 400
    assert response.json["error"] == "validation_error"
    assert response.json["fields"] == {"colour": "unknown field", "name": "must be of type string"}


def test_a_missing_required_field_is_named(client):
    response = client.post("/api/v1/people", json={"name": "Priya"})
    assert response.status_code == 400
    assert response.json["fields"] == {"linkedin_url": "this field is required"}


def test_a_url_that_is_not_a_linkedin_profile_is_refused(client):
    response = client.post("/api/v1/people", json={**PROFILE, "linkedin_url": "https://example.com/in/priya"})
    assert response.status_code == 400
    assert "linkedin_url" in response.json["fields"]


def test_malformed_json_and_non_object_bodies_are_400(client):
    bad = client.post("/api/v1/people", data="{not json", content_type="application/json")
    assert bad.status_code == 400 and bad.json["error"] == "bad_request"
    array = client.post("/api/v1/people", json=[PROFILE])
    assert array.status_code == 400 and array.json["fields"] == {"body": "must be of type object"}


def test_an_oversized_body_is_413(client):
    response = client.post("/api/v1/people", json={**PROFILE, "headline": "x" * 300_000})
    assert response.status_code == 413
    assert response.json["error"] == "payload_too_large"


def test_text_a_database_cannot_store_is_refused_not_crashed(client):
    response = client.post("/api/v1/people", json={**PROFILE, "name": "Priya\x00"})
    assert response.status_code == 400
    assert response.json["fields"] == {"name": "contains a NUL character"}


def test_patching_relationship_channel_and_notes(client, world):
    response = client.patch(f"/api/v1/people/{world.ids['a_person']}",
                            json={"relationship": "hiring_manager", "preferred_channel": "linkedin",
                                  "notes": "Met at the meetup"})
    assert response.status_code == 200
    assert (response.json["relationship"], response.json["preferred_channel"], response.json["notes"]) == (
        "hiring_manager", "linkedin", "Met at the meetup")


def test_patching_with_a_value_outside_the_vocabulary_is_refused(client, world):
    response = client.patch(f"/api/v1/people/{world.ids['a_person']}", json={"preferred_channel": "pigeon"})
    assert response.status_code == 400
    assert response.json["fields"]["preferred_channel"].startswith("must be one of: email, phone")


def test_merging_moves_addresses_touches_and_contacts_and_deletes_the_duplicate(client, world, Session, now):
    keep, dup = world.ids["a_duplicate"], world.ids["a_person"]
    response = client.post(f"/api/v1/people/{keep}/merge", json={"other_id": dup})
    assert response.status_code == 200
    merged = response.json["person"]
    assert merged["emails"] == [world.ids["a_email"]]
    assert merged["linkedin_url"] == "https://www.linkedin.com/in/dana-lee-a"
    with Session() as session:
        assert session.get(models.Person, dup) is None
        touches = session.scalars(select(models.Touch.person_id).where(models.Touch.id == world.ids["a_touch"])).all()
        assert touches == [keep]
        contacts = session.scalars(select(models.OpportunityContact.person_id)
                                   .where(models.OpportunityContact.opportunity_id == world.ids["a_opportunity"])).all()
        assert contacts == [keep]
        audit = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "person.merged")).one()
        assert audit.user_id == world.a.id and audit.actor == "user"


def test_merging_a_person_into_itself_is_refused(client, world):
    pid = world.ids["a_person"]
    response = client.post(f"/api/v1/people/{pid}/merge", json={"other_id": pid})
    assert response.status_code == 400
    assert "other_id" in response.json["fields"]


def test_giving_a_person_someone_elses_profile_is_a_conflict_that_suggests_merging(client, world):
    response = client.patch(f"/api/v1/people/{world.ids['a_duplicate']}",
                            json={"linkedin_url": "https://www.linkedin.com/in/dana-lee-a/"})
    assert response.status_code == 409
    assert response.json["error"] == "conflict" and "merge" in response.json["message"]

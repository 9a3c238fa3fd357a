"""Records by hand through the API (issue 24): opportunities, people, touches; each one edited
and undone like the automatic ones; refusals name the field."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from topofmind.store import models

POSTING = "https://boards.greenhouse.io/fabrikam/jobs/4012345?gh_src=newsletter"


def _track(client, **body):
    return client.post("/api/v1/opportunities", json={"company": "Fabrikam", "role": "Data Engineer", **body})


def _audit(client, entity: str, entity_id: int) -> list[dict]:
    return client.get(f"/api/v1/audit?entity={entity}&entity_id={entity_id}").json["items"]


def test_tracking_a_posting_creates_an_application_with_its_address_job_id_and_site(client, now):
    response = _track(client, url=POSTING, applied_at="2026-03-17", notes="Applied on their site")
    assert response.status_code == 201
    body = response.json
    assert (body["company"], body["role"], body["stage"], body["source"]) == (
        "Fabrikam", "Data Engineer", "applied", "online_application")
    assert body["url"] == "https://boards.greenhouse.io/fabrikam/jobs/4012345"
    assert (body["job_id"], body["posting_site"], body["applied_at"]) == ("4012345", "greenhouse",
                                                                           "2026-03-17T12:00:00Z")
    assert [t["kind"] for t in body["timeline"]] == ["application"]
    assert body["timeline"][0]["summary"] == "Applied on their site"


def test_tracking_the_same_posting_again_returns_the_same_opportunity(client):
    first = _track(client, url=POSTING).json
    again = _track(client, url=POSTING + "&utm_source=x")
    assert again.status_code == 200 and again.json["id"] == first["id"]
    by_job_id = _track(client, job_id="4012345")
    assert by_job_id.status_code == 200 and by_job_id.json["id"] == first["id"]


def test_a_saved_posting_has_no_follow_up_until_it_is_marked_applied(client):
    saved = _track(client, url=POSTING, stage="lead").json
    assert saved["applied_at"] is None and saved["next_actions"] == []
    applied = client.patch(f"/api/v1/opportunities/{saved['id']}", json={"stage": "applied"}).json
    assert applied["applied_at"] == "2026-03-18T10:00:00Z"
    assert [a["kind"] for a in applied["next_actions"]] == ["find_contact"]


def test_a_hand_made_application_with_a_contact_gets_the_follow_up_a_day_or_two_later(client, now):
    body = _track(client, applied_at=(now - timedelta(days=1)).isoformat(),
                  contacts=[{"email": "priya@fabrikam.example", "name": "Priya Shah", "role": "recruiter"}]).json
    follow_up = [a for a in body["next_actions"] if a["kind"] == "follow_up"]
    assert len(follow_up) == 1
    assert follow_up[0]["person"]["name"] == "Priya Shah"
    assert (follow_up[0]["earliest"], follow_up[0]["latest"]) == ("2026-03-18T09:00:00Z", "2026-03-19T09:00:00Z")


def test_an_application_handed_over_at_a_career_fair_is_followed_up_like_one_online(client, now):
    body = _track(client, source="career_fair", applied_at=(now - timedelta(days=1)).isoformat()).json
    assert body["source"] == "career_fair"
    assert [a["kind"] for a in body["next_actions"]] == ["find_contact"]


def test_a_referral_entered_by_hand_starts_the_referral_rules(client):
    body = _track(client, source="referral", stage="lead", contacts=[
        {"email": "alex@friends.example", "name": "Alex Kim", "role": "referrer"},
        {"email": "morgan@fabrikam.example", "name": "Morgan Blake", "role": "hiring_manager"}]).json
    kinds = {(a["kind"], a["person"]["name"]) for a in body["next_actions"]}
    assert {("thank_referrer", "Alex Kim"), ("contact_introduced", "Morgan Blake")} <= kinds


def test_editing_an_opportunity_is_audited_and_undone(client):
    oid = _track(client, url=POSTING).json["id"]
    edited = client.patch(f"/api/v1/opportunities/{oid}", json={"role": "Senior Data Engineer",
                                                                 "applied_at": "2026-03-16"})
    assert edited.status_code == 200
    assert (edited.json["role"], edited.json["applied_at"]) == ("Senior Data Engineer", "2026-03-16T12:00:00Z")
    entry = _audit(client, "opportunity", oid)[0]
    assert entry["kind"] == "opportunity.edited" and entry["undoable"]
    assert client.post(f"/api/v1/audit/{entry['id']}/undo").status_code == 200
    restored = client.get(f"/api/v1/opportunities/{oid}").json
    assert (restored["role"], restored["applied_at"]) == ("Data Engineer", "2026-03-18T10:00:00Z")


def test_undoing_a_hand_made_opportunity_removes_it(client):
    oid = _track(client, url=POSTING).json["id"]
    created = [e for e in _audit(client, "opportunity", oid) if e["kind"] == "opportunity.created"][0]
    assert created["actor"] == "user"
    assert client.post(f"/api/v1/audit/{created['id']}/undo").status_code == 200
    assert client.get(f"/api/v1/opportunities/{oid}").status_code == 404


def test_refusals_name_the_field(client, now):
    cases = [
        ({"role": "X"}, "company"),
        ({"company": "Fabrikam", "applied_at": "last tuesday"}, "applied_at"),
        ({"company": "Fabrikam", "applied_at": (now + timedelta(days=2)).isoformat()}, "applied_at"),
        ({"company": "Fabrikam", "source": "newspaper"}, "source"),
        ({"company": "Fabrikam", "url": "javascript:alert(1)"}, "url"),
        ({"company": "Fabrikam", "stage": "lead", "applied_at": "2026-03-17"}, "applied_at"),
        ({"company": "Fabrikam", "contacts": [{"email": "not-an-address"}]}, "contacts.0.email"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/opportunities", json=body)
        assert response.status_code == 400, body
        assert field in response.json["fields"], (body, response.json)
    bad_person = client.post("/api/v1/people", json={"name": "Priya", "email": "nope"})
    assert bad_person.status_code == 400 and "email" in bad_person.json["fields"]


def test_a_person_added_by_hand_is_found_by_address_and_edited_with_undo(client):
    response = client.post("/api/v1/people", json={
        "name": "Priya Shah", "email": "Priya@Fabrikam.example", "company": "Fabrikam", "title": "Recruiter",
        "relationship": "recruiter", "preferred_channel": "phone"})
    assert response.status_code == 201
    person = response.json
    assert (person["emails"], person["company"], person["preferred_channel"]) == (
        ["priya@fabrikam.example"], "Fabrikam", "phone")
    again = client.post("/api/v1/people", json={"name": "Priya S.", "email": "priya@fabrikam.example"})
    assert again.status_code == 200 and again.json["id"] == person["id"]
    edited = client.patch(f"/api/v1/people/{person['id']}", json={"name": "Priya Shah-Rao", "company": "Litware"})
    assert (edited.json["name"], edited.json["company"]) == ("Priya Shah-Rao", "Litware")
    entry = _audit(client, "person", person["id"])[0]
    assert entry["kind"] == "person.edited"
    assert client.post(f"/api/v1/audit/{entry['id']}/undo").status_code == 200
    with client.application.app_context():
        pass
    restored = client.patch(f"/api/v1/people/{person['id']}", json={}).json
    assert (restored["name"], restored["company"]) == ("Priya Shah", "Fabrikam")


def test_a_hand_logged_touch_is_edited_and_undone(client, world, now):
    pid = world.ids["a_person"]
    touch = client.post("/api/v1/touches", json={"person_id": pid, "channel": "phone",
                                                 "at": (now - timedelta(hours=2)).isoformat(),
                                                 "summary": "Called Dana"})
    assert touch.status_code == 201 and touch.json["kind"] == "call"
    tid = touch.json["id"]
    edited = client.patch(f"/api/v1/touches/{tid}", json={"summary": "Called Dana about the panel"})
    assert edited.json["summary"] == "Called Dana about the panel"
    entries = _audit(client, "touch", tid)
    assert [e["kind"] for e in entries] == ["touch.edited", "touch.created"]
    assert client.post(f"/api/v1/audit/{entries[0]['id']}/undo").status_code == 200
    assert client.post(f"/api/v1/audit/{entries[1]['id']}/undo").status_code == 200
    assert client.patch(f"/api/v1/touches/{tid}", json={}).status_code == 404
    future = client.post("/api/v1/touches", json={"person_id": pid, "channel": "phone",
                                                  "at": (now + timedelta(days=1)).isoformat()})
    assert future.status_code == 400 and "at" in future.json["fields"]


def test_a_hand_made_touch_resets_the_persons_follow_up_cycle(client, world, Session, now):
    with Session() as session:
        person = session.get(models.Person, world.ids["a_person"])
        session.add(models.Touch(user_id=world.a.id, person_id=person.id, opportunity_id=world.ids["a_applied"],
                            channel="email", direction="out", kind="follow_up", at=now - timedelta(days=9),
                            summary="Following up"))
        session.commit()

    def nudges() -> list[str]:
        actions = client.get("/api/v1/actions?due=all").json["actions"]
        return [a["kind"] for a in actions if (a["person"] or {}).get("id") == world.ids["a_person"]
                and a["kind"] == "second_follow_up"]

    assert nudges() == ["second_follow_up"]
    client.post("/api/v1/touches", json={"person_id": world.ids["a_person"], "channel": "meeting",
                                         "at": (now - timedelta(hours=1)).isoformat(),
                                         "summary": "Met Dana at the career fair"})
    assert nudges() == []


def test_another_users_records_stay_out_of_reach(client, world):
    assert client.patch(f"/api/v1/opportunities/{world.ids['b_opportunity']}", json={"role": "x"}).status_code == 404
    assert client.patch(f"/api/v1/touches/{world.ids['b_touch']}", json={"summary": "x"}).status_code == 404
    assert client.get(f"/api/v1/audit?entity=opportunity&entity_id={world.ids['b_opportunity']}").json == {
        "items": []}
    response = _track(client, contacts=[{"person_id": world.ids["b_person"], "role": "recruiter"}])
    assert response.status_code == 404


def test_the_posting_lookup_says_where_a_tracked_posting_stands(client, Session, now):
    unknown = client.get("/api/v1/lookup/posting", query_string={"url": POSTING}).json
    assert unknown["known"] is False
    _track(client, url=POSTING, applied_at=(now - timedelta(days=3)).isoformat())
    known = client.get("/api/v1/lookup/posting", query_string={"url": POSTING}).json
    assert known["known"] is True and known["opportunity"]["company"] == "Fabrikam"
    assert known["status"].startswith("applied 3 days ago · find a contact and follow up overdue since")
    with Session() as session:
        assert session.scalar(select(models.Opportunity.url).where(models.Opportunity.role == "Data Engineer",
                                                              models.Opportunity.job_id == "4012345")) is not None
    missing = client.get("/api/v1/lookup/posting")
    assert missing.status_code == 400 and "url" in missing.json["fields"]


def test_the_change_list_refuses_an_id_no_record_can_have(client):
    for bad in ("6977360800", "0", "²", "12a"):
        response = client.get("/api/v1/audit", query_string={"entity": "touch", "entity_id": bad})
        assert response.status_code == 400 and "entity_id" in response.json["fields"], bad

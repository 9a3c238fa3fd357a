"""Actions: listing by due window, done / snooze / dismiss by the playbook's key, drafts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from topofmind.store import models


def _ids(client, due="all"):
    return [a["id"] for a in client.get("/api/v1/actions", query_string={"due": due}).json["actions"]]


def test_actions_are_sorted_by_urgency_then_due(client):
    actions = client.get("/api/v1/actions").json["actions"]
    urgencies = [a["urgency"] for a in actions]
    assert urgencies == sorted(urgencies, key=["overdue", "today", "upcoming"].index)
    assert urgencies[:2] == ["overdue", "today"]


def test_due_windows_select_overdue_today_and_the_week(client):
    everything = client.get("/api/v1/actions", query_string={"due": "all"}).json["actions"]
    overdue = _ids(client, "overdue")
    today = _ids(client, "today")
    week = _ids(client, "week")
    assert overdue and today and not set(overdue) & set(today)
    assert set(overdue) | set(today) <= set(week) <= {a["id"] for a in everything}
    far = [a["id"] for a in everything if a["due"] > "2026-03-26"]
    assert far and not set(far) & set(week)


def test_a_done_action_leaves_the_list_and_stays_done_after_recomputation(client, world, Session):
    key = _ids(client, "today")[0]
    response = client.post(f"/api/v1/actions/{key}/done")
    assert response.status_code == 200 and response.json["state"] == "done" and response.json["id"] == key
    assert key not in _ids(client)
    with Session() as session:
        row = session.scalars(select(models.ActionState).where(models.ActionState.action_key == key)).one()
        assert (row.user_id, row.state) == (world.a.id, "done")


def test_a_snoozed_action_comes_back_when_the_snooze_ends(app, client, world, now):
    key = _ids(client, "overdue")[0]
    response = client.post(f"/api/v1/actions/{key}/snooze", json={"days": 2})
    assert response.json["state"] == "snoozed"
    assert response.json["snoozed_until"] == "2026-03-20T10:00:00Z"
    assert key not in _ids(client)
    app.extensions["topofmind"].now = lambda: now + timedelta(days=2, hours=1)
    assert key in _ids(client)


def test_snooze_without_a_body_uses_three_days_and_until_must_be_in_the_future(client):
    key = _ids(client, "overdue")[0]
    assert client.post(f"/api/v1/actions/{key}/snooze").json["snoozed_until"] == "2026-03-21T10:00:00Z"
    past = client.post(f"/api/v1/actions/{key}/snooze", json={"until": "2026-03-01T00:00:00Z"})
    assert past.status_code == 400 and "until" in past.json["fields"]
    wrong = client.post(f"/api/v1/actions/{key}/snooze", json={"days": "soon"})
    assert wrong.status_code == 400 and wrong.json["fields"] == {"days": "must be of type integer"}


def test_a_dismissed_action_is_gone_from_the_lookups_too(client, world):
    key = next(a["id"] for a in client.get("/api/v1/actions").json["actions"] if a["kind"] == "thank_you")
    client.post(f"/api/v1/actions/{key}/dismiss")
    body = client.get("/api/v1/lookup/profile", query_string={"url": "https://www.linkedin.com/in/dana-lee-a"}).json
    assert key not in [a["id"] for a in body["next_actions"]]


def test_an_id_that_is_not_a_current_action_is_a_404(client):
    for verb in ("done", "dismiss", "snooze"):
        response = client.post(f"/api/v1/actions/follow_up.p999.o999.o999/{verb}")
        assert response.status_code == 404 and response.json["error"] == "not_found"
    assert client.get("/api/v1/actions/nothing-here/draft").status_code == 404


def test_an_unknown_due_window_is_refused(client):
    response = client.get("/api/v1/actions", query_string={"due": "tomorrow"})
    assert response.status_code == 400 and "due" in response.json["fields"]


def test_an_email_draft_has_a_subject_a_body_and_a_recipient(client, world):
    key = next(a["id"] for a in client.get("/api/v1/actions").json["actions"] if a["kind"] == "thank_you")
    draft = client.get(f"/api/v1/actions/{key}/draft", query_string={"channel": "email"}).json
    assert draft["channel"] == "email" and draft["subject"]
    assert "Dana" in draft["body"]
    assert draft["to"] == {"name": "Dana Lee a", "address": world.ids["a_email"]}


def test_a_message_draft_has_no_subject(client):
    key = next(a["id"] for a in client.get("/api/v1/actions").json["actions"] if a["kind"] == "thank_you")
    draft = client.get(f"/api/v1/actions/{key}/draft", query_string={"channel": "message"}).json
    assert draft["channel"] == "message" and draft["subject"] is None and draft["body"]


def test_specifics_set_on_an_action_are_used_by_its_draft_as_written(client, Session, world):
    key = next(a["id"] for a in client.get("/api/v1/actions").json["actions"] if a["kind"] == "thank_you")
    response = client.put(f"/api/v1/actions/{key}/specifics",
                          json={"specifics": ["we talked about the churn model", "https://example.org/notes"]})
    assert response.status_code == 200
    assert response.json["specifics"] == ["we talked about the churn model", "https://example.org/notes"]
    body = client.get(f"/api/v1/actions/{key}/draft").json["body"]
    assert "we talked about the churn model." in body and "https://example.org/notes" in body
    listed = next(a for a in client.get("/api/v1/actions").json["actions"] if a["id"] == key)
    assert listed["specifics"] == ["we talked about the churn model", "https://example.org/notes"]
    cleared = client.put(f"/api/v1/actions/{key}/specifics", json={"specifics": []})
    assert cleared.json["specifics"] == [] and "churn" not in client.get(f"/api/v1/actions/{key}/draft").json["body"]
    with Session() as session:
        assert session.scalars(select(models.ActionSpecifics)).one().user_id == world.a.id


def test_bad_specifics_are_refused_naming_the_field(client):
    key = _ids(client)[0]
    three = client.put(f"/api/v1/actions/{key}/specifics", json={"specifics": ["a", "b", "c"]})
    assert three.status_code == 400 and "specifics" in three.json["fields"]
    long = client.put(f"/api/v1/actions/{key}/specifics", json={"specifics": ["x" * 301]})
    assert long.status_code == 400 and "specifics.0" in long.json["fields"]
    missing = client.put("/api/v1/actions/nope.p0.o0.x/specifics", json={"specifics": ["a"]})
    assert missing.status_code == 404

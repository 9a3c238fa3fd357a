"""Touches logged by hand, mail accounts, review and undo of automatic decisions."""

from __future__ import annotations

from sqlalchemy import select

from topofmind.store import models


def test_logging_a_phone_call_answers_201_with_the_touch(client, world):
    response = client.post("/api/v1/touches", json={"person_id": world.ids["a_person"], "channel": "phone",
                                                    "at": "2026-03-17T15:30:00+01:00", "summary": "Quick call"})
    assert response.status_code == 201
    touch = response.json
    assert (touch["channel"], touch["direction"], touch["at"], touch["summary"]) == (
        "phone", "out", "2026-03-17T14:30:00Z", "Quick call")


def test_a_touch_needs_someone_or_something(client):
    response = client.post("/api/v1/touches", json={"channel": "phone"})
    assert response.status_code == 400
    assert "person_id" in response.json["fields"]


def test_a_touch_with_a_naive_time_is_refused(client, world):
    response = client.post("/api/v1/touches", json={"person_id": world.ids["a_person"], "channel": "meeting",
                                                    "at": "2026-03-17T15:30:00"})
    assert response.status_code == 400
    assert response.json["fields"]["at"].startswith("not a valid date-time")


def test_accounts_show_sync_status_and_lag(client, world):
    (account,) = client.get("/api/v1/accounts").json["accounts"]
    assert account["provider"] == "gmail"
    assert account["lag_seconds"] == 240
    assert account["message_count"] == 1
    assert account["needs_reconnect"] is False


def test_review_lists_low_confidence_decisions_and_confirm_removes_them(client, world):
    items = client.get("/api/v1/review").json["items"]
    assert [(i["id"], i["kind"], i["confidence"]) for i in items] == [(world.ids["a_audit"], "thread.linked", 0.55)]
    confirmed = client.post(f"/api/v1/review/{world.ids['a_audit']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json["reviewed_at"] == "2026-03-18T10:00:00Z"
    assert client.get("/api/v1/review").json["items"] == []


def test_correcting_a_thread_link_moves_the_thread(client, world, Session):
    response = client.post(f"/api/v1/review/{world.ids['a_audit']}/correct",
                           json={"opportunity_id": world.ids["a_applied"]})
    assert response.status_code == 200
    with Session() as session:
        thread = session.scalars(select(models.Thread).where(models.Thread.provider_thread_id == world.ids["a_thread"])).one()
        assert thread.opportunity_id == world.ids["a_applied"]
    assert client.get("/api/v1/review").json["items"] == []


def test_correcting_with_another_users_opportunity_is_a_404(client, world, Session):
    response = client.post(f"/api/v1/review/{world.ids['a_audit']}/correct",
                           json={"opportunity_id": world.ids["b_applied"]})
    assert response.status_code == 404


def test_undo_restores_what_the_automatic_decision_changed(client, world, Session):
    response = client.post(f"/api/v1/audit/{world.ids['a_audit']}/undo")
    assert response.status_code == 200 and response.json["undone_at"] is not None
    with Session() as session:
        thread = session.scalars(select(models.Thread).where(models.Thread.provider_thread_id == world.ids["a_thread"])).one()
        assert thread.opportunity_id is None
        undo = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "audit.undo")).one()
        assert undo.user_id == world.a.id


def test_a_merge_recorded_without_its_rows_cannot_be_undone_and_says_so(client, world, Session, now):
    # Merges made before issue 21 kept only the merged-away person's name and addresses
    # (a merge now is undone: tests/server/test_one_person.py).
    client.post(f"/api/v1/people/{world.ids['a_duplicate']}/merge", json={"other_id": world.ids["a_person"]})
    with Session() as session:
        entry = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "person.merged")).one()
        entry.before = {k: entry.before[k] for k in ("id", "name", "emails", "linkedin_slug")}
        merge_id = entry.id
        session.commit()
    response = client.post(f"/api/v1/audit/{merge_id}/undo")
    assert response.status_code == 400
    assert "by hand" in response.json["message"]

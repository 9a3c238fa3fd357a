"""Opportunities: the list, one with its history and timeline, stage by hand (audited, undoable)."""

from __future__ import annotations

from sqlalchemy import select

from topofmind.store import models


def test_the_list_has_every_opportunity_of_the_user_only(client, world):
    listed = client.get("/api/v1/opportunities").json["opportunities"]
    assert sorted(o["id"] for o in listed) == sorted([world.ids["a_opportunity"], world.ids["a_applied"]])
    assert all(o["company"] == "Contoso a" for o in listed)


def test_one_opportunity_has_its_stage_history_timeline_contacts_and_actions(client, world):
    body = client.get(f"/api/v1/opportunities/{world.ids['a_opportunity']}").json
    assert [(c["from_stage"], c["to_stage"]) for c in body["stage_history"]] == [("applied", "interviewing")]
    assert [t["id"] for t in body["timeline"]] == [world.ids["a_touch"]]
    assert [c["id"] for c in body["contacts"]] == [world.ids["a_person"]]
    assert "thank_you" in [a["kind"] for a in body["next_actions"]]


def test_changing_the_stage_by_hand_is_recorded_and_audited(client, world, Session):
    oid = world.ids["a_opportunity"]
    response = client.post(f"/api/v1/opportunities/{oid}/stage", json={"stage": "offer", "note": "Call from Dana"})
    assert response.status_code == 200
    body = response.json
    assert body["stage"] == "offer" and body["stage_changed_at"] == "2026-03-18T10:00:00Z"
    assert body["stage_history"][-1] == {"from_stage": "interviewing", "to_stage": "offer",
                                         "at": "2026-03-18T10:00:00Z", "reason": "Call from Dana",
                                         "source": "manual"}
    with Session() as session:
        audit = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "opportunity.stage")).one()
        assert (audit.user_id, audit.actor, audit.before["stage"], audit.after["stage"]) == (
            world.a.id, "user", "interviewing", "offer")


def test_undoing_a_stage_change_puts_the_stage_back(client, world, Session):
    oid = world.ids["a_opportunity"]
    client.post(f"/api/v1/opportunities/{oid}/stage", json={"stage": "rejected"})
    with Session() as session:
        audit_id = session.scalars(select(models.AuditEntry.id).where(models.AuditEntry.kind == "opportunity.stage")).one()
    assert client.post(f"/api/v1/audit/{audit_id}/undo").status_code == 200
    assert client.get(f"/api/v1/opportunities/{oid}").json["stage"] == "interviewing"


def test_an_unknown_stage_is_refused_with_the_allowed_ones(client, world):
    response = client.post(f"/api/v1/opportunities/{world.ids['a_opportunity']}/stage", json={"stage": "hired"})
    assert response.status_code == 400
    assert response.json["fields"]["stage"].startswith("must be one of: lead, applied")


def test_attaching_a_contact_shows_them_on_the_opportunity(client, world):
    response = client.post(f"/api/v1/opportunities/{world.ids['a_applied']}/contacts",
                           json={"person_id": world.ids["a_duplicate"], "role": "hiring_manager"})
    assert response.status_code == 200
    assert world.ids["a_duplicate"] in [c["id"] for c in response.json["contacts"]]

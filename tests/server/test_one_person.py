"""One person per person: Track never makes a second person of the same name at the same
company unless told they differ; a merge (API and pages) joins two people and is undone."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.app import create_app
from sync.config import Config
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


def _profile(**changes) -> dict:
    return {"name": "Dana Lee a", "headline": "Recruiter at Contoso a", "company": "Contoso a",
            "linkedin_url": "https://www.linkedin.com/in/dana-lee-second/", **changes}


def _people(Session, user_id: int, name: str) -> int:
    with Session() as s:
        return s.scalar(select(func.count()).select_from(models.Person)
                        .where(models.Person.user_id == user_id, models.Person.name == name))


def test_track_of_someone_tracked_at_the_same_company_is_a_409_naming_them(client, world, Session):
    before = _people(Session, world.a.id, "Dana Lee a")
    response = client.post("/api/v1/people", json=_profile(name="  dana   LEE a "))
    assert response.status_code == 409
    assert response.json["error"] == "same_person"
    assert "Dana Lee a at Contoso a is already tracked" in response.json["message"]
    assert {p["id"] for p in response.json["people"]} == {world.ids["a_person"], world.ids["a_duplicate"]}
    assert _people(Session, world.a.id, "Dana Lee a") == before


def test_track_creates_the_person_when_the_user_says_they_differ(client, world, Session):
    before = _people(Session, world.a.id, "Dana Lee a")
    response = client.post("/api/v1/people", json=_profile(distinct=True))
    assert response.status_code == 201
    assert _people(Session, world.a.id, "Dana Lee a") == before + 1


def test_the_same_name_at_another_company_is_another_person(client, world):
    response = client.post("/api/v1/people", json=_profile(company="Fabrikam", headline="Recruiter at Fabrikam"))
    assert response.status_code == 201
    assert response.json["company"] == "Fabrikam"


def test_another_users_people_never_conflict(client_b, world):
    assert client_b.post("/api/v1/people", json=_profile()).status_code == 201


def test_a_headline_naming_the_company_gives_the_title_without_it(client):
    response = client.post("/api/v1/people", json={
        "name": "Priya Shah", "headline": "Staff Data Scientist at Kestrel Mobility", "company": "Kestrel Mobility",
        "linkedin_url": "https://www.linkedin.com/in/priya-shah-7/"})
    assert response.status_code == 201
    assert (response.json["title"], response.json["company"]) == ("Staff Data Scientist", "Kestrel Mobility")


def _snapshot(Session, person_id: int) -> dict:
    with Session() as s:
        p = s.get(models.Person, person_id)
        if p is None:
            return {}
        return {
            "name": p.name, "slug": p.linkedin_slug, "title": p.title, "company_id": p.company_id,
            "emails": sorted(e.address for e in p.emails),
            "touches": sorted(s.scalars(select(models.Touch.id).where(models.Touch.person_id == person_id))),
            "messages": sorted(s.scalars(select(models.Message.id).where(models.Message.person_id == person_id))),
            "contacts": sorted(s.scalars(select(models.OpportunityContact.opportunity_id)
                                         .where(models.OpportunityContact.person_id == person_id))),
            "interviews": sorted(i.id for i in s.scalars(select(models.Interview)) if person_id in i.interviewer_ids),
        }


def test_a_merge_joins_two_people_and_its_undo_puts_both_back(client, world, Session):
    keep, dup = world.ids["a_duplicate"], world.ids["a_person"]
    before_keep, before_dup = _snapshot(Session, keep), _snapshot(Session, dup)
    assert before_dup["touches"] and before_dup["contacts"] and before_dup["interviews"] and before_dup["emails"]

    merged = client.post(f"/api/v1/people/{keep}/merge", json={"other_id": dup})
    assert merged.status_code == 200
    assert merged.json["person"]["emails"] == [world.ids["a_email"]]
    assert _snapshot(Session, dup) == {}
    assert _snapshot(Session, keep)["touches"] == before_dup["touches"]

    undone = client.post(merged.json["undo"]["url"])
    assert undone.status_code == 200 and undone.json["undone_at"]
    assert _snapshot(Session, dup) == before_dup
    assert _snapshot(Session, keep) == before_keep
    lookup = client.get("/api/v1/lookup/profile", query_string={"url": "https://www.linkedin.com/in/dana-lee-a/"})
    assert lookup.json["known"] and lookup.json["person"]["id"] == dup
    assert client.post(merged.json["undo"]["url"]).json["undone_at"] == undone.json["undone_at"]  # once


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_the_person_page_merges_a_likely_duplicate_and_offers_the_undo(Session, now, tmp_path, world):
    # world has two users: sign in is needed; use A's page through single-user mode of a fresh app
    # is not possible, so B's rows are removed to leave A alone.
    with Session() as s:
        s.delete(s.get(models.User, world.b.id))
        s.commit()
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    c = app.test_client()
    keep, dup = world.ids["a_person"], world.ids["a_duplicate"]
    page = c.get(f"/people/{keep}", environ_base=LOCAL).get_data(as_text=True)
    assert f'<option value="{dup}">' in page  # the same name: offered first
    done = c.post(f"/people/{keep}/merge", data={"csrf": _csrf(page), "other_id": str(dup)}, environ_base=LOCAL,
                  follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Merged into Dana Lee a" in html and "Undo this merge" in html
    assert _snapshot(Session, dup) == {}
    undo_path = re.search(r'action="(/people/\d+/unmerge/\d+)"', html).group(1)
    back = c.post(undo_path, data={"csrf": _csrf(html)}, environ_base=LOCAL, follow_redirects=True)
    assert "is a separate person again" in back.get_data(as_text=True)
    assert _snapshot(Session, dup)["name"] == "Dana Lee a"
    bad = c.post(f"/people/{keep}/merge", data={"csrf": _csrf(html), "other_id": "someone"}, environ_base=LOCAL)
    assert bad.status_code == 400

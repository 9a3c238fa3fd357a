"""Lookups served from cards answer exactly what a fresh computation answers, whatever was
written in between (by the sync, the API, by hand) and however much time has passed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import delete, func, select

from server.app import create_app
from server.auth import create_token
from server.cards import storage
from sync.config import Config
from sync.engine import sync_account
from sync.mbox import MboxSource
from sync.secrets import SecretBox
from tests.builders import make_account, make_company, make_opportunity, make_person, make_user
from tests.server.conftest import _client
from tests.server.lookups import (
    KEPT,
    answers,
    served_and_fresh,
    stale_cards,
    statements_of,
    valid_cards,
    world_paths,
)
from tests.sync.mailgen import ME, generate_messages, write_mbox
from topofmind.store import card_marks, models


def test_a_repeated_lookup_reads_only_its_token_and_its_card(app, world, Session):
    client = _client(app, world.token_a)
    path = world_paths(world.ids)[0]
    first = client.get(path).get_json()
    assert first["known"] and first["next_actions"]
    again, statements = statements_of(Session, lambda: client.get(path).get_json())
    assert again == first
    assert len(statements) == 2, statements  # the token, the card


def test_every_api_write_shows_at_once_in_the_lookups(app, world, Session):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    ids = world.ids
    profile = client.get(paths[0]).get_json()
    first, second = profile["next_actions"][0]["id"], profile["next_actions"][-1]["id"]
    writes = [
        ("done", lambda: client.post(f"/api/v1/actions/{first}/done")),
        ("snooze", lambda: client.post(f"/api/v1/actions/{second}/snooze", json={"days": 5})),
        ("stage", lambda: client.post(f"/api/v1/opportunities/{ids['a_applied']}/stage", json={"stage": "screening"})),
        ("touch", lambda: client.post("/api/v1/touches", json={
            "person_id": ids["a_person"], "opportunity_id": ids["a_opportunity"], "channel": "phone",
            "direction": "in", "kind": "meeting", "at": "2026-03-18T09:00:00Z", "summary": "Called about next steps"})),
        ("person", lambda: client.patch(f"/api/v1/people/{ids['a_person']}", json={"preferred_channel": "linkedin"})),
        ("contact", lambda: client.post(f"/api/v1/opportunities/{ids['a_applied']}/contacts",
                                        json={"person_id": ids["a_duplicate"], "role": "hiring_manager"})),
        ("undo", lambda: client.post(f"/api/v1/audit/{ids['a_audit']}/undo")),
        ("merge", lambda: client.post(f"/api/v1/people/{ids['a_person']}/merge", json={"other_id": ids["a_duplicate"]})),
    ]
    changed = 0
    before = answers(client, paths)
    for name, write in writes:
        assert valid_cards(Session) == KEPT
        response = write()
        assert response.status_code < 300, (name, response.get_json())
        served, fresh = served_and_fresh(Session, client, paths)
        assert served == fresh, name
        changed += served != before
        before = fresh
    assert changed >= 6  # the writes did change what the overlays show


def test_a_changed_timezone_or_threshold_shows_in_the_lookups(app, world, Session):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    before = answers(client, paths)
    with Session() as s:
        user = s.get(models.User, world.a.id)
        user.timezone = "Pacific/Auckland"
        user.settings = {"thank_you_hours": 2}
        s.commit()
    served, fresh = served_and_fresh(Session, client, paths)
    assert served == fresh
    assert served != before


def test_cards_follow_the_clock_for_three_weeks(app, world, Session, clock, now):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)[:3]
    seen = set()
    for step in range(64):
        clock.at = now + timedelta(hours=8 * step)
        served, fresh = served_and_fresh(Session, client, paths)
        assert served == fresh, clock.at
        seen.add(str([[a["id"], a["urgency"]] for a in fresh[paths[0]]["next_actions"]]))
    assert len(seen) >= 4  # actions came, turned due and overdue, and went


def test_other_users_writes_keep_a_users_cards(app, world, Session):
    client, client_b = _client(app, world.token_a), _client(app, world.token_b)
    answers(client, world_paths(world.ids))
    kept = valid_cards(Session)
    b_profile = client_b.get("/api/v1/lookup/profile?" + urlencode(
        {"url": f"https://www.linkedin.com/in/{world.ids['b_slug']}"})).get_json()
    response = client_b.post(f"/api/v1/actions/{b_profile['next_actions'][0]['id']}/done")
    assert response.status_code == 200
    assert valid_cards(Session) == kept  # B's card went, A's stayed


def test_a_colleague_at_the_company_changes_the_card_only_by_what_it_shows_of_them(app, Session, now):
    """A person tracked at an opportunity's company is offered as its hiring contact (name,
    title, profile): a change of those shows at once, a touch with them keeps the card."""
    with Session() as s, s.begin():
        user = make_user(s, email="kim@example.net")
        contoso = make_company(s, user=user, name="Contoso", domains=("contoso.com",))
        opp = make_opportunity(s, user=user, company=contoso, stage="applied", at=now - timedelta(days=6))
        friend = make_person(s, user=user, name="Ana Friend", linkedin_url="https://www.linkedin.com/in/ana-friend")
        s.add(models.OpportunityContact(opportunity_id=opp.id, person_id=friend.id, role="referrer"))
        colleague = make_person(s, user=user, name="Bo Colleague", company=contoso, title="Data Engineer")
        token = create_token(s, user, "extension", now)
        colleague_id = colleague.id
    client = _client(app, token)
    path = "/api/v1/lookup/profile?" + urlencode({"url": "https://www.linkedin.com/in/ana-friend/"})

    def candidates(body):
        found = [a["find_contact"] for a in body["next_actions"] if a["kind"] == "find_contact"]
        return [(c["name"], c["title"]) for c in found[0]["candidates"]] if found else None

    assert candidates(client.get(path).get_json()) == [("Bo Colleague", "Data Engineer")]
    assert client.post("/api/v1/touches", json={
        "person_id": colleague_id, "channel": "linkedin", "direction": "out", "kind": "check_in",
        "at": "2026-03-17T09:00:00Z", "summary": "Said hello"}).status_code == 201
    assert valid_cards(Session) == 1 and stale_cards(Session) == 0  # nothing the card shows changed
    assert client.patch(f"/api/v1/people/{colleague_id}", json={"title": "Recruiter"}).status_code == 200
    assert stale_cards(Session) == 1
    served, fresh = served_and_fresh(Session, client, [path])
    assert served == fresh and candidates(served[path]) == [("Bo Colleague", "Recruiter")]


def test_a_lookup_read_while_data_changed_is_not_kept(world, Session, now):
    with Session() as reader:
        seen = card_marks.epoch(reader)
        with Session() as writer:
            touch = writer.scalars(select(models.Touch).where(models.Touch.user_id == world.a.id)).first()
            touch.summary = "changed meanwhile"
            writer.commit()
        kept = storage.store(reader, world.a.id, {"kind": "test"}, {"tz": "UTC", "body": {}},
                           {f"p{world.ids['a_person']}"}, now=now, valid_until=None, seen_epoch=seen)
        assert not kept
        assert storage.store(reader, world.a.id, {"kind": "test"}, {"tz": "UTC", "body": {}},
                           {f"p{world.ids['a_person']}"}, now=now, valid_until=None, seen_epoch=card_marks.epoch(reader))
    assert valid_cards(Session) == 1


def test_a_sync_pass_refreshes_exactly_the_cards_of_what_it_brought(app, Session, tmp_path):
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    mailbox = list(generate_messages(400, seed=5))
    first, second = tmp_path / "first.mbox", tmp_path / "second.mbox"
    write_mbox(first, mailbox[:250])
    write_mbox(second, mailbox[250:])
    with Session() as s, s.begin():
        user = make_user(s, email=ME, own_addresses=[ME])
        accounts = [make_account(s, user=user, provider="mbox", address=str(p)).id for p in (first, second)]
        token = create_token(s, user, "extension", at)
    app.extensions["topofmind"].now = lambda: at
    client = _client(app, token)
    assert sync_account(Session, accounts[0], MboxSource(first, batch_size=60), me=frozenset({ME}),
                        now=lambda: at).status == "ok"
    with Session() as s:
        addresses = s.scalars(select(models.PersonEmail.address).where(models.PersonEmail.user_id == user.id)).all()
    paths = ["/api/v1/lookup/email?" + urlencode({"address": a}) for a in sorted(addresses)]
    assert len(paths) >= 20
    answers(client, paths)
    built = valid_cards(Session)
    assert sync_account(Session, accounts[1], MboxSource(second, batch_size=60), me=frozenset({ME}),
                        now=lambda: at).status == "ok"
    kept = valid_cards(Session)
    assert 0 < kept < built  # only the cards of what the second mailbox touched went
    served, fresh = served_and_fresh(Session, client, paths)
    assert served == fresh


def test_forgetting_a_person_or_deleting_everything_takes_the_cards_along(app, world, Session, now):
    from topofmind.store.retention import forget_person

    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    answers(client, paths)
    assert valid_cards(Session) == KEPT
    with Session() as s:
        forget_person(s, user_id=world.a.id, address=world.ids["a_email"])
        s.commit()
    assert valid_cards(Session) == 0
    gone = client.get(paths[2]).get_json()
    assert gone["known"] is False and gone["person"] is None
    answers(client, paths)
    assert client.delete("/api/v1/me/data").status_code == 200
    with Session() as s:
        assert s.scalar(select(func.count()).select_from(models.LookupCard).where(models.LookupCard.user_id == world.a.id)) == 0
    assert client.get(paths[0]).get_json()["known"] is False


@pytest.mark.parametrize("how", ["statement", "orm"])
def test_removing_a_mail_account_takes_the_cards_of_its_mail_along(app, world, Session, how):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    thread = client.get(paths[1]).get_json()
    assert thread["known"]
    answers(client, paths)
    with Session() as s:
        if how == "statement":  # as `topofmind accounts remove` does: the database cascades
            s.execute(delete(models.MailAccount).where(models.MailAccount.id == world.ids["a_account"]))
        else:
            s.delete(s.get(models.MailAccount, world.ids["a_account"]))
        s.commit()
    assert valid_cards(Session) == 0
    assert client.get(paths[1]).get_json()["known"] is False


def test_an_app_built_from_its_settings_reads_lookups_on_autocommit_connections_of_their_own(world, db_url, tmp_path):
    served = create_app(Config(data_dir=tmp_path, database_url=db_url, secret_key=SecretBox.generate_key()))
    state = served.extensions["topofmind"]
    client = _client(served, world.token_a)
    path = world_paths(world.ids)[0]
    first = client.get(path).get_json()
    read_engine = state.ReadSession.kw["bind"]
    assert read_engine.pool is not state.Session.kw["bind"].pool  # a pool of their own
    again, statements = statements_of(state.ReadSession, lambda: client.get(path).get_json())
    assert again == first and first["known"]
    assert len(statements) == 2  # the token and the card, outside any transaction:
    with read_engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.autocommit if read_engine.dialect.name == "postgresql" else raw.isolation_level is None
    read_engine.dispose()
    state.Session.kw["bind"].dispose()

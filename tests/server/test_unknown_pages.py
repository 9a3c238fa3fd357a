"""Pages about no record of the user's (most profiles one browses, threads of other mail):
answered at once, never kept as cards, remembered by the process only while no write
could have changed them."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.server.conftest import _client
from tests.server.lookups import KEPT, forget_cards, stale_cards, statements_of, valid_cards, world_paths
from topofmind.store import models


def test_a_page_about_nothing_of_the_users_is_answered_in_three_reads_and_leaves_no_card(app, world, Session):
    client = _client(app, world.token_a)
    unknown_thread = "/api/v1/lookup/thread?" + urlencode({"provider": "gmail", "id": "18c0ffee00000000"})
    profile_path = world_paths(world.ids)[KEPT]
    profile, statements = statements_of(Session, lambda: client.get(profile_path).get_json())
    assert profile["known"] is False and profile["suggestions"]  # someone known has this name
    # The token (and its first use noted), the card (none) with the epoch, and the people
    # with that slug or name with their addresses and companies.
    assert len([s for s in statements if not s.startswith("UPDATE api_tokens")]) == 3, statements
    thread, statements = statements_of(Session, lambda: client.get(unknown_thread).get_json())
    assert thread["known"] is False and len(statements) == 3  # the token, the card, the thread
    assert valid_cards(Session) == 0 and stale_cards(Session) == 0
    # Nothing was kept, so nothing can be out of date: the profile, once created, is known.
    created = client.post("/api/v1/people", json={
        "linkedin_url": "https://www.linkedin.com/in/nobody-yet/", "name": "Dana Lee a", "distinct": True})
    assert created.status_code in (200, 201), created.get_json()
    assert client.get(profile_path).get_json()["known"] is True


def test_a_card_whose_page_no_longer_names_a_record_is_dropped_not_refreshed_forever(app, world, Session, now):
    from server.cards.lookup_cards import refresh_stale

    client = _client(app, world.token_a)
    profile_path = world_paths(world.ids)[0]
    assert client.get(profile_path).get_json()["known"]
    with Session() as s:  # the person's LinkedIn profile moved to another address
        s.get(models.Person, world.ids["a_person"]).linkedin_slug = "dana-lee-elsewhere"
        s.commit()
    assert stale_cards(Session) == 1
    state = app.extensions["topofmind"]
    assert refresh_stale(state.ReadSession, state.Session, now) == 1
    assert stale_cards(Session) == 0 and refresh_stale(state.ReadSession, state.Session, now) == 0
    assert client.get(profile_path).get_json()["known"] is False


def test_an_unknown_profile_asked_again_is_remembered_until_a_write_anywhere(app, world, Session, now):
    client = _client(app, world.token_a)
    path = world_paths(world.ids)[KEPT]
    first = client.get(path).get_json()
    again, statements = statements_of(Session, lambda: client.get(path).get_json())
    assert again == first and len(statements) == 2  # the token, the card (none) with the epoch
    with Session() as s:  # another process adds someone of that name
        s.add(models.Person(user_id=world.a.id, name="Dana Lee a", linkedin_slug="dana-lee-third", created_at=now))
        s.commit()
    later, statements = statements_of(Session, lambda: client.get(path).get_json())
    assert len(statements) == 3 and len(later["suggestions"]) == len(first["suggestions"]) + 1


def test_another_user_asking_the_same_page_gets_their_own_answer(app, world):
    path = world_paths(world.ids)[KEPT]  # a name only user A knows people by
    mine = _client(app, world.token_a).get(path).get_json()
    theirs = _client(app, world.token_b).get(path).get_json()
    assert mine["suggestions"] and theirs["suggestions"] == []


def test_a_slug_two_people_share_answers_the_first_whatever_name_the_page_shows(app, world, Session, now):
    with Session() as s:
        first = models.Person(user_id=world.a.id, name="Sam Doe", linkedin_slug="sam-doe", created_at=now)
        s.add(first)
        s.flush()
        s.add(models.Person(user_id=world.a.id, name="Samantha Doe", linkedin_slug="sam-doe", created_at=now))
        s.commit()
        first_id = first.id
    client = _client(app, world.token_a)
    for name in ("Samantha Doe", "Sam Doe", None):
        forget_cards(Session)
        query = {"url": "https://www.linkedin.com/in/sam-doe/", **({"name": name} if name else {})}
        assert client.get("/api/v1/lookup/profile?" + urlencode(query)).get_json()["person"]["id"] == first_id

"""The refresher keeps the cards true in the background: it recomputes the ones a write made
stale or the clock expired, shares the work with other server processes, and leaves the
interpreter to the requests while there are any."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import func, select

from server.cards.lookup_cards import refresh_stale
from server.cards.refresher import CardRefresher, RequestActivity
from server.cards.storage import claim_stale
from tests.builders import make_user
from tests.server.conftest import _client
from tests.server.lookups import (
    KEPT,
    answers,
    forget_cards,
    stale_cards,
    statements_of,
    valid_cards,
    world_paths,
)
from topofmind.store import card_marks, models


def test_after_a_write_the_refresher_makes_the_pages_already_seen_cards_again(app, world, Session, now):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    before = answers(client, paths)
    action = before[paths[0]]["next_actions"][0]["id"]
    assert client.post(f"/api/v1/actions/{action}/done").status_code == 200
    assert stale_cards(Session) >= 2  # the profile and the address show the action
    state = app.extensions["topofmind"]
    assert refresh_stale(state.ReadSession, state.Session, now) >= 2
    assert stale_cards(Session) == 0 and valid_cards(Session) == KEPT
    served, statements = statements_of(Session, lambda: answers(client, paths[:KEPT]))
    assert len(statements) == 2 * KEPT  # each one the token and its card
    served.update(answers(client, paths[KEPT:]))
    assert action not in [a["id"] for a in served[paths[0]]["next_actions"]]
    forget_cards(Session)
    assert served == answers(client, paths)


def test_the_refresher_thread_catches_up_with_writes_made_elsewhere_once_its_process_is_idle(
        app, world, Session, now):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    answers(client, paths)
    state = app.extensions["topofmind"]
    traffic = RequestActivity()
    traffic.begin()  # a request in flight in the refresher's process
    refresher = CardRefresher(state.ReadSession, state.Session, lambda: now, interval=0.05,
                              traffic=traffic, quiet=0.05).start()
    try:
        with Session() as s:  # as the sync daemon would, in its own process
            person = s.get(models.Person, world.ids["a_person"])
            person.preferred_channel = "phone"
            s.commit()
        stale = stale_cards(Session)
        time.sleep(0.5)
        assert stale >= 1 and stale_cards(Session) == stale  # it waits for the request to end
        traffic.end()
        deadline = time.monotonic() + 20
        while stale_cards(Session) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stale_cards(Session) == 0
    finally:
        refresher.stop()
    served, statements = statements_of(Session, lambda: answers(client, paths[:KEPT]))
    assert len(statements) == 2 * KEPT
    served.update(answers(client, paths[KEPT:]))
    assert served[paths[0]]["person"]["preferred_channel"] == "phone"
    forget_cards(Session)
    assert served == answers(client, paths)


def test_a_card_that_expires_is_refreshed_before_it_is_asked_for_again(app, world, Session, clock, now):
    client = _client(app, world.token_a)
    paths = world_paths(world.ids)
    answers(client, paths)
    with Session() as s:
        turns = s.scalar(select(func.min(models.LookupCard.valid_until)))
    assert now < turns <= now + card_marks.MAX_AGE  # when the playbook's answer turns, or a day at most
    clock.at = turns
    state = app.extensions["topofmind"]
    assert refresh_stale(state.ReadSession, state.Session, clock.at) >= 1
    served, statements = statements_of(Session, lambda: answers(client, paths[:KEPT]))
    # A day later the token's last use is written once, as every few minutes.
    assert len([s for s in statements if not s.startswith("UPDATE api_tokens")]) == 2 * KEPT
    served.update(answers(client, paths[KEPT:]))
    forget_cards(Session)
    assert served == answers(client, paths)


def test_traffic_is_quiet_only_with_no_request_in_flight_for_the_time_asked():
    clock = [100.0]
    traffic = RequestActivity(clock=lambda: clock[0])
    assert traffic.quiet_for(0.25)  # nothing served yet
    traffic.begin()
    clock[0] += 10
    assert not traffic.quiet_for(0.25)  # a long request is still a request
    traffic.end()
    assert not traffic.quiet_for(0.25)
    clock[0] += 0.25
    assert traffic.quiet_for(0.25)


def test_racing_refreshers_claim_every_stale_card_exactly_once_until_their_hold_ends(Session, now):
    with Session() as s, s.begin():
        user = make_user(s)
        s.add_all([models.LookupCard(user_id=user.id, key=f"{i:064x}", question={"kind": "profile", "slug": f"p{i}"},
                                     body="{}", valid_until=card_marks.STALE, built_at=now) for i in range(40)])
    won: dict[str, list[str]] = {f"r{i}": [] for i in range(6)}
    start = threading.Barrier(len(won))

    def refresher(name):
        start.wait()
        while got := claim_stale(Session, now, limit=3):
            won[name].extend(question["slug"] for _user, question in got)

    threads = [threading.Thread(target=refresher, args=(name,)) for name in won]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(slug for got in won.values() for slug in got) == sorted(f"p{i}" for i in range(40))
    assert claim_stale(Session, now + timedelta(minutes=1)) == []  # held for two minutes
    # The refreshers died: once their hold ends, another process takes the cards over.
    assert len(claim_stale(Session, now + timedelta(minutes=3), limit=100)) == 40

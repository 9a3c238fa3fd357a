"""Cards built ahead (card_prebuild) are the very cards a lookup would build, the first
lookup of a page then reads only its token and its card, and a write landing during the
build is neither lost nor served stale."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, event, select, text

from server.app import create_app
from server.auth import create_token
from server.cards import storage
from server.cards.lookup_cards import build_card, known_profile_question, refresh_stale
from server.cards.prebuild import SWEEP_HOLD, Prebuilder, claim_sweep, missing, page_questions, prebuild
from server.cards.refresher import CardRefresher
from server.cli import main
from sync.config import Config
from sync.secrets import SecretBox
from tests.long_search import SIZES, load_long_search
from tests.server.conftest import ValidatingClient
from topofmind.store import card_marks, models


@pytest.fixture
def search(engine, Session, now):
    return load_long_search(engine, Session, now)


def _kept(Session, user_id) -> dict:
    """The user's valid cards: key -> (question, body, dependencies, valid until)."""
    with Session() as s:
        rows = s.execute(select(models.LookupCard).where(models.LookupCard.user_id == user_id,
                                                    models.LookupCard.valid_until > card_marks.STALE)).scalars().all()
        deps = {}
        for card_id, dep in s.execute(select(models.LookupCardDep.card_id, models.LookupCardDep.dep)):
            deps.setdefault(card_id, set()).add(dep)
        return {r.key: (r.question, r.body, deps.get(r.id, set()), r.valid_until) for r in rows}


def _one_by_one(Session, user_id, now) -> dict:
    with Session() as s:
        s.execute(delete(models.LookupCard))
        s.commit()
        questions = page_questions(s, user_id)
    for question in questions:
        with Session() as s:
            assert build_card(s, Session, user_id, now, question)[1]
    return _kept(Session, user_id)


def test_prebuilt_cards_are_the_cards_each_lookup_builds(search, Session, now):
    report = prebuild(Session, Session, search, now, batch=64)
    assert report.pages == report.missing == report.built > SIZES["threads"]
    assert report.history_reads == 1
    prebuilt = _kept(Session, search)
    assert len(prebuilt) == report.built
    with_actions = [body for _q, body, _d, _u in prebuilt.values() if '"next_actions":[{' in body]
    assert len(with_actions) >= 40
    with Session() as s:  # done, snoozed and dismissed actions are left out, as the states say
        stated = s.scalars(select(models.ActionState.action_key).where(
            models.ActionState.user_id == search,
            (models.ActionState.state != "snoozed") | (models.ActionState.snoozed_until > now))).all()
    assert len(stated) >= 9 and not [key for key in stated if any(key in body for body in with_actions)]
    assert prebuilt == _one_by_one(Session, search, now)


def test_a_second_run_builds_nothing_and_a_new_page_alone(search, Session, now):
    first = prebuild(Session, Session, search, now)
    assert prebuild(Session, Session, search, now).missing == 0
    with Session() as s:
        s.add(models.Person(user_id=search, name="Ines Newcomer", linkedin_slug="ines-newcomer-1", created_at=now))
        s.commit()
    with Session() as s:  # whether it reads the keys it is given or all of the user's
        pages = page_questions(s, search)
        assert missing(s, search, pages, few=10) == missing(s, search, pages) == [known_profile_question("ines-newcomer-1")]
    again = prebuild(Session, Session, search, now)
    assert (again.pages, again.missing, again.built, again.history_reads) == (first.pages + 1, 1, 1, 0)


def test_a_write_during_the_build_is_not_lost(search, Session, now):
    with Session() as s:
        person = s.scalars(select(models.Person).where(models.Person.user_id == search, models.Person.linkedin_slug.is_not(None))
                           .order_by(models.Person.id.desc())).first()  # its page comes in a late batch
        slug, person_id = person.linkedin_slug, person.id
    written = []

    def write_once(done: int, _total: int) -> None:
        if not written:  # after the first batch is stored, before the next one is
            with Session() as s:
                s.get(models.Person, person_id).title = "Head of Talent, changed meanwhile"
                s.commit()
            written.append(done)

    report = prebuild(Session, Session, search, now, batch=64, progress=write_once)
    assert written and report.history_reads == 2 and report.built == report.missing
    card = _kept(Session, search)[storage.question_key({"kind": "profile", "slug": slug})]
    assert "changed meanwhile" in card[1]
    # The cards of the first batch that show the person were made stale by the write, as
    # any card is: the refresher brings them back.
    assert len(_kept(Session, search)) < report.built
    assert refresh_stale(Session, Session, now, limit=1000) > 0
    assert _kept(Session, search) == _one_by_one(Session, search, now)


def test_the_first_lookup_of_a_prebuilt_profile_reads_only_its_token_and_card(search, Session, now, tmp_path):
    app = create_app(Config(data_dir=tmp_path, secret_key=SecretBox.generate_key()), session_factory=Session,
                     now=lambda: now)
    app.test_client_class = ValidatingClient
    with Session() as s:
        token = create_token(s, s.get(models.User, search), "extension", now)
        person = s.scalars(select(models.Person).where(models.Person.user_id == search, models.Person.linkedin_slug.is_not(None))
                           .order_by(models.Person.id)).first()
        s.commit()
    prebuild(Session, Session, search, now)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    # As the extension asks: a locale path, and the name and company the page shows.
    path = "/api/v1/lookup/profile?" + urlencode({"url": f"https://www.linkedin.com/fr/in/{person.linkedin_slug}/",
                                                  "name": person.name, "company": "Whatever the page says"})
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(Session.kw["bind"], "before_cursor_execute", listener)
    try:
        served = client.get(path).get_json()
    finally:
        event.remove(Session.kw["bind"], "before_cursor_execute", listener)
    # Beside the token (read, and its last use noted once a while): the card, nothing else.
    others = [st for st in statements if "api_tokens" not in st]
    assert len(others) == 1 and "JOIN lookup_cards" in others[0], statements
    assert served["known"] and served["person"]["id"] == person.id
    with Session() as s:
        s.execute(delete(models.LookupCard))
        s.commit()
    assert client.get(path).get_json() == served


def _valid_questions(Session, user_id) -> set[str]:
    return set(_kept(Session, user_id))


def test_the_refresher_builds_the_cards_of_pages_never_asked_about(search, Session, now):
    one = CardRefresher(Session, Session, lambda: now, sweep_every=0)
    other = CardRefresher(Session, Session, lambda: now, sweep_every=0)
    assert one.step()  # takes the first user's sweep: finds what is missing
    assert claim_sweep(Session, now) != search  # a second server process does not take the same user
    steps = 1
    while one.step():
        steps += 1
    with Session() as s:
        wanted = {storage.question_key(q) for q in page_questions(s, search)}
    assert wanted <= _valid_questions(Session, search)
    assert steps > len(wanted) / 200  # a batch per step, so that stale cards are not kept waiting
    assert not other.step()  # nothing changed since: no one sweeps again
    with Session() as s:
        s.add(models.Person(user_id=search, name="Ines Newcomer", linkedin_slug="ines-newcomer-2", created_at=now))
        s.commit()
    while other.step():
        pass
    assert storage.question_key({"kind": "profile", "slug": "ines-newcomer-2"}) in _valid_questions(Session, search)


def test_a_sweep_left_by_a_dead_process_is_taken_over(search, Session, now):
    assert claim_sweep(Session, now) == search
    assert claim_sweep(Session, now) != search  # held: another process takes the next user, not this one
    later = now + SWEEP_HOLD + timedelta(seconds=1)
    assert claim_sweep(Session, later) == search


def test_a_builder_beside_another_skips_what_the_other_stored_first(search, Session, engine, now):
    """``topofmind cards build`` run while the server sweeps the same user: the card the other
    one stored first is left to it, and the history is not read again for that."""
    builder = Prebuilder(Session, Session, search, batch=64)
    builder.step(now)  # lists what is missing
    first = builder.todo[0]
    other = engine.connect()
    other_tx = other.begin()  # the other builder stores the first card, not committed yet
    other.execute(models.LookupCard.__table__.insert().values(
        user_id=search, key=storage.question_key(first), question=first, body='{"tz":null,"body":{}}',
        valid_until=now + timedelta(hours=1), built_at=now))
    stepping = threading.Thread(target=builder.step, args=(now,))
    stepping.start()
    if engine.dialect.name == "postgresql":  # until the builder waits for the other's card
        deadline = time.monotonic() + 60
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        while True:
            with engine.connect() as watch:  # a new transaction each time: a new view of the activity
                if watch.execute(waiting).scalar():
                    break
            assert time.monotonic() < deadline, "the builder never reached the other builder's card"
            time.sleep(0.02)
    else:  # SQLite: the builder waits for the other writer whenever it gets there
        stepping.join(timeout=1)
    other_tx.commit()
    other.close()
    stepping.join()
    while not builder.finished:
        builder.step(now)
    assert builder.report.history_reads == 1
    # SQLite waits for the other writer, then replaces its card; PostgreSQL leaves it.
    left = 1 if engine.dialect.name == "postgresql" else 0
    assert builder.report.built == builder.report.missing - left
    with Session() as s:
        wanted = {storage.question_key(q) for q in page_questions(s, search)}
    assert wanted == {key for key in _kept(Session, search)}


def test_cards_build_builds_them_all_once_and_tells_the_refresher(search, Session, db_url, tmp_path, now):
    env = {"TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_DATA_DIR": str(tmp_path / "data")}
    several = CliRunner(env=env).invoke(main, ["cards", "build"])
    assert several.exit_code != 0 and "--user" in several.output  # two users: whose?
    first = CliRunner(env=env).invoke(main, ["cards", "build", "--user", "long.search@example.net"])
    assert first.exit_code == 0, first.output
    with Session() as s:
        pages = len(page_questions(s, search))
        assert f"{pages:,} pages, {pages:,} without a card: built {pages:,}" in first.output
    assert claim_sweep(Session, datetime.now(UTC)) != search  # its sweep is recorded as done
    everyone = CliRunner(env=env).invoke(main, ["cards", "build", "--all"])
    assert everyone.exit_code == 0, everyone.output
    assert f"long.search@example.net: {pages:,} pages, 0 without a card: built 0" in everyone.output
    assert "other@example.org: " in everyone.output and ", 0 without a card" not in everyone.output.split("other@")[1]
    assert claim_sweep(Session, datetime.now(UTC)) is None  # no one left to sweep

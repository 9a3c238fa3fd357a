"""`topofmind opportunities add` and `topofmind touches add`: typed in, audited, counted like mail."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from server.cli import main
from tests.builders import make_person, make_user
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory


@pytest.fixture
def env(cli_database):
    env, Session = cli_database
    with Session() as s:
        user = make_user(s, email="sam@example.net")
        make_person(s, user=user, name="Priya Shah", email="priya@fabrikam.example")
        s.commit()
    return env


def _rows(env, model):
    engine = make_engine(env["TOPOFMIND_DATABASE_URL"])
    try:
        with session_factory(engine)() as s:
            return list(s.scalars(select(model)))
    finally:
        engine.dispose()


def test_adding_an_opportunity_prints_its_id_on_the_last_line(env):
    result = CliRunner(env=env).invoke(main, [
        "opportunities", "add", "--company", "Fabrikam", "--role", "Data Engineer", "--applied-at", "2026-03-10",
        "--url", "https://jobs.lever.co/fabrikam/0b1c2d3e-1111-2222-3333-444455556666", "--contact",
        "priya@fabrikam.example", "--source", "posting", "--user", "sam@example.net"])
    assert result.exit_code == 0, result.output
    (opp,) = _rows(env, models.Opportunity)
    assert result.output.strip().splitlines()[-1] == str(opp.id)
    assert (opp.role, opp.stage, opp.source, opp.posting_site) == ("Data Engineer", "applied", "online_application",
                                                                    "lever")
    assert opp.job_id == "0b1c2d3e-1111-2222-3333-444455556666"
    (contact,) = _rows(env, models.OpportunityContact)
    assert contact.role == "recruiter"
    kinds = {(e.kind, e.actor) for e in _rows(env, models.AuditEntry)}
    assert ("opportunity.created", "user") in kinds


def test_a_bad_applied_date_names_the_option(env):
    result = CliRunner(env=env).invoke(main, ["opportunities", "add", "--company", "Fabrikam", "--role", "X",
                                              "--applied-at", "yesterday-ish"])
    assert result.exit_code != 0
    assert "--applied-at" in result.output
    assert _rows(env, models.Opportunity) == []


def test_logging_a_call_by_hand_is_a_conversation_with_the_person(env):
    result = CliRunner(env=env).invoke(main, ["touches", "add", "--person", "Priya@Fabrikam.example",
                                              "--channel", "phone", "--at", "2026-03-18T10:00:00Z",
                                              "--note", "Called Priya about the panel"])
    assert result.exit_code == 0, result.output
    (touch,) = _rows(env, models.Touch)
    assert result.output.strip().splitlines()[-1] == str(touch.id)
    assert (touch.kind, touch.channel, touch.summary, touch.source) == (
        "call", "phone", "Called Priya about the panel", "manual")


def test_a_touch_with_an_unknown_person_or_a_bad_time_says_what_to_do(env):
    unknown = CliRunner(env=env).invoke(main, ["touches", "add", "--person", "nobody@x.example", "--channel",
                                               "phone", "--at", "2026-03-18T10:00:00Z"])
    assert unknown.exit_code != 0 and "add them first" in unknown.output
    naive = CliRunner(env=env).invoke(main, ["touches", "add", "--person", "priya@fabrikam.example",
                                             "--channel", "phone", "--at", "2026-03-18T10:00"])
    assert naive.exit_code != 0 and "--at" in naive.output

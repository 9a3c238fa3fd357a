"""`topofmind actions`: what is due, from the database, as a table or JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from server.cli import main
from tests.builders import make_company, make_opportunity, make_person, make_user
from tests.core.builders_playbook import make_contact, make_interview
from topofmind.store.database import make_engine, session_factory

IV = datetime(2026, 3, 10, 14, tzinfo=UTC)  # Tuesday


@pytest.fixture
def env(cli_database):
    env, Session = cli_database
    with Session() as s:
        user = make_user(s, email="sam@example.net", timezone="Europe/Berlin")
        contoso = make_company(s, user=user, name="Contoso")
        dana = make_person(s, user=user, name="Dana Lee", email="dana@contoso.com", relationship="recruiter")
        opp = make_opportunity(s, user=user, company=contoso, role="Data Engineer", stage="interviewing")
        make_contact(s, opportunity=opp, person=dana, role="recruiter")
        make_interview(s, user=user, opportunity=opp, starts_at=IV, interviewers=[dana])
        s.commit()
    return env


def test_actions_json_lists_who_what_when_and_why_at_a_given_moment(env):
    result = CliRunner(env=env).invoke(main, ["actions", "--json", "--at", "2026-03-10T18:00"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["user"] == "sam@example.net" and out["at"] == "2026-03-10T18:00:00+01:00"
    (action,) = out["actions"]
    assert action["kind"] == "thank_you" and action["who"]["name"] == "Dana Lee"
    assert action["opportunity"]["company"] == "Contoso"
    assert action["due"] == "2026-03-11T15:45:00+01:00" and action["urgency"] == "upcoming"
    assert action["why"].startswith("You interviewed with Dana Lee on Tue 10 Mar")


def test_actions_before_anything_is_due_says_so(env):
    result = CliRunner(env=env).invoke(main, ["actions", "--at", "2026-03-10T09:00"])
    assert result.exit_code == 0, result.output
    assert "Nothing is due" in result.output


def test_actions_table_shows_overdue_status_follow_up_a_week_later(env):
    result = CliRunner(env=env).invoke(main, ["actions", "--at", "2026-03-18"])
    assert result.exit_code == 0, result.output
    assert "[overdue] Ask Dana Lee for an update on the Data Engineer role at Contoso" in result.output
    assert "why: You interviewed for the Data Engineer role at Contoso on Tue 10 Mar." in result.output


def test_actions_refuses_a_bad_moment_and_an_unknown_user_with_what_to_do(env):
    bad = CliRunner(env=env).invoke(main, ["actions", "--at", "next tuesday"])
    assert bad.exit_code == 2 and "use e.g. 2026-03-18" in bad.output
    nobody = CliRunner(env=env).invoke(main, ["actions", "--user", "who@example.org"])
    assert nobody.exit_code == 1 and "no user 'who@example.org'" in nobody.output


def test_playbook_command_prints_the_rules_table(env):
    result = CliRunner(env=env).invoke(main, ["playbook"])
    assert result.exit_code == 0 and "| 4 | Thank everyone involved in an interview" in result.output


def test_actions_at_a_date_covers_the_whole_day(env):
    result = CliRunner(env=env).invoke(main, ["actions", "--json", "--at", "2026-03-17"])
    out = json.loads(result.output)
    assert out["at"] == "2026-03-17T23:59:59+01:00"
    assert [a["kind"] for a in out["actions"]] == ["thank_you", "status_follow_up"]


def test_the_cli_counts_due_as_the_api_and_today_do_at_the_same_moment(env, tmp_path):
    from datetime import datetime as dt

    from server.app import create_app
    from server.auth import create_token
    from sync.config import Config
    from topofmind.store import models

    at = dt(2026, 3, 18, 12, tzinfo=UTC)
    engine = make_engine(env["TOPOFMIND_DATABASE_URL"])
    factory = session_factory(engine)
    with factory() as s:
        token = create_token(s, s.query(models.User).one(), "t", at)
        s.commit()
    app = create_app(Config(data_dir=tmp_path / "app"), session_factory=factory, now=lambda: at)
    api = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["due_count"]
    today = app.test_client().get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_data(as_text=True)
    engine.dispose()
    cli = json.loads(CliRunner(env=env).invoke(main, ["actions", "--json", "--at", at.isoformat()]).output)
    due = [a for a in cli["actions"] if a["urgency"] != "upcoming"]
    assert api >= 1 and len(due) == api
    assert f"{api} follow-up{'s' if api != 1 else ''} due now" in today

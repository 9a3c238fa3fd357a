"""Finding 3: ``/setup`` claimed any account while no one had a password. Now a password is
set only with a one-time code printed on the owner's terminal, for the one user it names,
and a command sets or resets any user's password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from server.app import create_app
from server.cli import main
from server.sign_in import issue_codes_for_startup, issue_setup_code, verify_password
from sync.config import Config
from tests.builders import make_user
from topofmind.store import models

REMOTE = {"REMOTE_ADDR": "203.0.113.9"}
PASSWORD = "correct horse battery"


@pytest.fixture
def two_users(Session):
    with Session() as s:
        sam = make_user(s, email="sam@example.net", name="Sam Rivera")
        alex = make_user(s, email="alex@example.org", name="Alex Kim")
        s.commit()
        return sam.id, alex.id


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _code(Session, now, user_id) -> str:
    with Session() as s:
        code = issue_setup_code(s, s.get(models.User, user_id) if user_id else None, now)
        s.commit()
        return code


def test_setup_without_a_code_sets_nothing_and_names_no_one(site, two_users, Session):
    c = site.test_client()
    page = c.get("/setup", environ_base=REMOTE).get_data(as_text=True)
    assert "setup code" in page and "sam@example.net" not in page and "alex@example.org" not in page
    token = _csrf(c.get("/login", environ_base=REMOTE).get_data(as_text=True))  # this session's own
    for body in ({"email": "sam@example.net", "password": "mallory's password"},
                 {"email": "alex@example.org", "password": "mallory's password", "code": "guessed-code"}):
        answer = c.post("/setup", data={"csrf": token, **body}, environ_base=REMOTE)
        assert answer.status_code == 400
    with Session() as s:
        assert s.scalars(select(models.User.password_hash)).all() == [None, None]


def test_a_code_sets_the_password_of_its_user_only_and_works_once(site, two_users, Session, now):
    sam, alex = two_users
    code = _code(Session, now, alex)
    c = site.test_client()
    page = c.get(f"/setup?code={code}", environ_base=REMOTE).get_data(as_text=True)
    assert "alex@example.org" in page and "sam@example.net" not in page
    # The email field is not even offered: the code decides whose password it is.
    done = c.post("/setup", data={"csrf": _csrf(page), "code": code, "email": "sam@example.net",
                                  "password": PASSWORD}, environ_base=REMOTE)
    assert done.status_code == 302
    with Session() as s:
        assert verify_password(s, "alex@example.org", PASSWORD) is not None
        assert s.get(models.User, sam).password_hash is None
    again = site.test_client()
    page = again.get(f"/setup?code={code}", environ_base=REMOTE)
    assert page.status_code == 400 and "unknown, used or expired" in page.get_data(as_text=True)


def test_an_expired_code_is_refused(site, two_users, Session, now):
    with Session() as s:
        code = issue_setup_code(s, s.get(models.User, two_users[0]), now - timedelta(hours=25))
        s.commit()
    assert site.test_client().get(f"/setup?code={code}", environ_base=REMOTE).status_code == 400


def test_with_no_user_yet_the_code_creates_the_first_one(site, Session, now):
    code = _code(Session, now, None)
    c = site.test_client()
    page = c.get(f"/setup?code={code}", environ_base=REMOTE).get_data(as_text=True)
    short = c.post("/setup", data={"csrf": _csrf(page), "code": code, "email": "sam@example.net",
                                   "password": "short"}, environ_base=REMOTE)
    assert short.status_code == 400 and "at least 10 characters" in short.get_data(as_text=True)
    done = c.post("/setup", data={"csrf": _csrf(page), "code": code, "email": "Sam@Example.net",
                                  "password": PASSWORD}, environ_base=REMOTE)
    assert done.status_code == 302
    assert c.get("/settings", environ_base=REMOTE).status_code == 200
    with Session() as s:
        assert s.scalars(select(models.User.email)).all() == ["sam@example.net"]


def test_serve_issues_a_code_for_each_user_without_a_password(Session, now, two_users):
    with Session() as s:
        s.get(models.User, two_users[0]).password_hash = "set"
        codes = issue_codes_for_startup(s, now)
        s.commit()
    assert [email for email, _ in codes] == ["alex@example.org"]


@pytest.fixture
def cli_env(cli_database):
    env, Session = cli_database
    with Session() as s:
        make_user(s, email="sam@example.net")
        make_user(s, email="alex@example.org")
        s.commit()
    return env, Session


def test_users_set_password_sets_and_resets_any_users_password(cli_env):
    env, Session = cli_env
    runner = CliRunner()
    done = runner.invoke(main, ["users", "set-password", "alex@example.org"], env=env,
                         input=f"{PASSWORD}\n{PASSWORD}\n")
    assert done.exit_code == 0, done.output
    with Session() as s:
        assert verify_password(s, "alex@example.org", PASSWORD) is not None
    reset = runner.invoke(main, ["users", "set-password", "alex@example.org", "--password-stdin"], env=env,
                          input="another long password\n")
    assert reset.exit_code == 0
    with Session() as s:
        assert verify_password(s, "alex@example.org", PASSWORD) is None
        assert verify_password(s, "alex@example.org", "another long password") is not None
    short = runner.invoke(main, ["users", "set-password", "sam@example.net", "--password-stdin"], env=env,
                          input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    unknown = runner.invoke(main, ["users", "set-password", "who@example.com", "--password-stdin"], env=env,
                            input=f"{PASSWORD}\n")
    assert unknown.exit_code != 0 and "known users" in unknown.output


def test_users_setup_code_prints_a_link_for_the_named_user(cli_env, tmp_path):
    env, Session = cli_env
    out = CliRunner().invoke(main, ["users", "setup-code", "sam@example.net"], env=env)
    assert out.exit_code == 0, out.output
    code = re.search(r"/setup\?code=(\S+)", out.output).group(1)
    app = create_app(Config(data_dir=tmp_path), session_factory=Session)
    page = app.test_client().get(f"/setup?code={code}", environ_base=REMOTE).get_data(as_text=True)
    assert "sam@example.net" in page and "alex@example.org" not in page
    listing = CliRunner().invoke(main, ["users", "list"], env=env)
    assert "no password" in listing.output

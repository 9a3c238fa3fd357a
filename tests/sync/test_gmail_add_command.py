"""``topofmind accounts add-gmail`` against the fake Google endpoints and a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import select

from server.cli import main
from sync.secrets import SecretBox
from tests.fakes.gmail_server import FakeGmail
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

KEY = SecretBox.generate_key()


@pytest.fixture
def fake():
    with FakeGmail() as server:
        yield server


@pytest.fixture
def env(fake, db_url, tmp_path):
    return {"TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_SECRET_KEY": KEY, "TOPOFMIND_DATA_DIR": str(tmp_path),
            "TOPOFMIND_GMAIL_API_URL": fake.api_url, "TOPOFMIND_GOOGLE_TOKEN_URL": fake.token_url,
            "TOPOFMIND_GOOGLE_AUTH_URL": fake.auth_url, "TOPOFMIND_GOOGLE_CLIENT_ID": fake.client_id,
            "TOPOFMIND_GOOGLE_CLIENT_SECRET": fake.client_secret}


def accounts_in(db_url):
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            return [(a, s.get(models.User, a.user_id).email) for a in s.scalars(select(models.MailAccount))]
    finally:
        engine.dispose()


def test_a_refresh_token_is_stored_encrypted_without_any_prompt(fake, env, db_url):
    token = fake.issue_refresh_token("sam@example.net")

    result = CliRunner().invoke(main, ["accounts", "add-gmail", "--address", "Sam@Example.net",
                                       "--refresh-token", token, "--user", "sam@example.net"], env=env)

    assert result.exit_code == 0, result.output
    assert token not in result.output
    [(account, owner)] = accounts_in(db_url)
    assert (account.provider, account.address, account.status, owner) == ("gmail", "sam@example.net", "active",
                                                                          "sam@example.net")
    assert token.encode() not in account.credentials_encrypted
    stored = json.loads(SecretBox(KEY).decrypt(account.credentials_encrypted))
    assert stored["refresh_token"] == token and stored["client_id"] == fake.client_id


def test_adding_the_same_mailbox_again_replaces_its_credentials_and_reactivates_it(fake, env, db_url):
    args = ["accounts", "add-gmail", "--address", "sam@example.net", "--refresh-token"]
    CliRunner().invoke(main, [*args, fake.issue_refresh_token()], env=env)
    newer = fake.issue_refresh_token()

    result = CliRunner().invoke(main, [*args, newer], env=env)

    assert result.exit_code == 0, result.output
    [(account, _)] = accounts_in(db_url)
    assert json.loads(SecretBox(KEY).decrypt(account.credentials_encrypted))["refresh_token"] == newer


def test_the_refresh_token_can_come_from_the_environment_instead_of_the_command_line(fake, env, db_url):
    token = fake.issue_refresh_token()

    result = CliRunner().invoke(main, ["accounts", "add-gmail", "--address", "sam@example.net"],
                                env={**env, "TOPOFMIND_GOOGLE_REFRESH_TOKEN": token})

    assert result.exit_code == 0, result.output
    [(account, _)] = accounts_in(db_url)
    assert json.loads(SecretBox(KEY).decrypt(account.credentials_encrypted))["refresh_token"] == token


def test_a_refresh_token_google_refuses_is_not_stored(fake, env, db_url):
    result = CliRunner().invoke(main, ["accounts", "add-gmail", "--address", "sam@example.net",
                                       "--refresh-token", "1//made-up"], env=env)

    assert result.exit_code != 0
    assert "invalid_grant" in result.output and "nothing was stored" in result.output
    assert accounts_in(db_url) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_without_a_refresh_token_it_prints_a_url_and_takes_the_browser_address_back(fake, env, db_url):
    proc = subprocess.Popen([sys.executable, "-m", "server.cli", "accounts", "add-gmail",
                             "--address", "sam@example.net"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"})
    try:
        url = next(line.strip() for line in proc.stdout if line.strip().startswith(fake.auth_url))
        back = requests.get(url, allow_redirects=False, timeout=5).headers["Location"]
        output, _ = proc.communicate(back + "\n", timeout=60)
    finally:
        proc.kill()

    assert proc.returncode == 0, output
    assert "connected Gmail mailbox sam@example.net" in output
    [(account, _)] = accounts_in(db_url)
    assert json.loads(SecretBox(KEY).decrypt(account.credentials_encrypted))["refresh_token"] in fake.refresh_tokens

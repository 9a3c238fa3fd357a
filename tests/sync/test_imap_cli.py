"""``topofmind accounts add-imap`` against a real Dovecot and a real database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from server.cli import main
from sync.secrets import SecretBox
from sync.sources import decrypt_credentials
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

KEY = SecretBox.generate_key()


@pytest.fixture
def env(db_url, tmp_path):
    return {"TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_SECRET_KEY": KEY, "TOPOFMIND_DATA_DIR": str(tmp_path)}


def accounts_in(db_url):
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            return list(s.scalars(select(models.MailAccount)))
    finally:
        engine.dispose()


def add(env, *args, password="app-pass-1"):
    return CliRunner().invoke(main, ["accounts", "add-imap", *args], input=password + "\n", env=env)


def test_an_app_password_is_tested_then_stored_encrypted_and_never_shown(dovecot, env, db_url):
    result = add(env, "--address", "Sam@Example.org", "--host", "127.0.0.1", "--port", str(dovecot.port),
                 "--ca-bundle", str(dovecot.ca_file), "--password-stdin")

    assert result.exit_code == 0, result.output
    assert "connected IMAP mailbox sam@example.org" in result.output and "sent Sent" in result.output
    assert "app-pass-1" not in result.output
    [account] = accounts_in(db_url)
    assert account.provider == "imap" and account.status == "active"
    assert b"app-pass-1" not in account.credentials_encrypted
    creds = decrypt_credentials(account, SecretBox(KEY))
    assert creds["password"] == "app-pass-1" and creds["security"] == "tls"


def test_starttls_on_the_plain_port_works(dovecot, env, db_url):
    result = add(env, "--address", "sam@example.org", "--host", "127.0.0.1", "--port", str(dovecot.starttls_port),
                 "--starttls", "--ca-bundle", str(dovecot.ca_file), "--password-stdin")
    assert result.exit_code == 0, result.output
    assert decrypt_credentials(accounts_in(db_url)[0], SecretBox(KEY))["security"] == "starttls"


@pytest.mark.parametrize("case", ["login", "tls", "dns", "connect"])
def test_a_failed_test_says_which_step_failed_and_stores_nothing(dovecot, env, db_url, case, tmp_path):
    args = ["--address", "sam@example.org", "--host", "127.0.0.1", "--port", str(dovecot.port),
            "--ca-bundle", str(dovecot.ca_file), "--password-stdin"]
    password = "app-pass-1"
    if case == "login":
        password = "wrong-secret-xyz"
    elif case == "tls":  # implicit TLS spoken to the plain-text port
        args[args.index(str(dovecot.port))] = str(dovecot.starttls_port)
    elif case == "dns":
        args[args.index("127.0.0.1")] = "imap.no-such-host.invalid"
    else:
        from tests.fakes.dovecot import free_port
        args[args.index(str(dovecot.port))] = str(free_port())
    result = add(env, *args, password=password)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {case}: ") and "nothing was stored" in result.output
    assert {"login": "login refused", "tls": "TLS:", "dns": "DNS:", "connect": "cannot connect"}[case] in result.output
    assert password not in result.output
    assert accounts_in(db_url) == []


def test_bad_input_names_the_field(env, db_url):
    assert "plain IMAP" in add(env, "--address", "a@b.org", "--host", "imap.b.org", "--plain",
                               "--password-stdin").output
    assert "host:" in add(env, "--address", "a@unknown-domain.org", "--password-stdin").output
    assert "--password-stdin" in add(env, "--address", "a@yahoo.com").output
    assert "empty" in add(env, "--address", "a@yahoo.com", "--password-stdin", password="").output

"""The Accounts page's IMAP form (against a real Dovecot) and its mbox / Takeout upload."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.app import create_app
from sync.config import Config
from sync.mbox import MboxSource
from sync.secrets import SecretBox
from sync.sources import decrypt_credentials, encrypt_credentials
from tests.builders import make_account, make_user
from tests.sync.mailgen import generate_messages, write_mbox
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
BOX = SecretBox(SecretBox.generate_key())


@pytest.fixture
def user_id(Session):
    with Session() as s:
        user = make_user(s, email="alex.morgan@example.com", name="Alex Morgan")
        s.commit()
        return user.id


def make_site(Session, now, tmp_path, **config):
    app = create_app(Config(data_dir=tmp_path, **config), session_factory=Session, now=lambda: now, secrets=BOX)
    app.test_client_class = FlaskClient
    return app


def csrf(client) -> str:
    html = client.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def post_imap(client, dovecot, **fields):
    form = {"csrf": csrf(client), "address": "sam@example.org", "host": "127.0.0.1", "port": str(dovecot.port),
            "password": "app-pass-1", "action": "test", **fields}
    return client.post("/accounts/imap", data=form, environ_base=LOCAL)


def count(Session, model) -> int:
    with Session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_test_connection_reports_the_folders_or_exactly_which_step_failed_and_never_echoes_the_password(
        Session, now, tmp_path, user_id, dovecot):
    client = make_site(Session, now, tmp_path, ca_bundle=str(dovecot.ca_file)).test_client()

    ok = post_imap(client, dovecot).get_data(as_text=True)
    assert "Logged in to 127.0.0.1: inbox INBOX (0 messages), sent mail in Sent (0)." in ok
    login = post_imap(client, dovecot, password="not-the-password").get_data(as_text=True)
    assert "Login failed:" in login and "not-the-password" not in login
    dns = post_imap(client, dovecot, host="imap.no-such-host.invalid").get_data(as_text=True)
    assert "Server name failed:" in dns and "does not resolve" in dns
    tls = post_imap(client, dovecot, port=str(dovecot.starttls_port)).get_data(as_text=True)
    assert "Secure connection (TLS) failed:" in tls
    assert 'value="sam@example.org"' in tls and "app-pass-1" not in tls
    assert count(Session, models.MailAccount) == 0  # a test stores nothing


def test_a_missing_sent_folder_is_named(Session, now, tmp_path, user_id, dovecot_server):
    server = dovecot_server(sent_name=None)
    client = make_site(Session, now, tmp_path, ca_bundle=str(server.ca_file)).test_client()
    page = post_imap(client, server).get_data(as_text=True)
    assert "Folders failed:" in page and "no such folder" in page


def test_connect_stores_the_account_encrypted_and_lists_it(Session, now, tmp_path, user_id, dovecot):
    client = make_site(Session, now, tmp_path, ca_bundle=str(dovecot.ca_file)).test_client()
    answer = post_imap(client, dovecot, action="connect")
    assert answer.status_code == 302
    page = client.get("/accounts", environ_base=LOCAL).get_data(as_text=True)
    assert "sam@example.org" in page and "Connected sam@example.org" in page and "app-pass-1" not in page
    with Session() as s:
        account = s.scalar(select(models.MailAccount))
        assert account.provider == "imap" and account.user_id == user_id and account.next_run_at is not None
        assert b"app-pass-1" not in account.credentials_encrypted
        assert decrypt_credentials(account, BOX)["password"] == "app-pass-1"


def test_bad_form_input_is_a_400_naming_the_field(Session, now, tmp_path, user_id, dovecot):
    client = make_site(Session, now, tmp_path).test_client()
    bad_port = post_imap(client, dovecot, port="nine")
    assert bad_port.status_code == 400 and "port:" in bad_port.get_data(as_text=True)
    no_host = post_imap(client, dovecot, host="", address="me@unknown-place.org")
    assert no_host.status_code == 400 and "host:" in no_host.get_data(as_text=True)


def upload(client, body: bytes, name: str, *, token: str | None = None):
    return client.post("/accounts/upload", data=body, environ_base=LOCAL, headers={
        "Content-Type": "application/octet-stream", "X-Filename": name,
        "X-CSRF-Token": csrf(client) if token is None else token})


def wait_for_imports(client, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = client.get("/accounts/imports", environ_base=LOCAL).get_json()["imports"]
        if not running:
            return
        time.sleep(0.2)
    raise AssertionError(f"imports still running: {running}")


def test_an_uploaded_mbox_is_imported_in_the_background(Session, now, tmp_path, user_id):
    client = make_site(Session, now, tmp_path).test_client()
    path = tmp_path / "mine.mbox"
    write_mbox(path, generate_messages(60, seed=2))

    answer = upload(client, path.read_bytes(), "mine.mbox")

    assert answer.status_code == 202, answer.get_json()
    wait_for_imports(client)
    with Session() as s:
        account = s.scalar(select(models.MailAccount))
        assert account.provider == "mbox" and account.address == "upload: mine.mbox"
        entries = s.scalar(select(func.count()).select_from(models.LedgerEntry))
    assert entries == 60


def test_a_takeout_zip_is_unpacked_and_its_mailbox_imported(Session, now, tmp_path, user_id):
    client = make_site(Session, now, tmp_path).test_client()
    mbox = tmp_path / "all.mbox"
    write_mbox(mbox, generate_messages(30, seed=3))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Takeout/archive_browser.html", "<html></html>")
        z.write(mbox, "Takeout/Mail/All mail Including Spam and Trash.mbox")

    assert upload(client, archive.getvalue(), "takeout-20260301.zip").status_code == 202
    wait_for_imports(client)
    with Session() as s:
        assert s.scalar(select(models.MailAccount.address)) == "upload: All mail Including Spam and Trash.mbox"
        assert s.scalar(select(func.count()).select_from(models.LedgerEntry)) == 30


@pytest.mark.parametrize("body,name", [(b"\x89PNG\r\n\x1a\n" + b"\0" * 500, "photo.png"),
                                       (b"PK\x03\x04 broken zip", "takeout.zip")])
def test_a_file_that_is_not_a_mailbox_is_refused_clearly_and_nothing_is_kept(
        Session, now, tmp_path, user_id, body, name):
    client = make_site(Session, now, tmp_path).test_client()
    answer = upload(client, body, name)
    assert answer.status_code == 400
    assert "is not a mailbox" in answer.get_json()["message"] or "could not be read" in answer.get_json()["message"]
    assert answer.get_json()["fields"]["file"]
    assert count(Session, models.MailAccount) == 0
    assert list((tmp_path / "uploads").rglob("*")) == [tmp_path / "uploads" / str(user_id)]


def test_an_upload_over_the_limit_is_a_413_naming_the_limit(Session, now, tmp_path, user_id):
    client = make_site(Session, now, tmp_path, upload_limit_mb=1).test_client()
    answer = upload(client, b"From x\n" + b"a" * (2 << 20), "big.mbox")
    assert answer.status_code == 413 and "limit is 1 MB" in answer.get_json()["message"]
    assert count(Session, models.MailAccount) == 0


def test_an_upload_without_the_csrf_token_or_from_another_site_is_refused(Session, now, tmp_path, user_id):
    client = make_site(Session, now, tmp_path).test_client()
    assert upload(client, b"From x\n\n", "a.mbox", token="forged").status_code == 400
    other = client.post("/accounts/upload", data=b"From x\n\n", environ_base=LOCAL, headers={
        "Content-Type": "application/octet-stream", "X-CSRF-Token": csrf(client), "Origin": "https://evil.example"})
    assert other.status_code == 403
    assert count(Session, models.MailAccount) == 0


def test_an_import_cut_short_shows_its_progress_after_a_reload_and_resumes(Session, now, tmp_path, user_id):
    path = tmp_path / "uploads" / "half.mbox"
    path.parent.mkdir()
    write_mbox(path, generate_messages(40, seed=5))
    source = MboxSource(path, batch_size=20)
    first = next(iter(source.changes(None)))  # as if the server stopped after one batch
    with Session() as s:
        account = make_account(s, user=s.get(models.User, user_id), provider="mbox", address="upload: half.mbox")
        account.credentials_encrypted = encrypt_credentials({"path": str(path), "batch_size": 20}, BOX)
        account.cursor = first.cursor
        s.commit()
    percent = int(100 * json.loads(first.cursor)["offset"] / path.stat().st_size)
    client = make_site(Session, now, tmp_path).test_client()

    page = client.get("/accounts", environ_base=LOCAL).get_data(as_text=True)

    assert "Imports in progress" in page and f'value="{percent}"' in page and 0 < percent < 100
    wait_for_imports(client)
    with Session() as s:
        assert s.scalar(select(func.count()).select_from(models.LedgerEntry)) == 20  # the other half

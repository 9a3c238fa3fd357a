"""IMAP through the sync engine into the database, against a real Dovecot (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from sqlalchemy import func, select, update

from sync.engine import sync_account
from sync.imap import ImapSource
from sync.sources import encrypt_credentials
from tests.fakes.dovecot import CuttingProxy
from tests.sync.imap_accounts import (
    BOX,
    KEY,
    MINE,
    USER,
    connect,
    ledger_keys,
    load,
    newsletter,
    run,
    settings,
    source_for,
    stored,
)
from tests.sync.mailgen import ME, generate_messages
from topofmind.store import models


def test_first_sync_reads_inbox_and_sent_once_and_never_downloads_obvious_noise_whole(Session, session, dovecot, now):
    raws = list(generate_messages(80, seed=4))
    inbox, sent = load(dovecot, raws)
    dovecot.append([newsletter(i) for i in range(20)])
    account_id = connect(session, dovecot)

    result, source = run(Session, account_id, now, batch_size=25)

    assert result.status == "ok", result.error
    keys = ledger_keys(Session, account_id)
    assert len(keys) == len(set(keys)) == 100
    assert stored(Session, account_id) > 0
    assert result.counts["ledger_only"] >= 20
    # The 20 newsletters (20 KB each) came as header blocks only.
    assert source.bytes_fetched < dovecot.mailbox_bytes() - 20 * 15_000
    with Session() as s:
        sent_rows = s.scalars(select(models.Message).where(models.Message.account_id == account_id,
                                                      models.Message.direction == "out")).all()
    assert sent and len(sent_rows) > 0


def test_an_incremental_pass_reads_only_new_mail_and_an_idle_pass_costs_one_round_trip_per_folder(
        Session, session, dovecot, now):
    load(dovecot, list(generate_messages(30, seed=5)))
    account_id = connect(session, dovecot)
    first, _ = run(Session, account_id, now)
    assert first.status == "ok"

    fresh = list(generate_messages(40, seed=6))[-6:]
    load(dovecot, fresh)
    second, _ = run(Session, account_id, now)
    assert second.status == "ok" and second.messages == 6

    idle, source = run(Session, account_id, now)
    assert idle.status == "ok" and idle.messages == 0
    assert source.round_trips == 5  # CAPABILITY, LOGIN, one STATUS per folder, LOGOUT
    assert len(ledger_keys(Session, account_id)) == len(set(ledger_keys(Session, account_id))) == 36


def test_a_message_arriving_during_a_sync_is_read_by_the_next_pass_exactly_once(Session, session, dovecot, now):
    load(dovecot, [r for r in generate_messages(60, seed=7) if b"X-Gmail-Labels: Sent" not in r])
    account_id = connect(session, dovecot)
    late = newsletter(999, size=500).replace(b"Spring bulbs", b"Late news")
    arrived = []

    def deliver_once(_progress):
        if not arrived:
            dovecot.append([late])
            arrived.append(True)

    source = source_for(Session, account_id, batch_size=10)
    result = sync_account(Session, account_id, source, me=MINE, now=lambda: now, progress=deliver_once)
    assert result.status == "ok" and arrived
    before = len(ledger_keys(Session, account_id))
    again, _ = run(Session, account_id, now)
    after = ledger_keys(Session, account_id)
    assert again.status == "ok"
    assert len(after) == len(set(after)) and len(after) in (before, before + 1)
    assert len(after) == len([r for r in generate_messages(60, seed=7) if b"X-Gmail-Labels: Sent" not in r]) + 1


def test_a_uidvalidity_change_resyncs_the_folder_without_duplicating_anything(Session, session, dovecot, now):
    load(dovecot, list(generate_messages(40, seed=8)))
    account_id = connect(session, dovecot)
    run(Session, account_id, now)
    with Session() as s:
        before_cursor = json.loads(s.get(models.MailAccount, account_id).cursor)
    keys = sorted(ledger_keys(Session, account_id))
    messages = stored(Session, account_id)

    dovecot.recreate_folder("Sent")
    result, _ = run(Session, account_id, now)

    assert result.status == "ok"
    assert result.counts["stored"] == 0 and result.counts["duplicate"] + result.counts["updated"] > 0
    assert sorted(ledger_keys(Session, account_id)) == keys and stored(Session, account_id) == messages
    with Session() as s:
        after_cursor = json.loads(s.get(models.MailAccount, account_id).cursor)
    assert after_cursor["folders"]["sent"]["uidvalidity"] != before_cursor["folders"]["sent"]["uidvalidity"]


def test_a_wrong_password_says_so_marks_the_account_needing_attention_and_keeps_the_mail(
        Session, session, dovecot, now):
    load(dovecot, list(generate_messages(20, seed=9)))
    account_id = connect(session, dovecot)
    run(Session, account_id, now)
    messages = stored(Session, account_id)
    dovecot.set_password(USER, "a-new-password")

    result, _ = run(Session, account_id, now)

    assert result.status == "needs_reconnect"
    assert "login refused for sam@example.org" in result.error and "app-pass-1" not in result.error
    with Session() as s:
        account = s.get(models.MailAccount, account_id)
        assert account.status == "needs_reconnect" and account.next_run_at is None
    assert stored(Session, account_id) == messages > 0


def test_a_connection_dropped_mid_fetch_resumes_at_the_next_pass_without_duplicates(Session, session, dovecot, now):
    raws = list(generate_messages(120, seed=10))
    load(dovecot, raws, fast=True)
    proxy = CuttingProxy(dovecot.port, cut_after=40_000)
    try:
        account_id = connect(session, dovecot, port=proxy.port)
        cut, _ = run(Session, account_id, now, batch_size=20)
    finally:
        proxy.close()
    assert cut.status == "error" and "dropped" in cut.error and proxy.cuts == 1
    assert 0 < cut.batches and len(ledger_keys(Session, account_id)) < 120

    with Session() as s, s.begin():  # the network is back: same account, direct port
        account = s.get(models.MailAccount, account_id)
        account.credentials_encrypted = encrypt_credentials(settings(dovecot).to_credentials(), BOX)
    resumed, _ = run(Session, account_id, now, batch_size=20)
    keys = ledger_keys(Session, account_id)
    assert resumed.status == "ok" and len(keys) == len(set(keys)) == 120
    assert resumed.counts["duplicate"] == 0  # resumed after the last committed batch


def test_a_server_without_condstore_syncs_by_uid_alone(Session, session, dovecot_server, now):
    server = dovecot_server(condstore=False)
    load(server, list(generate_messages(25, seed=11)))
    account_id = connect(session, server)
    first, source = run(Session, account_id, now)
    assert first.status == "ok" and first.messages == 25
    load(server, [newsletter(1, size=300)])
    second, _ = run(Session, account_id, now)
    idle, idle_source = run(Session, account_id, now)
    assert second.messages == 1 and idle.messages == 0 and idle_source.round_trips == 5
    with Session() as s:
        cursor = json.loads(s.get(models.MailAccount, account_id).cursor)
    assert cursor["folders"]["inbox"]["modseq"] is None


def test_a_20_mb_message_is_fetched_alone_and_stored(Session, session, dovecot, now):
    msg = EmailMessage()
    msg["From"] = "Dana Lee <dana.lee@northwind-analytics.com>"
    msg["To"] = ME
    msg["Subject"] = "Interview next week: the take-home brief"
    msg["Date"] = format_datetime(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    msg["Message-ID"] = "<big@northwind-analytics.com>"
    msg.set_content("Hi Alex, we would love to invite you to an interview. The brief is attached.\n")
    msg.add_attachment(bytes(range(256)) * (15 * 1024 * 1024 // 256), maintype="application",
                       subtype="octet-stream", filename="brief.bin")
    big = msg.as_bytes()
    assert len(big) > 20_000_000
    dovecot.deliver([big] + [newsletter(i, size=500) for i in range(3)])
    account_id = connect(session, dovecot)

    result, source = run(Session, account_id, now, fetch_bytes=4 << 20)

    assert result.status == "ok", result.error
    assert result.counts["stored"] == 1 and len(ledger_keys(Session, account_id)) == 4
    assert source.bytes_fetched > 20_000_000


def test_presets_fallback_names_find_a_sent_folder_without_the_special_use_flag(dovecot_server):
    server = dovecot_server(sent_name="Sent Messages", sent_flag=False)
    found = ImapSource(settings(server, preset="icloud")).probe()
    assert found.folders == {"inbox": "INBOX", "sent": "Sent Messages"}


@pytest.mark.postgres
def test_two_daemons_on_postgresql_sync_each_account_once_per_round(pg_url, dovecot_server, tmp_path):
    from topofmind.store.database import make_engine, session_factory

    users = {f"user{i}@example.org": f"pw-{i}" for i in range(4)}
    server = dovecot_server(users=users)
    Session = session_factory(make_engine(pg_url))
    with Session() as s, s.begin():
        for table in ("ledger", "messages", "threads", "mail_accounts", "users"):
            s.execute(models.Base.metadata.tables[table].delete())
    raws = list(generate_messages(4 * 15, seed=12))
    ids = []
    with Session() as s:
        for i, user in enumerate(users):
            server.deliver(raws[i * 10:(i + 1) * 10], user=user)
            ids.append(connect(s, server, user=user))
    env = dict(os.environ, TOPOFMIND_DATABASE_URL=pg_url, TOPOFMIND_DATA_DIR=str(tmp_path), TOPOFMIND_SECRET_KEY=KEY,
               TOPOFMIND_FIRST_SYNC_DAYS="0")
    logs = [tmp_path / f"w{i}.log" for i in range(2)]
    procs = [subprocess.Popen([sys.executable, "-m", "server.cli", "sync", "--worker-id", f"w{i}", "--interval",
                               "3600", "--tick", "0.3", "--lease", "30"], env=env, stdout=subprocess.DEVNULL,
                              stderr=open(logs[i], "w")) for i in range(2)]

    def passes(since: list[int]) -> Counter:
        done: Counter = Counter()
        for log, start in zip(logs, since, strict=True):
            lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
            for event in [e for e in lines if e.get("event") == "sync.pass.finished"][start:]:
                assert event["status"] == "ok", event
                done[event["account_id"]] += 1
        return done

    def wait_for(predicate, what):
        deadline = time.monotonic() + 90
        while not predicate():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.2)

    try:
        wait_for(lambda: len(passes([0, 0])) == 4, "round 1")
        time.sleep(1.5)  # more ticks: nobody may sync an account twice
        assert passes([0, 0]) == Counter({i: 1 for i in ids})
        marks = [sum(1 for line in log.read_text().splitlines() if "sync.pass.finished" in line) for log in logs]
        for i, user in enumerate(users):
            server.deliver(raws[40 + i * 5:40 + (i + 1) * 5], user=user)
        with Session() as s, s.begin():
            s.execute(update(models.MailAccount).values(next_run_at=None))
        wait_for(lambda: len(passes(marks)) == 4, "round 2")
        time.sleep(1.5)
        assert passes(marks) == Counter({i: 1 for i in ids})
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            assert proc.wait(timeout=30) == 0
    with Session() as s:
        per_account = dict(s.execute(select(models.LedgerEntry.account_id, func.count())
                                     .group_by(models.LedgerEntry.account_id)).all())
    assert per_account == {i: 15 for i in ids}

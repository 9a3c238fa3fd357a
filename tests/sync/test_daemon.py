"""The daemon: one account's trouble stays its own, clean shutdown, and several processes sharing work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from sync.daemon import SyncWorker, run_daemon, run_retention
from sync.engine import Schedule
from sync.protocol import AuthorizationRevoked, Batch, RateLimited
from sync.secrets import SecretBox
from sync.sources import encrypt_credentials
from tests.builders import make_account, make_user
from tests.sync.mailgen import ME, generate_messages, write_generated_mbox, write_mbox
from topofmind.mail.raw import RawMessage
from topofmind.store import models

KEY = SecretBox.generate_key()


class ListSource:
    provider = "fake"

    def __init__(self, raws, error=None):
        self.raws, self.error = raws, error

    def changes(self, cursor):
        if self.error:
            raise self.error
        if cursor is None:
            yield Batch(messages=[RawMessage(f"x{i}", r) for i, r in enumerate(self.raws)], cursor="end")


def test_one_failing_account_never_holds_up_the_others(Session, now):
    raws = list(generate_messages(5, seed=4))
    with Session() as s, s.begin():
        user = make_user(s, email=ME)
        ids = [make_account(s, user=user, provider="gmail", address=f"a{i}@example.com").id for i in range(5)]
    broken = {ids[0]: RateLimited(120), ids[2]: AuthorizationRevoked("invalid_grant")}

    def opener(account):
        if account.id == ids[3]:
            raise ValueError("stored credentials cannot be decrypted")
        return ListSource(raws, broken.get(account.id))

    worker = SyncWorker(Session, opener, "w1", schedule=Schedule(interval=300, jitter=0), now=lambda: now)
    results = {r.account_id: r.status for r in worker.tick()}
    assert results == {ids[0]: "error", ids[1]: "ok", ids[2]: "needs_reconnect", ids[3]: "error", ids[4]: "ok"}
    with Session() as s:
        acc = {a.id: a for a in s.scalars(select(models.MailAccount))}
        assert all(a.lease_owner is None for a in acc.values())
        assert acc[ids[0]].next_run_at >= now + timedelta(seconds=120)
        assert "cannot open the gmail source" in acc[ids[3]].last_error
        assert acc[ids[1]].last_success_at == now and acc[ids[4]].last_success_at == now
    # Nothing is due until the interval (or a backoff) has passed.
    assert worker.tick() == []


def test_the_scheduler_runs_ticks_until_stopped_and_releases_leases(Session, now):
    with Session() as s, s.begin():
        user = make_user(s, email=ME)
        acc = make_account(s, user=user, provider="gmail").id
    worker = SyncWorker(Session, lambda a: ListSource(list(generate_messages(3, seed=9))), "w1")
    synced = []
    original = worker.tick

    def tick_then_stop():
        synced.extend(original())
        worker.stop.set()

    worker.tick = tick_then_stop
    assert run_daemon(worker, tick_seconds=0.2, install_signals=False) == 0
    assert [r.account_id for r in synced] == [acc]
    with Session() as s:
        assert s.get(models.MailAccount, acc).lease_owner is None


def test_the_daily_retention_job_clears_old_bodies_and_keeps_recent_ones(Session, now):
    with Session() as s, s.begin():
        user = make_user(s, email=ME)
        acc = make_account(s, user=user, provider="gmail")
        for key, age in (("old", 900), ("new", 10)):
            s.add(models.Message(user_id=user.id, account_id=acc.id, provider_message_id=key, direction="in",
                            sent_at=now - timedelta(days=age), category="human_reply",
                            body_excerpt="Thanks for your time", snippet="Thanks"))
    assert run_retention(Session, now) == 1
    with Session() as s:
        bodies = dict(s.execute(select(models.Message.provider_message_id, models.Message.body_excerpt)).all())
    assert bodies == {"old": None, "new": "Thanks for your time"}


def _env(url, data_dir) -> dict:
    env = dict(os.environ)
    env.update(TOPOFMIND_DATABASE_URL=url, TOPOFMIND_DATA_DIR=str(data_dir), TOPOFMIND_SECRET_KEY=KEY)
    return env


def _mbox_accounts(Session, paths, batch_size):
    box = SecretBox(KEY)
    with Session() as s, s.begin():
        user = make_user(s, email=ME)
        return [make_account_for(s, user, p, box, batch_size) for p in paths]


def make_account_for(s, user, path: Path, box, batch_size) -> int:
    acc = make_account(s, user=user, provider="mbox", address=str(path))
    acc.credentials_encrypted = encrypt_credentials({"path": str(path), "batch_size": batch_size}, box)
    return acc.id


def test_sync_once_exits_non_zero_when_an_account_fails_and_still_syncs_the_rest(db_url, Session, tmp_path):
    good = tmp_path / "good.mbox"
    write_generated_mbox(good, 12, seed=2)
    ok_id, bad_id = _mbox_accounts(Session, [good, tmp_path / "missing.mbox"], 5)
    result = CliRunner().invoke(_cli(), ["sync", "--once"], env=_env(db_url, tmp_path))
    assert result.exit_code == 1, result.output
    assert f"account {ok_id}: ok, 12 messages" in result.output
    status = CliRunner().invoke(_cli(), ["status", "--json"], env=_env(db_url, tmp_path))
    rows = {r["id"]: r for r in json.loads(status.output)["accounts"]}
    assert rows[ok_id]["messages"] == 12 and rows[ok_id]["last_success_at"]
    assert rows[bad_id]["status"] == "error" and "mbox file not found" in rows[bad_id]["last_error"]
    with Session() as s, s.begin():
        s.execute(update(models.MailAccount).where(models.MailAccount.id == bad_id).values(status="disabled"))
    assert CliRunner().invoke(_cli(), ["sync", "--once"], env=_env(db_url, tmp_path)).exit_code == 0


def _cli():
    from server.cli import main

    return main


def _daemon(url, data_dir, worker_id, log_path, *extra) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "server.cli", "sync", "--worker-id", worker_id, *extra]
    return subprocess.Popen(cmd, env=_env(url, data_dir), stdout=subprocess.DEVNULL,
                            stderr=open(log_path, "w"))


def _events(log_path: Path, event: str) -> list[dict]:
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    return [e for e in lines if e.get("event") == event]


def _wait(predicate, timeout=45.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_sigterm_finishes_the_current_batch_releases_the_lease_and_exits_zero(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    from topofmind.store.database import make_engine, session_factory, upgrade

    engine = make_engine(url)
    upgrade(engine)
    Session = session_factory(engine)  # noqa: N806
    mbox = tmp_path / "big.mbox"
    write_generated_mbox(mbox, 400, seed=8)
    (acc,) = _mbox_accounts(Session, [mbox], 10)
    log = tmp_path / "daemon.log"
    proc = _daemon(url, tmp_path, "solo", log, "--tick", "0.2")
    _wait(lambda: _ledger_count(Session, acc) >= 20, what="two committed batches")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    with Session() as s:
        account = s.get(models.MailAccount, acc)
        assert account.lease_owner is None and account.last_success_at is None
    stored = _ledger_count(Session, acc)
    assert stored % 10 == 0 and 20 <= stored < 400  # whole batches only
    assert [e["leases_released"] for e in _events(log, "daemon.stopped")] == [0]
    again = subprocess.run([sys.executable, "-m", "server.cli", "sync", "--once"],
                           env=_env(url, tmp_path), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert _ledger_count(Session, acc) == 400


def _ledger_count(Session, account_id) -> int:  # noqa: N803
    from sqlalchemy import func

    with Session() as s:
        return s.scalar(select(func.count()).select_from(models.LedgerEntry)
                        .where(models.LedgerEntry.account_id == account_id))


@pytest.mark.postgres
@pytest.mark.slow
def test_four_daemons_sync_forty_accounts_once_per_round_and_take_over_a_killed_one(pg_url, tmp_path):
    from topofmind.store.database import make_engine, session_factory

    Session = session_factory(make_engine(pg_url))  # noqa: N806
    with Session() as s, s.begin():
        for table in ("ledger", "messages", "threads", "mail_accounts", "users"):
            s.execute(models.Base.metadata.tables[table].delete())
    raws = list(generate_messages(40 * 5 + 40 * 20, seed=21))
    paths = []
    for i in range(40):
        path = tmp_path / f"box{i}.mbox"
        write_mbox(path, raws[i * 5:(i + 1) * 5])
        paths.append(path)
    ids = _mbox_accounts(Session, paths, 2)
    logs = [tmp_path / f"w{i}.log" for i in range(4)]
    procs = [_daemon(pg_url, tmp_path, f"w{i}", logs[i], "--interval", "3600", "--tick", "0.3",
                     "--lease", "3") for i in range(4)]
    try:
        def passes(since: list[int]) -> Counter:
            done = Counter()
            for log, start in zip(logs, since, strict=True):
                for e in _events(log, "sync.pass.finished")[start:]:
                    assert e["status"] == "ok", e
                    done[e["account_id"]] += 1
            return done

        _wait(lambda: len(passes([0] * 4)) == 40, what="round 1")
        time.sleep(1.0)  # a few more ticks: nobody may sync an account twice
        assert passes([0] * 4) == Counter({i: 1 for i in ids})

        # Round 2: new mail in every box, all accounts due again; kill a worker mid-pass.
        for i, path in enumerate(paths):
            write_mbox(path, raws[200 + i * 20:200 + (i + 1) * 20], append=True)
        marks = [len(_events(log, "sync.pass.finished")) for log in logs]
        with Session() as s, s.begin():
            s.execute(update(models.MailAccount).values(next_run_at=None))

        def held():
            with Session() as s:
                return s.execute(select(models.MailAccount.id, models.MailAccount.lease_owner, models.MailAccount.lease_until)
                                 .where(models.MailAccount.lease_owner.is_not(None))).all()

        victim_held: list = []
        killed_at: list[datetime] = []

        def kill_a_busy_worker():
            for _id, owner, _until in held():
                procs[int(owner[1:])].kill()
                procs[int(owner[1:])].wait()
                killed_at.append(datetime.now(UTC))
                victim_held.extend(r for r in held() if r[1] == owner)
                return True
            return False

        _wait(kill_a_busy_worker, what="a worker in the middle of a pass")
        assert victim_held, "the killed worker held no lease at its death"
        victim = victim_held[0][1]
        _wait(lambda: len(passes(marks)) == 40, timeout=60, what="round 2 with the takeover")
        time.sleep(1.0)
        assert passes(marks) == Counter({i: 1 for i in ids})
        for account_id, _owner, until in victim_held:
            claims = [e for log in logs for e in _events(log, "lease.claimed")
                      if e["account_id"] == account_id and e["worker"] != victim
                      and datetime.fromisoformat(e["ts"]) >= killed_at[0]]
            assert claims, f"account {account_id} was not taken over"
            assert min(datetime.fromisoformat(e["ts"]) for e in claims) >= until - timedelta(milliseconds=1)
        with Session() as s:
            from sqlalchemy import func

            per_account = dict(s.execute(select(models.LedgerEntry.account_id, func.count())
                                         .group_by(models.LedgerEntry.account_id)).all())
        assert per_account == {i: 25 for i in ids}
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                assert proc.wait(timeout=30) in (0, -9)
            except subprocess.TimeoutExpired:
                proc.kill()
    assert sorted(p.returncode for p in procs) == [-9, 0, 0, 0]


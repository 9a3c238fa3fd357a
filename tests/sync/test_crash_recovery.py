"""kill -9 an import at random points, many times: the database ends up exactly as after a clean run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from sync.secrets import SecretBox
from tests.sync.mailgen import ME, write_generated_mbox
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

pytestmark = pytest.mark.slow
KEY = SecretBox.generate_key()
KILLS = 10


def _env(db_url: str, data_dir) -> dict:
    env = dict(os.environ)
    env.update(TOPOFMIND_DATABASE_URL=db_url, TOPOFMIND_DATA_DIR=str(data_dir),
               TOPOFMIND_SECRET_KEY=KEY)
    return env


def _import_cmd(path, user: str, batch_size: int) -> list[str]:
    return [sys.executable, "-m", "server.cli", "import-mbox", str(path), "--me", ME,
            "--user", user, "--batch-size", str(batch_size), "--lease", "1", "--quiet"]


def _syncing(Session, pid: int) -> bool:  # noqa: N803
    try:
        with Session() as s:
            owners = s.scalars(select(models.MailAccount.lease_owner)).all()
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return False
    return any(o and o.endswith(f":{pid}") for o in owners)


def snapshot(Session, user_email: str) -> dict:
    """Everything sync stored for one user, by natural keys (no ids, no processing times)."""
    with Session() as s:
        user = s.scalar(select(models.User).where(models.User.email == user_email))
        uid = user.id
        ledger = sorted(s.execute(select(
            models.LedgerEntry.provider_message_id, models.LedgerEntry.status, models.LedgerEntry.category,
            models.LedgerEntry.content_hash, models.LedgerEntry.error, models.LedgerEntry.sent_at,
        ).where(models.LedgerEntry.user_id == uid)).all())
        threads = dict(s.execute(select(models.Thread.id, models.Thread.provider_thread_id)
                                 .where(models.Thread.user_id == uid)).all())
        opps = {o.id: (o.company.name if o.company else None, o.role, o.stage)
                for o in s.scalars(select(models.Opportunity).where(models.Opportunity.user_id == uid))}
        people = dict(s.execute(select(models.Person.id, models.Person.name).where(models.Person.user_id == uid)).all())
        messages = sorted(
            (r.provider_message_id, r.rfc_message_id, r.direction, r.sent_at, r.subject, r.category,
             r.outgoing_kind, r.from_address, tuple(r.to_addresses), tuple(r.labels), r.content_hash,
             repr(sorted(r.facts.items())), threads.get(r.thread_id), opps.get(r.opportunity_id),
             people.get(r.person_id))
            for r in s.scalars(select(models.Message).where(models.Message.user_id == uid))
        )
        counts = {model.__tablename__: s.scalar(select(func.count()).select_from(model)
                                                .where(model.user_id == uid))
                  for model in (models.Company, models.Person, models.Opportunity, models.Touch, models.Interview, models.Thread)}
    return {"ledger": ledger, "messages": messages, "counts": counts,
            "opportunities": sorted(opps.values(), key=repr)}


@pytest.fixture(scope="module")
def takeout(tmp_path_factory):
    """The 2,000-message mailbox and a snapshot of one clean, uninterrupted import of it.

    The clean run is made once, on SQLite: the snapshot uses natural keys only, so a
    crashed-and-resumed import on either backend must equal it (which also shows that
    SQLite and PostgreSQL store the same thing).
    """
    tmp = tmp_path_factory.mktemp("takeout")
    mbox = tmp / "takeout.mbox"
    write_generated_mbox(mbox, 2000, seed=42)
    clean_url = f"sqlite:///{tmp / 'clean.sqlite3'}"
    started = time.monotonic()
    done = subprocess.run(_import_cmd(mbox, "clean@example.com", 200), env=_env(clean_url, tmp),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    clean_seconds = time.monotonic() - started
    engine = make_engine(clean_url)
    baseline = snapshot(session_factory(engine), "clean@example.com")
    engine.dispose()
    assert len(baseline["ledger"]) == 2000 and baseline["messages"], "the clean run stored nothing"
    return mbox, baseline, clean_seconds


def test_an_import_killed_at_random_points_ends_exactly_like_a_clean_run(db_url, tmp_path, takeout):
    mbox, want, clean_seconds = takeout
    rng = random.Random(7)
    # Each victim runs a random part of what a clean import takes, at most a 20th of it, so
    # that all KILLS land mid-import however fast this machine (or the importer) is.
    window = max(0.2, clean_seconds / (2 * KILLS))
    env = _env(db_url, tmp_path / "crash")
    crashed = session_factory(make_engine(db_url))
    kills, finished = 0, False
    while kills < KILLS and not finished:
        proc = subprocess.Popen(_import_cmd(mbox, "crash@example.com", 50), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Once it holds the account's lease it is syncing: let it run a random while, kill it.
        while proc.poll() is None and not _syncing(crashed, proc.pid):
            time.sleep(0.05)
        try:
            proc.wait(timeout=rng.uniform(0.0, window))
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
        else:
            finished = proc.returncode == 0
            assert proc.returncode == 0
    assert kills == KILLS, "the import finished before it could be killed often enough"
    # Finish the sync (after the last victim's 1 s lease has run out).
    time.sleep(1.1)
    final = subprocess.run(_import_cmd(mbox, "crash@example.com", 50), env=env, capture_output=True,
                           text=True, timeout=600)
    assert final.returncode == 0, final.stdout + final.stderr
    got = snapshot(crashed, "crash@example.com")
    assert got["ledger"] == want["ledger"]
    assert got["messages"] == want["messages"]
    assert got["counts"] == want["counts"] and got["opportunities"] == want["opportunities"]
    with crashed() as s:
        account = s.scalar(select(models.MailAccount).join(models.User).where(models.User.email == "crash@example.com"))
        assert account.status == "active" and account.lease_owner is None


def test_the_snapshot_tells_two_different_imports_apart(Session, tmp_path):
    """The comparison above would catch a lost or altered message."""
    engine = Session.kw["bind"]
    mbox = tmp_path / "a.mbox"
    write_generated_mbox(mbox, 30, seed=1)
    url = engine.url.render_as_string(hide_password=False)
    for user, n in (("one@example.com", 30), ("two@example.com", 29)):
        if n < 30:
            data = mbox.read_bytes()
            mbox.write_bytes(data[: data.rindex(b"\nFrom ") + 1])
        subprocess.run(_import_cmd(mbox, user, 10), env=_env(url, tmp_path / user), check=True,
                       capture_output=True, timeout=120)
    one, two = snapshot(Session, "one@example.com"), snapshot(Session, "two@example.com")
    assert len(one["ledger"]) == 30 and len(two["ledger"]) == 29
    assert one["ledger"] != two["ledger"]

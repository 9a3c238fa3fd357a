"""A rerun after a crash: the dead holder's lease is taken over at once, and a rerun that
must wait says whose lease it waits for and until when (it once waited 300 s in silence)."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import select, update

from server.cli import main
from tests.sync.mailgen import generate_messages, write_mbox
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory


def _env(tmp_path) -> dict:
    return {"TOPOFMIND_DATABASE_URL": f"sqlite:///{tmp_path / 'lease.sqlite3'}", "TOPOFMIND_DATA_DIR": str(tmp_path)}


def _hold_the_lease(tmp_path, owner: str, seconds: float) -> None:
    engine = make_engine(_env(tmp_path)["TOPOFMIND_DATABASE_URL"])
    with session_factory(engine).begin() as s:
        s.execute(update(models.MailAccount).values(lease_owner=owner,
                                               lease_until=datetime.now(UTC) + timedelta(seconds=seconds)))
    engine.dispose()


def _import(tmp_path, mbox):
    return CliRunner().invoke(main, ["import-mbox", str(mbox), "--me", "me@example.com", "--quiet"],
                              env=_env(tmp_path))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_rerun_takes_over_the_lease_of_a_crashed_import_at_once(tmp_path):
    mbox = tmp_path / "mail.mbox"
    write_mbox(mbox, generate_messages(5, seed=3))
    assert _import(tmp_path, mbox).exit_code == 0
    crashed = f"import-mbox:{socket.gethostname()}:{_dead_pid()}"
    _hold_the_lease(tmp_path, crashed, 300)
    started = datetime.now(UTC)
    rerun = _import(tmp_path, mbox)
    assert rerun.exit_code == 0, rerun.output
    assert f"took over from {crashed}" in rerun.output
    assert datetime.now(UTC) - started < timedelta(seconds=60)  # not the 300 s lease


def test_a_rerun_behind_a_live_worker_says_whose_lease_and_until_when(tmp_path):
    mbox = tmp_path / "mail.mbox"
    write_mbox(mbox, generate_messages(3, seed=4))
    assert _import(tmp_path, mbox).exit_code == 0
    other = "sync-replica-2:4242"  # another host's worker: never judged dead
    _hold_the_lease(tmp_path, other, 2)
    rerun = _import(tmp_path, mbox)
    assert rerun.exit_code == 0, rerun.output
    assert f"waiting for the lease of {other} on this file: it ends at" in rerun.output
    engine = make_engine(_env(tmp_path)["TOPOFMIND_DATABASE_URL"])
    with session_factory(engine)() as s:
        assert s.scalar(select(models.MailAccount.lease_owner)) is None  # released after the import
    engine.dispose()

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
from sync.protocol import Batch
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


class _SlowSource:
    """Takes ``seconds`` before its one batch: a pass longer than the lease."""

    provider = "fake"

    def __init__(self, seconds: float):
        self.seconds = seconds

    def changes(self, cursor):
        import time

        time.sleep(self.seconds)
        if cursor is None:
            yield Batch(messages=[], cursor="end")


def test_a_live_worker_keeps_its_lease_by_heartbeat_and_a_dead_ones_ends_within_the_lease(Session):
    import threading
    import time

    from sync.daemon import SyncWorker
    from sync.engine import Schedule
    from sync.leases import claim_due
    from tests.builders import make_account, make_user

    with Session() as s, s.begin():
        account_id = make_account(s, user=make_user(s, email="me@example.com"), provider="gmail").id
    worker = SyncWorker(Session, lambda account: _SlowSource(3.0), "alive:1", schedule=Schedule(interval=300, jitter=0),
                        lease_seconds=1.2)
    assert claim_due(Session, owner="alive:1", now=datetime.now(UTC), lease_seconds=1.2) == [account_id]
    done = threading.Thread(target=worker.sync_claimed, args=(account_id,))
    done.start()
    stolen = []
    for _ in range(5):  # 2.5 s: twice the lease, while the pass runs with no batch committed
        time.sleep(0.5)
        stolen += claim_due(Session, owner="thief", now=datetime.now(UTC), lease_seconds=1.2,
                            ignore_schedule=True)
    done.join(timeout=30)
    assert stolen == []
    # A holder that stops beating (crashed) loses the account once its lease runs out.
    assert claim_due(Session, owner="crashed", now=datetime.now(UTC), lease_seconds=1.2, ignore_schedule=True)
    assert claim_due(Session, owner="next", now=datetime.now(UTC), lease_seconds=1.2, ignore_schedule=True) == []
    time.sleep(1.3)
    assert claim_due(Session, owner="next", now=datetime.now(UTC), lease_seconds=1.2,
                     ignore_schedule=True) == [account_id]

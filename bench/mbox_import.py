"""mbox import end to end (stream, parse, classify, link, store) on SQLite and PostgreSQL.

    .venv/bin/python bench/mbox_import.py [--sizes 2000,5000,10000] [--backends sqlite,postgresql]

Each (backend, size) runs in its own process on a fresh database, through the same engine
as ``topofmind import-mbox`` (MboxSource -> sync_account -> ingest_message, one
transaction per 200-message batch). Prints messages/s and the process's peak RSS; the
peak should stay flat as the mailbox grows, because the file is streamed and each batch
is committed and dropped. The synthetic mailbox comes from tests/sync/mailgen.py
(deterministic; about half of it job-related).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get("TOPOFMIND_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def run_one(db_url: str, mbox: str) -> dict:
    """In a child process: import ``mbox`` into ``db_url``; report rate and peak memory."""
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from sync.engine import sync_account
    from sync.mbox import MboxSource
    from tests.sync.mailgen import ME
    from topofmind.store import models
    from topofmind.store.database import make_engine, session_factory, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    Session = session_factory(engine)  # noqa: N806
    now = datetime.now(UTC)
    with Session() as s, s.begin():
        user = models.User(email=ME, own_addresses=[ME], settings={}, created_at=now)
        s.add(user)
        s.flush()
        account = models.MailAccount(user_id=user.id, provider="mbox", address=mbox, status="active",
                                created_at=now)
        s.add(account)
        s.flush()
        account_id = account.id
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = sync_account(Session, account_id, MboxSource(mbox, batch_size=200), me=frozenset({ME}))
    elapsed = time.perf_counter() - started
    with Session() as s:
        stored = s.scalar(select(func.count()).select_from(models.Message))
    engine.dispose()
    return {"status": result.status, "messages": result.messages, "stored": stored,
            "seconds": elapsed, "rss_start_mb": rss_before / 1024,
            "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _pg_database():
    from sqlalchemy import text

    from topofmind.store.database import make_engine

    admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"tom_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,5000,10000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("DB_URL", "MBOX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return

    from tests.sync.mailgen import generate_messages, write_mbox

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"mbox import, end to end ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start)")
    print(f"{'backend':<11}{'messages':>9}{'file MB':>9}{'stored':>8}{'seconds':>9}{'msg/s':>8}"
          f"{'RSS start MB':>14}{'RSS peak MB':>13}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        messages = list(generate_messages(max(sizes), seed=2026))
        for size in sizes:
            write_mbox(Path(tmp) / f"{size}.mbox", messages[:size])
        del messages
        for backend in args.backends.split(","):
            for size in sizes:
                drop = None
                if backend == "sqlite":
                    url = f"sqlite:///{tmp}/{backend}-{size}.sqlite3"
                else:
                    url, drop = _pg_database()
                try:
                    out = subprocess.run([sys.executable, __file__, "--child", url, f"{tmp}/{size}.mbox"],
                                         capture_output=True, text=True, check=True)
                finally:
                    if drop:
                        drop()
                r = json.loads(out.stdout.strip().splitlines()[-1])
                assert r["status"] == "ok" and r["messages"] == size, r
                size_mb = (Path(tmp) / f"{size}.mbox").stat().st_size / 1e6
                print(f"{backend:<11}{size:>9}{size_mb:>9.1f}{r['stored']:>8}{r['seconds']:>9.1f}"
                      f"{r['messages'] / r['seconds']:>8.0f}{r['rss_start_mb']:>14.0f}"
                      f"{r['rss_peak_mb']:>13.0f}", flush=True)
    print(f"(load {os.getloadavg()[0]:.1f} at the end)")

if __name__ == "__main__":
    main()

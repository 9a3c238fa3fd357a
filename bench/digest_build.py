"""How long building the daily digest takes for 50 users (issue 22's target: under a second).

    .venv/bin/python bench/digest_build.py --url postgresql+psycopg://postgres@127.0.0.1:5432/tom_bench_digest

The database is rebuilt with bench/api_dataset.py (its name must contain "bench"): 50 users
with a small job search each (200 people, 40 opportunities, 2,000 messages) beside a main
user at ``--scale``. Then, ``--rounds`` times, the digests of the 50 users are built and
rendered (text and HTML) as the daemon does: ``compose_digests`` for ``--batch`` users at a
time (the daemon's ``DIGEST_BATCH``) in one session, forced so that every user gets one;
with ``--one-by-one``, ``compose`` for each user in a session of its own. Prints each pass's wall and CPU time, their medians, the
statements run and the load average, then one more pass timed by phase. Pass ``--keep``
to reuse an existing data set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select

from bench.api_dataset import MAIN_USER_EMAIL, build
from server.services.digest import compose
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

PUBLIC_URL = "http://127.0.0.1:8765"


def _one_pass(Session, users: list[int], now: datetime, one_by_one: bool, batch: int) -> list:
    if one_by_one:
        out = []
        for user_id in users:
            with Session() as s:
                out.append(compose(s, user_id, "digest", now, public_url=PUBLIC_URL, force=True))
        return out
    from server.services.digest import compose_digests

    with Session() as s:
        return [reminder for start in range(0, len(users), batch)
                for reminder in compose_digests(s, users[start:start + batch], now, public_url=PUBLIC_URL,
                                                force=True).values()]


def _phases(Session, users: list[int], now: datetime, batch: int) -> dict[str, float]:
    """One pass again, its parts timed batch by batch: the histories, the playbook, the whole
    digest build (which reads the histories and runs the playbook again), the rendering."""
    from server.services.actions import build_plan, playbook_settings
    from server.services.digest import build_digests, render
    from topofmind.store.history import load_histories

    spent = dict.fromkeys(("history", "playbook", "digest build", "render"), 0.0)
    for start in range(0, len(users), batch):
        some = users[start:start + batch]
        with Session() as s:
            t0 = time.perf_counter()
            histories = load_histories(s, some)
            t1 = time.perf_counter()
            for user in s.scalars(select(models.User).where(models.User.id.in_(some))):
                build_plan(user, histories[user.id], now, playbook_settings(user), states_of=None,
                           threads_of=lambda _opps: {})
            t2 = time.perf_counter()
            digests = build_digests(s, some, now, public_url=PUBLIC_URL)
            t3 = time.perf_counter()
            for digest in digests.values():
                render(digest)
            t4 = time.perf_counter()
        for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[name] += seconds
    return spent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="database URL (its name must contain 'bench')")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=float, default=0.01, help="the main user's size (api_dataset)")
    parser.add_argument("--keep", action="store_true", help="reuse the data set already there")
    parser.add_argument("--one-by-one", action="store_true", help="compose each user's digest alone")
    parser.add_argument("--batch", type=int, default=None,
                        help="users composed together (default: the daemon's, sync.reminders.DIGEST_BATCH)")
    args = parser.parse_args(argv)
    if args.batch is None and not args.one_by_one:
        from sync.reminders import DIGEST_BATCH

        args.batch = DIGEST_BATCH
    if not args.keep:
        loaded = build(args.url, scale=args.scale, others=args.users, progress=lambda msg: print(msg, flush=True))
        print(f"data set loaded in {loaded['seconds']:.1f} s")
    engine = make_engine(args.url)
    statements = [0]
    event.listen(engine, "before_cursor_execute", lambda *_args: statements.__setitem__(0, statements[0] + 1))
    Session = session_factory(engine)
    with Session() as s:
        users = list(s.scalars(select(models.User.id).where(models.User.email != MAIN_USER_EMAIL)
                               .order_by(models.User.id).limit(args.users)))
    now = datetime.now(UTC)
    walls, cpus, sizes = [], [], []
    _one_pass(Session, users, now, args.one_by_one, args.batch)  # warm: imports, templates, prepared statements
    for round_no in range(args.rounds):
        statements[0] = 0
        cpu, wall = time.process_time(), time.perf_counter()
        reminders = _one_pass(Session, users, now, args.one_by_one, args.batch)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        sizes = [len(r.text) + len(r.html or "") for r in reminders]
        print(f"pass {round_no + 1}: {len(reminders)} digests in {walls[-1] * 1000:.0f} ms wall, "
              f"{cpus[-1] * 1000:.0f} ms CPU, {statements[0]} statements; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
    if not args.one_by_one:
        phases = _phases(Session, users, now, args.batch)
        print("phases of one pass: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in phases.items()))
    how = "one by one" if args.one_by_one else f"in batches of {args.batch}"
    print(f"\n{engine.dialect.name}, {len(users)} users {how}: median "
          f"{statistics.median(walls) * 1000:.0f} ms wall (min {min(walls) * 1000:.0f}, max "
          f"{max(walls) * 1000:.0f}), {statistics.median(cpus) * 1000:.0f} ms CPU per pass; digest size median "
          f"{statistics.median(sizes) / 1024:.1f} KiB text+HTML; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How long building the daily digest takes for 50 users (issue 22's target: under a second).

    .venv/bin/python bench/digest_build.py --url postgresql+psycopg://postgres@127.0.0.1:5432/tom_bench_digest

The database is rebuilt with bench/api_dataset.py (its name must contain "bench"): 50 users
with a small job search each (200 people, 40 opportunities, 2,000 messages) beside a main
user at ``--scale``. Then, ``--rounds`` times, the digest of each of the 50 users is built
and rendered (text and HTML) exactly as the daemon does (server.services.digest.compose,
forced so that every user gets one), one session per user. Prints each round's total, the
median and the slowest user. Pass ``--keep`` to reuse an existing data set.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from bench.api_dataset import MAIN_USER_EMAIL, build
from server.services.digest import compose
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="database URL (its name must contain 'bench')")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=float, default=0.01, help="the main user's size (api_dataset)")
    parser.add_argument("--keep", action="store_true", help="reuse the data set already there")
    args = parser.parse_args(argv)
    if not args.keep:
        loaded = build(args.url, scale=args.scale, others=args.users, progress=lambda msg: print(msg, flush=True))
        print(f"data set loaded in {loaded['seconds']:.1f} s")
    engine = make_engine(args.url)
    Session = session_factory(engine)
    with Session() as s:
        users = list(s.scalars(select(models.User.id).where(models.User.email != MAIN_USER_EMAIL)
                               .order_by(models.User.id).limit(args.users)))
    now = datetime.now(UTC)
    totals, slowest, sizes = [], 0.0, []
    for round_no in range(args.rounds):
        began = time.perf_counter()
        for user_id in users:
            one = time.perf_counter()
            with Session() as s:
                reminder = compose(s, user_id, "digest", now, public_url="http://127.0.0.1:8765", force=True)
            slowest = max(slowest, time.perf_counter() - one)
            if round_no == 0:
                sizes.append(len(reminder.text) + len(reminder.html or ""))
        totals.append(time.perf_counter() - began)
        print(f"round {round_no + 1}: {len(users)} digests in {totals[-1] * 1000:.0f} ms", flush=True)
    # Where a digest's time goes (one more pass, timed by phase).
    from server.services.actions import build_plan, playbook_settings
    from server.services.digest import build_digest, render
    from topofmind.store.history import load_history

    phases = dict.fromkeys(("history", "playbook", "digest", "render"), 0.0)
    cpu = time.process_time()
    wall = time.perf_counter()
    for user_id in users:
        with Session() as s:
            t0 = time.perf_counter()
            user = s.get(models.User, user_id)
            history = load_history(s, user_id)
            t1 = time.perf_counter()
            plan = build_plan(user, history, now, playbook_settings(user), states_of=None,
                              threads_of=lambda _opps: {})
            t2 = time.perf_counter()
            digest = build_digest(s, user_id, now, public_url="http://127.0.0.1:8765", plan=plan)
            t3 = time.perf_counter()
            render(digest)
            t4 = time.perf_counter()
        for name, spent in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            phases[name] += spent
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print("phases over one pass: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in phases.items())
          + f"; this process's CPU {cpu * 1000:.0f} ms of {wall * 1000:.0f} ms wall")
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"\n{engine.dialect.name}: {len(users)} users, median {statistics.median(totals) * 1000:.0f} ms per "
          f"pass (min {min(totals) * 1000:.0f}, max {max(totals) * 1000:.0f}); slowest single digest "
          f"{slowest * 1000:.0f} ms; digest size median {statistics.median(sizes) / 1024:.1f} KiB text+HTML")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Two daemon processes on one PostgreSQL database send each user's digest exactly once per
local day, across a simulated day of ticks, even with a channel that fails once."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from sync.reminders import add_channel
from tests.builders import make_user
from tests.reminders.conftest import make_job
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

START = datetime(2026, 3, 18, 0, 0, tzinfo=UTC)  # a Wednesday
STEP = timedelta(minutes=10)
STEPS = 144  # one UTC day
# Digests due at 08:00 local between Wed 00:00 and 23:50 UTC, counted by hand:
EXPECTED = {
    "UTC": 1,                  # Wed 08:00 = 08:00 UTC
    "Europe/Paris": 1,         # Wed 08:00 = 07:00 UTC
    "America/Los_Angeles": 2,  # Tue (17:00 there at the start: same-day catch-up) and Wed 08:00 = 15:00 UTC
    "Asia/Tokyo": 2,           # Wed (already past 08:00 at the start) and Thu 08:00 = Wed 23:00 UTC
    "Pacific/Kiritimati": 2,   # Wed (14:00 at the start) and Thu 08:00 = Wed 18:00 UTC
}


def _daemon(url: str, key: str, worker: str, barrier, errors) -> None:
    from sync.secrets import SecretBox

    engine = make_engine(url)
    # A short pause between winning a claim and sending widens the window a double send needs.
    job = make_job(session_factory(engine), SecretBox(key), worker=worker, retry_delays=(60.0,),
                   sleep_between=lambda: time.sleep(0.005))
    try:
        for i in range(STEPS):
            barrier.wait(timeout=60)  # both processes tick at the same simulated moment
            job.run(START + i * STEP)
    except Exception as exc:
        errors.put(f"{worker}: {exc!r}")
        barrier.abort()
    finally:
        engine.dispose()


def test_two_daemons_send_each_digest_exactly_once_across_a_day(pg_url, box, box_key, hook):
    from sqlalchemy import select, text

    engine = make_engine(pg_url)
    with engine.begin() as c:
        names = ", ".join(f'"{t.name}"' for t in models.Base.metadata.sorted_tables)
        c.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    Session = session_factory(engine)
    expected: dict[str, int] = {}
    with Session() as s:
        for i, (tz, count) in enumerate(EXPECTED.items()):
            for j in range(3):
                user = make_user(s, email=f"u{i}-{j}@example.net", timezone=tz)
                s.add(models.ReminderSettings(user_id=user.id, digest_when_empty=True))
                add_channel(s, box, user_id=user.id, url=hook.url(f"u{user.id}"), now=START)
                expected[f"/u{user.id}"] = count
        s.commit()
    hook.fail_next = 1  # the very first post fails: retried at the next tick (after 60 s)

    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_daemon, args=(pg_url, box_key, f"daemon-{n}", barrier, errors))
             for n in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert errors.empty(), errors.get()
    assert all(p.exitcode == 0 for p in procs)

    got = Counter(path for path, _ in hook.posts)
    assert dict(got) == expected
    with Session() as s:
        rows = list(s.scalars(select(models.Delivery)))
        assert len(rows) == sum(expected.values())
        assert all(r.status == "sent" for r in rows)
        assert sorted(r.attempts for r in rows)[-1] == 2  # the one that failed once
        assert {r.lease_owner for r in rows} == {None}
    engine.dispose()


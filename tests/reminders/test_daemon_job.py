"""The sync daemon runs the reminders job on its APScheduler (stable id, coalescing, a misfire
grace time, its own thread); a digest that cannot be composed is recorded as failed and
the daemon goes on sending the others and stops cleanly."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sqlalchemy import select

from server.services.digest import compose
from sync.daemon import REMINDERS_JOB_ID, SyncWorker, run_daemon
from sync.reminders import ReminderJob, add_channel
from tests.builders import make_user
from topofmind.store import models


def test_the_daemon_sends_digests_on_its_scheduler_and_survives_one_that_crashes(Session, box, hook):
    now = datetime.now(UTC)
    with Session() as s:
        ids = []
        for email in ("ok@example.net", "broken@example.net"):
            user = make_user(s, email=email, timezone="UTC")
            s.add(models.ReminderSettings(user_id=user.id, digest_time="00:00", digest_days="every_day",
                                     digest_when_empty=True))
            add_channel(s, box, user_id=user.id, url=hook.url(email.split("@")[0]), now=now)
            ids.append(user.id)
        s.commit()

    def composer(session, user_id, kind, at):
        if user_id == ids[1]:
            raise RuntimeError("a bug in one user's data")
        return compose(session, user_id, kind, at, public_url="http://127.0.0.1:8765")

    worker = SyncWorker(Session, open_source=lambda account: None, worker_id="daemon-a")
    job = ReminderJob(Session, box, composer, "daemon-a")
    seen = {}

    def stop_when_sent():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not hook.to("ok"):
            time.sleep(0.1)
        time.sleep(1.5)  # a few more runs of the job: nothing is sent twice
        worker.stop.set()

    threading.Thread(target=stop_when_sent, daemon=True).start()
    from apscheduler.schedulers.background import BackgroundScheduler

    original_add_job = BackgroundScheduler.add_job

    def recording_add_job(self, func, *args, **kwargs):
        seen[kwargs.get("id")] = kwargs
        return original_add_job(self, func, *args, **kwargs)

    BackgroundScheduler.add_job = recording_add_job
    try:
        status = run_daemon(worker, tick_seconds=5, install_signals=False, reminders=job, reminders_every=0.3)
    finally:
        BackgroundScheduler.add_job = original_add_job
    assert status == 0
    assert len(hook.to("ok")) == 1 and hook.to("broken") == []
    options = seen[REMINDERS_JOB_ID]
    assert options["coalesce"] is True and options["misfire_grace_time"] > 0 and options["max_instances"] == 1
    with Session() as s:
        rows = {r.user_id: r for r in s.scalars(select(models.Delivery))}
    assert rows[ids[0]].status == "sent"
    assert rows[ids[1]].status == "failed" and "RuntimeError" in rows[ids[1]].last_error
    assert rows[ids[1]].next_attempt_at is not None  # retried later with backoff

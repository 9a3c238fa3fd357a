"""The daemon builds the digests of the users due together (one history read for all of
them): each user's digest is exactly the one built for them alone, never with another's data."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.services.digest import build_digest, build_digests, compose, compose_digests
from sync.reminders import add_channel
from tests.builders import make_user
from tests.reminders.conftest import BASE, make_job
from tests.server.conftest import seed_job_search
from topofmind.store import models


def _users(session, now, *, suffixes=("ab", "cd", "ef")) -> list[int]:
    ids = []
    for n, suffix in enumerate(suffixes):
        user = make_user(session, email=f"user{suffix}@example.net", name=f"User {suffix}",
                         timezone=("UTC", "Europe/Berlin", "America/Chicago")[n % 3])
        seed_job_search(session, user, now, suffix=suffix)
        ids.append(user.id)
    session.add(models.MailAccount(user_id=ids[1], provider="imap", address="broken@example.net",
                                   status="needs_reconnect", created_at=now - timedelta(days=9)))
    session.flush()
    return ids


def _users_reachable_at(Session, now, box, hook) -> list[int]:
    """``_users``, each with a digest due every day and a webhook of their own (/u<id>)."""
    with Session() as s:
        ids = _users(s, now)
        for user_id in ids:
            s.add(models.ReminderSettings(user_id=user_id, digest_time="00:00", digest_days="every_day"))
            add_channel(s, box, user_id=user_id, url=hook.url(f"u{user_id}"), now=now)
        s.commit()
        return ids


def test_digests_built_together_are_each_users_own_digest(session, now):
    ids = _users(session, now)
    quiet = make_user(session, email="quiet@example.net", name="Quiet")

    together = build_digests(session, [*ids, quiet.id], now, public_url=BASE)

    for user_id in [*ids, quiet.id]:
        assert together[user_id] == build_digest(session, user_id, now, public_url=BASE)
    for suffix, user_id in zip(("ab", "cd", "ef"), ids, strict=True):
        digest = together[user_id]
        assert digest.overdue or digest.today
        said = " ".join(f"{i.who} {i.why}" for i in digest.overdue + digest.today)
        assert f"Dana Lee {suffix}" in said
        assert not any(f"Dana Lee {other}" in said for other in ("ab", "cd", "ef") if other != suffix)
    assert [s["address"] for s in together[ids[1]].stopped] == ["broken@example.net"]
    assert together[ids[0]].stopped == [] and together[quiet.id].nothing_due


def test_reminders_composed_together_are_those_composed_one_by_one(session, now):
    ids = _users(session, now)
    quiet = make_user(session, email="quiet@example.net", name="Quiet")
    session.add(models.ReminderSettings(user_id=quiet.id, digest_when_empty=True))
    empty = make_user(session, email="empty@example.net", name="Empty")
    session.flush()
    everyone = [*ids, quiet.id, empty.id]

    together = compose_digests(session, everyone, now, public_url=BASE)

    assert together == {uid: compose(session, uid, "digest", now, public_url=BASE) for uid in everyone}
    assert together[empty.id] is None and together[quiet.id] is not None


def test_the_daemon_sends_each_user_their_own_digest_when_it_builds_them_together(Session, now, box, hook):
    ids = _users_reachable_at(Session, now, box, hook)
    batches = []

    def compose_together(session, user_ids, at):
        batches.append(sorted(user_ids))
        return compose_digests(session, user_ids, at, public_url=BASE)

    make_job(Session, box, compose_digests=compose_together).run(now)

    assert batches == [sorted(ids)]  # the first claim composed them all
    for suffix, user_id in zip(("ab", "cd", "ef"), ids, strict=True):
        [post] = [p for p in hook.to(f"u{user_id}") if "stopped syncing" not in p["title"]]
        assert f"Dana Lee {suffix}" in post["message"]
        assert not any(f"Dana Lee {o}" in post["message"] for o in ("ab", "cd", "ef") if o != suffix)
    with Session() as s:
        assert {d.status for d in s.scalars(select(models.Delivery))} == {"sent"}


def test_one_users_broken_digest_does_not_hold_back_the_others(Session, now, box, hook):
    ids = _users_reachable_at(Session, now, box, hook)

    def compose_together(session, user_ids, at):
        if ids[1] in user_ids:
            raise RuntimeError("a bug in one user's data")
        return compose_digests(session, user_ids, at, public_url=BASE)

    def compose_one(session, user_id, kind, at):
        if user_id == ids[1]:
            raise RuntimeError("a bug in one user's data")
        return compose(session, user_id, kind, at, public_url=BASE)

    job = make_job(Session, box, compose_digests=compose_together)
    job.compose = compose_one
    job.run(now)

    with Session() as s:
        status = {(d.user_id, d.kind): d.status for d in s.scalars(select(models.Delivery))}
    assert {uid: status for (uid, kind), status in status.items() if kind == "digest"} == {
        ids[0]: "sent", ids[1]: "failed", ids[2]: "sent"}
    assert hook.to(f"u{ids[0]}") and hook.to(f"u{ids[2]}")
    assert not [p for p in hook.to(f"u{ids[1]}") if "stopped syncing" not in p["title"]]

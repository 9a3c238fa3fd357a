"""GmailSource against the fake Gmail server, through the real google-api-python-client."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from sync.gmail import GmailSource
from sync.gmail_calls import RetryPolicy
from sync.protocol import AuthorizationRevoked, CursorExpired, RateLimited
from tests.fakes.gmail_server import FakeGmail, make_raw

NOW = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)
FAST = RetryPolicy(attempts=5, base=0.01, cap=0.05)


@pytest.fixture
def fake():
    with FakeGmail() as server:
        yield server


def fill(fake, n, *, day=10, subject="Message"):
    """n messages dated in March 2026 (inside a 365-day window ending NOW)."""
    return [fake.add_message(make_raw(subject=f"{subject} {i}", date=f"Tue, {day:02d} Mar 2026 08:{i % 60:02d}:00 +0000"))
            for i in range(n)]


def source(fake, info=None, **options):
    options.setdefault("retry", FAST)
    options.setdefault("now", NOW)
    return GmailSource(info or fake.credentials_info(), api_url=fake.api_url, **options)


def run(src, cursor=None):
    batches = list(src.changes(cursor))
    return batches, (batches[-1].cursor if batches else cursor)


def delivered(batches):
    return [m.provider_id for b in batches for m in b.messages]


def test_first_sync_delivers_every_message_in_the_window_once_and_records_the_history_id(fake):
    inside = fill(fake, 120)
    fake.add_message(make_raw(subject="Too old", date="Mon, 03 Mar 2025 08:00:00 +0000"))
    history_id = fake.mailbox().history_id

    batches, cursor = run(source(fake, page_size=50, batch_size=20))

    ids = delivered(batches)
    assert sorted(ids) == sorted(m.id for m in inside)
    assert len(ids) == len(set(ids))
    assert json.loads(cursor) == {"v": 1, "history_id": str(history_id)}
    first = next(m for b in batches for m in b.messages if m.provider_id == inside[0].id)
    assert first.raw == inside[0].raw
    assert first.labels == ("INBOX",)
    assert re.fullmatch(r"[0-9a-f]{16}", first.thread_id)
    assert first.received_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert fake.served_ids.most_common(1)[0][1] == 1


def test_first_sync_sends_at_most_fifty_calls_per_batch_and_costs_five_units_a_message(fake):
    fill(fake, 120)

    run(source(fake))

    # one getProfile, one messages.list page, then batches of 50 + 50 + 20
    assert fake.http_requests == 1 + 1 + 3
    assert fake.calls["messages.get"] == 120
    assert fake.units == 1 + 5 + 120 * 5


def test_incremental_sync_delivers_only_new_messages_and_reports_sent_and_trash_changes(fake):
    old = fill(fake, 5)
    _, cursor = run(source(fake))
    new = fill(fake, 3, day=17, subject="New")
    fake.change_labels(old[0].id, add=["TRASH"], remove=["INBOX"])
    fake.change_labels(old[1].id, add=["STARRED"])
    fake.reset_counters()

    batches, cursor = run(source(fake), cursor)

    assert sorted(delivered(batches)) == sorted(m.id for m in new)
    changes = {k: v for b in batches for k, v in b.label_changes.items()}
    assert changes == {old[0].id: ("TRASH",)}
    assert fake.calls["history.list"] == 1 and fake.calls["messages.get"] == 3
    assert json.loads(cursor)["history_id"] == str(fake.mailbox().history_id)


def test_a_sent_draft_is_fetched_and_drafts_and_deletions_are_not(fake):
    _, cursor = run(source(fake))
    draft = fake.add_message(make_raw(subject="Thank you"), labels=["DRAFT"])
    kept = fill(fake, 2, day=17)
    fake.delete_message(kept[1].id)
    fake.change_labels(draft.id, add=["SENT"], remove=["DRAFT"])

    batches, _ = run(source(fake), cursor)

    assert sorted(delivered(batches)) == sorted([draft.id, kept[0].id])
    assert next(m for b in batches for m in b.messages if m.provider_id == draft.id).labels == ("SENT",)
    assert [r for b in batches for r in b.removed] == [kept[1].id]


def test_an_idle_poll_costs_one_history_list_and_delivers_nothing(fake):
    fill(fake, 4)
    _, cursor = run(source(fake))
    fake.reset_counters()

    batches, after = run(source(fake), cursor)

    assert delivered(batches) == []
    assert dict(fake.calls) == {"history.list": 1}
    assert fake.units == 2 and after == cursor


def test_history_that_is_too_old_raises_cursor_expired(fake):
    fill(fake, 3)
    _, cursor = run(source(fake))
    fill(fake, 1, day=17)
    fake.expire_history()

    with pytest.raises(CursorExpired):
        run(source(fake), cursor)


def test_an_unreadable_cursor_asks_for_a_full_sync(fake):
    with pytest.raises(CursorExpired):
        run(source(fake), "not json")


FAULTS = {
    "429": dict(status=429),
    "403 rateLimitExceeded": dict(status=403, reason="rateLimitExceeded"),
    "403 userRateLimitExceeded": dict(status=403, reason="userRateLimitExceeded"),
    "500": dict(status=500),
    "503": dict(status=503),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_failing_batch_part_is_retried_until_it_succeeds(fake, fault):
    messages = fill(fake, 10)
    victim = messages[4].id
    fake.inject("messages.get", message_id=victim, times=3, **fault)

    batches, _ = run(source(fake))

    assert sorted(delivered(batches)) == sorted(m.id for m in messages)
    assert fake.calls["messages.get"] == 10 + 3
    assert fake.served_ids[victim] == 1 and all(not b.failed for b in batches)


def test_dropped_connections_are_retried_until_the_batch_gets_through(fake):
    messages = fill(fake, 10)
    drops = fake.inject("batch", drop=True, times=4)

    batches, _ = run(source(fake))

    assert drops.hits == 4
    assert sorted(delivered(batches)) == sorted(m.id for m in messages)


def test_a_slow_answer_times_out_and_is_asked_again(fake):
    messages = fill(fake, 10)
    slow = fake.inject("messages.get", delay=1.5, message_id=messages[2].id)

    batches, _ = run(source(fake, timeout=0.5))

    assert slow.hits == 1
    assert sorted(delivered(batches)) == sorted(m.id for m in messages)


def test_a_slow_list_page_and_a_503_on_the_list_are_retried(fake):
    messages = fill(fake, 5)
    unavailable = fake.inject("messages.list", status=503)
    slow = fake.inject("messages.list", delay=1.5)

    batches, _ = run(source(fake, timeout=0.5))

    assert sorted(delivered(batches)) == sorted(m.id for m in messages)
    assert unavailable.hits == 1 and slow.hits == 1


def test_a_part_that_keeps_failing_ends_in_failed_and_the_others_are_delivered(fake):
    messages = fill(fake, 10)
    victim = messages[7].id
    fake.inject("messages.get", status=500, message_id=victim, times=None)

    batches, cursor = run(source(fake))

    assert sorted(delivered(batches)) == sorted(m.id for m in messages if m.id != victim)
    failed = [f for b in batches for f in b.failed]
    assert [f[0] for f in failed] == [victim] and "500" in failed[0][1]
    assert "full" not in json.loads(cursor)


def test_a_quota_that_stays_exhausted_raises_rate_limited(fake):
    fill(fake, 3)
    _, cursor = run(source(fake))
    fake.inject("history.list", status=429, times=None)

    with pytest.raises(RateLimited):
        run(source(fake), cursor)


def test_a_revoked_refresh_token_raises_authorization_revoked(fake):
    fill(fake, 3)
    info = fake.credentials_info()
    _, cursor = run(source(fake, info))
    fake.revoke(info["refresh_token"])

    with pytest.raises(AuthorizationRevoked, match="invalid_grant"):
        run(source(fake, info), cursor)
    with pytest.raises(AuthorizationRevoked):
        run(source(fake, info))


def test_a_wrong_access_token_is_refreshed_and_the_sync_goes_on(fake):
    messages = fill(fake, 60)
    info = dict(fake.credentials_info(), token="ya29.stale-or-wrong")
    src = source(fake, info)

    stream = src.changes(None)
    first = next(stream)
    fake.expire_access_tokens()  # the token dies between two batches
    rest = list(stream)

    assert fake.token_requests == 2
    assert sorted(delivered([first, *rest])) == sorted(m.id for m in messages)


@pytest.mark.parametrize("stop_after", [1, 2, 4], ids=["mid-page", "page-boundary", "last-page"])
def test_a_restart_in_the_middle_of_a_first_sync_resumes_with_no_duplicate_and_no_gap(fake, stop_after):
    messages = fill(fake, 95)
    stream = source(fake, page_size=40, batch_size=20).changes(None)
    first_run = [next(stream) for _ in range(stop_after)]
    stream.close()  # the daemon is killed; the engine committed these batches and their cursor
    fill(fake, 2, day=17, subject="Arrived meanwhile")

    second_run, cursor = run(source(fake, page_size=40, batch_size=20), first_run[-1].cursor)

    ids = delivered(first_run) + delivered(second_run)
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(m.id for m in messages)
    assert "full" not in json.loads(cursor)


def test_a_first_sync_paces_itself_under_the_per_user_quota(fake):
    fill(fake, 120)  # 1 + 5 + 600 units
    clock = [0.0]

    def wait(seconds):  # virtual time: the pacer's waits are counted, not slept
        clock[0] += seconds

    run(source(fake, units_per_minute=600, clock=lambda: clock[0], sleep=wait))

    # a burst of 150 units at once, then 10 units a second for the rest
    assert clock[0] >= (606 - 150) / 10 - 5.0
    assert fake.units == 606


def test_a_first_sync_position_gmail_no_longer_accepts_asks_for_a_full_sync(fake):
    fill(fake, 3)
    _, steady = run(source(fake))
    stale = dict(json.loads(steady), full={"after": 0, "page": "bm90LWEtdG9rZW4", "done": 0, "last": None})

    with pytest.raises(CursorExpired):
        run(source(fake), json.dumps(stale))

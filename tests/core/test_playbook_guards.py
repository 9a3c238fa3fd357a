"""Guards over every rule: spacing, replies, explicit no, stated dates, channel, calendar, states."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.core.builders_playbook import (
    MON,
    days,
    history,
    hours,
    interview,
    of,
    one,
    opportunity,
    person,
    state,
    touch,
)
from topofmind.playbook import next_actions, pending
from topofmind.playbook.settings import PlaybookSettings

S = PlaybookSettings()
TUE = MON + days(1)
DANA = person(id=1)


def test_no_second_outreach_to_the_same_person_within_14_days():
    # Dana was nudged about opportunity 10 on Tuesday; a new application (11) also has her as recruiter.
    h = history(people=[DANA],
                opportunities=[opportunity(id=10, contacts=((1, "recruiter"),)),
                               opportunity(id=11, role="Analyst", at=TUE + days(1), contacts=((1, "recruiter"),))],
                touches=[touch(at=TUE, kind="follow_up", opportunity_id=10)])
    action = one(next_actions(h, TUE + days(2), S), "follow_up")
    assert action.opportunity_id == 11
    assert action.earliest >= TUE + days(14)


def test_thank_you_notes_ignore_the_14_day_spacing():
    iv = TUE + days(1)
    h = history(people=[DANA], opportunities=[opportunity(stage="interviewing", contacts=((1, "recruiter"),))],
                interviews=[interview(starts_at=iv)],
                touches=[touch(at=TUE, kind="follow_up")])
    action = one(next_actions(h, iv + hours(2), S), "thank_you")
    assert action.due == iv + hours(0.75) + hours(24)


def test_a_reply_from_the_person_resets_their_cycle():
    h = history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),))], touches=[
        touch(at=TUE, kind="follow_up"), touch(at=TUE + days(7), kind="follow_up"),
        touch(at=TUE + days(8), direction="in", kind="reply"),
        touch(at=TUE + days(9), kind="follow_up", id=777)])
    action = one(next_actions(h, TUE + days(10), S), "second_follow_up")
    assert action.key.endswith(".t777")
    assert action.extra["nudge"] == 2


def test_an_explicit_no_closes_every_follow_up_on_the_opportunity():
    iv = datetime(2026, 3, 10, 14, tzinfo=UTC)
    h = history(people=[DANA], opportunities=[opportunity(stage="interviewing", contacts=((1, "recruiter"),))],
                interviews=[interview(starts_at=iv)],
                touches=[touch(at=iv + hours(3), kind="thank_you"),
                         touch(at=iv + days(2), direction="in", kind="rejection")])
    kinds = {a.kind for a in next_actions(h, iv + days(9), S)}
    assert "status_follow_up" not in kinds and "at_risk" not in kinds
    assert "rejection_reply" in kinds


def test_a_person_who_asked_not_to_be_contacted_gets_nothing():
    h = history(people=[person(id=1, keep_in_touch=False)], opportunities=[opportunity(contacts=((1, "recruiter"),))])
    assert [a for a in next_actions(h, TUE, S) if a.person_id == 1] == []


def test_a_stated_next_step_date_replaces_the_default_wait():
    h = history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),),
                                                          decision_expected_by=date(2026, 3, 12))])
    action = one(next_actions(h, TUE, S), "follow_up")
    assert action.earliest == datetime(2026, 3, 13, 9, tzinfo=UTC)


def test_the_persons_preferred_channel_wins():
    h = history(people=[person(id=1, preferred_channel="linkedin")],
                opportunities=[opportunity(contacts=((1, "recruiter"),))])
    assert one(next_actions(h, TUE, S), "follow_up").channel == "linkedin"


def test_due_dates_are_computed_in_the_users_timezone():
    applied = datetime(2026, 3, 3, 4, 30, tzinfo=UTC)  # Mon 2 Mar 23:30 in New York
    h = history(opportunities=[opportunity(applied_at=applied)], timezone="America/New_York")
    action = one(next_actions(h, applied + hours(1), S), "find_contact")
    assert action.earliest == datetime(2026, 3, 3, 14, tzinfo=UTC)  # Tue 09:00 New York


def test_work_outreach_that_would_fall_on_a_weekend_moves_to_monday_morning():
    friday = datetime(2026, 3, 6, 16, tzinfo=UTC)
    h = history(opportunities=[opportunity(applied_at=friday)])
    action = one(next_actions(h, friday + hours(1), S), "find_contact")
    assert action.earliest == datetime(2026, 3, 9, 9, tzinfo=UTC)


def test_weekend_skipping_can_be_turned_off():
    friday = datetime(2026, 3, 6, 16, tzinfo=UTC)
    h = history(opportunities=[opportunity(applied_at=friday)])
    action = one(next_actions(h, friday + hours(1), PlaybookSettings.from_overrides({"skip_weekends": False})),
                 "find_contact")
    assert action.earliest == datetime(2026, 3, 7, 9, tzinfo=UTC)


def test_a_check_in_with_a_friend_may_fall_on_a_weekend():
    friend = person(id=5, name="Ola Berg", relationship="friend")
    last = datetime(2025, 12, 6, 12, tzinfo=UTC)  # +90 days is Saturday 6 March
    h = history(people=[friend], touches=[touch(at=last, direction="in", kind="reply", person_id=5, opportunity_id=None)])
    action = one(next_actions(h, last + days(91), S), "check_in")
    assert action.earliest == datetime(2026, 3, 6, 9, tzinfo=UTC) and action.work_outreach is False


def _applied():
    return history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),))])


def test_a_done_action_stays_done():
    key = one(next_actions(_applied(), TUE, S), "follow_up").key
    h = history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),))], states=[state(key=key)])
    actions = next_actions(h, TUE + hours(1), S)
    assert one(actions, "follow_up").state == "done"
    assert pending(actions) == []


def test_a_dismissed_action_stays_dismissed():
    key = one(next_actions(_applied(), TUE, S), "follow_up").key
    h = history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),))],
                states=[state(key=key, state="dismissed")])
    assert one(next_actions(h, TUE + days(1), S), "follow_up").state == "dismissed"


def test_a_snoozed_action_is_hidden_until_the_snooze_ends():
    key = one(next_actions(_applied(), TUE, S), "follow_up").key
    until = TUE + days(2)
    h = history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),))],
                states=[state(key=key, state="snoozed", snoozed_until=until)])
    assert one(next_actions(h, TUE + hours(1), S), "follow_up").state == "snoozed"
    back = one(next_actions(h, until + hours(1), S), "follow_up")
    assert back.state == "open" and back.due >= until


def test_a_missed_one_off_action_disappears_once_long_past():
    h = history(opportunities=[opportunity(applied_at=MON)])
    assert of(next_actions(h, MON + days(20), S), "find_contact") != []
    assert of(next_actions(h, MON + days(40), S), "find_contact") == []


def test_pending_at_a_moment_keeps_only_what_can_be_done_by_then():
    actions = next_actions(_applied(), MON + hours(1), S)
    assert pending(actions, MON + hours(1)) == []
    assert [a.kind for a in pending(actions, TUE + hours(1))] == ["follow_up"]


def test_two_pending_outreaches_to_one_person_are_spaced_14_days_apart():
    h = history(people=[DANA],
                opportunities=[opportunity(id=10, contacts=((1, "recruiter"),)),
                               opportunity(id=11, role="Analyst", contacts=((1, "recruiter"),))])
    first, second = sorted(of(next_actions(h, TUE, S), "follow_up"), key=lambda a: a.due)
    assert second.earliest >= first.due + days(14)


def test_an_action_held_back_by_a_guard_says_why():
    h = history(people=[DANA],
                opportunities=[opportunity(id=10, contacts=((1, "recruiter"),)),
                               opportunity(id=11, role="Analyst", at=TUE + days(1), contacts=((1, "recruiter"),))],
                touches=[touch(at=TUE, kind="follow_up", opportunity_id=10)])
    action = one(next_actions(h, TUE + days(2), S), "follow_up")
    assert "You last wrote to Dana Lee on Tue 3 Mar; waiting 14 days between messages keeps you welcome." in action.why
    timeline = history(people=[DANA], opportunities=[opportunity(contacts=((1, "recruiter"),),
                                                                 decision_expected_by=date(2026, 3, 12))])
    assert one(next_actions(timeline, TUE, S), "follow_up").why.endswith(
        "They said they would decide by Thu 12 Mar, so this waits until Fri 13 Mar.")

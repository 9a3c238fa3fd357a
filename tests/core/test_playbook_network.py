"""Rules 9–10: networking follow-ups, introductions, periodic check-ins."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.builders_playbook import days, history, hours, of, one, person, touch
from topofmind.playbook import next_actions
from topofmind.playbook.settings import PlaybookSettings

S = PlaybookSettings()
MET = datetime(2026, 3, 17, 12, tzinfo=UTC)  # Tuesday lunch
KIM = person(id=5, name="Kim Ode", first_name="Kim", relationship="networking_contact", company_name=None)


def test_networking_meeting_is_followed_up_within_24_hours():
    h = history(people=[KIM], touches=[touch(at=MET, kind="meeting", direction="out", person_id=5, opportunity_id=None)])
    action = one(next_actions(h, MET + hours(2), S), "networking_follow_up")
    assert action.earliest == MET and action.due == MET + hours(24)
    assert "You met Kim Ode on Tue 17 Mar." in action.why


def test_informational_interview_follow_up_is_done_once_written():
    h = history(people=[KIM], touches=[
        touch(at=MET, kind="meeting", person_id=5, opportunity_id=None),
        touch(at=MET + hours(5), kind="thank_you", person_id=5, opportunity_id=None)])
    assert of(next_actions(h, MET + hours(6), S), "networking_follow_up") == []


def test_new_networking_contact_is_followed_up_within_24_hours():
    added = person(id=6, name="Ana Ruiz", first_name="Ana", relationship="job_fair_contact", created_at=MET)
    action = one(next_actions(history(people=[added]), MET + hours(1), S), "networking_follow_up")
    assert action.person_id == 6 and action.due == MET + hours(24)


def test_introduction_thanks_the_introducer():
    h = history(people=[KIM], touches=[touch(at=MET, direction="in", kind="introduction", person_id=5,
                                             opportunity_id=None)])
    action = one(next_actions(h, MET + hours(1), S), "thank_introducer")
    assert action.person_id == 5 and action.due == MET + hours(24)


def test_check_in_every_three_to_four_months_after_the_last_contact():
    last = datetime(2025, 12, 1, 15, tzinfo=UTC)
    h = history(people=[KIM], touches=[touch(at=last, kind="reply", direction="in", person_id=5, opportunity_id=None)])
    action = one(next_actions(h, last + days(95), S), "check_in")
    assert action.earliest == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert action.latest == datetime(2026, 3, 31, 9, tzinfo=UTC)
    assert "not an ask" in action.why


def test_contact_marked_not_worth_keeping_gets_no_check_in():
    last = datetime(2025, 12, 1, 15, tzinfo=UTC)
    gone = person(id=5, name="Kim Ode", keep_in_touch=False)
    h = history(people=[gone], touches=[touch(at=last, kind="reply", direction="in", person_id=5, opportunity_id=None)])
    assert of(next_actions(h, last + days(95), S), "check_in") == []


def test_a_person_known_only_from_automated_mail_gets_no_check_in():
    h = history(people=[KIM], touches=[touch(at=MET, direction="in", kind="confirmation", person_id=5)])
    assert of(next_actions(h, MET + days(100), S), "check_in") == []


def test_an_introduction_for_a_referral_is_thanked_once_not_twice():
    from tests.core.builders_playbook import opportunity

    h = history(people=[KIM, person(id=1)],
                opportunities=[opportunity(source="referral", contacts=((5, "referrer"), (1, "recruiter")))],
                touches=[touch(at=MET, direction="in", kind="introduction", person_id=5)])
    actions = next_actions(h, MET + hours(1), S)
    assert [a.kind for a in actions if a.person_id == 5] == ["thank_referrer"]


def test_a_new_contact_starts_a_new_check_in_cycle_with_a_new_key():
    last = datetime(2025, 12, 1, 15, tzinfo=UTC)
    first = [touch(at=last, kind="reply", direction="in", person_id=5, opportunity_id=None)]
    h1 = history(people=[KIM], touches=first)
    h2 = history(people=[KIM], touches=[*first, touch(at=last + days(20), kind="check_in", person_id=5, opportunity_id=None)])
    k1 = one(next_actions(h1, last + days(95), S), "check_in").key
    assert k1 == one(next_actions(h1, last + days(96), S), "check_in").key
    assert k1 != one(next_actions(h2, last + days(125), S), "check_in").key

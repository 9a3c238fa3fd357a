"""Rules 1–3: applications, referrals, and unanswered follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.builders_playbook import MON, days, history, hours, of, one, opportunity, person, touch
from topofmind.playbook import next_actions
from topofmind.playbook.settings import PlaybookSettings

S = PlaybookSettings()
TUE = MON + days(1)
THU = MON + days(3)


def at(day: datetime, hour: int) -> datetime:
    return day.replace(hour=hour, minute=0)


# --- rule 1: online application -----------------------------------------------------------

def test_online_application_without_contact_asks_to_find_one_a_day_or_two_later():
    h = history(opportunities=[opportunity(applied_at=MON)])
    action = one(next_actions(h, TUE, S), "find_contact")
    assert action.earliest == at(TUE, 9)
    assert action.latest == at(MON + days(2), 9)
    assert action.person_id is None and action.opportunity_id == 10


def test_find_contact_links_to_linkedin_searches_for_recruiters_and_role_managers():
    h = history(opportunities=[opportunity(company_name="Contoso", role="Data Engineer")])
    extra = one(next_actions(h, TUE, S), "find_contact").extra
    assert extra["search_recruiters_url"].startswith("https://www.linkedin.com/search/results/people/")
    assert "Contoso" in extra["search_recruiters_url"] and "talent+acquisition" in extra["search_recruiters_url"]
    assert "Data+Engineer" in extra["search_managers_url"] and "manager" in extra["search_managers_url"]


def test_application_follow_up_goes_to_the_known_recruiter_and_offers_value():
    h = history(people=[person(id=1)], opportunities=[opportunity(contacts=((1, "recruiter"),))])
    actions = next_actions(h, TUE, S)
    action = one(actions, "follow_up")
    assert action.person_id == 1
    assert "something of value" in action.why
    assert of(actions, "find_contact") == []


def test_hiring_manager_is_preferred_over_recruiter_for_the_application_follow_up():
    h = history(people=[person(id=1), person(id=2, name="Lee Park", relationship="hiring_manager")],
                opportunities=[opportunity(contacts=((1, "recruiter"), (2, "hiring_manager")))])
    assert one(next_actions(h, TUE, S), "follow_up").person_id == 2


def test_no_application_follow_up_once_the_employer_has_answered():
    h = history(people=[person(id=1)], opportunities=[opportunity(contacts=((1, "recruiter"),))],
                touches=[touch(at=MON + hours(5), direction="in", kind="interview_invitation")])
    assert of(next_actions(h, TUE, S), "follow_up") == []


def test_ats_confirmation_is_not_an_answer():
    h = history(opportunities=[opportunity()],
                touches=[touch(at=MON + hours(1), direction="in", kind="confirmation", person_id=None)])
    assert len(of(next_actions(h, TUE, S), "find_contact")) == 1


def test_application_follow_up_is_done_once_a_follow_up_was_sent():
    h = history(people=[person(id=1)], opportunities=[opportunity(contacts=((1, "recruiter"),))],
                touches=[touch(at=TUE + hours(1), kind="follow_up")])
    assert of(next_actions(h, TUE + hours(2), S), "follow_up") == []


# --- rule 2: referral ---------------------------------------------------------------------

def _referral(*touches):
    return history(
        people=[person(id=1), person(id=2, name="Ola Berg", first_name="Ola", relationship="friend")],
        opportunities=[opportunity(source="referral", contacts=((2, "referrer"), (1, "recruiter")))],
        touches=[touch(at=THU, direction="in", kind="referral", person_id=2, id=500), *touches],
    )


def test_referral_thanks_the_referrer_right_away():
    action = one(next_actions(_referral(), THU + hours(1), S), "thank_referrer")
    assert action.person_id == 2
    assert action.earliest == THU and action.due == THU + hours(24)


def test_referral_contacts_the_introduced_person_right_away():
    action = one(next_actions(_referral(), THU + hours(1), S), "contact_introduced")
    assert action.person_id == 1 and action.due == THU + hours(24)


def test_warm_follow_up_comes_five_to_seven_days_after_the_first_message():
    h = _referral(touch(at=THU + hours(1), kind="message", person_id=1, id=501))
    action = one(next_actions(h, THU + days(2), S), "warm_follow_up")
    assert action.earliest == at(THU + days(5), 9)  # Tuesday
    assert action.latest == at(THU + days(7), 9)
    assert of(next_actions(h, THU + days(2), S), "second_follow_up") == []


def test_warm_follow_up_is_not_needed_once_the_introduced_person_replies():
    h = _referral(touch(at=THU + hours(1), kind="message", person_id=1),
                  touch(at=THU + days(1), direction="in", kind="reply", person_id=1))
    assert of(next_actions(h, THU + days(2), S), "warm_follow_up") == []


def test_referrer_thanked_once_a_note_was_sent():
    h = _referral(touch(at=THU + hours(2), kind="thank_you", person_id=2))
    assert of(next_actions(h, THU + hours(3), S), "thank_referrer") == []


# --- rule 3: no answer ----------------------------------------------------------------------

def _nudged(*touches):
    return history(people=[person(id=1)], opportunities=[opportunity(contacts=((1, "recruiter"),))],
                   touches=list(touches))


def test_second_nudge_waits_a_week_after_the_first():
    h = _nudged(touch(at=TUE, kind="follow_up", id=600))
    action = one(next_actions(h, TUE + days(2), S), "second_follow_up")
    assert action.earliest == at(TUE + days(7), 9)
    assert action.latest == at(TUE + days(14), 9)
    assert "one more" in action.why


def test_follow_up_stops_after_two_unanswered_messages_and_check_ins_take_over():
    h = _nudged(touch(at=TUE, kind="follow_up"), touch(at=TUE + days(7), kind="follow_up"))
    actions = next_actions(h, TUE + days(9), S)
    assert of(actions, "second_follow_up") == []
    check_in = one(actions, "check_in")
    assert check_in.earliest.date() == (TUE + days(7 + 90)).date()


def test_a_higher_nudge_limit_allows_a_third_message():
    h = _nudged(touch(at=TUE, kind="follow_up"), touch(at=TUE + days(7), kind="follow_up"))
    action = one(next_actions(h, TUE + days(9), PlaybookSettings.from_overrides({"max_unanswered_nudges": 3})),
                 "second_follow_up")
    assert action.extra["nudge"] == 3


def test_networking_message_without_answer_gets_one_more_nudge():
    h = history(people=[person(id=5, name="Kim Ode", relationship="networking_contact")],
                touches=[touch(at=TUE, kind="message", person_id=5, opportunity_id=None)])
    action = one(next_actions(h, TUE + days(3), S), "second_follow_up")
    assert action.person_id == 5 and action.opportunity_id is None


def test_no_nudges_about_an_opportunity_that_reached_interviews():
    h = history(people=[person(id=1)],
                opportunities=[opportunity(stage="interviewing", contacts=((1, "recruiter"),))],
                touches=[touch(at=TUE, kind="follow_up")])
    assert of(next_actions(h, datetime(2026, 3, 5, 12, tzinfo=UTC), S), "second_follow_up") == []


def test_an_unanswered_check_in_is_not_chased():
    h = history(people=[person(id=5, name="Kim Ode", relationship="networking_contact")],
                touches=[touch(at=TUE, kind="check_in", person_id=5, opportunity_id=None)])
    assert of(next_actions(h, TUE + days(10), S), "second_follow_up") == []

"""Rules 4–6: thank-you notes, status follow-ups after an interview, late decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.core.builders_playbook import days, history, hours, interview, of, one, opportunity, person, touch
from topofmind.playbook import at_risk_opportunity_ids, next_actions
from topofmind.playbook.settings import PlaybookSettings

S = PlaybookSettings()
IV = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # Tuesday 14:00
END = IV + hours(0.75)

DANA = person(id=1, name="Dana Lee", relationship="recruiter")
LEE = person(id=3, name="Lee Park", first_name="Lee", relationship="interviewer")
SAM = person(id=4, name="Sam Ito", first_name="Sam", relationship="interviewer")
OLA = person(id=2, name="Ola Berg", first_name="Ola", relationship="referrer")


def _interviewed(*, contacts=((1, "recruiter"),), interviews=None, touches=(), **opp):
    return history(
        people=[DANA, LEE, SAM, OLA],
        opportunities=[opportunity(stage="interviewing", contacts=contacts, **opp)],
        interviews=interviews if interviews is not None else [interview(starts_at=IV, interviewer_ids=(3, 4), id=70)],
        touches=touches,
    )


# --- rule 4: thank-you ----------------------------------------------------------------------

def test_thank_you_within_24_hours_of_the_interview_end_to_every_interviewer():
    thanks = of(next_actions(_interviewed(), END + hours(1), S), "thank_you")
    to_interviewers = [a for a in thanks if a.person_id in (3, 4)]
    assert len(to_interviewers) == 2
    assert all(a.earliest == END and a.latest == END + hours(24) for a in to_interviewers)


def test_thank_you_why_names_the_interviewer_and_the_day():
    thanks = of(next_actions(_interviewed(), END + hours(1), S), "thank_you")
    lee = next(a for a in thanks if a.person_id == 3)
    assert lee.why.startswith("You interviewed with Lee Park on Tue 10 Mar;")


def test_thank_you_also_goes_to_the_recruiter_who_set_it_up_and_whoever_helped():
    h = _interviewed(contacts=((1, "recruiter"), (2, "referrer")))
    people = {a.person_id for a in of(next_actions(h, END + hours(1), S), "thank_you")}
    assert people == {1, 2, 3, 4}


def test_helpers_are_thanked_after_the_first_interview_only():
    second = IV + days(7)
    h = _interviewed(contacts=((1, "recruiter"), (2, "referrer")),
                     interviews=[interview(starts_at=IV, interviewer_ids=(3,), id=70),
                                 interview(starts_at=second, interviewer_ids=(4,), id=71)],
                     touches=[touch(at=END + hours(2), kind="thank_you", person_id=p) for p in (1, 2, 3)])
    thanks = of(next_actions(h, second + hours(2), S), "thank_you")
    assert {a.person_id for a in thanks} == {1, 4}


def test_thank_you_is_done_once_the_note_is_sent():
    h = _interviewed(touches=[touch(at=END + hours(3), kind="thank_you", person_id=3)])
    thanks = of(next_actions(h, END + hours(4), S), "thank_you")
    assert 3 not in {a.person_id for a in thanks}


def test_cancelled_interview_needs_no_thank_you():
    h = _interviewed(interviews=[interview(starts_at=IV, interviewer_ids=(3,), cancelled=True)])
    assert of(next_actions(h, END + hours(1), S), "thank_you") == []


# --- rule 5: status follow-up -------------------------------------------------------------

def test_status_follow_up_comes_a_week_after_the_interview():
    action = one(next_actions(_interviewed(), END + days(2), S), "status_follow_up")
    assert action.due == datetime(2026, 3, 17, 9, tzinfo=UTC)
    assert action.person_id == 1


def test_status_follow_up_comes_the_day_after_a_stated_timeline():
    h = _interviewed(decision_expected_by=date(2026, 3, 12))
    action = one(next_actions(h, END + days(1), S), "status_follow_up")
    assert action.due == datetime(2026, 3, 13, 9, tzinfo=UTC)
    assert "decide" in action.why


def test_status_follow_ups_go_every_two_weeks_then_monthly():
    first = datetime(2026, 3, 17, 10, tzinfo=UTC)
    sent = [first, first + days(14), first + days(28)]
    h = _interviewed(touches=[touch(at=t, kind="follow_up", person_id=1) for t in sent[:1]])
    assert one(next_actions(h, first + days(1), S), "status_follow_up").due.date() == (first + days(14)).date()
    h = _interviewed(touches=[touch(at=t, kind="follow_up", person_id=1) for t in sent])
    assert one(next_actions(h, sent[-1] + days(1), S), "status_follow_up").due.date() == (sent[-1] + days(30)).date()


def test_employer_answer_restarts_the_status_cycle():
    reply_at = datetime(2026, 3, 18, 16, tzinfo=UTC)
    h = _interviewed(touches=[touch(at=datetime(2026, 3, 17, 10, tzinfo=UTC), kind="follow_up", person_id=1),
                              touch(at=reply_at, direction="in", kind="reply", person_id=1, id=900)])
    action = one(next_actions(h, reply_at + hours(1), S), "status_follow_up")
    assert action.due.date() == date(2026, 3, 25)
    assert action.key.split(".")[3] == "t900"


# --- rule 6: late decision ------------------------------------------------------------------

def test_late_decision_marks_the_opportunity_at_risk_and_suggests_other_interviews():
    h = _interviewed(decision_expected_by=date(2026, 3, 12))
    actions = next_actions(h, datetime(2026, 3, 16, 10, tzinfo=UTC), S)
    action = one(actions, "at_risk")
    assert action.channel == "task" and action.person_id is None
    assert "other interviews" in action.title and "Time kills deals" in action.why
    assert at_risk_opportunity_ids(actions) == {10}


def test_decision_within_its_grace_period_is_not_at_risk():
    h = _interviewed(decision_expected_by=date(2026, 3, 12))
    assert of(next_actions(h, datetime(2026, 3, 14, 10, tzinfo=UTC), S), "at_risk") == []


def test_weeks_of_silence_after_an_interview_mark_it_at_risk():
    h = _interviewed()
    assert of(next_actions(h, END + days(20), S), "at_risk") == []
    assert len(of(next_actions(h, END + days(22), S), "at_risk")) == 1


def test_an_answer_after_the_promised_date_lifts_the_risk():
    h = _interviewed(decision_expected_by=date(2026, 3, 12),
                     touches=[touch(at=datetime(2026, 3, 13, 9, tzinfo=UTC), direction="in",
                                    kind="status_update", person_id=1)])
    assert of(next_actions(h, datetime(2026, 3, 17, 10, tzinfo=UTC), S), "at_risk") == []


def test_a_later_interview_replaces_an_unsent_thank_you_for_an_earlier_one():
    second = IV + days(7)
    h = _interviewed(interviews=[interview(starts_at=IV, interviewer_ids=(3,), id=70),
                                 interview(starts_at=second, interviewer_ids=(4,), id=71)])
    recruiter = [a for a in of(next_actions(h, second + hours(2), S), "thank_you") if a.person_id == 1]
    assert [a.extra["interview_id"] for a in recruiter] == [71]


def test_an_ignored_status_follow_up_stays_until_there_is_an_answer():
    assert len(of(next_actions(_interviewed(), END + days(90), S), "status_follow_up")) == 1

"""Rules 7–8: offers, acceptance wrap-up, rejections."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.builders_playbook import days, history, hours, of, one, opportunity, person, touch
from topofmind.playbook import next_actions
from topofmind.playbook.settings import PlaybookSettings

S = PlaybookSettings()
OFFER_AT = datetime(2026, 3, 16, 15, tzinfo=UTC)  # Monday afternoon

DANA = person(id=1, name="Dana Lee", relationship="recruiter")
LEE = person(id=3, name="Lee Park", first_name="Lee", relationship="hiring_manager")
OLA = person(id=2, name="Ola Berg", first_name="Ola", relationship="friend")
KIM = person(id=5, name="Kim Ode", first_name="Kim", relationship="networking_contact", company_name=None)


def _offer(**opp):
    return history(people=[DANA], opportunities=[opportunity(stage="offer", at=OFFER_AT, contacts=((1, "recruiter"),), **opp)],
                   touches=[touch(at=OFFER_AT, direction="in", kind="offer", id=40)])


# --- rule 7: offer --------------------------------------------------------------------------

def test_verbal_offer_asks_for_it_in_writing_within_a_day():
    action = one(next_actions(_offer(), OFFER_AT + hours(1), S), "offer_in_writing")
    assert action.person_id == 1
    assert action.due == datetime(2026, 3, 17, 9, tzinfo=UTC)


def test_written_offer_needs_no_request_for_writing():
    assert of(next_actions(_offer(offer_in_writing=True), OFFER_AT + hours(1), S), "offer_in_writing") == []


def test_offer_is_reviewed_and_negotiated_within_three_days():
    action = one(next_actions(_offer(offer_in_writing=True), OFFER_AT + hours(1), S), "offer_review")
    assert action.due == datetime(2026, 3, 19, 9, tzinfo=UTC)
    assert "negotiate" in action.title.lower()


def _accepted(*extra_opps, touches=()):
    accepted = opportunity(id=10, stage="accepted", at=OFFER_AT, contacts=((1, "recruiter"), (2, "referrer")))
    return history(people=[DANA, LEE, OLA, KIM], opportunities=[accepted, *extra_opps], touches=touches)


def test_accepting_an_offer_tells_every_other_open_opportunity():
    h = _accepted(opportunity(id=11, company_name="Fabrikam", stage="interviewing", contacts=((3, "hiring_manager"),)),
                  opportunity(id=12, company_name="Tailspin", stage="applied"),
                  opportunity(id=13, company_name="Woodgrove", stage="rejected"))
    notes = of(next_actions(h, OFFER_AT + hours(2), S), "notify_other_opportunities")
    assert {(a.opportunity_id, a.person_id) for a in notes} == {(11, 3), (12, None)}
    assert all(a.due == datetime(2026, 3, 18, 9, tzinfo=UTC) for a in notes)


def test_accepting_an_offer_thanks_each_helper_once():
    h = _accepted(opportunity(id=11, stage="rejected", contacts=((2, "helper"),)),
                  touches=[touch(at=OFFER_AT - days(20), kind="meeting", person_id=5, opportunity_id=None)])
    thanks = of(next_actions(h, OFFER_AT + hours(2), S), "thank_helper")
    assert sorted(a.person_id for a in thanks) == [2, 5]


def test_helper_already_told_the_news_is_not_thanked_again():
    h = _accepted(touches=[touch(at=OFFER_AT + hours(1), kind="message", person_id=2, opportunity_id=None)])
    assert of(next_actions(h, OFFER_AT + hours(2), S), "thank_helper") == []


# --- rule 8: rejection ----------------------------------------------------------------------

def test_rejection_gets_a_gracious_reply_to_hiring_manager_and_recruiter():
    rejected = datetime(2026, 3, 17, 11, tzinfo=UTC)
    h = history(people=[DANA, LEE],
                opportunities=[opportunity(stage="rejected", at=rejected,
                                           contacts=((1, "recruiter"), (3, "hiring_manager")))])
    replies = of(next_actions(h, rejected + hours(2), S), "rejection_reply")
    assert {a.person_id for a in replies} == {1, 3}
    assert all(a.due == rejected + hours(24) and a.latest == rejected + hours(36) for a in replies)
    assert "future roles" in replies[0].why


def test_position_filled_message_from_a_person_is_answered_even_without_known_contacts():
    filled = datetime(2026, 3, 17, 11, tzinfo=UTC)
    h = history(people=[DANA], opportunities=[opportunity(stage="interviewing")],
                touches=[touch(at=filled, direction="in", kind="rejection", person_id=1)])
    assert one(next_actions(h, filled + hours(1), S), "rejection_reply").person_id == 1


def test_rejection_reply_is_done_once_answered():
    rejected = datetime(2026, 3, 17, 11, tzinfo=UTC)
    h = history(people=[DANA], opportunities=[opportunity(stage="rejected", at=rejected, contacts=((1, "recruiter"),))],
                touches=[touch(at=rejected + hours(3), kind="reply", person_id=1)])
    assert of(next_actions(h, rejected + hours(4), S), "rejection_reply") == []


def test_after_a_rejection_the_contact_is_kept_in_touch_with_months_later():
    rejected = datetime(2026, 3, 17, 11, tzinfo=UTC)
    h = history(people=[DANA], opportunities=[opportunity(stage="rejected", at=rejected, contacts=((1, "recruiter"),))],
                touches=[touch(at=rejected, direction="in", kind="rejection", person_id=1),
                         touch(at=rejected + hours(3), kind="reply", person_id=1)])
    action = one(next_actions(h, rejected + days(100), S), "check_in")
    assert action.person_id == 1 and action.opportunity_id is None

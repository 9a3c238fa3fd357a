"""Each category is recognised from how such mail is written, not from one exact sentence."""

import pytest

from tests.core.test_understand_builders import ME, ics_event, raw_message
from topofmind.mail.understand import understand_bytes

BULK = {"List-Unsubscribe": "<mailto:unsubscribe@mail.example-news.com>", "Precedence": "bulk"}


def understood(**kw):
    return understand_bytes(raw_message(**kw), me=ME)[1]


def test_ats_acknowledgement_is_an_application_confirmation():
    u = understood(sender="Acme Robotics <no-reply@us.greenhouse-mail.io>",
                   subject="Thanks for applying to Acme Robotics",
                   body="Hi Sam,\n\nWe have received your application for the Data Engineer role and will review it.\n")
    assert u.category == "application_confirmation"
    assert any("Greenhouse" in r for r in u.reasons)


def test_request_for_availability_is_an_interview_invitation():
    u = understood(subject="Next steps",
                   body="Hi Sam,\n\nThe team would like to set up a 30-minute video call with you about the "
                        "Data Engineer position. Could you share your availability for next week?\n\nDana")
    assert u.category == "interview_invitation"


def test_calendar_invitation_is_a_scheduled_interview_with_its_time():
    u = understood(subject="Interview: Data Engineer", body="Hi Sam, looking forward to our interview.\n\nDana",
                   ics=ics_event())
    assert u.category == "interview_scheduled"
    assert u.interview_at.isoformat() == "2026-03-10T14:00:00-04:00"
    assert any("calendar" in r for r in u.reasons)


def test_take_home_exercise_is_an_assessment():
    u = understood(subject="Technical exercise",
                   body="Hi Sam,\n\nAs a next step we'd like you to complete a short take-home assignment "
                        "for the Data Engineer role. Please submit it within 5 days.\n\nDana")
    assert u.category == "assessment"


@pytest.mark.parametrize("sentence", [
    "We have decided to move forward with other candidates whose experience more closely matches our needs.",
    "Unfortunately we will not be moving forward with your application at this time.",
    "After careful consideration, you were not selected for the next round.",
])
def test_different_wordings_of_a_rejection_are_rejections(sentence):
    u = understood(subject="Your application to Acme Robotics",
                   body=f"Dear Sam,\n\nThank you for your interest in the Data Engineer position. {sentence}\n\n"
                        "We wish you the best in your search.\n\nAcme Robotics Talent Team")
    assert u.category == "rejection"


def test_offer_letter_is_an_offer():
    u = understood(subject="Your offer from Acme Robotics",
                   body="Hi Sam,\n\nWe are thrilled to extend you an offer for the Data Engineer role! "
                        "Your offer letter with the base salary and start date is attached.\n\nDana")
    assert u.category == "offer"


def test_application_under_review_is_a_status_update():
    u = understood(sender="Acme Robotics <no-reply@ashbyhq.com>", subject="An update on your application",
                   body="Hi Sam,\n\nYour application for Data Engineer is still under review. "
                        "We'll get back to you within two weeks.\n")
    assert u.category == "status_update"
    assert u.timeline_until.isoformat() == "2026-03-16"


def test_recruiter_cold_message_is_outreach():
    u = understood(sender="Riley Chen <riley@talentbridge-search.com>", subject="Backend role",
                   body="Hi Sam,\n\nI came across your profile and I'm working with a client who is hiring a "
                        "Backend Engineer. Would you be open to a quick chat?\n\nRiley")
    assert u.category == "recruiter_outreach"


def test_person_answering_the_candidate_is_a_human_reply():
    u = understood(subject="Re: Following up on my application",
                   headers={"In-Reply-To": "<mine@example.net>"},
                   body="Hi Sam,\n\nThanks for following up! I'll check with the hiring manager about the "
                        "Data Engineer role and get back to you.\n\nDana\n\n"
                        "On Mon, Mar 2, 2026, Sam Rivera <sam@example.net> wrote:\n> Hi Dana, any news?")
    assert u.category == "human_reply"


def test_friend_offering_an_introduction_is_networking():
    u = understood(sender="Jo Park <jo.park@gmail.com>", subject="Intro?",
                   body="Hey Sam,\n\nGreat to catch up last week. My old teammate leads data at a startup — "
                        "happy to introduce you to her if you want. Coffee next week?\n\nJo")
    assert u.category == "networking"


def test_job_board_digest_is_an_alert_even_though_it_says_apply_now():
    u = understood(sender="Jobs Board <alerts@indeed.com>", subject="12 new jobs for Data Engineer",
                   headers=BULK,
                   body="Jobs matching your saved search.\n\nData Engineer at Acme - Apply now\n"
                        "Interview-ready? Easy apply.\n\nUnsubscribe")
    assert u.category == "job_alert_or_newsletter"
    assert not u.job_related


def test_podcast_interview_and_receipts_are_not_job_mail():
    podcast = understood(sender="Story Hour <hello@storyhour.fm>", headers=BULK, subject="New episode",
                         body="This week: an interview with a novelist about her new book. Listen now.")
    receipt = understood(sender="Shop <orders@shop.example-store.com>", subject="Your order is confirmed",
                         body="Thanks for your order #1234. Your payment was received and shipping is on the way.")
    assert podcast.category == "not_job_related"
    assert receipt.category == "not_job_related"


def test_rental_application_is_not_a_job_application():
    u = understood(sender="Oak Apartments <leasing@oakapartments.com>", subject="We received your application",
                   body="Thank you for applying for unit 4B. Your rental application has been received.")
    assert u.category == "not_job_related"


def test_candidate_thank_you_note_is_outgoing():
    _, u = understand_bytes(raw_message(sender="Sam Rivera <sam@example.net>", to="Dana Lee <dana.lee@acme-robotics.com>",
                                        subject="Thank you",
                                        body="Hi Dana,\n\nThank you for taking the time to interview me for the "
                                             "Data Engineer role today.\n\nSam"), me=ME)
    assert (u.direction, u.category, u.outgoing_kind) == ("out", "outgoing", "thank_you")


def test_sent_label_marks_a_message_as_outgoing():
    raw = raw_message(sender="Sam <sam.other@example.net>", subject="Accepting the offer",
                      body="Hi Dana, I'm delighted to accept the offer for the Data Engineer role.")
    _, u = understand_bytes(raw, me=ME, labels=("SENT",))
    assert (u.direction, u.outgoing_kind) == ("out", "acceptance")


def test_candidate_personal_mail_is_not_job_related():
    _, u = understand_bytes(raw_message(sender="Sam <sam@example.net>", to="mum@example.org", subject="Dinner",
                                        body="See you for dinner on Sunday!"), me=ME)
    assert (u.direction, u.category) == ("out", "not_job_related")


def test_out_of_office_reply_from_a_recruiter_is_not_a_human_reply():
    u = understood(subject="Automatic reply: Following up on my application",
                   headers={"Auto-Submitted": "auto-replied", "In-Reply-To": "<mine@example.net>"},
                   body="Thank you for your email. I am currently out of the office until Monday with limited "
                        "access to email. For recruiting questions please contact jobs@acme-robotics.com.")
    assert u.category == "not_job_related"

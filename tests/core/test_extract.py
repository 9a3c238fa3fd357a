"""Employer, role, job id, dates and signature, as a user would read them off the message."""

from datetime import UTC, date

import pytest

from tests.core.test_understand_builders import ME, ics_event, raw_message
from topofmind.mail.timeline import find_datetime, find_timeline
from topofmind.mail.understand import understand_bytes
from topofmind.mail.vendors import is_vendor_domain, vendor_for


def understood(**kw):
    return understand_bytes(raw_message(**kw), me=ME)[1]


@pytest.mark.parametrize("sender", [
    "Acme Robotics via Greenhouse <no-reply@us.greenhouse-mail.io>",
    "Acme Robotics Careers <acme@myworkday.com>",
    "Acme Robotics Recruiting Team <no-reply@ashbyhq.com>",
])
def test_employer_comes_from_the_display_name_never_the_ats(sender):
    u = understood(sender=sender, subject="Application received",
                   body="Thank you for applying. We received your application and will review it.")
    assert u.company == "Acme Robotics"
    assert u.is_ats


def test_job_board_confirmation_names_the_employer_from_the_text():
    u = understood(sender="LinkedIn <jobs-noreply@linkedin.com>",
                   subject="Sam, your application was sent to Harbor Lane Foods",
                   body="Your application was sent to Harbor Lane Foods\n\nData Engineer\nHarbor Lane Foods · Chicago\n")
    assert (u.category, u.company) == ("application_confirmation", "Harbor Lane Foods")


def test_human_at_the_employer_gives_name_and_domain_from_the_signature():
    u = understood(sender="Dana Lee <dana.lee@acme-robotics.com>", subject="Next steps",
                   body="Hi Sam,\n\nWe'd like to set up a video call about the Data Engineer role. "
                        "What times work for you this week?\n\nBest,\nDana Lee\nSenior Technical Recruiter | "
                        "Acme Robotics\n")
    assert u.company == "Acme Robotics" and u.company_domain == "acme-robotics.com"
    assert u.sender_name == "Dana Lee" and u.sender_title == "Senior Technical Recruiter"


def test_role_and_requisition_id_are_extracted():
    u = understood(sender="Acme Robotics <no-reply@greenhouse.io>",
                   subject="Thank you for applying to Acme Robotics",
                   body="We received your application for the Senior Data Analyst position (Job ID: R-20417).")
    assert u.role == "Senior Data Analyst" and u.job_id == "R-20417"


def test_interview_time_and_interviewers_come_from_the_calendar_part():
    u = understood(subject="Interview confirmed: Data Engineer",
                   body="Hi Sam, your interview is confirmed. Invite attached.\n\nDana", ics=ics_event())
    assert u.interview_at.isoformat() == "2026-03-10T14:00:00-04:00"
    assert [a.address for a in u.interviewers] == ["dana.lee@acme-robotics.com", "kim.park@acme-robotics.com"][1:]


def test_interview_time_in_prose_resolves_against_the_message_date():
    u = understood(subject="Interview confirmed",
                   body="Hi Sam,\n\nYour interview is confirmed for Thursday at 10:30 AM PT with the team.\n\nDana")
    # The message is dated Monday 2 March 2026; "Thursday" is 5 March, in Pacific time.
    assert u.interview_at.isoformat() == "2026-03-05T10:30:00-08:00"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("We'll get back to you by Friday.", date(2026, 3, 6)),
    ("You should hear back within two weeks.", date(2026, 3, 16)),
    ("We expect to make a decision in the next 5 business days.", date(2026, 3, 9)),
    ("We will let you know by March 20.", date(2026, 3, 20)),
])
def test_stated_timelines_resolve_to_a_date(sentence, expected):
    from datetime import datetime, timedelta, timezone
    ref = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    until, text = find_timeline(sentence, ref.date())
    assert until == expected and text in sentence


def test_a_date_without_a_promise_is_not_a_timeline():
    assert find_timeline("Our office is closed on Friday for the holiday.", date(2026, 3, 2)) is None


def test_european_date_and_offset_zone_are_read():
    from datetime import datetime
    at = find_datetime("Let's meet on 3 March 2026, 14:00 UTC+1.", datetime(2026, 3, 1, tzinfo=UTC))
    assert at.isoformat() == "2026-03-03T14:00:00+01:00"


def test_vendor_table_matches_subdomains_and_rejects_employers():
    assert vendor_for("mail.us.greenhouse-mail.io") == "Greenhouse"
    assert is_vendor_domain("hire.lever.co") and is_vendor_domain("indeed.com")
    assert not is_vendor_domain("acme-robotics.com") and not is_vendor_domain("notgreenhouse.io")

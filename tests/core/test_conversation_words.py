"""The small readers behind the conversation-first step: the open question of a message, the
interview's format, family notes, which addresses accept a reply, names as written, and the
timezone of a set of sent-mail offsets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from topofmind.mail.questions import interview_format, open_question
from topofmind.mail.timezones import infer_timezone
from topofmind.people import is_personal_note, name_as_written, reply_kind


@pytest.mark.parametrize(("text", "asks"), [
    ("Happy to! How about Thursday at 8:30 at Fern Café? I'll send an invite.\n\nMarcus",
     "How about Thursday at 8:30 at Fern Café?"),
    ("Hi Alex,\n\nCould you send me your portfolio before Friday.\n\nBest, Kim", "Could you send me your portfolio before Friday."),
    ("Hi Alex,\n\nPlease let me know if Tuesday works for a call.", "Please let me know if Tuesday works for a call."),
    ("Hi Alex,\n\nThanks for the note! I've shared your profile with the team.\n\nOmar", None),
    ("Any questions? Call me anytime.", None),
    ("Great, see you then.\n\n> On Monday you wrote:\n> Are you free on Tuesday?", None),
    ("", None),
])
def test_the_open_question_is_the_sentence_that_waits_for_an_answer(text, asks):
    assert open_question(text) == asks


@pytest.mark.parametrize(("location", "subject", "interviewers", "kind"), [
    ("https://meet.example/abc", "Interview", 1, "video"),
    ("Phone call", "Intro", 0, "phone"),
    ("400 Harbor Street, Boston", "Interview", 1, "onsite"),
    ("400 Harbor Street, Boston", "Panel interview — Alex", 2, "panel"),
    (None, "Interview", 1, None),
])
def test_the_interview_format_comes_from_the_invitation(location, subject, interviewers, kind):
    assert interview_format(location, subject, interviewers) == kind


def test_family_notes_are_recognised_by_how_they_are_written():
    assert is_personal_note("Hi sweetie, how is the search going?\n\nLove, Mom")
    assert is_personal_note("Wonderful! Pumpkin please.\n\nMom")
    assert not is_personal_note("Hi Alex,\n\nThanks for the note.\n\nMaya Lindqvist\nRecruiter")


@pytest.mark.parametrize(("address", "kind"), [
    ("dana.lee@contoso.com", "person"), ("careers@contoso.com", "team"), ("jobs@contoso.com", "team"),
    ("no-reply@contoso.com", "none"), ("noreply@candidates.workablemail.com", "none"),
    ("notifications@contoso.com", "none"), (None, "none"),
])
def test_which_addresses_accept_a_reply(address, kind):
    assert reply_kind(address) == kind


def test_an_ats_domain_never_accepts_a_draft():
    assert reply_kind("careers@greenhouse-mail.io", vendor_domain=True) == "none"


def test_names_are_taken_as_the_mail_writes_them():
    assert name_as_written("lumen-loom.example", "Product Analyst at Lumen & Loom?") == "Lumen & Loom"
    assert name_as_written("zoe-health.example", "Welcome to Zoë Health!") == "Zoë Health"
    assert name_as_written("contoso.com", "nothing about it") is None


def test_a_timezone_is_inferred_from_offsets_across_daylight_saving():
    winter, summer = datetime(2026, 1, 5, 15, tzinfo=UTC), datetime(2026, 7, 5, 15, tzinfo=UTC)
    assert infer_timezone([(winter, -300), (summer, -240), (summer, -240)]) == "America/New_York"
    assert infer_timezone([(winter, 60), (summer, 120), (winter, 60)]) == "Europe/Paris"
    assert infer_timezone([(winter, 330)] * 3) == "Asia/Kolkata"
    assert infer_timezone([(winter, 60)]) is None  # too few to say

"""The understand() contract that ingest relies on."""

import pytest

from tests.core.test_understand_builders import ME, raw_message
from topofmind.mail.parse import ParseError, parse_message
from topofmind.mail.understand import understand, understand_bytes
from topofmind.store.models import CATEGORIES, OUTGOING_KINDS


def test_every_answer_uses_the_model_vocabularies_and_explains_itself():
    for sender, body in [
        ("Acme <no-reply@greenhouse.io>", "Thank you for applying to Acme."),
        ("Shop <news@shop-mail.example-store.com>", "Spring sale: 20% off everything."),
        ("Sam <sam@example.net>", "Thank you for taking the time to interview me."),
    ]:
        _, u = understand_bytes(raw_message(sender=sender, body=body), me=ME)
        assert u.category in CATEGORIES
        assert u.outgoing_kind is None or u.outgoing_kind in OUTGOING_KINDS
        assert 0.0 < u.confidence <= 1.0 and u.reasons


def test_me_addresses_are_matched_case_insensitively():
    _, u = understand_bytes(raw_message(sender="Sam <SAM@Example.NET>", body="Following up on my application "
                                        "for the Data Engineer role — any update?"), me=frozenset({"Sam@example.net"}))
    assert (u.direction, u.category, u.outgoing_kind) == ("out", "outgoing", "follow_up")


def test_bulk_mail_is_flagged_and_gets_no_employer():
    raw = raw_message(sender="Jobs <alerts@jobs.example-board.com>", subject="25 new jobs for you",
                      headers={"List-Unsubscribe": "<mailto:u@example-board.com>"},
                      body="Recommended jobs based on your profile: Data Engineer at Acme. Apply now.")
    _, u = understand_bytes(raw, me=ME)
    assert u.is_bulk and u.category == "job_alert_or_newsletter" and u.company is None


def test_message_without_date_gets_no_resolved_dates_but_still_a_category():
    raw = b"From: Dana <dana@acme-robotics.com>\r\nSubject: Interview\r\n\r\n" \
          b"Your interview for the Data Engineer role is confirmed for Friday at 2pm. We'll decide by Monday."
    u = understand(parse_message(raw), me=ME)
    assert u.category == "interview_scheduled"
    assert u.interview_at is None and u.timeline_until is None


def test_unusable_bytes_raise_parse_error_only():
    with pytest.raises(ParseError):
        understand_bytes(b"", me=ME)

"""Header-only triage: only bulk mail with no job signal is skipped unread."""

from __future__ import annotations

import pytest

from topofmind.mail.triage import obvious_noise

BULK = {"from": "Garden Weekly <news@gardenweekly.example>", "subject": "Spring bulbs are here",
        "list-unsubscribe": "<mailto:leave@gardenweekly.example>"}


def test_bulk_mail_without_job_words_from_an_ordinary_sender_is_obvious_noise():
    assert obvious_noise(BULK)
    assert obvious_noise({**BULK, "list-unsubscribe": "", "precedence": "bulk"})


@pytest.mark.parametrize("change", [
    {"list-unsubscribe": ""},  # not bulk: a person may have written it
    {"subject": "Your application to Northwind Analytics"},  # job words in the subject
    {"subject": "Interview invitation: Data Engineer"},
    {"subject": "Re: Spring bulbs are here"},  # a reply
    {"in-reply-to": "<abc@example.org>"},
    {"from": "Northwind via Greenhouse <no-reply@greenhouse.io>"},  # an ATS writes for an employer
    {"content-type": 'text/calendar; method="REQUEST"'},  # an invitation
    {"from": ""},  # no sender to judge
])
def test_anything_with_a_job_signal_is_read_in_full(change):
    assert obvious_noise({**BULK, **change}) is None

"""Drafts: every template, both shapes, with every fact and with none."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from tests.core.builders_playbook import history, interview, opportunity, person
from topofmind.drafts import MESSAGE_LIMIT, fit_message, render_draft
from topofmind.playbook import RULES
from topofmind.playbook.types import Action

AT = datetime(2026, 3, 10, 14, tzinfo=UTC)
KINDS = [r.id for r in RULES]


def _action(kind: str, *, person_id=1, opportunity_id=10, extra=None) -> Action:
    return Action(key=f"{kind}.test", rule=kind, kind=kind, title="t", why="w.", earliest=AT, due=AT, latest=AT,
                  channel="email", template=kind, article="003_a3c5e37a3451d788.txt",
                  person_id=person_id, opportunity_id=opportunity_id, extra=extra or {})


FULL = history(
    people=[person(id=1, name="Dana Lee", first_name="Dana", email="dana@contoso.com", notes="her team's move to streaming"),
            person(id=2, name="Ola Berg", first_name="Ola")],
    opportunities=[opportunity(id=10, company_name="Contoso", role="Data Engineer", source="referral",
                               contacts=((1, "recruiter"), (2, "referrer")), decision_expected_by=date(2026, 3, 20)),
                   opportunity(id=11, company_name="Fabrikam", role="Analytics Lead", stage="accepted")],
    interviews=[interview(id=70, opportunity_id=10, starts_at=AT, notes="the migration to event streaming.")],
)
EMPTY = history(
    people=[person(id=1, name="dana@contoso.com", first_name=None, email=None, company_name=None)],
    opportunities=[opportunity(id=10, company_name=None, role=None), opportunity(id=11, company_name=None, role=None,
                                                                                  stage="accepted")],
)


def _extra(kind):
    return {"accepted_opportunity_id": 11} if kind == "notify_other_opportunities" else {}


def _assert_reads_right(text: str):
    assert "None" not in text and "{" not in text and "}" not in text
    assert not re.search(r"  |\s[,.!?]|,[,.]|\.\.|\(\)|'s'", text), text
    assert not re.search(r"\b(the|a|an|of|at)\s*[.,!?]", text), text  # a dangling article: a fact went missing


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("facts", [FULL, EMPTY], ids=["full", "empty"])
def test_every_email_draft_reads_right_with_full_and_with_empty_facts(kind, facts):
    draft = render_draft(_action(kind, extra=_extra(kind)), facts, channel="email",
                         user_name="Sam Rivera" if facts is FULL else None)
    assert draft.channel == "email" and draft.subject
    _assert_reads_right(draft.subject)
    _assert_reads_right(draft.body)
    assert "\n\n\n" not in draft.body
    if facts is FULL:
        assert draft.body.endswith("Best regards,\nSam Rivera\n")
    else:
        assert draft.body.endswith("Best regards\n")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("facts", [FULL, EMPTY], ids=["full", "empty"])
def test_every_short_message_fits_300_characters_and_reads_right(kind, facts):
    draft = render_draft(_action(kind, extra=_extra(kind)), facts, channel="linkedin",
                         user_name="Sam Rivera" if facts is FULL else None)
    assert draft.channel == "message" and draft.subject is None
    assert 20 < len(draft.body) <= MESSAGE_LIMIT
    _assert_reads_right(draft.body)


def test_greeting_uses_the_first_name_or_a_plain_hello():
    assert render_draft(_action("follow_up"), FULL, channel="email", user_name=None).body.startswith("Hi Dana,\n")
    assert render_draft(_action("follow_up"), EMPTY, channel="email", user_name=None).body.startswith("Hello,\n")


def test_thank_you_to_an_interviewer_mentions_the_interview_day_and_the_users_notes():
    interviewed = history(people=list(FULL.people.values()), opportunities=list(FULL.opportunities.values()),
                          interviews=[interview(id=70, opportunity_id=10, starts_at=AT, interviewer_ids=(1,),
                                                notes="the migration to event streaming.")])
    body = render_draft(_action("thank_you", extra={"interview_id": 70}), interviewed, channel="email",
                        user_name="Sam").body
    assert "Thank you for your time on Tuesday 10 March, and for your questions about the Data Engineer role at Contoso." in body
    assert "our discussion of the migration to event streaming." in body


def test_thank_you_to_the_recruiter_who_set_it_up_thanks_them_for_arranging_it():
    body = render_draft(_action("thank_you", extra={"interview_id": 70}), FULL, channel="email", user_name="Sam").body
    assert "Thank you for arranging my interview on Tuesday 10 March for the Data Engineer role at Contoso." in body
    assert "for your time" not in body


def test_thank_you_without_notes_still_reads_as_a_finished_note():
    body = render_draft(_action("thank_you"), EMPTY, channel="email", user_name=None).body
    assert "Thank you for your time, and for your questions about the role." in body


def test_contact_introduced_names_the_referrer():
    draft = render_draft(_action("contact_introduced"), FULL, channel="email", user_name=None)
    assert draft.subject == "Ola Berg suggested I get in touch"


def test_email_draft_is_addressed_to_the_persons_email_and_linkedin_to_their_profile():
    people = [person(id=1, email="dana@contoso.com")]
    h = history(people=[p for p in people], opportunities=[opportunity()])
    assert render_draft(_action("follow_up"), h, channel="email", user_name=None).to_address == "dana@contoso.com"
    assert render_draft(_action("follow_up"), h, channel="text", user_name=None).to_name == "Dana Lee"


def test_a_very_long_role_is_cut_to_fit_the_message_limit():
    h = history(people=[person(id=1)], opportunities=[opportunity(role="Principal " * 40 + "Engineer")])
    body = render_draft(_action("follow_up"), h, channel="linkedin", user_name="Sam Rivera").body
    assert len(body) <= MESSAGE_LIMIT


def test_fit_message_drops_whole_sentences_before_cutting_words():
    text = "First sentence here. " + "Second sentence is long. " * 20
    assert fit_message(text.strip(), 60) == "First sentence here. Second sentence is long."


def test_unknown_draft_channel_is_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="email, message"):
        render_draft(_action("follow_up"), FULL, channel="fax", user_name=None)


def test_thank_you_without_notes_asks_the_user_to_add_a_specific_beside_the_draft():
    bare = render_draft(_action("thank_you"), EMPTY, channel="email", user_name=None)
    noted = render_draft(_action("thank_you", extra={"interview_id": 70}), FULL, channel="email", user_name=None)
    assert "specific" in bare.hint and noted.hint is None
    assert "specific" not in bare.body


def test_an_email_address_given_as_the_users_name_is_not_used_as_a_signature():
    body = render_draft(_action("check_in"), FULL, channel="email", user_name="sam@example.net").body
    assert body.endswith("Best regards\n") and "@example.net" not in body

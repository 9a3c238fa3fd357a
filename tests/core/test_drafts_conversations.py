"""Drafts as a careful coach reads them: situations written as conversations (who wrote what,
who met whom), then the suggested actions and their drafts checked for what would embarrass
the job seeker if sent."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from tests.core.builders_playbook import days, history, hours, interview, opportunity, person, touch
from topofmind.drafts import possessive, render_draft
from topofmind.playbook import next_actions, pending
from topofmind.playbook.settings import PlaybookSettings

S = PlaybookSettings()
TUE = datetime(2026, 3, 3, 15, tzinfo=UTC)  # a Tuesday afternoon
PROMISES = re.compile(r"attach|article|came across|something I thought|I've enclosed|enclosed", re.IGNORECASE)


def _drafts(h, at, *, kinds=None, channel="email"):
    actions = [a for a in pending(next_actions(h, at, S)) if kinds is None or a.kind in kinds]
    return actions, [render_draft(a, h, channel=channel, user_name="Alex Morgan") for a in actions]


def _without_greeting_and_names(draft, h) -> str:
    body = draft.body.split("\n", 1)[1]
    for p in h.people.values():
        for part in p.name.split():
            body = body.replace(part, "·")
    return body


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _panel():
    """A panel with two interviewers, arranged by a coordinator, the recruiter who set it up,
    and the friend who referred the candidate."""
    people = [person(id=1, name="Rafael Moreno", first_name=None, relationship="interviewer",
                     title="Engineering Manager, Data Platform", email="rafael@bluefin.example"),
              person(id=2, name="Aisha Rahman", first_name="Aisha", relationship="interviewer", email="aisha@bluefin.example"),
              person(id=3, name="Sofia García", first_name="Sofia", relationship="coordinator", email="sofia@bluefin.example"),
              person(id=4, name="Kenji Tanaka", first_name="Kenji", relationship="recruiter", email="kenji@bluefin.example"),
              person(id=5, name="Sam Rivera", first_name="Sam", relationship="referrer", company_name=None,
                     email="sam@gmail.com")]
    opp = opportunity(id=10, company_name="Bluefin Robotics", role="Data Engineer", stage="interviewing",
                      source="referral", contacts=((4, "recruiter"), (3, "coordinator"), (5, "referrer")))
    panel = interview(id=70, opportunity_id=10, starts_at=TUE, minutes=90, interviewer_ids=(1, 2), kind="panel")
    return people, opp, panel


def _panel_history(touches=(), specifics=None):
    people, opp, panel = _panel()
    return history(people=people, opportunities=[opp], interviews=[panel], touches=touches,
                   specifics=specifics)


# --- roles within one interview ---------------------------------------------------------------

def test_no_two_thank_yous_after_one_panel_read_the_same_beyond_the_greeting():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    assert len(drafts) == 5
    bodies = [_without_greeting_and_names(d, h) for d in drafts]
    assert len(set(bodies)) == len(bodies)


def test_the_coordinator_is_thanked_for_arranging_not_for_the_conversation():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    sofia = drafts[[a.person_id for a in actions].index(3)]
    assert "Thank you for arranging my panel interview with Rafael and Aisha" in sofia.body
    assert "your time" not in sofia.body and "speak with me" not in sofia.body


def test_an_interviewer_is_thanked_for_the_conversation_and_the_panel_names_the_colleague():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    aisha = drafts[[a.person_id for a in actions].index(2)]
    assert aisha.body.startswith("Hi Aisha,\n")
    assert "Thank you for your time on Tuesday 3 March in the panel interview with Rafael" in aisha.body


def test_an_interviewers_title_is_used_as_written():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    rafael = drafts[[a.person_id for a in actions].index(1)]
    assert "as Engineering Manager, Data Platform" in rafael.body


def test_the_greeting_uses_the_persons_name_when_no_first_name_was_stored():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    assert drafts[[a.person_id for a in actions].index(1)].body.startswith("Hi Rafael,\n")
    assert not any(d.body.startswith("Hello,") for d in drafts)


def test_the_recruiter_who_set_it_up_is_thanked_and_asked_about_next_steps():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    kenji = drafts[[a.person_id for a in actions].index(4)]
    assert "arranging" in kenji.body and "next steps" in kenji.body


def test_the_referrer_is_told_the_interview_happened_not_thanked_for_their_time():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    sam = drafts[[a.person_id for a in actions].index(5)]
    assert "thanks to you, I had my first interview for the Data Engineer role at Bluefin Robotics" in sam.body
    assert "your time" not in sam.body


def test_the_interview_format_is_said_only_when_known():
    people, opp, _ = _panel()
    video = interview(id=71, opportunity_id=10, starts_at=TUE, interviewer_ids=(2,), kind="video")
    plain = interview(id=72, opportunity_id=11, starts_at=TUE, interviewer_ids=(1,))
    other = replace(opp, id=11, contacts=())
    h = history(people=people, opportunities=[opp, other], interviews=[video, plain])
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    by_person = {a.person_id: d for a, d in zip(actions, drafts, strict=True)}
    assert "in the video call" in by_person[2].body
    assert "video" not in by_person[1].body and "panel" not in by_person[1].body


def test_the_short_message_to_the_coordinator_also_thanks_for_arranging():
    h = _panel_history()
    actions, drafts = _drafts(h, TUE + hours(3), kinds={"thank_you"}, channel="linkedin")
    assert "arranging" in drafts[[a.person_id for a in actions].index(3)].body


# --- what the candidate already sent ---------------------------------------------------------

def test_no_thank_you_to_someone_the_candidate_already_thanked_after_this_interview():
    h = _panel_history([touch(at=TUE + hours(2), kind="thank_you", person_id=2)])
    actions, _ = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    assert 2 not in {a.person_id for a in actions}


def test_a_thank_you_sent_as_a_reply_in_the_thread_counts_too():
    h = _panel_history([touch(at=TUE + hours(2), kind="reply", person_id=3)])
    actions, _ = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    assert 3 not in {a.person_id for a in actions}


def test_a_thank_you_sent_before_the_interview_does_not_count_for_it():
    h = _panel_history([touch(at=TUE - days(3), kind="thank_you", person_id=4)])
    actions, _ = _drafts(h, TUE + hours(3), kinds={"thank_you"})
    assert 4 in {a.person_id for a in actions}


# --- the conversation first --------------------------------------------------------------------

def _coffee(*, answered=False, person_kwargs=None):
    marcus = person(id=7, name="Marcus Okonkwo", first_name="Marcus", relationship="networking_contact",
                    company_name="Kestrel Mobility", email="marcus@kestrel.example", **(person_kwargs or {}))
    touches = [touch(at=TUE - days(10), direction="in", kind="networking", person_id=7, opportunity_id=None),
               touch(at=TUE - days(9), direction="out", kind="thank_you", person_id=7, opportunity_id=None),
               touch(at=TUE - days(8), direction="in", kind="networking", person_id=7, opportunity_id=None,
                     asks="How about Thursday at 8:30 at Fern Café?")]
    if answered:
        touches.append(touch(at=TUE - days(7), direction="out", kind="message", person_id=7, opportunity_id=None))
    return [marcus], touches


def test_an_unanswered_proposal_makes_the_next_step_answering_it():
    people, touches = _coffee()
    actions, drafts = _drafts(history(people=people, touches=touches), TUE)
    assert [a.kind for a in actions] == ["answer"]
    assert actions[0].title == "Answer Marcus Okonkwo"
    assert '"How about Thursday at 8:30 at Fern Café?"' in drafts[0].body


def test_nothing_else_goes_to_a_person_whose_question_waits_for_an_answer():
    people, _, panel = _panel()
    h = _panel_history([touch(at=TUE + hours(2), direction="in", kind="reply", person_id=2,
                              asks="Could you send me the notebook you mentioned?")])
    actions, drafts = _drafts(h, TUE + hours(3))
    aisha = [a for a in actions if a.person_id == 2]
    assert [a.kind for a in aisha] == ["answer"]
    assert "thank_you" in aisha[0].extra["folded"]
    assert "and again for your time" in drafts[actions.index(aisha[0])].body


def test_an_answered_question_is_not_asked_again():
    people, touches = _coffee(answered=True)
    actions, _ = _drafts(history(people=people, touches=touches), TUE)
    assert "answer" not in {a.kind for a in actions}


def test_a_question_followed_by_the_interview_it_proposed_is_answered():
    people, opp, _ = _panel()
    asked = touch(at=TUE - days(5), direction="in", kind="interview_invitation", person_id=4,
                  asks="Are you free on Tuesday afternoon?")
    held = interview(id=73, opportunity_id=10, starts_at=TUE, interviewer_ids=(1,))
    h = history(people=people, opportunities=[opp], interviews=[held], touches=[asked])
    actions, _ = _drafts(h, TUE + hours(3))
    assert not [a for a in actions if a.kind == "answer"]


def test_the_users_answer_is_used_as_written():
    people, touches = _coffee()
    h = history(people=people, touches=touches)
    key = pending(next_actions(h, TUE, S))[0].key
    h = replace(h, specifics={key: ("Thursday at 8:30 works, see you at Fern Café",)})
    _, drafts = _drafts(h, TUE)
    assert "Thursday at 8:30 works, see you at Fern Café." in drafts[0].body
    assert "Let me check" not in drafts[0].body and drafts[0].hint is None


# --- who gets job outreach -----------------------------------------------------------------------

def test_family_asking_how_the_search_goes_gets_no_job_outreach_at_all():
    mom = person(id=8, name="Linda Morgan", first_name="Linda", relationship="family",
                 company_name="Familymail", email="linda@familymail.example")
    h = history(people=[mom], touches=[
        touch(at=TUE - days(100), direction="in", kind="networking", person_id=8, opportunity_id=None,
              asks="How is the job search going?"),
        touch(at=TUE - days(99), direction="out", kind="message", person_id=8, opportunity_id=None)])
    assert not pending(next_actions(h, TUE, S))


def test_a_friends_check_in_is_personal_and_never_names_their_mail_provider_as_a_company():
    friend = person(id=9, name="Jo Park", first_name="Jo", relationship="friend", company_name="Gmail",
                    email="jo.park@gmail.com")
    h = history(people=[friend], touches=[touch(at=TUE - days(100), direction="in", kind="reply", person_id=9,
                                                opportunity_id=None)])
    actions, drafts = _drafts(h, TUE)
    assert [a.kind for a in actions] == ["check_in"] and not actions[0].work_outreach
    assert "Gmail" not in drafts[0].body


def test_a_free_mail_contact_met_in_the_search_has_no_company_in_the_draft():
    helper = person(id=9, name="Jo Park", first_name="Jo", relationship="networking_contact",
                    company_name="Gmail", email="jo.park@gmail.com")
    h = history(people=[helper], touches=[touch(at=TUE - days(100), direction="in", kind="networking",
                                                person_id=9, opportunity_id=None)])
    _, drafts = _drafts(h, TUE, kinds={"check_in"})
    assert drafts and "Gmail" not in drafts[0].body


def test_no_draft_is_addressed_to_a_no_reply_address():
    robot = person(id=1, name="Dana Lee", email="no-reply@greenhouse-mail.example")
    h = history(people=[robot], opportunities=[opportunity(contacts=((1, "recruiter"),), applied_at=TUE - days(2))])
    actions, drafts = _drafts(h, TUE)
    assert drafts and all(d.to_address is None for d in drafts)


def test_a_rejection_from_a_team_mailbox_gets_a_short_gracious_reply_there():
    opp = opportunity(id=12, company_name="Harbor & Co", role="Analyst", stage="rejected", closed_at=TUE)
    no = touch(at=TUE, direction="in", kind="rejection", person_id=None, opportunity_id=12,
               reply_address="careers@harborco.example")
    actions, drafts = _drafts(history(opportunities=[opp], touches=[no]), TUE + hours(2))
    assert [a.kind for a in actions] == ["rejection_reply"]
    assert drafts[0].to_address == "careers@harborco.example"
    assert drafts[0].body.startswith("Hello Harbor & Co team,\n")
    assert "suggestions on how I could improve" not in drafts[0].body  # short: nobody to coach


def test_a_rejection_from_a_no_reply_robot_gets_no_reply_at_all():
    opp = opportunity(id=12, company_name="Harbor & Co", role="Analyst", stage="rejected", closed_at=TUE)
    no = touch(at=TUE, direction="in", kind="rejection", person_id=None, opportunity_id=12)
    assert not pending(next_actions(history(opportunities=[opp], touches=[no]), TUE + hours(2), S))


# --- words as written --------------------------------------------------------------------------

def test_company_names_keep_their_ampersands_and_accents():
    sam = person(id=5, name="Sam Rivera", first_name="Sam", relationship="referrer", company_name=None)
    dana = person(id=6, name="Dana Whitaker", first_name="Dana", relationship="hiring_manager")
    opp = opportunity(id=13, company_name="Lumen & Loom", role="Product Analyst", source="referral", stage="lead",
                      contacts=((5, "referrer"), (6, "hiring_manager")))
    actions, drafts = _drafts(history(people=[sam, dana], opportunities=[opp]), datetime(2026, 3, 2, 12, tzinfo=UTC))
    text = " ".join(d.body + (d.subject or "") for d in drafts) + " ".join(a.title + a.why for a in actions)
    assert "Lumen & Loom" in text and "Lumen Loom" not in text


def test_a_name_with_an_accent_is_greeted_as_written():
    zoe = person(id=4, name="Zoë Kowalski", first_name="Zoë", email="zoe@quill.example")
    opp = opportunity(contacts=((4, "recruiter"),), applied_at=TUE - days(2))
    _, drafts = _drafts(history(people=[zoe], opportunities=[opp]), TUE)
    assert drafts[0].body.startswith("Hi Zoë,\n")


def test_possessives_read_right():
    assert possessive("Harborview Logistics") == "Harborview Logistics'"
    assert possessive("Dana") == "Dana's" and possessive("Lumen & Loom") == "Lumen & Loom's"
    assert possessive("Glass") == "Glass's"


def test_no_sentence_names_the_company_twice_and_nothing_reads_logisticss():
    nadia = person(id=1, name="Nadia Petrov", first_name="Nadia", email="nadia@harborview.example")
    opp = opportunity(company_name="Harborview Logistics", role="BI Developer", contacts=((1, "recruiter"),),
                      applied_at=TUE - days(12))
    h = history(people=[nadia], opportunities=[opp], touches=[touch(at=TUE - days(10), kind="follow_up")])
    actions, drafts = _drafts(h, TUE)
    assert drafts
    for text in [d.body for d in drafts] + [a.why for a in actions]:
        assert "Logistics's" not in text
        assert all(s.count("Harborview Logistics") <= 1 for s in _sentences(text))


def test_a_rejection_reason_does_not_repeat_the_company():
    zoe = person(id=4, name="Zoë Kowalski", first_name="Zoë")
    opp = opportunity(company_name="Quillfeather Health", role="Product Analyst", stage="rejected",
                      contacts=((4, "recruiter"),), closed_at=TUE)
    actions = pending(next_actions(history(people=[zoe], opportunities=[opp]), TUE + hours(2), S))
    assert actions[0].why.count("Quillfeather Health") == 1


# --- specifics from the user, never invented -------------------------------------------------------

def _check_in_batch():
    people, opps, touches = [], [], []
    for n, (name, company, role) in enumerate([("Omar Haddad", "Sable Peak", "Data Analyst"),
                                               ("Wei Zhang", "Northwind", "Senior Data Analyst"),
                                               ("Leila Iyer", "Northwind", "Senior Data Analyst"),
                                               ("Gabriel Silva", "Quillfeather", "Product Analyst"),
                                               ("Liam Brennan", "Cobalt Ledger", "Analytics Engineer"),
                                               ("Kwame Mensah", "Cobalt Ledger", "Analytics Engineer"),
                                               ("Renée Dubois", "Orchard Lane", "Analytics Manager")]):
        pid, oid = 20 + n, 40 + n
        people.append(person(id=pid, name=name, first_name=name.split()[0], company_name=company,
                             email=f"p{pid}@x{pid}.example", relationship=None))
        opps.append(opportunity(id=oid, company_name=company, role=role, stage="rejected", contacts=((pid, "recruiter"),),
                                at=TUE - days(200), closed_at=TUE - days(150 - n)))
        touches.append(touch(at=TUE - days(120 - 5 * n), direction="in" if n % 2 else "out", kind="reply",
                             person_id=pid, opportunity_id=oid))
    return history(people=people, opportunities=opps, touches=touches)


def test_seven_check_ins_are_seven_different_notes():
    h = _check_in_batch()
    actions, drafts = _drafts(h, TUE + days(30), kinds={"check_in"})
    assert len(drafts) == 7
    bodies = [_without_greeting_and_names(d, h) for d in drafts]
    assert len(set(bodies)) == 7


def test_a_check_in_without_specifics_promises_nothing_the_user_did_not_give():
    _, drafts = _drafts(_check_in_batch(), TUE + days(30), kinds={"check_in"})
    assert drafts and not any(PROMISES.search(d.body) for d in drafts)
    assert all(d.hint and "specific" in d.hint for d in drafts)


def test_a_check_in_shares_the_link_the_user_gave():
    h = _check_in_batch()
    action = pending(next_actions(h, TUE + days(30), S))[0]
    h = replace(h, specifics={action.key: ("https://blog.example/causal-pricing",)})
    draft = render_draft(action, h, channel="email", user_name="Alex Morgan")
    assert "https://blog.example/causal-pricing" in draft.body and draft.hint is None


def test_a_thank_you_uses_the_users_specific_as_written_and_no_more_than_two():
    h = _panel_history()
    action = next(a for a in pending(next_actions(h, TUE + hours(3), S)) if a.person_id == 2)
    h = replace(h, specifics={action.key: ("we talked about the churn model", "the dbt test pattern", "a third")})
    body = render_draft(action, h, channel="email", user_name="Alex Morgan").body
    assert "we talked about the churn model." in body and "the dbt test pattern." in body
    assert "a third" not in body


def test_no_draft_in_a_busy_day_promises_an_attachment_or_an_article():
    people, touches = _coffee()
    h = _panel_history()
    h = replace(h, people={**h.people, **{p.id: p for p in people}}, touches=h.touches + tuple(touches))
    _, drafts = _drafts(h, TUE + hours(3))
    assert len(drafts) >= 5 and not any(PROMISES.search(d.body) for d in drafts)


def test_a_networking_follow_up_without_specifics_only_thanks_and_offers_help():
    ana = person(id=6, name="Ana Ruiz", first_name="Ana", relationship="networking_contact",
                 company_name="Kestrel Mobility", title="Staff Data Scientist")
    h = history(people=[ana], touches=[touch(at=TUE, direction="in", kind="meeting", person_id=6, opportunity_id=None)])
    _, drafts = _drafts(h, TUE + hours(2), kinds={"networking_follow_up"})
    assert "as Staff Data Scientist at Kestrel Mobility" in drafts[0].body
    assert not PROMISES.search(drafts[0].body)

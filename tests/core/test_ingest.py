"""Ingest and link: what a user sees in the pipeline after their mail comes in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.builders import make_account, make_user
from tests.core.ingest_mail import ME, email_bytes, ics_invite, raw
from topofmind.store import models
from topofmind.store import review
from topofmind.store.ingest import ingest_message, record_failure

ME_SET = frozenset({ME})
T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

CONFIRMATION = dict(
    sender="Northwind Talent <no-reply@us.greenhouse-mail.io>",
    subject="Thank you for applying to Northwind Analytics",
    body=(
        "Hi Sam,\n\nThank you for your interest in Northwind Analytics! We have received your "
        "application for the Senior Data Engineer position and our team will review it shortly.\n\n"
        "Best,\nThe Northwind Analytics Recruiting Team\n"
    ),
)


def _setup(session):
    user = make_user(session, email=ME)
    account = make_account(session, user=user)
    return user, account


def _ingest(session, account, provider_id, data, **kw):
    return ingest_message(session, account=account, message=raw(provider_id, data, **kw),
                          me=ME_SET, now=T + timedelta(days=30))


def test_an_application_confirmation_opens_an_opportunity_at_the_employer_not_the_ats(session):
    _, account = _setup(session)
    outcome = _ingest(session, account, "m1", email_bytes(at=T, **CONFIRMATION))
    session.commit()
    assert outcome == "stored"
    opp = session.scalars(select(models.Opportunity)).one()
    assert opp.stage == "applied"
    assert "northwind" in opp.company.name.lower()
    assert all("greenhouse" not in d.domain for d in opp.company.domains)
    # An ATS robot never becomes a person.
    assert session.scalar(select(func.count(models.Person.id))) == 0


def test_ingesting_the_same_message_twice_stores_it_once(session):
    _, account = _setup(session)
    data = email_bytes(at=T, **CONFIRMATION)
    assert _ingest(session, account, "m1", data) == "stored"
    assert _ingest(session, account, "m1", data) == "duplicate"
    session.commit()
    assert session.scalar(select(func.count(models.Message.id))) == 1
    assert session.scalar(select(func.count(models.LedgerEntry.id))) == 1
    assert session.scalar(select(func.count(models.Touch.id))) == 1


def test_a_newsletter_leaves_only_a_ledger_row_with_nothing_personal(session):
    _, account = _setup(session)
    data = email_bytes(
        at=T, sender="Weekly Deals <news@shop-deals.example>",
        subject="Planted-Subject-7731: 40% off everything",
        body="Planted-Body-8812. Unsubscribe any time.",
        headers={"List-Unsubscribe": "<mailto:unsub@shop-deals.example>", "Precedence": "bulk"},
    )
    outcome = _ingest(session, account, "n1", data)
    session.commit()
    assert outcome == "ledger_only"
    ledger = session.scalars(select(models.LedgerEntry)).one()
    assert ledger.category in ("job_alert_or_newsletter", "not_job_related")
    assert session.scalar(select(func.count(models.Message.id))) == 0
    assert session.scalar(select(func.count(models.Person.id))) == 0


def test_broken_mail_is_recorded_with_its_reason_and_the_rest_goes_on(session):
    _, account = _setup(session)
    assert _ingest(session, account, "bad", b"") == "error"
    assert _ingest(session, account, "good", email_bytes(at=T, **CONFIRMATION)) == "stored"
    session.commit()
    bad = session.scalar(select(models.LedgerEntry).where(models.LedgerEntry.provider_message_id == "bad"))
    assert bad.status == "error" and bad.error


def test_an_undeliverable_message_is_kept_in_the_ledger_not_dropped(session):
    _, account = _setup(session)
    record_failure(session, account=account, provider_id="x1", reason="HTTP 500 after 5 tries",
                   now=T)
    session.commit()
    entry = session.scalars(select(models.LedgerEntry)).one()
    assert entry.status == "error" and "500" in entry.error


def test_a_recruiter_reply_in_the_thread_links_to_the_same_opportunity_and_becomes_a_contact(session):
    _, account = _setup(session)
    first = email_bytes(at=T, msgid="<conf-1@greenhouse.test>", **CONFIRMATION)
    _ingest(session, account, "m1", first)
    reply = email_bytes(
        at=T + timedelta(days=3), sender="Dana Lee <dana.lee@northwind-analytics.com>",
        subject="Re: Your application to Northwind Analytics",
        body=("Hi Sam,\n\nThanks for applying for the Senior Data Engineer role. I'd love to set up "
              "a 30-minute phone interview with you this week. Could you share a few times "
              "that work for you?\n\nBest,\nDana Lee\nTechnical Recruiter, Northwind Analytics\n"),
        in_reply_to="<conf-1@greenhouse.test>", references=["<conf-1@greenhouse.test>"],
    )
    assert _ingest(session, account, "m2", reply) == "stored"
    session.commit()
    opp = session.scalars(select(models.Opportunity)).one()
    assert opp.stage in ("screening", "interviewing")
    dana = session.scalars(select(models.Person)).one()
    assert dana.name == "Dana Lee"
    contact = session.scalars(select(models.OpportunityContact)).one()
    assert contact.person_id == dana.id and contact.opportunity_id == opp.id


def test_an_old_confirmation_synced_late_does_not_move_the_stage_backwards(session):
    _, account = _setup(session)
    invite = email_bytes(
        at=T + timedelta(days=5), sender="Dana Lee <dana.lee@northwind-analytics.com>",
        subject="Interview confirmed: Senior Data Engineer at Northwind Analytics",
        body=("Hi Sam,\n\nYour interview for the Senior Data Engineer role is confirmed for "
              "March 10 at 3:00 PM UTC. You will meet Priya Shah.\n\nDana Lee\nRecruiter\n"),
        ics=ics_invite(start=T + timedelta(days=8), organizer="dana.lee@northwind-analytics.com",
                       attendees=[ME, "priya.shah@northwind-analytics.com"]),
    )
    _ingest(session, account, "m2", invite)
    session.commit()
    opp = session.scalars(select(models.Opportunity)).one()
    assert opp.stage == "interviewing"
    _ingest(session, account, "m1", email_bytes(at=T, **CONFIRMATION))
    session.commit()
    session.refresh(opp)
    assert opp.stage == "interviewing"
    assert session.scalar(select(func.count(models.Interview.id))) == 1


def test_the_candidates_own_thank_you_is_a_touch_to_each_recipient(session):
    _, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(at=T, msgid="<c@x>", **CONFIRMATION))
    thanks = email_bytes(
        at=T + timedelta(days=9), sender=f"Sam Rivera <{ME}>",
        to="Priya Shah <priya.shah@northwind-analytics.com>",
        cc="Dana Lee <dana.lee@northwind-analytics.com>",
        subject="Thank you for today's interview",
        body=("Hi Priya,\n\nThank you for taking the time to speak with me today about the Senior "
              "Data Engineer role at Northwind Analytics. I enjoyed our conversation about the "
              "pipeline migration.\n\nBest regards,\nSam\n"),
        in_reply_to="<c@x>", references=["<c@x>"],
    )
    assert _ingest(session, account, "m2", thanks, labels=("SENT",)) == "stored"
    session.commit()
    touches = session.scalars(select(models.Touch).where(models.Touch.direction == "out")).all()
    assert {t.kind for t in touches} == {"thank_you"}
    assert len({t.person_id for t in touches}) == 2


def test_undoing_an_automatic_stage_change_restores_the_previous_stage(session):
    user, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(at=T, msgid="<c@x>", **CONFIRMATION))
    rejection = email_bytes(
        at=T + timedelta(days=12), sender="Dana Lee <dana.lee@northwind-analytics.com>",
        subject="Re: Your application to Northwind Analytics",
        body=("Hi Sam,\n\nThank you for your time. Unfortunately, we have decided to move forward "
              "with other candidates for the Senior Data Engineer role.\n\nDana\n"),
        in_reply_to="<c@x>", references=["<c@x>"],
    )
    _ingest(session, account, "m2", rejection)
    session.commit()
    opp = session.scalars(select(models.Opportunity)).one()
    assert opp.stage == "rejected"
    entry = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "opportunity.stage")).one()
    review.undo(session, user_id=user.id, entry_id=entry.id, now=T + timedelta(days=13))
    session.commit()
    session.refresh(opp)
    assert opp.stage == "applied"



# The candidate follows up with a former colleague; the answer comes in everyday words.
ASK = dict(
    sender=f"Sam Carter <{ME}>", to="Jordan Blake <jordan.blake@gmail.com>",
    subject="Catching up",
    body=("Hi Jordan,\n\nI wanted to follow up on my message about the Data Analyst opening at "
          "Contoso Bank. Would you be willing to pass my resume to the hiring manager?\n\n"
          "Thanks,\nSam\n"),
)
FRIEND = "Jordan Blake <jordan.blake@gmail.com>"


def _ask_then(session, reply: dict | None):
    user, account = _setup(session)
    sent = email_bytes(at=T, msgid="<ask-1@example.net>", **ASK)
    assert _ingest(session, account, "out-1", sent, labels=("SENT",)) == "stored"
    outcome = None
    if reply is not None:
        answer = email_bytes(at=T + timedelta(days=2), sender=FRIEND, to=f"Sam Carter <{ME}>",
                             subject="Re: " + ASK["subject"], in_reply_to="<ask-1@example.net>",
                             references=["<ask-1@example.net>"], **reply)
        outcome = _ingest(session, account, "in-1", answer)
    session.commit()
    return user, outcome


def _actions_for_jordan(session, user) -> dict[str, datetime]:
    from topofmind.playbook.engine import next_actions
    from topofmind.store.history import load_history

    actions = next_actions(load_history(session, user.id), T + timedelta(days=12))
    return {a.rule: a.due for a in actions if "Jordan" in a.title}


def test_without_an_answer_the_candidate_is_told_to_nudge_again(session):
    user, _ = _ask_then(session, None)
    assert "second_follow_up" in _actions_for_jordan(session, user)


def test_an_everyday_answer_in_a_tracked_conversation_counts_as_a_reply_and_stops_the_nudges(session):
    user, outcome = _ask_then(session, dict(body="Ha, of course! Let me ping her this weekend. Lunch soon?\n\nJ\n"))
    assert outcome == "stored"
    reply = session.scalars(select(models.Message).where(models.Message.provider_message_id == "in-1")).one()
    assert reply.category == "human_reply"
    assert "a reply in a conversation already tracked" in reply.reasons
    actions = _actions_for_jordan(session, user)
    assert "second_follow_up" not in actions
    # What is left: answering their "Lunch soon?" (the conversation first), and keeping in touch
    # months after the answer.
    assert set(actions) <= {"check_in", "answer"}
    assert all(d > T + timedelta(days=60) for rule, d in actions.items() if rule == "check_in")


def test_an_out_of_office_in_a_tracked_conversation_is_not_an_answer(session):
    user, outcome = _ask_then(session, dict(
        headers={"Auto-Submitted": "auto-replied"},
        body="I am away until Monday with limited access to email.\n"))
    assert outcome == "ledger_only"
    assert "second_follow_up" in _actions_for_jordan(session, user)


def test_the_same_words_outside_any_tracked_conversation_stay_private(session):
    _, account = _setup(session)
    outcome = _ingest(session, account, "in-2", email_bytes(
        at=T, sender=FRIEND, subject="Re: Saturday", in_reply_to="<elsewhere-1@example.net>",
        body="Ha, of course! Let me ping her this weekend. Lunch soon?\n\nJ\n"))
    session.commit()
    assert outcome == "ledger_only"

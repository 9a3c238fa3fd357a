"""What ingest keeps for the conversation-first playbook: the question a message leaves open,
a coffee invitation as a meeting, a team mailbox that accepts replies, family mail that is no
lead, the company as the mail writes it, and the candidate's timezone from their sent mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.builders import make_account, make_user
from tests.core.ingest_mail import ME, email_bytes, ics_invite, raw
from topofmind.store import models
from topofmind.store.history import load_history
from topofmind.store.ingest import ingest_message
from topofmind.store.timezones import infer_user_timezone, inference_note

ME_SET = frozenset({ME})
T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _setup(session):
    user = make_user(session, email=ME)
    return user, make_account(session, user=user)


def _ingest(session, account, provider_id, data, **kw):
    return ingest_message(session, account=account, message=raw(provider_id, data, **kw), me=ME_SET,
                          now=T + timedelta(days=30))


def _touches(session, **where):
    query = select(models.Touch).order_by(models.Touch.at)
    for column, value in where.items():
        query = query.where(getattr(models.Touch, column) == value)
    return session.scalars(query).all()


def test_a_contacts_proposal_is_kept_as_the_question_waiting_for_an_answer(session):
    _, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(
        at=T, sender="Marcus Okonkwo <marcus@kestrel-mobility.example>", subject="Great meeting you at the meetup",
        msgid="<a@x>", body="Hi Sam,\n\nGreat meeting you at the meetup last night. Would you like to grab a coffee "
                            "next week? How about Thursday at 8:30?\n\nMarcus Okonkwo\nStaff Data Scientist"))
    session.commit()
    (touch,) = _touches(session, direction="in")
    assert touch.asks == "How about Thursday at 8:30?"


def test_a_coffee_invitation_in_the_thread_becomes_a_meeting_on_its_day(session):
    _, account = _setup(session)
    first = email_bytes(at=T, sender="Marcus Okonkwo <marcus@kestrel-mobility.example>", msgid="<a@x>",
                        subject="Great meeting you at the meetup",
                        body="Hi Sam,\n\nGreat meeting you at the meetup. Could I buy you a coffee?\n\nMarcus")
    _ingest(session, account, "m1", first)
    coffee = T + timedelta(days=3)
    _ingest(session, account, "m2", email_bytes(
        at=T + timedelta(days=1), sender="Marcus Okonkwo <marcus@kestrel-mobility.example>", msgid="<b@x>",
        subject="Re: Great meeting you at the meetup", in_reply_to="<a@x>", references=["<a@x>"],
        body="Marcus Okonkwo has invited you to: Coffee", ics=ics_invite(
            start=coffee, organizer="marcus@kestrel-mobility.example", attendees=[ME], summary="Coffee")))
    session.commit()
    meetings = _touches(session, kind="meeting")
    assert [(t.at, t.direction) for t in meetings] == [(coffee, "in")]


def test_a_rejection_from_a_careers_mailbox_keeps_it_as_the_reply_address(session):
    _, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(
        at=T, sender="Harbor & Co Careers <careers@harborco.example>", subject="Your application to Harbor & Co",
        body="Dear Sam,\n\nThank you for applying for the Analyst role at Harbor & Co. After careful review we have "
             "decided to move forward with other candidates.\n\nHarbor & Co Talent Team"))
    session.commit()
    (touch,) = _touches(session, kind="rejection")
    assert touch.person_id is None and touch.reply_address == "careers@harborco.example"


def test_a_no_reply_rejection_keeps_no_reply_address(session):
    _, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(
        at=T, sender="Harbor & Co <no-reply@harborco.example>", subject="Your application to Harbor & Co",
        body="Dear Sam,\n\nThank you for applying for the Analyst role at Harbor & Co. After careful review we have "
             "decided to move forward with other candidates.\n\nHarbor & Co"))
    session.commit()
    assert [t.reply_address for t in _touches(session, kind="rejection")] == [None]


def test_mom_asking_how_the_search_goes_is_family_with_no_company(session):
    user, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(
        at=T, sender="Linda Morgan <linda.morgan@familymail.example>", subject="Thanksgiving plans",
        body="Hi sweetie, are you coming home for Thanksgiving? How is the job search going? Any interviews "
             "with recruiters lately?\n\nLove, Mom"))
    session.commit()
    people = session.scalars(select(models.Person)).all()
    assert all(p.relationship_kind == "family" and p.company_id is None for p in people)
    assert session.scalars(select(models.Company)).all() == []
    from topofmind.playbook import next_actions

    assert next_actions(load_history(session, user.id), T + timedelta(days=120)) == []


def test_the_referred_company_is_named_as_the_mail_writes_it(session):
    _, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(
        at=T, sender="Jo Park <jo.park@gmail.com>", to=ME, cc="Dana Whitaker <dana.whitaker@lumen-loom.example>",
        subject="Product Analyst at Lumen & Loom",
        body="Hi Sam,\n\nDone! I passed your résumé to Dana Whitaker, who leads product analytics here and is "
             "hiring for the role (cc'd). Dana, Sam and I worked together for three years — one of the sharpest "
             "analysts I know.\n\nI'll let you two take it from here.\n\nJo"))
    session.commit()
    assert [c.name for c in session.scalars(select(models.Company))] == ["Lumen & Loom"]


def test_the_timezone_is_read_from_the_candidates_sent_mail_until_they_choose_one(session):
    user, account = _setup(session)
    ny = ZoneInfo("America/New_York")
    for n, day in enumerate((datetime(2026, 1, 12, 9, 5, tzinfo=ny), datetime(2026, 2, 3, 18, 40, tzinfo=ny),
                             datetime(2026, 4, 7, 8, 15, tzinfo=ny), datetime(2026, 6, 2, 12, 0, tzinfo=ny))):
        _ingest(session, account, f"s{n}", email_bytes(
            at=day, sender=f"Sam <{ME}>", to="Dana Lee <dana.lee@contoso.com>", subject="Data Engineer application",
            body="Hi Dana,\n\nI applied for the Data Engineer role yesterday and wanted to introduce myself.\n\nSam",
            headers={"X-Gmail-Labels": "Sent"}), labels=("SENT",))
    session.commit()
    assert infer_user_timezone(session, user) == "America/New_York"
    assert (user.timezone, user.timezone_source) == ("America/New_York", "inferred")
    note = inference_note(session, user)
    assert "4 messages you sent" in note and "UTC−05:00" in note and "UTC−04:00" in note
    user.timezone, user.timezone_source = "Europe/Paris", "user"
    assert infer_user_timezone(session, user) is None and user.timezone == "Europe/Paris"


def test_the_candidates_gracious_note_after_a_rejection_never_reopens_the_process(session):
    _, account = _setup(session)
    _ingest(session, account, "m1", email_bytes(
        at=T, sender="Dana Lee <dana.lee@contoso.com>", subject="Data Engineer at Contoso", msgid="<r@x>",
        body="Hi Sam,\n\nThank you for interviewing for the Data Engineer role. We have decided to move forward "
             "with another candidate.\n\nDana Lee\nRecruiter, Contoso"))
    _ingest(session, account, "m2", email_bytes(
        at=T + timedelta(days=1), sender=f"Sam <{ME}>", to="Dana Lee <dana.lee@contoso.com>",
        subject="Re: Data Engineer at Contoso", in_reply_to="<r@x>", references=["<r@x>"],
        body="Hi Dana,\n\nThank you for letting me know. I applied for the Data Engineer role because I love "
             "your product, and I'd welcome being considered for future roles.\n\nSam",
        headers={"X-Gmail-Labels": "Sent"}), labels=("SENT",))
    session.commit()
    (opp,) = session.scalars(select(models.Opportunity)).all()
    assert opp.stage == "rejected"
    assert not session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "opportunity.stage",
                                                          models.AuditEntry.summary.like("%rejected →%"))).all()

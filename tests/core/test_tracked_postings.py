"""A posting tracked by hand, then the mail that follows: it joins the tracked opportunity (never
a second one), the audit says why, and the follow-up clock is the one mail would have started."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from server.services import capture
from server.services.actions import plan_for
from tests.builders import make_account, make_user
from tests.core.ingest_mail import ME, email_bytes, raw
from topofmind.store import models
from topofmind.store.ingest import ingest_message

T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
POSTING = "https://boards.greenhouse.io/northwindanalytics/jobs/4012345"


def _confirmation(*, role: str = "Senior Data Engineer", job_line: str = "Job ID: 4012345") -> dict:
    return dict(
        sender="Northwind Talent <no-reply@us.greenhouse-mail.io>",
        subject="Thank you for applying to Northwind Analytics",
        body=(f"Hi Sam,\n\nThank you for your interest in Northwind Analytics! We have received your "
              f"application for the {role} position.\n{job_line}\n\nOur team will review it shortly.\n\n"
              "Best,\nThe Northwind Analytics Recruiting Team\n"),
    )


def _setup(session):
    user = make_user(session, email=ME)
    return user, make_account(session, user=user)


def _ingest(session, account, provider_id: str, **mail):
    return ingest_message(session, account=account, message=raw(provider_id, email_bytes(**mail)),
                          me=frozenset({ME}), now=mail["at"] + timedelta(minutes=5))


def _track(session, user, **body):
    opp, _ = capture.create_opportunity(session, user.id, {
        "company": "Northwind Analytics", "role": "Senior Data Engineer", "url": POSTING, **body}, T)
    session.commit()
    return opp


def test_a_later_greenhouse_confirmation_for_the_same_job_id_joins_the_tracked_posting(session):
    user, account = _setup(session)
    tracked = _track(session, user, role="Data Engineer II")
    _ingest(session, account, "m1", at=T + timedelta(hours=2), **_confirmation())
    session.commit()
    assert session.scalar(select(func.count(models.Opportunity.id))) == 1
    message = session.scalars(select(models.Message)).one()
    assert message.opportunity_id == tracked.id
    linked = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "thread.linked")).one()
    assert linked.after == {"opportunity_id": tracked.id, "by": "job_id"}
    assert "by the same job id" in linked.summary


def test_a_confirmation_from_the_postings_ats_joins_it_when_the_role_is_worded_differently(session):
    user, account = _setup(session)
    tracked = _track(session, user, role="Data Engineer (Platform)", url=POSTING.replace("4012345", "77"))
    _ingest(session, account, "m1", at=T + timedelta(hours=2), **_confirmation(role="Analytics Engineer",
                                                                               job_line=""))
    session.commit()
    assert [o.id for o in session.scalars(select(models.Opportunity))] == [tracked.id]
    linked = session.scalars(select(models.AuditEntry).where(models.AuditEntry.kind == "thread.linked")).one()
    assert "by the tracked posting's ATS" in linked.summary


def test_a_saved_posting_starts_its_clock_when_the_confirmation_arrives(session):
    user, account = _setup(session)
    tracked = _track(session, user, stage="lead")
    assert tracked.applied_at is None
    _ingest(session, account, "m1", at=T + timedelta(days=1), **_confirmation())
    session.commit()
    session.refresh(tracked)
    assert (tracked.stage, tracked.applied_at) == ("applied", T + timedelta(days=1))


def test_a_hand_made_application_gets_the_same_follow_up_as_one_found_in_mail(session):
    user, account = _setup(session)
    _ingest(session, account, "m1", at=T, **_confirmation())  # Northwind, found in mail
    session.commit()
    capture.create_opportunity(session, user.id, {"company": "Fabrikam", "role": "Data Engineer",
                                                  "applied_at": T.isoformat()}, T)
    session.commit()
    plan = plan_for(session, user.id, T + timedelta(days=3))
    by_company: dict[str, list] = {}
    for action in plan.actions:
        opp = session.get(models.Opportunity, action.opportunity_id)
        by_company.setdefault(opp.company.name, []).append((action.kind, action.earliest, action.due, action.latest))
    assert set(by_company) == {"Northwind Analytics", "Fabrikam"}
    assert by_company["Fabrikam"] == by_company["Northwind Analytics"]
    kind, earliest, _due, latest = by_company["Fabrikam"][0]
    assert kind == "find_contact"
    assert (earliest.date(), latest.date()) == ((T + timedelta(days=1)).date(), (T + timedelta(days=2)).date())

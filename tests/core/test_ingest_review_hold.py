"""Job mail that may as well be noise creates nothing: it waits on the Review list (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.builders import make_account, make_user
from tests.core.ingest_mail import ME, email_bytes, raw
from topofmind.mail.understand import understand_bytes
from topofmind.store import models
from topofmind.store import review
from topofmind.store.ingest import ingest

T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
# A portal's vague notice: a job application's status, or a shop's, a landlord's, a school's.
VAGUE = dict(sender="Portal <no-reply@portal.example>", subject="Your application status",
             body="The status of your application has changed. Log in to see the details.")


def test_a_job_versus_noise_doubt_is_held_for_review_and_creates_nothing(session):
    data = email_bytes(at=T, **VAGUE)
    _, u = understand_bytes(data, me=frozenset({ME}))
    assert u.job_related and u.confidence < 0.8 and u.noise_doubt  # what the shipped model believes
    user = make_user(session, email=ME)
    account = make_account(session, user=user)
    result = ingest(session, account=account, message=raw("v1", data), me=frozenset({ME}), now=T + timedelta(days=1))
    session.commit()
    assert (result.outcome, result.held) == ("ledger_only", True)
    for model in (models.Message, models.Person, models.Opportunity, models.Company):
        assert session.scalar(select(func.count(model.id))) == 0
    (entry,) = review.pending(session, user_id=user.id)
    assert entry.kind == "message.held" and "Your application status" in entry.summary
    assert session.scalars(select(models.LedgerEntry)).one().category == u.category


def test_clear_job_mail_is_not_held(session):
    data = email_bytes(at=T, sender="Northwind Talent <no-reply@us.greenhouse-mail.io>",
                       subject="Thank you for applying to Northwind Analytics",
                       body="Hi Sam,\n\nThank you for your interest in Northwind Analytics! We have received your "
                            "application for the Senior Data Engineer position.\n\nThe Northwind Analytics Team\n")
    user = make_user(session, email=ME)
    account = make_account(session, user=user)
    result = ingest(session, account=account, message=raw("c1", data), me=frozenset({ME}), now=T + timedelta(days=1))
    session.commit()
    assert (result.outcome, result.held) == ("stored", False)
    assert not [e for e in review.pending(session, user_id=user.id) if e.kind == "message.held"]

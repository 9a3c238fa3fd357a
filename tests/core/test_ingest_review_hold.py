"""Job mail that may as well be noise creates nothing: it waits on the Review list (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.builders import make_account, make_user
from tests.core.ingest_mail import ME, email_bytes, raw
from topofmind.mail.understand import understand_bytes
from topofmind.store import models, review
from topofmind.store.ingest import ingest

T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
# An event's registration receipt that mentions careers: job mail, or just an event?
DOUBTFUL = dict(sender="Events <events@techmeetup.example>", subject="You're registered",
                body="Thanks for registering for Careers in Data night on Thursday. See you there!")


def test_a_job_versus_noise_doubt_is_held_for_review_and_creates_nothing(session):
    data = email_bytes(at=T, **DOUBTFUL)
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
    assert entry.kind == "message.held" and "You're registered" in entry.summary
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

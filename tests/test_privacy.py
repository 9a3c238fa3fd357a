"""Privacy by design (issue 8): noise leaves nothing readable behind, logs leak nothing.

A mailbox with planted strings in its noise is imported through the real CLI and sync
path; then the raw database (the SQLite file and its WAL; every row of every table on
PostgreSQL) is searched for them.
"""

from __future__ import annotations

import mailbox
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from tests.builders import make_account, make_user
from tests.core.ingest_mail import ME, email_bytes
from topofmind.store import models
from topofmind.store.database import make_engine
from topofmind.store.models import Base
from topofmind.store.retention import apply_retention, forget_before, forget_person

T = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
NOISE_SECRETS = ["PlantedSubjectQx81", "planted.person.zz@shop-deals.example", "PlantedBodyVw27",
                 "PlantedFamilyNote55", "cousin.planted@family-mail.example"]


def _write_mbox(path: Path) -> None:
    box = mailbox.mbox(path)
    box.add(email_bytes(
        at=T, sender="Northwind Talent <no-reply@us.greenhouse-mail.io>",
        subject="Thank you for applying to Northwind Analytics",
        body=("Hi Sam,\n\nThank you for applying to Northwind Analytics. We have received your "
              "application for the Data Engineer position and will review it soon.\n\nThe team\n")))
    box.add(email_bytes(
        at=T + timedelta(hours=2), sender="Deals <planted.person.zz@shop-deals.example>",
        subject="PlantedSubjectQx81 — 40% off this weekend only",
        body="PlantedBodyVw27: our biggest sale. Unsubscribe here.",
        headers={"List-Unsubscribe": "<mailto:u@shop-deals.example>", "Precedence": "bulk"}))
    box.add(email_bytes(
        at=T + timedelta(hours=3), sender="Cousin <cousin.planted@family-mail.example>",
        subject="Sunday lunch", body="PlantedFamilyNote55 — bring the photos from the trip!"))
    box.flush()
    box.close()


def _dump(db_url: str) -> bytes:
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    engine = make_engine(db_url)
    chunks = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(text(f'SELECT t::text FROM "{table.name}" t')):
                chunks.append(row[0])
    engine.dispose()
    return "\n".join(chunks).encode()


def test_syncing_noise_stores_none_of_its_subjects_addresses_or_bodies_and_logs_nothing_personal(
        db_url, tmp_path):
    mbox = tmp_path / "mail.mbox"
    _write_mbox(mbox)
    env = {**os.environ, "TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_DATA_DIR": str(tmp_path / "data")}
    run = subprocess.run([sys.executable, "-m", "server.cli", "import-mbox", str(mbox),
                          "--me", ME], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    dump = _dump(db_url)
    assert b"Northwind" in dump  # the job message is there: the search itself works
    for secret in NOISE_SECRETS:
        assert secret.encode() not in dump, f"{secret} was stored"
    logs = run.stdout + run.stderr
    for secret in [*NOISE_SECRETS, "Thank you for applying", ME, "greenhouse-mail.io"]:
        assert secret not in logs, f"{secret} reached the logs"


def _message(session, account, *, pid, at, person_email=None, opp=None):
    row = models.Message(user_id=account.user_id, account_id=account.id, provider_message_id=pid,
                    direction="in", sent_at=at, subject="s", snippet="snip", body_excerpt="body",
                    from_address=person_email, category="human_reply", opportunity_id=opp)
    session.add(row)
    session.flush()
    session.add(models.LedgerEntry(user_id=account.user_id, account_id=account.id,
                              provider_message_id=pid, sent_at=at, processed_at=at))
    return row


def test_retention_clears_bodies_only_after_the_opportunity_closed_long_enough(session):
    user = make_user(session)
    account = make_account(session, user=user)
    closed = models.Opportunity(user_id=user.id, role="A", stage="rejected", stage_changed_at=T,
                           created_at=T, closed_at=T)
    open_ = models.Opportunity(user_id=user.id, role="B", stage="applied", stage_changed_at=T, created_at=T)
    session.add_all([closed, open_])
    session.flush()
    old = _message(session, account, pid="a", at=T, opp=closed.id)
    kept = _message(session, account, pid="b", at=T, opp=open_.id)
    apply_retention(session, user_id=user.id, now=T + timedelta(days=100), keep_days=200)
    session.commit()
    session.refresh(old)
    assert old.body_excerpt == "body"  # not yet: closed 100 days ago, kept 200
    apply_retention(session, user_id=user.id, now=T + timedelta(days=300), keep_days=200)
    session.commit()
    session.refresh(old)
    session.refresh(kept)
    assert old.body_excerpt is None and old.snippet is None and old.subject == "s"
    assert kept.body_excerpt == "body"


def test_forget_before_a_date_removes_exactly_the_older_mail(session):
    user = make_user(session)
    account = make_account(session, user=user)
    _message(session, account, pid="old", at=T)
    _message(session, account, pid="new", at=T + timedelta(days=10))
    session.commit()
    done = forget_before(session, user_id=user.id, before=T + timedelta(days=5))
    session.commit()
    assert done.messages == 1 and done.ledger == 1
    assert session.scalars(select(models.Message.provider_message_id)).all() == ["new"]
    assert session.scalars(select(models.LedgerEntry.provider_message_id)).all() == ["new"]


def test_forget_a_person_removes_them_and_their_mail_but_not_others(session):
    from tests.builders import make_person

    user = make_user(session)
    account = make_account(session, user=user)
    dana = make_person(session, user=user, name="Dana Lee", email="dana@contoso.com")
    make_person(session, user=user, name="Omar Haddad", email="omar@contoso.com")
    _message(session, account, pid="d", at=T, person_email="dana@contoso.com").person_id = dana.id
    _message(session, account, pid="o", at=T, person_email="omar@contoso.com")
    session.commit()
    forget_person(session, user_id=user.id, address="Dana@Contoso.com")
    session.commit()
    assert session.scalars(select(models.Person.name)).all() == ["Omar Haddad"]
    assert session.scalar(select(func.count(models.Message.id))) == 1

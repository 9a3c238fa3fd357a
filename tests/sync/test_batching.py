"""A batch of messages is ingested with shared lookups (topofmind/store/batch.py): it must store exactly
what ingesting the messages one at a time stores."""

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from sync.engine import sync_account
from sync.mbox import MboxSource
from sync.protocol import Batch
from tests.builders import make_account, make_user
from tests.core.ingest_mail import email_bytes, ics_invite
from tests.sync.mailgen import ME, generate_messages, write_mbox
from topofmind.mail.raw import RawMessage
from topofmind.store import models
from topofmind.store.ingest import ingest_message


def _ranks(session, model, user_id):
    return {row_id: rank for rank, row_id in enumerate(session.scalars(
        select(model.id).where(model.user_id == user_id).order_by(model.id)))}


def _sorted(rows):
    return sorted(rows, key=repr)  # rows hold None next to values


def _snapshot(session, user_id):
    """Everything a mailbox import builds for one user, with ids replaced by creation order."""
    opp = _ranks(session, models.Opportunity, user_id)
    thread = _ranks(session, models.Thread, user_id)
    emails = {e.person_id: e.address for e in session.scalars(
        select(models.PersonEmail).where(models.PersonEmail.user_id == user_id))}
    companies = {c.id: c.name for c in session.scalars(select(models.Company).where(models.Company.user_id == user_id))}
    provider_ids = dict(session.execute(select(models.Message.id, models.Message.provider_message_id)
                                        .where(models.Message.user_id == user_id)).all())

    def rows(model, *columns, order=None):
        query = select(model).where(model.user_id == user_id).order_by(order if order is not None else model.id)
        return [tuple(column(r) for column in columns) for r in session.scalars(query)]

    opp_ids = list(opp)
    return {
        "threads": rows(models.Thread, lambda t: t.provider_thread_id, lambda t: t.subject,
                        lambda t: opp.get(t.opportunity_id)),
        "messages": rows(models.Message, lambda x: x.provider_message_id, lambda x: thread.get(x.thread_id),
                         lambda x: opp.get(x.opportunity_id), lambda x: emails.get(x.person_id),
                         lambda x: x.category, lambda x: x.outgoing_kind),
        "opportunities": rows(models.Opportunity, lambda o: companies.get(o.company_id), lambda o: o.role,
                              lambda o: o.job_id, lambda o: o.source, lambda o: o.stage,
                              lambda o: o.stage_changed_at, lambda o: o.closed_at,
                              lambda o: o.decision_expected_by),
        "stage_changes": _sorted(
            (opp[c.opportunity_id], c.from_stage, c.to_stage, c.at, c.reason, provider_ids.get(c.message_id))
            for c in session.scalars(select(models.StageChange).where(models.StageChange.opportunity_id.in_(opp_ids)))),
        "people": _sorted((emails[p.id], p.name, p.title, companies.get(p.company_id), p.relationship_kind)
                          for p in session.scalars(select(models.Person).where(models.Person.user_id == user_id))),
        "contacts": _sorted((opp[c.opportunity_id], emails[c.person_id], c.role) for c in session.scalars(
            select(models.OpportunityContact).where(models.OpportunityContact.opportunity_id.in_(opp_ids)))),
        "interviews": rows(models.Interview, lambda i: opp[i.opportunity_id], lambda i: i.starts_at,
                           lambda i: i.ends_at, lambda i: sorted(emails[p] for p in i.interviewer_ids),
                           lambda i: provider_ids.get(i.message_id)),
        "touches": rows(models.Touch, lambda t: emails.get(t.person_id), lambda t: opp.get(t.opportunity_id),
                        lambda t: t.kind, lambda t: t.direction, lambda t: t.at,
                        lambda t: provider_ids.get(t.message_id)),
        "audit": rows(models.AuditEntry, lambda a: a.kind, lambda a: a.summary, lambda a: a.confidence,
                      lambda a: a.needs_review, lambda a: provider_ids.get(a.message_id)),
        "companies": _sorted((c.name, sorted(d.domain for d in c.domains), c.email_patterns)
                             for c in session.scalars(select(models.Company).where(models.Company.user_id == user_id))),
        "ledger": _sorted((e.provider_message_id, e.status, e.category) for e in session.scalars(
            select(models.LedgerEntry).where(models.LedgerEntry.user_id == user_id))),
    }


def _user_and_account(Session, path, email):  # noqa: N803
    with Session() as s, s.begin():
        user = make_user(s, email=email, own_addresses=[ME])
        return user.id, make_account(s, user=user, provider="mbox", address=str(path)).id


def _import_one_by_one_and_batched(Session, path, now):  # noqa: N803
    """The reference (each message on its own, no batch cache: every lookup asks the
    database) for one user, and the engine's batched import for another."""
    one_by_one, acc = _user_and_account(Session, path, "one@example.com")
    with Session() as s, s.begin():
        account = s.get(models.MailAccount, acc)
        for batch in MboxSource(path).changes(None):
            for message in batch.messages:
                ingest_message(s, account=account, message=message, me=frozenset({ME}), now=now)
    batched, acc = _user_and_account(Session, path, "many@example.com")
    result = sync_account(Session, acc, MboxSource(path, batch_size=100), me=frozenset({ME}),
                          now=lambda: now)
    return one_by_one, batched, result


def test_a_mailbox_imported_in_large_batches_stores_what_one_message_at_a_time_stores(Session, tmp_path, now,
                                                                                      caplog):
    caplog.set_level(logging.INFO, logger="topofmind")
    path = tmp_path / "takeout.mbox"
    mailbox = list(generate_messages(160, seed=31))
    # Two invitations to one interview in the same batch: the second one adds its interviewer.
    start = datetime(2025, 6, 20, 14, 0, tzinfo=UTC)
    for i, (position, interviewer) in enumerate([(100, "marcus.hale"), (110, "ines.duarte")]):
        mailbox.insert(position, email_bytes(
            sender="Dana Lee <dana.lee@northwind-analytics.com>", to=ME, at=start - timedelta(days=5 - i),
            subject="Interview scheduled: Data Engineer", msgid=f"<invite{i}@northwind-analytics.com>",
            in_reply_to="<invite0@northwind-analytics.com>" if i else None,
            body="Your interview for the Data Engineer role is confirmed. Talk soon, Dana",
            ics=ics_invite(start=start, organizer="dana.lee@northwind-analytics.com",
                           attendees=[ME, f"{interviewer}@northwind-analytics.com"])))
    write_mbox(path, mailbox)
    one_by_one, batched, result = _import_one_by_one_and_batched(Session, path, now)
    assert result.status == "ok" and result.batches == 2
    # Each batch went in whole: no failure replayed message by message (which would hide one).
    assert "sync.batch.retry_isolated" not in [r.msg for r in caplog.records]
    with Session() as s:
        expected, got = _snapshot(s, one_by_one), _snapshot(s, batched)
    assert expected["messages"] and expected["opportunities"] and expected["contacts"]
    assert [len(i[3]) for i in expected["interviews"]] == [2]
    stage_changes_per_opportunity = Counter(change[0] for change in expected["stage_changes"])
    assert max(stage_changes_per_opportunity.values()) > 1
    for table in expected:
        assert got[table] == expected[table], table


class _OneBatch:
    provider = "fake"

    def __init__(self, messages):
        self.messages = messages

    def changes(self, cursor):
        if cursor is None:
            yield Batch(messages=self.messages, cursor="end", total=len(self.messages))


def test_the_same_message_twice_in_one_batch_is_stored_once(Session, now, caplog):
    caplog.set_level(logging.INFO, logger="topofmind")
    raws = list(generate_messages(12, seed=5))
    messages = [RawMessage(provider_id=f"p{i}", raw=raw, thread_id=f"t{i // 3}") for i, raw in enumerate(raws)]
    with Session() as s, s.begin():
        acc = make_account(s, user=make_user(s, email=ME), provider="gmail").id
    result = sync_account(Session, acc, _OneBatch(messages + messages[:4]), me=frozenset({ME}), now=lambda: now)
    assert result.status == "ok" and result.counts["duplicate"] == 4
    assert "sync.batch.retry_isolated" not in [r.msg for r in caplog.records]
    with Session() as s:
        keys = list(s.scalars(select(models.LedgerEntry.provider_message_id).where(models.LedgerEntry.account_id == acc)))
        stored = list(s.scalars(select(models.Message.provider_message_id).where(models.Message.account_id == acc)))
    assert sorted(keys) == sorted(mm.provider_id for mm in messages)
    assert stored and len(stored) == len(set(stored))


def test_a_message_the_database_refuses_is_recorded_and_the_rest_of_its_batch_arrives(Session, now):
    with Session() as s:
        if s.get_bind().dialect.name == "sqlite":
            pytest.skip("SQLite does not enforce column lengths: nothing is refused")
    raws = list(generate_messages(20, seed=8))
    long_sender = ("x" * 330).encode() + b"@northwind-analytics.com"
    refused = (b"From: Dana <" + long_sender + b">\nTo: " + ME.encode() + b"\nSubject: Interview invitation\n"
               b"Message-ID: <refused@x>\nDate: Mon, 02 Jun 2025 10:00:00 +0000\n\n"
               b"Hi, we would like to invite you to an interview for the Data Engineer role.\n")
    messages = [RawMessage(provider_id=f"p{i}", raw=raw, thread_id=f"t{i // 2}") for i, raw in enumerate(raws)]
    messages.insert(7, RawMessage(provider_id="refused", raw=refused, thread_id="t3"))
    with Session() as s, s.begin():
        acc = make_account(s, user=make_user(s, email=ME), provider="gmail").id
    result = sync_account(Session, acc, _OneBatch(messages), me=frozenset({ME}), now=lambda: now)
    assert result.status == "ok" and result.counts["error"] == 1
    with Session() as s:
        ledger = {e.provider_message_id: e for e in s.scalars(
            select(models.LedgerEntry).where(models.LedgerEntry.account_id == acc))}
        stored = set(s.scalars(select(models.Message.provider_message_id).where(models.Message.account_id == acc)))
    assert set(ledger) == {mm.provider_id for mm in messages}
    assert ledger["refused"].status == "error" and "could not be stored" in ledger["refused"].error
    assert "refused" not in stored and stored
    assert all(e.status == "ok" for key, e in ledger.items() if key != "refused")


def _without_thread_ids(raw: bytes) -> bytes:
    return b"\n".join(line for line in raw.split(b"\n") if not line.startswith(b"X-GM-THRID:"))


def test_a_mailbox_without_thread_ids_imported_in_batches_stores_what_one_message_at_a_time_stores(
        Session, tmp_path, now):
    # No X-GM-THRID: replies find their conversation by Message-ID, often a message of their
    # own batch that is not in the database yet.
    mailbox = [_without_thread_ids(raw) for raw in generate_messages(160, seed=47)]
    # A recruiter first writes without a display name, then with one; a colleague comes later
    # in the same batch: the company's address patterns are learned from the filled-in name.
    for i, (sender, sign) in enumerate([("jordan.kim@fabrikam-labs.com", ""),
                                         ("Jordan Kim <jordan.kim@fabrikam-labs.com>", ""),
                                         ("Alex Ruiz <alex.ruiz@fabrikam-labs.com>", "\n\nAlex")]):
        mailbox.insert(20 + i, email_bytes(
            sender=sender, at=datetime(2025, 7, 1, 9 + i, tzinfo=UTC), subject="Data Engineer role at Fabrikam Labs",
            body="Hi, I'm a recruiter at Fabrikam Labs and came across your profile. Would you be open "
                 f"to a quick call about our Data Engineer role?{sign}"))
    path = tmp_path / "export.mbox"
    write_mbox(path, mailbox)
    one_by_one, batched, result = _import_one_by_one_and_batched(Session, path, now)
    assert result.status == "ok" and result.batches == 2
    with Session() as s:
        expected, got = _snapshot(s, one_by_one), _snapshot(s, batched)
        parent = aliased(models.Message)
        replies_in_threads = s.scalar(select(func.count()).select_from(models.Message).join(
            parent, (parent.user_id == models.Message.user_id) & (parent.rfc_message_id == models.Message.in_reply_to)
            & (parent.thread_id == models.Message.thread_id)).where(models.Message.user_id == batched))
    fabrikam = [c for c in expected["companies"] if c[0] == "Fabrikam Labs"]
    assert fabrikam and fabrikam[0][2], "the recruiters' address pattern was learned"
    assert replies_in_threads  # replies joined the conversation of the message they answer
    for table in expected:
        assert got[table] == expected[table], table


@pytest.mark.parametrize("batch_size", [1, 100], ids=["separate batches", "one batch"])
def test_an_everyday_answer_in_a_gmail_thread_counts_as_a_reply(Session, tmp_path, now, batch_size):
    """Gmail's thread id alone (no In-Reply-To, as Outlook's rebuilt messages have none)
    makes a friend's answer a reply, whether the question is already stored or still waits
    in the same batch."""
    thread = {"X-GM-THRID": "1790373523456789012"}
    ask = email_bytes(
        sender=f"Alex Morgan <{ME}>", to="Jordan Blake <jordan.blake@gmail.com>", subject="Catching up",
        at=datetime(2026, 3, 2, 9, tzinfo=UTC), headers={**thread, "X-Gmail-Labels": "Sent"},
        body="Hi Jordan,\n\nI wanted to follow up on my message about the Data Analyst opening at "
             "Contoso Bank. Would you be willing to pass my resume to the hiring manager?\n\nAlex\n")
    answer = email_bytes(
        sender="Jordan Blake <jordan.blake@gmail.com>", to=f"Alex Morgan <{ME}>", subject="Re: Catching up",
        at=datetime(2026, 3, 4, 18, tzinfo=UTC), headers={**thread, "X-Gmail-Labels": "Inbox"},
        body="Ha, of course! Let me ping her this weekend. Lunch soon?\n\nJ\n")
    path = tmp_path / "thread.mbox"
    write_mbox(path, [ask, answer])
    user_id, acc = _user_and_account(Session, path, "one@example.com")
    result = sync_account(Session, acc, MboxSource(path, batch_size=batch_size), me=frozenset({ME}),
                          now=lambda: now)
    assert result.status == "ok"
    with Session() as s:
        stored = dict(s.execute(select(models.Message.direction, models.Message.category)
                                .where(models.Message.user_id == user_id)).all())
    assert stored == {"out": "outgoing", "in": "human_reply"}

"""The daily digest and account notices reach real receivers (SMTP, an HTTP endpoint), once a
day, retried with backoff when a channel fails, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from sync.reminders import add_channel
from tests.builders import make_opportunity, make_user
from tests.reminders.conftest import make_job
from tests.server.conftest import seed_job_search
from topofmind.store import models


def _user_with_due_follow_ups(Session, now, box, urls, *, timezone="UTC", email="sam@example.net"):
    with Session() as s:
        user = make_user(s, email=email, name="Sam Rivera", timezone=timezone)
        seed_job_search(s, user, now, suffix=email[:3])
        for url in urls:
            add_channel(s, box, user_id=user.id, url=url, now=now)
        s.commit()
        return user.id


def _deliveries(Session):
    with Session() as s:
        return list(s.scalars(select(models.Delivery).order_by(models.Delivery.id)))


def test_the_digest_arrives_by_email_with_html_and_on_a_json_webhook(Session, now, box, smtp, hook):
    uid = _user_with_due_follow_ups(Session, now, box, [smtp.url, hook.url()])
    with Session() as s:
        opp = s.scalars(select(models.Opportunity).where(models.Opportunity.user_id == uid, models.Opportunity.stage == "applied")).one()
        s.add(models.StageChange(opportunity_id=opp.id, from_stage="applied", to_stage="rejected",
                            at=now - timedelta(hours=3), source="auto"))
        other = make_opportunity(s, user=s.get(models.User, uid), role="Analytics Engineer", stage="interviewing",
                                 at=now - timedelta(days=3))
        s.add(models.Interview(user_id=uid, opportunity_id=other.id, starts_at=now + timedelta(days=1, hours=4)))
        s.commit()
    make_job(Session, box).run(now)
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert "follow-up" in mail["Subject"] and mail["To"] == "sam@example.net"
    parts = {p.get_content_type(): p.get_content() for p in mail.walk() if not p.is_multipart()}
    assert "Thank Dana Lee sam for the interview" in parts["text/html"]
    assert "http://topofmind.test:8765/#action-" in parts["text/html"]
    assert "Thank Dana Lee sam" in parts["text/plain"]
    [body] = hook.to("hook")
    assert body["title"].startswith("topofmind:") and "DUE TODAY" in body["message"]
    assert "Draft and buttons: http://topofmind.test:8765/#action-" in body["message"]
    assert "SINCE YESTERDAY\n- Rejected: Data Engineer at Contoso sam" in body["message"]
    assert "- Tomorrow 14:00 Analytics Engineer at a company" in body["message"]
    [row] = _deliveries(Session)
    assert (row.kind, row.status, row.attempts, str(row.day)) == ("digest", "sent", 1, "2026-03-18")


def test_a_second_run_the_same_day_sends_nothing_more(Session, now, box, hook):
    _user_with_due_follow_ups(Session, now, box, [hook.url()])
    job = make_job(Session, box)
    job.run(now)
    job.run(now + timedelta(hours=3))
    assert len(hook.to("hook")) == 1
    job.run(now + timedelta(days=1))  # Thursday: the next digest
    assert len(hook.to("hook")) == 2


def test_nothing_is_sent_before_the_chosen_local_time_nor_on_a_weekend(Session, now, box, hook):
    uid = _user_with_due_follow_ups(Session, now, box, [hook.url()], timezone="America/New_York")
    job = make_job(Session, box)
    job.run(now)  # 06:00 in New York: before 08:00
    assert hook.posts == []
    job.run(now + timedelta(hours=2, minutes=5))  # 08:05 there
    assert len(hook.posts) == 1
    with Session() as s:
        s.add(models.ReminderSettings(user_id=uid, digest_time="07:30", digest_days="weekdays"))
        s.commit()
    saturday = now + timedelta(days=3, hours=4)
    job.run(saturday)
    assert len(hook.posts) == 1
    with Session() as s:
        s.get(models.ReminderSettings, uid).digest_days = "every_day"
        s.commit()
    job.run(saturday)
    assert len(hook.posts) == 2


def test_nothing_due_sends_nothing_unless_the_user_asks_for_a_daily_note(Session, now, box, hook):
    with Session() as s:
        user = make_user(s, email="idle@example.net")
        add_channel(s, box, user_id=user.id, url=hook.url(), now=now)
        s.commit()
        uid = user.id
    job = make_job(Session, box)
    job.run(now)
    assert hook.posts == []
    assert [(d.status, d.summary) for d in _deliveries(Session)] == [("skipped", "nothing due")]
    with Session() as s:
        s.add(models.ReminderSettings(user_id=uid, digest_when_empty=True))
        s.commit()
    job.run(now + timedelta(days=1))
    [body] = hook.to("hook")
    assert "Nothing is due today." in body["message"]


def test_a_failing_channel_is_retried_with_backoff_and_only_it_is_sent_again(Session, now, box, smtp, hook):
    _user_with_due_follow_ups(Session, now, box, [smtp.url, hook.url()])
    hook.fail_next = 2
    job = make_job(Session, box, retry_delays=(60.0, 300.0))
    job.run(now)
    [row] = _deliveries(Session)
    assert row.status == "failed" and row.attempts == 1
    assert "JSON" in row.last_error and row.next_attempt_at == now + timedelta(seconds=60)
    assert len(smtp.messages) == 1 and hook.posts == []
    job.run(now + timedelta(seconds=30))  # not yet
    assert _deliveries(Session)[0].attempts == 1
    job.run(now + timedelta(seconds=61))
    row = _deliveries(Session)[0]
    assert row.status == "failed" and row.attempts == 2 and row.next_attempt_at == now + timedelta(seconds=361)
    job.run(now + timedelta(seconds=400))
    row = _deliveries(Session)[0]
    assert row.status == "sent" and row.attempts == 3 and row.last_error is None
    assert len(smtp.messages) == 1, "the e-mail that went through is not sent again"
    assert len(hook.to("hook")) == 1


def test_a_channel_that_keeps_failing_is_given_up_and_the_daemon_goes_on(Session, now, box, hook):
    _user_with_due_follow_ups(Session, now, box, [hook.url()])
    _user_with_due_follow_ups(Session, now, box, [hook.url("other")], email="kim@example.org")
    hook.fail_next = 1000
    job = make_job(Session, box, retry_delays=(1.0,))
    job.run(now)
    job.run(now + timedelta(seconds=2))
    job.run(now + timedelta(seconds=4))
    rows = _deliveries(Session)
    assert [(r.status, r.attempts, r.next_attempt_at) for r in rows] == [("failed", 2, None)] * 2
    hook.fail_next = 0
    job.run(now + timedelta(days=1))
    assert len(hook.to("hook")) == 1 and len(hook.to("other")) == 1


def test_channel_urls_are_encrypted_at_rest_masked_when_shown_and_never_logged(Session, now, box, hook, caplog):
    secret_url = f"json://sam:hunter2-very-secret@127.0.0.1:{hook.port}/hook"
    caplog.set_level(logging.DEBUG)
    uid = _user_with_due_follow_ups(Session, now, box, [secret_url])
    hook.fail_next = 1
    make_job(Session, box).run(now)
    with Session() as s:
        [channel] = s.scalars(select(models.NotificationChannel).where(models.NotificationChannel.user_id == uid))
        assert b"hunter2" not in channel.url_encrypted and box.decrypt(channel.url_encrypted) == secret_url
        assert "hunter2" not in channel.shown and channel.shown.startswith("json://sam:****@")
        assert "hunter2" not in (channel.last_error or "")
    [row] = _deliveries(Session)
    assert "hunter2" not in (row.last_error or "")
    assert "hunter2" not in caplog.text


def test_a_stopped_mailbox_is_announced_once_with_a_reconnect_link_and_in_the_digest(Session, now, box, hook):
    uid = _user_with_due_follow_ups(Session, now, box, [hook.url()])
    with Session() as s:
        account = s.scalars(select(models.MailAccount).where(models.MailAccount.user_id == uid)).one()
        account.status, account.last_error = "needs_reconnect", "invalid_grant: Token has been expired or revoked."
        account_id = account.id
        s.commit()
    job = make_job(Session, box)
    job.run(now)
    job.run(now + timedelta(hours=1))
    titles = sorted(b["title"] for b in hook.to("hook"))
    assert len(titles) == 2 and "stopped syncing" in titles[1]
    notice = next(b for b in hook.to("hook") if "stopped syncing" in b["title"])
    assert f"Reconnect: http://topofmind.test:8765/accounts/{account_id}/reconnect" in notice["message"]
    assert "7 days" in notice["message"]  # the Google "Testing" client expiry is explained
    digest = next(b for b in hook.to("hook") if "stopped syncing" not in b["title"])
    assert "MAILBOXES THAT STOPPED SYNCING" in digest["message"]
    assert f"http://topofmind.test:8765/accounts/{account_id}/reconnect" in digest["message"]


def test_nothing_from_mail_becomes_html_in_the_digest_and_users_without_a_channel_cost_nothing(
        Session, now, box, smtp):
    uid = _user_with_due_follow_ups(Session, now, box, [smtp.url])
    with Session() as s:
        for person in s.scalars(select(models.Person).where(models.Person.user_id == uid)):
            person.name = '<img src=x onerror="alert(1)">'
        lonely = make_user(s, email="nochannel@example.org")
        seed_job_search(s, lonely, now, suffix="z")
        s.commit()
    make_job(Session, box).run(now)
    [mail] = smtp.messages
    html = next(p.get_content() for p in mail.walk() if p.get_content_type() == "text/html")
    assert "&lt;img src=x" in html and "<img src=x" not in html
    assert [d.user_id for d in _deliveries(Session)] == [uid]


def test_the_digest_reaches_an_ntfy_server(Session, now, box, hook):
    _user_with_due_follow_ups(Session, now, box, [f"ntfy://127.0.0.1:{hook.port}/sam-followups"])
    make_job(Session, box).run(now)
    [(path, body)] = hook.posts
    text = body.get("message") or body.get("raw", "")
    topic = body.get("topic") or path.strip("/")
    assert topic == "sam-followups" and "DUE TODAY" in text
    assert (body.get("title") or body.get("headers", {}).get("X-Title", "")).startswith("topofmind:")

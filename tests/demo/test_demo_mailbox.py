"""The bundled demo mailbox: a parseable, deterministic few months of one job search whose
threads link up and whose recent events leave follow-ups due as of `today`."""

from __future__ import annotations

import mailbox
from datetime import date, datetime, time, timedelta
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

import icalendar
import pytest

from server.demo import BUNDLED_MBOX, DEMO_TODAY, build_demo_messages, write_demo_mbox
from server.demo.writer import HOME_TZ, ME_ADDRESS


def _bundled() -> list:
    box = mailbox.mbox(str(BUNDLED_MBOX), create=False)
    try:
        return [BytesParser(policy=policy.default).parsebytes(m.as_bytes()) for m in box]
    finally:
        box.close()


def _events(msg) -> list[icalendar.Event]:
    found = []
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            cal = icalendar.Calendar.from_ical(part.get_content())
            assert str(cal["METHOD"]) == "REQUEST"
            assert part.get_param("method") == "REQUEST"
            found += list(cal.walk("VEVENT"))
    return found


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=HOME_TZ)


def _addr(header) -> str:
    return parseaddr(str(header))[1].lower()


def test_bundled_mbox_parses_with_stdlib_and_holds_about_a_hundred_messages():
    messages = _bundled()
    assert 90 <= len(messages) <= 130
    assert all(m["Message-ID"] and m["Date"] and m["From"] for m in messages)
    assert len({m["Message-ID"] for m in messages}) == len(messages)


def test_bundled_file_is_what_the_generator_writes_for_its_date(tmp_path):
    fresh = tmp_path / "demo.mbox"
    count = write_demo_mbox(fresh, DEMO_TODAY)
    assert count == len(_bundled())
    assert fresh.read_bytes() == BUNDLED_MBOX.read_bytes()


def test_generation_is_deterministic():
    first = [m.as_bytes() for m in build_demo_messages(date(2027, 3, 3))]
    second = [m.as_bytes() for m in build_demo_messages(date(2027, 3, 3))]
    assert first == second


@pytest.mark.parametrize("today", [DEMO_TODAY, date(2027, 3, 3), date(2026, 6, 1)])
def test_every_message_is_dated_before_today_and_within_about_four_months(today):
    dates = [m["Date"].datetime for m in build_demo_messages(today)]
    assert max(dates) < _start_of(today)
    assert min(dates) >= _start_of(today - timedelta(days=130))


def test_replies_point_at_earlier_messages_of_the_mailbox_through_references():
    messages = _bundled()
    seen: dict[str, datetime] = {}
    replies = 0
    for msg in messages:  # oldest first
        parent = msg["In-Reply-To"]
        if parent:
            replies += 1
            refs = str(msg["References"]).split()
            assert refs[-1] == str(parent)
            assert all(ref in seen for ref in refs), f"{msg['Subject']} refers to an unknown message"
            assert msg["Subject"].startswith("Re: ")
        seen[str(msg["Message-ID"])] = msg["Date"].datetime
    assert replies >= 25


def test_interviews_and_meetings_arrive_with_calendar_requests():
    events = [(m, e) for m in _bundled() for e in _events(m)]
    assert len(events) >= 8
    for _msg, event in events:
        assert event.decoded("DTSTART").tzinfo is not None
        assert event.get("ORGANIZER") and event.get("ATTENDEE")
        assert event.get("LOCATION")


def test_the_panel_interview_that_ended_yesterday_lists_both_interviewers():
    yesterday = DEMO_TODAY - timedelta(days=1)
    panel = [e for m in _bundled() for e in _events(m)
             if e.decoded("DTSTART").date() == yesterday and "panel" in str(e["SUMMARY"]).lower()]
    assert len(panel) == 1
    attendees = {str(a).removeprefix("mailto:") for a in panel[0]["ATTENDEE"]}
    assert {"rafael.moreno@bluefin-robotics.example", "aisha.rahman@bluefin-robotics.example",
            ME_ADDRESS} <= attendees
    assert str(panel[0]["ORGANIZER"]).endswith("sofia.garcia@bluefin-robotics.example")


def test_the_candidate_writes_a_good_share_of_the_mailbox():
    messages = _bundled()
    sent = [m for m in messages if _addr(m["From"]) == ME_ADDRESS]
    assert 20 <= len(sent) <= len(messages) // 2
    assert all(m["X-Gmail-Labels"] == "Sent" for m in sent)


def test_the_second_nudge_situation_has_no_answer_after_the_first_follow_up():
    messages = _bundled()
    nudge = [m for m in messages if _addr(m["From"]) == ME_ADDRESS and "harborview" in _addr(m["To"])]
    assert len(nudge) == 1
    assert nudge[0]["Date"].datetime.date() == DEMO_TODAY - timedelta(days=9)
    later = [m for m in messages if "harborview" in _addr(m["From"]) and m["Date"].datetime > nudge[0]["Date"].datetime]
    assert later == []


def test_recent_outcomes_arrive_on_the_days_the_story_needs():
    by_day: dict[int, list[str]] = {}
    for m in _bundled():
        days_ago = (DEMO_TODAY - m["Date"].datetime.astimezone(HOME_TZ).date()).days
        by_day.setdefault(days_ago, []).append(f"{_addr(m['From'])} | {m['Subject']}")
    assert any("northwind-analytics.example | Next steps" in s for s in by_day[2])  # verbal offer
    assert any("workablemail.com" in s for s in by_day[2])  # online application to Tessellate
    assert any("sam.rivera@" in s for s in by_day[2])  # the referral
    assert any("quillfeather-health.example" in s for s in by_day[1])  # the rejection
    coffee = [e for m in _bundled() for e in _events(m) if "Coffee" in str(e["SUMMARY"])]
    assert [e.decoded("DTSTART").date() for e in coffee] == [DEMO_TODAY - timedelta(days=1)]


def test_bulk_mail_carries_list_headers_but_one_alert_must_be_recognised_by_content():
    messages = _bundled()
    alerts = [m for m in messages if _addr(m["From"]) in ("jobalerts-noreply@linkedin.com", "alert@indeed.com")]
    assert len(alerts) >= 10
    without = [m for m in alerts if not m["List-Unsubscribe"]]
    assert len(without) == 1

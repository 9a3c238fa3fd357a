"""The seeded world the extension tests browse: one candidate, a few contacts, three threads.

``NOW`` is the server's clock (a Wednesday). Relative to it: an interview with Contoso
yesterday (a thank-you is owed), an online application to Northwind five days ago with no
follow-up (a nudge is owed), a friend met and thanked last week (nothing due), a Tailspin recruiter
known by email only (the "This is …" suggestion for her LinkedIn profile), and a contact
whose name is an HTML payload. ``fixture_data()`` is what the fixture pages render for
the same people and threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tests.builders import make_account, make_company, make_opportunity, make_person, make_user
from topofmind.store import models

NOW = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)
XSS_NAME = "<img src=x onerror=alert(1)>"

GMAIL_THREAD_ID = "18c2f4a9b7d3e601"
GMAIL_UNKNOWN_THREAD_ID = "18c2f4a9b7d3e7ff"
OUTLOOK_CONVERSATION_ID = "AAQkADAwATM3ZmYAZS1hNGQ2LWFmOTgtMDACLTAwCgAQAOQ2a7pD9nBJpB0r3Zs8gNc="

# slug -> what the fixture profile page shows
PROFILES = {
    "dana-lee-contoso": {"name": "Dana Lee", "headline": "Technical Recruiter at Contoso", "company": "Contoso"},
    "alex-kim": {"name": "Alex Kim", "headline": "Staff Engineer at Litware", "company": "Litware"},
    "jordan-mills-42": {"name": "Jordan Mills", "headline": "Talent Partner at Tailspin", "company": "Tailspin"},
    "morgan-blake": {"name": "Morgan Blake", "headline": "Engineering Manager at Wingtip", "company": "Wingtip"},
    "xss-person": {"name": XSS_NAME, "headline": "Headline <b>bold</b>", "company": "Evil <script>Corp</script>"},
}
# Gmail URL token (#inbox/<token>) -> thread shown at that URL
GMAIL_THREADS = {
    "FMfcgzQXJWDsKmvContoso": {"id": GMAIL_THREAD_ID, "subject": "Interview: Data Engineer at Contoso",
                               "from": "Dana Lee", "body": "Thanks for your time on Tuesday."},
    "FMfcgzQXJWDsKmvUnknown": {"id": GMAIL_UNKNOWN_THREAD_ID, "subject": "Weekend plans",
                               "from": "Chris", "body": "Climbing on Saturday?"},
}
OUTLOOK_CONVERSATIONS = {
    OUTLOOK_CONVERSATION_ID: {"subject": "Your application: Analytics Engineer", "from": "Northwind Careers",
                              "body": "We received your application."},
}


def fixture_data() -> dict:
    return {"profiles": PROFILES, "threads": GMAIL_THREADS, "conversations": OUTLOOK_CONVERSATIONS}


@dataclass
class World:
    user_id: int
    token: str = ""
    people: dict[str, int] = field(default_factory=dict)
    opportunities: dict[str, int] = field(default_factory=dict)


def _message(session, *, user, account, thread, opportunity, person, n, direction, at, category, subject,
             from_address, facts=None, outgoing_kind=None) -> models.Message:
    msg = models.Message(user_id=user.id, account_id=account.id, thread_id=thread.id, opportunity_id=opportunity.id,
                    person_id=person.id if person else None, provider_message_id=f"{thread.provider_thread_id}-{n}",
                    rfc_message_id=f"<{thread.provider_thread_id}-{n}@example.net>", direction=direction,
                    sent_at=at, subject=subject, snippet=subject, from_address=from_address,
                    to_addresses=["sam@example.net"] if direction == "in" else [from_address], category=category,
                    outgoing_kind=outgoing_kind, facts=facts or {})
    session.add(msg)
    session.flush()
    return msg


def _touch(session, *, user, person, opportunity, at, kind, direction, summary, channel="email", message=None):
    session.add(models.Touch(user_id=user.id, person_id=person.id if person else None,
                        opportunity_id=opportunity.id if opportunity else None,
                        message_id=message.id if message else None, channel=channel, direction=direction,
                        kind=kind, at=at, summary=summary, source="sync"))
    session.flush()


def seed(session) -> World:
    user = make_user(session, email="sam@example.net", name="Sam Rivera")
    gmail = make_account(session, user=user, provider="gmail")
    outlook = make_account(session, user=user, provider="outlook", address="sam@outlook.example")
    world = World(user_id=user.id)

    # Contoso: applied two weeks ago, interviewed yesterday with Dana -> a thank-you is owed.
    contoso = make_company(session, user=user, name="Contoso", domains=("contoso.com",))
    dana = make_person(session, user=user, name="Dana Lee", email="dana.lee@contoso.com", company=contoso,
                       title="Technical Recruiter", relationship="recruiter",
                       linkedin_url="https://www.linkedin.com/in/dana-lee-contoso/")
    applied = NOW - timedelta(days=14)
    interview_at = NOW - timedelta(hours=20)
    data_eng = make_opportunity(session, user=user, company=contoso, role="Data Engineer", stage="interviewing",
                                source="online_application", at=applied)
    session.add(models.OpportunityContact(opportunity_id=data_eng.id, person_id=dana.id, role="recruiter"))
    thread = models.Thread(user_id=user.id, account_id=gmail.id, provider="gmail", provider_thread_id=GMAIL_THREAD_ID,
                      opportunity_id=data_eng.id, subject="Interview: Data Engineer at Contoso")
    session.add(thread)
    session.flush()
    invite = _message(session, user=user, account=gmail, thread=thread, opportunity=data_eng, person=dana, n=1,
                      direction="in", at=NOW - timedelta(days=3), category="interview_scheduled",
                      subject="Interview: Data Engineer at Contoso", from_address="dana.lee@contoso.com",
                      facts={"company": "Contoso", "role": "Data Engineer",
                             "interview_at": interview_at.isoformat()})
    session.add(models.Interview(user_id=user.id, opportunity_id=data_eng.id, starts_at=interview_at,
                            ends_at=interview_at + timedelta(hours=1), kind="video", message_id=invite.id,
                            interviewer_ids=[dana.id]))
    _touch(session, user=user, person=None, opportunity=data_eng, at=applied, kind="application", direction="out",
           summary="Applied online")
    _touch(session, user=user, person=dana, opportunity=data_eng, at=NOW - timedelta(days=3), kind="interview",
           direction="in", summary="Interview invitation from Dana", message=invite)
    _touch(session, user=user, person=dana, opportunity=data_eng, at=interview_at, kind="interview",
           direction="out", summary="Video interview with Dana", channel="video")

    # Northwind: applied online five days ago, nothing since -> a follow-up is owed.
    northwind = make_company(session, user=user, name="Northwind", domains=("northwind.example",))
    analytics = make_opportunity(session, user=user, company=northwind, role="Analytics Engineer",
                                 stage="applied", source="online_application", at=NOW - timedelta(days=5))
    conv = models.Thread(user_id=user.id, account_id=outlook.id, provider="outlook",
                    provider_thread_id=OUTLOOK_CONVERSATION_ID, opportunity_id=analytics.id,
                    subject="Your application: Analytics Engineer")
    session.add(conv)
    session.flush()
    confirmation = _message(session, user=user, account=outlook, thread=conv, opportunity=analytics, person=None,
                            n=1, direction="in", at=NOW - timedelta(days=5), category="application_confirmation",
                            subject="Your application: Analytics Engineer",
                            from_address="careers@northwind.example",
                            facts={"company": "Northwind", "role": "Analytics Engineer"})
    _touch(session, user=user, person=None, opportunity=analytics, at=NOW - timedelta(days=5),
           kind="application", direction="out", summary="Applied online", message=confirmation)

    # A friend, met and thanked last week: nothing due for months.
    litware = make_company(session, user=user, name="Litware", domains=("litware.example",))
    alex = make_person(session, user=user, name="Alex Kim", email="alex@litware.example", company=litware,
                       title="Staff Engineer", relationship="friend",
                       linkedin_url="https://www.linkedin.com/in/alex-kim/")
    _touch(session, user=user, person=alex, opportunity=None, at=NOW - timedelta(days=10), kind="meeting",
           direction="out", summary="Coffee with Alex", channel="meeting")
    _touch(session, user=user, person=alex, opportunity=None, at=NOW - timedelta(days=9), kind="follow_up",
           direction="out", summary="Thanks for the coffee")
    _touch(session, user=user, person=alex, opportunity=None, at=NOW - timedelta(days=8), kind="reply",
           direction="in", summary="Alex: great to catch up")

    # Known by email only; her LinkedIn profile should be offered as "This is Jordan Mills".
    tailspin = make_company(session, user=user, name="Tailspin", domains=("tailspin.example",))
    jordan = make_person(session, user=user, name="Jordan Mills", email="jordan@tailspin.example",
                         company=tailspin, title="Talent Partner", relationship="recruiter")

    xss = make_person(session, user=user, name=XSS_NAME, email="xss@example.org", relationship="other",
                      title="<b>bold</b>", linkedin_url="https://www.linkedin.com/in/xss-person/")
    _touch(session, user=user, person=xss, opportunity=None, at=NOW - timedelta(days=2), kind="other",
           direction="in", summary="<script>alert(2)</script>")

    world.people = {"dana": dana.id, "alex": alex.id, "jordan": jordan.id, "xss": xss.id}
    world.opportunities = {"contoso": data_eng.id, "northwind": analytics.id}
    return world

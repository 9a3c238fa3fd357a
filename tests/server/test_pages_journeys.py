"""What a job seeker sees and does on Today, People, Pipeline, Opportunity, Person and Review."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.builders import make_account, make_person
from topofmind.store import models

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def seeker(site, alone):
    user_id, ids = alone
    ids["user"] = user_id
    client = site.test_client()
    client.environ_base.update(LOCAL)
    return client, ids


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _section(html: str, key: str) -> str:
    start = html.index(f'id="g-{key}"')
    end = html.find('class="window"', start)
    return html[start:end if end != -1 else len(html)]


def test_today_groups_now_this_week_and_later_with_the_counts_in_the_navigation(seeker, Session, now):
    client, ids = seeker
    with Session() as s:  # a former colleague last heard from a month ago: a check-in months away
        friend = make_person(s, user=s.get(models.User, ids["user"]), name="Robin Park", relationship="former_colleague",
                             email="robin@example.org")
        s.add(models.Touch(user_id=ids["user"], person_id=friend.id, direction="out", kind="check_in",
                      at=now - timedelta(days=30), channel="email"))
        s.commit()
    html = client.get("/").get_data(as_text=True)
    now_cards = _section(html, "now").count('<article class="action')
    assert now_cards >= 1
    nav = html[html.index('<nav aria-label="Main">'):html.index("</nav>")]
    assert re.search(rf'Today <span class="pill" title="due now">{now_cards}<', nav)
    assert re.search(rf'href="#g-now">Now <span class="pill hot">{now_cards}</span>', html)
    later = html[html.index('<details class="later">'):]
    assert "Robin Park" in later  # collapsed: a <details> without "open"
    assert "Robin Park" not in html[:html.index('<details class="later">')]
    # each item names its person and its opportunity
    assert re.search(r'For <a href="/people/\d+">Dana Lee a</a>\s*— about <a href="/opportunities/\d+">'
                     r'Platform Engineer at Contoso a</a>', html)
    assert "<summary>Show the draft" in html


def test_the_people_list_is_in_the_navigation_and_filters_by_company_relationship_contact_and_due(seeker):
    client, ids = seeker
    html = client.get("/people").get_data(as_text=True)
    assert '<a href="/people"' in html
    assert html.count('<a href="/people/') == 2
    def names(query: str) -> list[str]:
        page = client.get("/people?" + query).get_data(as_text=True)
        return re.findall(r'<td><a href="/people/(\d+)">', page)
    assert names("relationship=recruiter") == [str(ids["person"])]
    assert names("last=never") == [str(ids["duplicate"])]
    assert names("last=30") == [str(ids["person"])]
    assert names("due=1") == [str(ids["person"])]
    assert sorted(names(f"company={ids['company']}")) == sorted([str(ids["person"]), str(ids["duplicate"])])
    assert names("q=nobody-by-that-name") == []


def test_a_person_page_reads_in_plain_words(seeker):
    client, ids = seeker
    html = client.get(f"/people/{ids['duplicate']}").get_data(as_text=True)
    lede = re.search(r'<h1>Dana Lee a</h1>\s*(.*?)<ul class="facts">', html, re.S).group(1)
    assert "·" not in lede and "No touches" not in html
    assert "No messages or meetings with Dana Lee a yet." in html


def test_moving_a_card_changes_the_stage_once_and_undo_restores_it(seeker, Session):
    client, ids = seeker
    html = client.get("/pipeline").get_data(as_text=True)
    assert f'data-opportunity="{ids["applied"]}" data-stage="applied"' in html
    moved = client.post(f"/opportunities/{ids['applied']}/stage",
                        data={"csrf": _csrf(html), "stage": "screening", "back": "/pipeline"})
    assert moved.status_code == 302 and moved.location.endswith("/pipeline")
    board = client.get("/pipeline").get_data(as_text=True)
    undo = re.search(r'<form method="post" action="/review/(\d+)/undo" class="flash ok undo"', board)
    assert "Moved Data Engineer at Contoso a from Applied to Screening." in board and undo
    with Session() as s:
        assert s.get(models.Opportunity, ids["applied"]).stage == "screening"
    back = client.post(f"/review/{undo.group(1)}/undo", data={"csrf": _csrf(board), "back": "/pipeline"})
    assert back.status_code == 302 and back.location.endswith("/pipeline")
    with Session() as s:
        opp = s.get(models.Opportunity, ids["applied"])
        assert opp.stage == "applied"
        assert [c.to_stage for c in opp.stage_history][-2:] == ["screening", "applied"]
    assert "from Applied to Screening" not in client.get("/pipeline").get_data(as_text=True)


def test_an_unknown_stage_is_refused_with_the_field_named(seeker, Session):
    client, ids = seeker
    html = client.get("/pipeline").get_data(as_text=True)
    answer = client.post(f"/opportunities/{ids['applied']}/stage", data={"csrf": _csrf(html), "stage": "hired"})
    assert answer.status_code == 400 and "stage" in answer.get_data(as_text=True)
    with Session() as s:
        assert s.get(models.Opportunity, ids["applied"]).stage == "applied"


def test_a_decision_date_shows_while_waiting_and_is_hidden_once_the_stage_moved_on(seeker, Session, now):
    client, ids = seeker
    with Session() as s:
        s.get(models.Opportunity, ids["opportunity"]).decision_expected_by = (now + timedelta(days=3)).date()
        s.get(models.Opportunity, ids["applied"]).decision_expected_by = (now - timedelta(days=40)).date()
        s.get(models.Opportunity, ids["applied"]).stage = "rejected"
        s.commit()
    board = client.get("/pipeline").get_data(as_text=True)
    assert board.count("Decision expected by") == 1
    assert "they said they would decide by" not in client.get(f"/opportunities/{ids['applied']}").get_data(as_text=True)
    assert "they said they would decide by" in client.get(f"/opportunities/{ids['opportunity']}").get_data(as_text=True)


def test_review_groups_by_opportunity_and_shows_the_later_message_beside_a_contradiction(seeker, Session, now):
    client, ids = seeker
    with Session() as s:
        user = s.get(models.User, ids["user"])
        account = make_account(s, user=user, provider="outlook", address="sam@outlook.example")
        thread = models.Thread(user_id=user.id, account_id=account.id, provider="outlook", provider_thread_id="AAQk=1",
                          opportunity_id=ids["applied"], subject="Your application")
        s.add(thread)
        s.flush()
        said = []
        for days, subject, category in ((6, "Your application to Contoso", "rejection"),
                                        (3, "Re: next steps", "interview_invitation")):
            message = models.Message(user_id=user.id, account_id=account.id, thread_id=thread.id,
                                opportunity_id=ids["applied"], provider_message_id=f"o-{days}", direction="in",
                                sent_at=now - timedelta(days=days), subject=subject, from_name="Pat Kim",
                                from_address="pat@contoso-a.com", category=category, confidence=0.5,
                                reasons=["subject: 'application'"], facts={})
            s.add(message)
            s.flush()
            said.append(message.id)
        s.add_all([
            models.AuditEntry(user_id=user.id, at=now, kind="opportunity.stage", entity="opportunity",
                         entity_id=ids["applied"], before={"stage": "applied"}, after={"stage": "rejected"},
                         summary="Data Engineer at Contoso a: applied → rejected", confidence=0.4,
                         needs_review=True, message_id=said[0]),
            models.AuditEntry(user_id=user.id, at=now, kind="opportunity.stage", entity="opportunity",
                         entity_id=ids["applied"], before={"stage": "rejected"}, after={"stage": "interviewing"},
                         summary="Data Engineer at Contoso a: rejected → interviewing", confidence=0.5,
                         needs_review=True, message_id=said[1])])
        s.commit()
    html = client.get("/review").get_data(as_text=True)
    groups = re.findall(r'<section class="panel review-group".*?</section>', html, re.S)
    contoso = next(g for g in groups if "Data Engineer at Contoso a" in g)
    newer, older = contoso.index("Moved to Interviewing"), contoso.index("Moved to Rejected")
    assert newer < older  # newest first
    assert "A later message says otherwise: it moved to Interviewing" in contoso[older:]
    assert "“Re: next steps”" in contoso and "from Pat Kim &lt;pat@contoso-a.com&gt;" in contoso
    assert 'href="https://outlook.office.com/mail/inbox/id/AAQk%3D1"' in contoso
    assert "not sure" in contoso and "confidence" not in contoso
    # the thread decision of the seeded search sits in its own opportunity's group
    assert any("Platform Engineer at Contoso a" in g for g in groups)

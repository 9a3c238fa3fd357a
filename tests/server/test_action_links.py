"""An action's link opens where the follow-up happens: the newest mail thread of its
opportunity that its person wrote in, else the LinkedIn profile for a LinkedIn action, else a
mailto, else nothing — never a thread nobody tracked wrote in (a portal's no-reply
confirmation: a reply there reaches nobody) — and the threads are read once per request."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from server.auth import create_token
from tests.builders import make_account, make_company, make_opportunity, make_person, make_user
from topofmind.store import models

CONVERSATION_ID = "AAQkADAwATM3ZmYAZS1h+NGQ2/LWFmOTgtMDACLTAwCgAQAOQ2a7pD9nBJpB0r3Zs8gNc="


def _thread(session, *, user, account, opportunity, thread_id, messages):
    """A thread of ``opportunity``; ``messages``: (person or None, sent_at) pairs."""
    thread = models.Thread(user_id=user.id, account_id=account.id, provider=account.provider,
                      provider_thread_id=thread_id, opportunity_id=opportunity.id, subject="Re: application")
    session.add(thread)
    session.flush()
    for n, (person, at) in enumerate(messages):
        session.add(models.Message(user_id=user.id, account_id=account.id, thread_id=thread.id,
                              opportunity_id=opportunity.id, person_id=person.id if person else None,
                              provider_message_id=f"{thread_id}-{n}", direction="in", sent_at=at,
                              subject="Re: application", from_address="someone@example.com",
                              category="status_update", facts={}))
    session.flush()


def _seed(Session, now):
    """Five applications two days old, each waiting for a different kind of link."""
    with Session() as s:
        user = make_user(s)
        gmail = make_account(s, user=user, provider="gmail")
        outlook = make_account(s, user=user, provider="outlook", address="sam@outlook.example")
        contoso = make_company(s, user=user, name="Contoso", domains=("contoso.com",))
        dana = make_person(s, user=user, name="Dana Lee", email="dana.lee@contoso.com", company=contoso,
                           title="Recruiter", linkedin_url="https://www.linkedin.com/in/dana-lee/")
        with_threads = make_opportunity(s, user=user, company=contoso, role="Data Engineer",
                                        at=now - timedelta(days=2))
        s.add(models.OpportunityContact(opportunity_id=with_threads.id, person_id=dana.id, role="recruiter"))
        _thread(s, user=user, account=gmail, opportunity=with_threads, thread_id="18c0000000000a01",
                messages=[(dana, now - timedelta(days=2, hours=1))])
        _thread(s, user=user, account=gmail, opportunity=with_threads, thread_id="18c0000000000b02",
                messages=[(None, now - timedelta(days=2)), (dana, now - timedelta(days=1, hours=20))])
        _thread(s, user=user, account=gmail, opportunity=with_threads, thread_id="18c0000000000c03",
                messages=[(None, now - timedelta(hours=5))])  # newest, but not with Dana

        northwind = make_company(s, user=user, name="Northwind", domains=("northwind.example",))
        no_contact = make_opportunity(s, user=user, company=northwind, role="Analytics Engineer",
                                      at=now - timedelta(days=2))
        _thread(s, user=user, account=outlook, opportunity=no_contact, thread_id=CONVERSATION_ID,
                messages=[(None, now - timedelta(days=2))])

        fabrikam = make_company(s, user=user, name="Fabrikam", domains=("fabrikam.com",))
        lin = make_person(s, user=user, name="Lin Park", email="lin@fabrikam.com", company=fabrikam,
                          title="Recruiter", preferred_channel="linkedin",
                          linkedin_url="https://www.linkedin.com/in/lin-park/")
        on_linkedin = make_opportunity(s, user=user, company=fabrikam, role="Analyst", at=now - timedelta(days=2))
        s.add(models.OpportunityContact(opportunity_id=on_linkedin.id, person_id=lin.id, role="recruiter"))

        litware = make_company(s, user=user, name="Litware", domains=("litware.example",))
        kim = make_person(s, user=user, name="Kim Ode", email="kim@litware.example", company=litware,
                          title="Recruiter")
        by_email = make_opportunity(s, user=user, company=litware, role="Platform Engineer",
                                    at=now - timedelta(days=2))
        s.add(models.OpportunityContact(opportunity_id=by_email.id, person_id=kim.id, role="recruiter"))

        nowhere = make_opportunity(s, user=user, company=make_company(s, user=user, name="Wingtip",
                                                                      domains=("wingtip.example",)),
                                   role="Data Analyst", at=now - timedelta(days=2))
        token = create_token(s, user, "extension", now)
        s.commit()
        return token, {"threads": with_threads.id, "outlook": no_contact.id, "linkedin": on_linkedin.id,
                       "email": by_email.id, "nowhere": nowhere.id}


def _links_by_opportunity(client) -> dict[int, dict]:
    actions = client.get("/api/v1/actions?due=all").get_json()["actions"]
    return {a["opportunity"]["id"]: a["link"] for a in actions if a["opportunity"]}


def _client(app, token):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_each_action_links_to_its_thread_profile_or_address(app, Session, now):
    token, opps = _seed(Session, now)
    links = _links_by_opportunity(_client(app, token))

    # The newest thread with Dana, not the newer one she is not in.
    assert links[opps["threads"]] == {"type": "thread", "url": "https://mail.google.com/mail/u/0/#all/18c0000000000b02"}
    # No person on "find the hiring contact": not the portal's thread, the card's searches instead.
    assert links[opps["outlook"]] == {"type": "none", "url": None}
    assert links[opps["linkedin"]] == {"type": "profile", "url": "https://www.linkedin.com/in/lin-park/"}
    assert links[opps["email"]] == {"type": "mailto", "url": "mailto:kim@litware.example"}
    assert links[opps["nowhere"]] == {"type": "none", "url": None}


def test_a_thread_without_the_actions_person_is_never_the_link(app, Session, now):
    token, opps = _seed(Session, now)
    with Session() as s:
        s.query(models.Message).filter(models.Message.person_id.is_not(None)).update({models.Message.person_id: None})
        s.commit()
    links = _links_by_opportunity(_client(app, token))
    assert links[opps["threads"]] == {"type": "mailto", "url": "mailto:dana.lee@contoso.com"}


def test_the_threads_of_all_actions_are_read_in_one_query(app, Session, engine, now):
    token, _ = _seed(Session, now)
    client = _client(app, token)
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        actions = client.get("/api/v1/actions?due=all").get_json()["actions"]
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert sum(a["link"]["type"] == "thread" for a in actions) >= 1
    assert len([s for s in statements if "FROM threads" in s]) == 1

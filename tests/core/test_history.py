"""load_history: the playbook's input from the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from tests.builders import make_company, make_opportunity, make_person, make_user
from tests.core.builders_playbook import make_action_state, make_contact, make_interview, make_touch
from topofmind.playbook import next_actions
from topofmind.playbook.settings import PlaybookSettings
from topofmind.store import models
from topofmind.store.history import UnknownUser, load_histories, load_history

IV = datetime(2026, 3, 10, 14, tzinfo=UTC)


def _world(session):
    user = make_user(session, timezone="Europe/Berlin")
    contoso = make_company(session, user=user, name="Contoso")
    dana = make_person(session, user=user, name="Dana Lee", email="dana@contoso.com", company=contoso,
                       relationship="recruiter", preferred_channel="linkedin")
    session.add(models.PersonEmail(user_id=user.id, person_id=dana.id, address="d.lee@contoso.com", is_guess=True))
    lee = make_person(session, user=user, name="Lee Park", relationship="interviewer")
    opp = make_opportunity(session, user=user, company=contoso, role="Data Engineer", stage="interviewing")
    opp.decision_expected_by = date(2026, 3, 20)
    make_contact(session, opportunity=opp, person=dana, role="recruiter")
    interview = make_interview(session, user=user, opportunity=opp, starts_at=IV, interviewers=[lee],
                               notes="streaming")
    touch = make_touch(session, user=user, person=dana, opportunity=opp, direction="in",
                       kind="interview_scheduled", at=IV - timedelta(days=3))
    make_action_state(session, user=user, key="thank_you.p2.o1.i1", state="snoozed",
                      snoozed_until=IV + timedelta(days=1))
    session.flush()
    return user, dana, lee, opp, interview, touch


def test_history_carries_people_with_primary_email_and_company(session):
    user, dana, lee, *_ = _world(session)
    h = load_history(session, user.id)
    assert h.timezone == "Europe/Berlin"
    facts = h.people[dana.id]
    assert (facts.name, facts.first_name, facts.email, facts.company_name) == ("Dana Lee", "Dana", "dana@contoso.com", "Contoso")
    assert (facts.relationship, facts.preferred_channel) == ("recruiter", "linkedin")
    assert h.people[lee.id].company_name is None


def test_history_carries_opportunities_with_contacts_interviews_touches_and_states(session):
    user, dana, lee, opp, interview, touch = _world(session)
    h = load_history(session, user.id)
    o = h.opportunities[opp.id]
    assert (o.company_name, o.role, o.stage, o.decision_expected_by) == ("Contoso", "Data Engineer", "interviewing",
                                                                         date(2026, 3, 20))
    assert o.contacts == ((dana.id, "recruiter"),)
    (i,) = h.interviews
    assert (i.id, i.interviewer_ids, i.notes, i.starts_at) == (interview.id, (lee.id,), "streaming", IV)
    (t,) = h.touches
    assert (t.id, t.person_id, t.kind, t.direction) == (touch.id, dana.id, "interview_scheduled", "in")
    assert h.action_states["thank_you.p2.o1.i1"].snoozed_until == IV + timedelta(days=1)


def test_history_is_scoped_to_its_user(session):
    user, *_ = _world(session)
    other = make_user(session, email="other@example.net")
    make_person(session, user=other, name="Someone Else")
    assert all(p.name != "Someone Else" for p in load_history(session, user.id).people.values())
    assert load_history(session, other.id).opportunities == {}


def test_history_from_the_database_drives_the_playbook(session):
    user, dana, lee, opp, interview, _ = _world(session)
    actions = next_actions(load_history(session, user.id), IV + timedelta(hours=2), PlaybookSettings())
    thanks = {a.person_id for a in actions if a.kind == "thank_you"}
    assert thanks == {dana.id, lee.id}
    assert next(a for a in actions if a.person_id == dana.id).channel == "linkedin"


def test_history_loads_in_a_fixed_handful_of_queries(session, engine):
    user, dana, lee, opp, *_ = _world(session)
    for n in range(30):
        p = make_person(session, user=user, name=f"Person {n}", email=f"p{n}@example.org")
        make_contact(session, opportunity=opp, person=p, role="helper")
        make_touch(session, user=user, person=p, at=IV + timedelta(hours=n), kind="message")
    session.flush()
    session.expunge_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        h = load_history(session, user.id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(h.people) == 32 and len(h.touches) == 31
    assert len(statements) <= 8, statements


def _second_user(session, *, email: str, timezone: str):
    """Another user whose records interleave with the first's (same companies' names, later ids)."""
    user = make_user(session, email=email, timezone=timezone)
    acme = make_company(session, user=user, name="Contoso")
    kim = make_person(session, user=user, name="Kim Ode", email=f"kim@{email.split('@')[1]}", company=acme,
                      relationship="hiring_manager")
    opp = make_opportunity(session, user=user, company=acme, role="Analyst", stage="applied")
    make_contact(session, opportunity=opp, person=kim, role="hiring_manager")
    make_interview(session, user=user, opportunity=opp, starts_at=IV + timedelta(days=2), interviewers=[kim])
    for n in range(3):
        make_touch(session, user=user, person=kim, opportunity=opp, direction="out", kind="follow_up",
                   at=IV - timedelta(days=n))
    make_action_state(session, user=user, key="follow_up.p1.o1.t1", state="done")
    session.flush()
    return user


def test_histories_loaded_together_give_each_user_exactly_their_own(session):
    first, *_ = _world(session)
    second = _second_user(session, email="kim@example.org", timezone="America/New_York")
    empty = make_user(session, email="nobody@example.org")
    third = _second_user(session, email="lee@example.com", timezone="Asia/Tokyo")
    ids = [first.id, second.id, empty.id, third.id]

    together = load_histories(session, ids)

    assert sorted(together) == sorted(ids)
    for uid in ids:
        assert together[uid] == load_histories(session, [uid])[uid] == load_history(session, uid)
        owned = {table: set(session.scalars(select(model.id).where(model.user_id == uid)))
                 for table, model in (("people", models.Person), ("opportunities", models.Opportunity),
                                      ("interviews", models.Interview), ("touches", models.Touch))}
        h = together[uid]
        assert set(h.people) == owned["people"] and set(h.opportunities) == owned["opportunities"]
        assert {i.id for i in h.interviews} == owned["interviews"]
        assert {t.id for t in h.touches} == owned["touches"]
    assert together[second.id].timezone == "America/New_York" and together[empty.id].touches == ()
    assert together[first.id].action_states.keys() == {"thank_you.p2.o1.i1"}
    assert together[third.id].action_states["follow_up.p1.o1.t1"].state == "done"


def test_histories_of_many_users_load_in_as_many_queries_as_one(session, engine):
    users = [_second_user(session, email=f"u{n}@example.org", timezone="UTC") for n in range(6)]
    session.expunge_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        histories = load_histories(session, [u.id for u in users])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert all(len(h.touches) == 3 for h in histories.values())
    assert len(statements) <= 8, statements


def test_unknown_user_is_a_clear_error(session):
    with pytest.raises(UnknownUser, match="no user with id 999"):
        load_history(session, 999)
    with pytest.raises(UnknownUser, match="no user with id 999"):
        load_histories(session, [999])

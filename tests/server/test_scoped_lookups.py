"""Lookups read only the history their answer depends on; the answer must not change."""

from __future__ import annotations

import mailbox
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from server.demo.mailbox import write_demo_mbox
from server.demo.writer import ME_ADDRESS
from server.services import people as people_service
from server.services.actions import plan_for
from tests.builders import make_account, make_company, make_opportunity, make_person, make_user
from tests.core.builders_playbook import make_action_state, make_contact, make_interview, make_touch
from topofmind.mail.raw import RawMessage
from topofmind.store import models
from topofmind.store.ingest import ingest_message

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _demo_history(session, tmp_path):
    user = make_user(session, email=ME_ADDRESS, timezone="America/New_York")
    account = make_account(session, user=user)
    path = tmp_path / "demo.mbox"
    write_demo_mbox(path, date(2026, 11, 20))
    for i, msg in enumerate(mailbox.mbox(path)):
        ingest_message(session, account=account, message=RawMessage(provider_id=f"d{i}", raw=bytes(msg)),
                       me=frozenset({ME_ADDRESS}), now=NOW)
    session.commit()
    return user


def _keys(actions):
    return sorted((a.key, a.due, a.why) for a in actions)


def test_every_person_lookup_gives_the_same_actions_from_the_scoped_history(session, tmp_path):
    user = _demo_history(session, tmp_path)
    full = plan_for(session, user.id, NOW)
    assert full.actions, "the demo story should produce actions"
    people = session.scalars(select(models.Person.id).where(models.Person.user_id == user.id)).all()
    assert len(people) >= 5
    for pid in people:
        opps = people_service.opportunity_ids_of(session, user.id, pid)
        scoped = plan_for(session, user.id, NOW, person_ids=[pid], opportunity_ids=opps)
        assert _keys(scoped.for_scope(person_ids=[pid], opportunity_ids=opps)) == \
            _keys(full.for_scope(person_ids=[pid], opportunity_ids=opps)), pid
        assert len(scoped.history.touches) <= len(full.history.touches)


def test_every_opportunity_gives_the_same_actions_from_the_scoped_history(session, tmp_path):
    user = _demo_history(session, tmp_path)
    full = plan_for(session, user.id, NOW)
    for oid in session.scalars(select(models.Opportunity.id).where(models.Opportunity.user_id == user.id)):
        scoped = plan_for(session, user.id, NOW, opportunity_ids=[oid])
        assert _keys(scoped.for_scope(opportunity_ids=[oid], only_these_opportunities=True)) == \
            _keys(full.for_scope(opportunity_ids=[oid], only_these_opportunities=True)), oid


# --- randomly seeded searches ------------------------------------------------------------
# Shared contacts, interviewers who are not contacts, referrals, helpers, an accepted offer
# and user decisions: every person (a profile lookup) and every opportunity (a thread
# lookup) must get the answer the whole history gives, to the field.

ROLES = ("recruiter", "hiring_manager", "interviewer", "coordinator", "referrer", "helper", "introducer")
RELATIONSHIPS = ("recruiter", "hiring_manager", "networking_contact", "friend", "former_colleague", None)
STAGES = ("lead", "applied", "applied", "screening", "interviewing", "interviewing", "offer", "rejected",
          "closed", "withdrawn")
SOURCES = ("online_application", "online_application", "referral", "recruiter", "networking")
TOUCH_KINDS = {"out": ("application", "follow_up", "follow_up", "thank_you", "check_in", "message"),
               "in": ("reply", "confirmation", "status_update", "interview_scheduled", "rejection", "offer",
                      "networking", "introduction", "referral", "meeting")}


def seed_search(session, now, rng: random.Random, *, email: str, accepted: bool = True) -> models.User:
    user = make_user(session, email=email, timezone=rng.choice(("UTC", "Europe/Berlin", "America/New_York")))
    companies = [make_company(session, user=user, name=f"Company {i} {email}", domains=(f"c{i}.{email[0]}.example",))
                 for i in range(5)]
    people = [make_person(session, user=user, name=f"Person {i}", company=rng.choice(companies),
                          relationship=rng.choice(RELATIONSHIPS),
                          preferred_channel=rng.choice((None, None, "linkedin", "phone")),
                          at=now - timedelta(days=rng.uniform(1, 200)))
              for i in range(30)]
    for p in rng.sample(people, 3):
        p.keep_in_touch = False
    opps = []
    for i in range(16):
        stage = "accepted" if accepted and i == 0 else rng.choice(STAGES)
        at = now - timedelta(days=rng.uniform(1, 25))
        opp = make_opportunity(session, user=user, company=rng.choice(companies), role=f"Role {i}", stage=stage,
                               source=rng.choice(SOURCES), at=at)
        if rng.random() < 0.2:
            opp.decision_expected_by = (now + timedelta(days=rng.randint(-10, 10))).date()
        if stage in models.CLOSED_STAGES:
            opp.closed_at = opp.stage_changed_at = now - timedelta(days=rng.uniform(1, 4))
        opps.append(opp)
        # A few people take part in several opportunities: their pacing ties them together.
        for person in rng.sample(people[:10], rng.randint(0, 3)):
            make_contact(session, opportunity=opp, person=person, role=rng.choice(ROLES))
        for _ in range(rng.randint(0, 2)):
            # Interviewers are drawn from everyone: not always a contact of the opportunity.
            make_interview(session, user=user, opportunity=opp, starts_at=now - timedelta(days=rng.uniform(-3, 30)),
                           interviewers=rng.sample(people, rng.randint(0, 2)), cancelled=rng.random() < 0.1)
    for _ in range(100):
        direction = rng.choice(("in", "out"))
        make_touch(session, user=user, at=now - timedelta(hours=rng.uniform(-24, 24 * 30)),
                   person=rng.choice(people) if rng.random() < 0.9 else None,
                   opportunity=rng.choice(opps) if rng.random() < 0.7 else None, direction=direction,
                   kind=rng.choice(TOUCH_KINDS[direction]), channel=rng.choice(("email", "email", "linkedin")))
    session.flush()
    # The user's decisions on some of the actions as they stand.
    for action in rng.sample(plan_for(session, user.id, now).actions, 12):
        state = rng.choice(("done", "dismissed", "snoozed", "snoozed"))
        until = now + timedelta(days=rng.uniform(-5, 5)) if state == "snoozed" else None
        make_action_state(session, user=user, key=action.key, state=state, snoozed_until=until)
    session.flush()
    return user


def _answer(plan, **scope) -> list[dict]:
    return [plan.to_dict(a) for a in plan.for_scope(**scope)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_profile_lookup_sees_exactly_the_actions_of_the_whole_history(session, now, seed):
    rng = random.Random(seed)
    user = seed_search(session, now, rng, email="sam@example.net")
    seed_search(session, now, rng, email="kim@example.org")  # another user's search beside
    full = plan_for(session, user.id, now)
    people = session.scalars(select(models.Person.id).where(models.Person.user_id == user.id)).all()
    compared = 0
    for pid in people:
        opp_ids = people_service.opportunity_ids_of(session, user.id, pid)
        scoped = plan_for(session, user.id, now, person_ids=[pid], opportunity_ids=opp_ids)
        expected = _answer(full, person_ids=[pid], opportunity_ids=opp_ids)
        assert _answer(scoped, person_ids=[pid], opportunity_ids=opp_ids) == expected, f"person {pid}"
        at_risk = {o for o in opp_ids if o in full.at_risk_opportunities()}
        assert {o for o in opp_ids if o in scoped.at_risk_opportunities()} == at_risk
        compared += len(expected)
    assert compared > 20  # the seeded searches do ask for actions


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_a_thread_lookup_sees_exactly_the_actions_of_the_whole_history(session, now, seed):
    rng = random.Random(seed)
    user = seed_search(session, now, rng, email="sam@example.net")
    full = plan_for(session, user.id, now)
    compared = 0
    for opp in session.scalars(select(models.Opportunity).where(models.Opportunity.user_id == user.id)):
        contacts = set(session.scalars(select(models.OpportunityContact.person_id)
                                       .where(models.OpportunityContact.opportunity_id == opp.id)))
        people = session.scalars(select(models.Person.id).where(models.Person.user_id == user.id)).all()
        person_ids = contacts | set(rng.sample(people, 2))  # the thread's senders
        scope = {"person_ids": person_ids, "opportunity_ids": [opp.id]}
        scoped = plan_for(session, user.id, now, **scope)
        expected = _answer(full, **scope, only_these_opportunities=True)
        assert _answer(scoped, **scope, only_these_opportunities=True) == expected, f"opportunity {opp.id}"
        assert (opp.id in scoped.at_risk_opportunities()) == (opp.id in full.at_risk_opportunities())
        compared += len(expected)
    assert compared > 20


def test_a_thread_without_an_opportunity_sees_its_peoples_actions(session, now):
    rng = random.Random(7)
    user = seed_search(session, now, rng, email="sam@example.net", accepted=False)
    full = plan_for(session, user.id, now)
    people = session.scalars(select(models.Person.id).where(models.Person.user_id == user.id)).all()
    for _ in range(10):
        scope = {"person_ids": set(rng.sample(people, 2)), "opportunity_ids": []}
        scoped = plan_for(session, user.id, now, **scope)
        assert _answer(scoped, **scope, only_these_opportunities=False) == _answer(full, **scope)

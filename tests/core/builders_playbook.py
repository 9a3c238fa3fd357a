"""Keyword-only builders for playbook input (History and its facts), for pure tests.

Defaults describe one plausible situation (Dana Lee, a recruiter at Contoso; a Data Engineer
application); each test overrides only what its behaviour is about.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

from topofmind.playbook.types import (
    ActionStateFacts,
    History,
    InterviewFacts,
    OpportunityFacts,
    PersonFacts,
    TouchFacts,
)

# Monday 2 March 2026, 10:00 UTC: two weeks and two days before the shared ``now`` fixture.
MON = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
_ids = count(1000)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def person(*, id: int = 1, name: str = "Dana Lee", first_name: str | None = "Dana",
           relationship: str | None = "recruiter", preferred_channel: str | None = None,
           company_name: str | None = "Contoso", title: str | None = None,
           email: str | None = "dana@contoso.com", keep_in_touch: bool = True,
           created_at: datetime | None = None, notes: str | None = None) -> PersonFacts:
    return PersonFacts(id=id, name=name, first_name=first_name, relationship=relationship,
                       preferred_channel=preferred_channel, company_name=company_name, title=title,
                       email=email, keep_in_touch=keep_in_touch, created_at=created_at, notes=notes)


def opportunity(*, id: int = 10, company_name: str | None = "Contoso", role: str | None = "Data Engineer",
                source: str = "online_application", stage: str = "applied", at: datetime = MON,
                stage_changed_at: datetime | None = None, applied_at: datetime | None = None,
                contacts: tuple = (), decision_expected_by: date | None = None,
                offer_in_writing: bool = False, closed_at: datetime | None = None) -> OpportunityFacts:
    return OpportunityFacts(id=id, company_name=company_name, role=role, source=source, stage=stage,
                            stage_changed_at=stage_changed_at or at, created_at=at,
                            applied_at=applied_at if applied_at is not None else at,
                            contacts=tuple(contacts), decision_expected_by=decision_expected_by,
                            offer_in_writing=offer_in_writing, closed_at=closed_at)


def interview(*, opportunity_id: int = 10, starts_at: datetime = MON, minutes: int | None = 45,
              interviewer_ids: tuple = (), id: int | None = None, cancelled: bool = False,
              notes: str | None = None, kind: str | None = None) -> InterviewFacts:
    return InterviewFacts(id=id or next(_ids), opportunity_id=opportunity_id, starts_at=starts_at,
                          ends_at=starts_at + timedelta(minutes=minutes) if minutes else None,
                          interviewer_ids=tuple(interviewer_ids), cancelled=cancelled, notes=notes, kind=kind)


def touch(*, at: datetime, direction: str = "out", kind: str = "follow_up", person_id: int | None = 1,
          opportunity_id: int | None = 10, channel: str = "email", id: int | None = None,
          summary: str | None = None, asks: str | None = None, reply_address: str | None = None) -> TouchFacts:
    return TouchFacts(id=id or next(_ids), at=at, direction=direction, kind=kind, channel=channel,
                      person_id=person_id, opportunity_id=opportunity_id, summary=summary, asks=asks,
                      reply_address=reply_address)


def state(*, key: str, state: str = "done", snoozed_until: datetime | None = None) -> ActionStateFacts:
    return ActionStateFacts(key=key, state=state, snoozed_until=snoozed_until)


def history(*, people=(), opportunities=(), interviews=(), touches=(), states=(),
            timezone: str = "UTC", specifics: dict | None = None) -> History:
    return History(timezone=timezone, people={p.id: p for p in people},
                   opportunities={o.id: o for o in opportunities}, interviews=tuple(interviews),
                   touches=tuple(touches), action_states={s.key: s for s in states},
                   specifics={k: tuple(v) for k, v in (specifics or {}).items()})


def of(actions, kind: str) -> list:
    """The actions of one kind."""
    return [a for a in actions if a.kind == kind]


def one(actions, kind: str):
    """The single action of ``kind`` (fails loudly if there are none or several)."""
    found = of(actions, kind)
    assert len(found) == 1, f"expected one {kind}, got {[a.key for a in actions]}"
    return found[0]


# --- database rows the playbook reads (tests/builders.py has users, companies, people) -------

def make_contact(session, *, opportunity, person, role: str = "recruiter"):
    from topofmind.store import models

    row = models.OpportunityContact(opportunity_id=opportunity.id, person_id=person.id, role=role)
    session.add(row)
    session.flush()
    return row


def make_interview(session, *, user, opportunity, starts_at: datetime, minutes: int | None = 45,
                   interviewers=(), notes: str | None = None, cancelled: bool = False):
    from topofmind.store import models

    row = models.Interview(user_id=user.id, opportunity_id=opportunity.id, starts_at=starts_at,
                      ends_at=starts_at + timedelta(minutes=minutes) if minutes else None,
                      interviewer_ids=[p.id for p in interviewers], notes=notes, cancelled=cancelled)
    session.add(row)
    session.flush()
    return row


def make_touch(session, *, user, at: datetime, person=None, opportunity=None, direction: str = "out",
               kind: str = "follow_up", channel: str = "email", summary: str | None = None):
    from topofmind.store import models

    row = models.Touch(user_id=user.id, person_id=person.id if person else None,
                  opportunity_id=opportunity.id if opportunity else None, direction=direction, kind=kind,
                  channel=channel, at=at, summary=summary, source="manual")
    session.add(row)
    session.flush()
    return row


def make_action_state(session, *, user, key: str, state: str = "done", snoozed_until: datetime | None = None,
                      at: datetime = MON):
    from topofmind.store import models

    row = models.ActionState(user_id=user.id, action_key=key, state=state, snoozed_until=snoozed_until, at=at)
    session.add(row)
    session.flush()
    return row

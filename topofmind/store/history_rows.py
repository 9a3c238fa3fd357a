"""The rows of topofmind.store.history's statements as the playbook's facts, grouped by user.

Each function takes the rows of one statement (their columns in the order its select names
them there) and returns each user's facts. Plain loops over plain rows: a history holds
thousands of touches, and building them is most of the cost of reading one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields

from topofmind.playbook.types import (
    ActionStateFacts,
    InterviewFacts,
    OpportunityFacts,
    PersonFacts,
    TouchFacts,
)


def _maker(cls):
    """``cls(*values)`` for a frozen dataclass given every field in order, without the frozen
    ``__init__``'s ``object.__setattr__`` per field."""
    names, new = tuple(f.name for f in fields(cls)), object.__new__

    def make(*values):
        facts = new(cls)
        facts.__dict__.update(zip(names, values, strict=True))
        return facts
    return make


_person, _interview = _maker(PersonFacts), _maker(InterviewFacts)
# Rows of a touch's fields in TouchFacts' order, then its user id (see history._touches_select).
TOUCH_COLUMNS = len(TouchFacts._fields) + 1


def people(rows) -> dict[int, dict[int, PersonFacts]]:
    """Rows of (user id, person id, the other fields), the primary address first."""
    out: dict[int, dict[int, PersonFacts]] = defaultdict(dict)
    for uid, pid, *facts in rows:
        mine = out[uid]
        if pid not in mine:
            mine[pid] = _person(pid, *facts)
    return out


def opportunities(rows) -> dict[int, dict[int, OpportunityFacts]]:
    """Rows of (user id, the opportunity's fields, contact person id, contact role)."""
    facts: dict[int, dict] = {}
    owner: dict[int, int] = {}
    for (uid, oid, company, role, source, stage, changed, created, company_id, applied, decision, in_writing,
         closed, person_id, contact_role) in rows:
        if oid not in facts:
            owner[oid] = uid
            facts[oid] = dict(
                id=oid, company_name=company, role=role, source=source, stage=stage, stage_changed_at=changed,
                created_at=created, company_id=company_id, applied_at=applied, decision_expected_by=decision,
                offer_in_writing=in_writing, closed_at=closed, contacts=[])
        if person_id is not None:
            facts[oid]["contacts"].append((person_id, contact_role))
    out: dict[int, dict[int, OpportunityFacts]] = defaultdict(dict)
    for oid, f in facts.items():
        out[owner[oid]][oid] = OpportunityFacts(**{**f, "contacts": tuple(f["contacts"])})
    return out


def interviews(rows) -> dict[int, tuple[InterviewFacts, ...]]:
    out: dict[int, list[InterviewFacts]] = defaultdict(list)
    for uid, iid, oid, starts, ends, interviewers, cancelled, notes, kind, location in rows:
        out[uid].append(_interview(iid, oid, starts, ends, tuple(int(x) for x in (interviewers or ())),
                                   cancelled, notes, kind, location))
    return {uid: tuple(interviews) for uid, interviews in out.items()}


def touches(rows) -> dict[int, tuple[TouchFacts, ...]]:
    """Rows of TOUCH_COLUMNS: the touch's fields in order, then the user id."""
    out: dict[int, list[TouchFacts]] = defaultdict(list)
    new = tuple.__new__
    for row in rows:
        out[row[-1]].append(new(TouchFacts, row[:-1]))
    return {uid: tuple(touches) for uid, touches in out.items()}


def action_states(rows) -> dict[int, dict[str, ActionStateFacts]]:
    out: dict[int, dict[str, ActionStateFacts]] = defaultdict(dict)
    for uid, key, state, until in rows:
        out[uid][key] = ActionStateFacts(key=key, state=state, snoozed_until=until)
    return out


def specifics(rows) -> dict[int, dict[str, tuple[str, ...]]]:
    out: dict[int, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for uid, key, items in rows:
        out[uid][key] = tuple(str(item) for item in (items or ()) if str(item).strip())
    return out

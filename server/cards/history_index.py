"""A user's whole history held in memory, cut into the scoped histories that
``history.load_history`` reads from the database for a few people and opportunities.

Why: building the lookup cards of every page a user may open (card_prebuild) asks for a
scoped history per page. Read from the database, that is six round trips and a few
hundred rows per page, over and over the same rows; cut from one read of the whole
history, it is a few dictionary lookups. ``scoped`` must give exactly what
``load_history(person_ids=…, opportunity_ids=…)`` gives (the same closure, the same
order), so that a card built either way is the same card: the tests compare the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from topofmind.playbook.types import History, InterviewFacts, TouchFacts
from topofmind.store.history import HELPER_ROLES, HELPER_TOUCH_KINDS


class HistoryIndex:
    """``whole`` is a user's unscoped history (with its action states)."""

    def __init__(self, whole: History):
        self.whole = whole
        self.accepted = {oid for oid, o in whole.opportunities.items() if o.stage == "accepted"}
        self.opps_of_contact: dict[int, set[int]] = defaultdict(set)
        self.helpers: set[int] = set()
        for oid, opp in whole.opportunities.items():
            for pid, role in opp.contacts:
                self.opps_of_contact[pid].add(oid)
                if role in HELPER_ROLES:
                    self.helpers.add(pid)
        self.touches_of_person: dict[int, list[TouchFacts]] = defaultdict(list)
        self.touches_of_opp: dict[int, list[TouchFacts]] = defaultdict(list)
        for touch in whole.touches:
            if touch.person_id is not None:
                self.touches_of_person[touch.person_id].append(touch)
                if touch.kind in HELPER_TOUCH_KINDS:
                    self.helpers.add(touch.person_id)
            if touch.opportunity_id is not None:
                self.touches_of_opp[touch.opportunity_id].append(touch)
        self.interviews_of_opp: dict[int, list[tuple[int, InterviewFacts]]] = defaultdict(list)
        self.opps_of_interviewer: dict[int, set[int]] = defaultdict(set)
        for n, interview in enumerate(whole.interviews):
            self.interviews_of_opp[interview.opportunity_id].append((n, interview))
            for pid in interview.interviewer_ids:
                self.opps_of_interviewer[pid].add(interview.opportunity_id)
        self.people_at: dict[int, list[int]] = defaultdict(list)
        for pid, person in whole.people.items():
            if person.company_id is not None:
                self.people_at[person.company_id].append(pid)

    def _closure(self, people: set[int], given: set[int]) -> tuple[set[int], set[int]]:
        """As history._closure, over the index."""
        opps = self.whole.opportunities
        for oid in given:
            if oid in opps:
                people.update(pid for pid, _role in opps[oid].contacts)
            people.update(t.person_id for t in self.touches_of_opp.get(oid, ()) if t.person_id is not None)
            people.update(pid for _n, i in self.interviews_of_opp.get(oid, ()) for pid in i.interviewer_ids)
        if given & self.accepted:
            people |= self.helpers
        found = set(self.accepted)
        for pid in people:
            found |= self.opps_of_contact.get(pid, set())
            found.update(t.opportunity_id for t in self.touches_of_person.get(pid, ()) if t.opportunity_id is not None)
            found |= self.opps_of_interviewer.get(pid, set())
        return people, given | found

    def scoped(self, *, person_ids: Iterable[int] = (), opportunity_ids: Iterable[int] = ()) -> History:
        """What load_history reads for this scope: no action states (as there)."""
        whole = self.whole
        people, opp_ids = self._closure(set(person_ids), set(opportunity_ids))
        touches = {t.id: t for pid in people for t in self.touches_of_person.get(pid, ())}
        touches.update((t.id, t) for oid in opp_ids for t in self.touches_of_opp.get(oid, ()))
        interviews = sorted((pair for oid in opp_ids for pair in self.interviews_of_opp.get(oid, ())),
                            key=lambda pair: (pair[1].starts_at, pair[0]))
        opportunities = {oid: whole.opportunities[oid] for oid in sorted(opp_ids) if oid in whole.opportunities}
        named = people | {t.person_id for t in touches.values() if t.person_id is not None}
        named.update(pid for o in opportunities.values() for pid, _role in o.contacts)
        named.update(pid for _n, i in interviews for pid in i.interviewer_ids)
        for company_id in {o.company_id for o in opportunities.values() if o.company_id is not None}:
            named.update(self.people_at.get(company_id, ()))
        return History(
            timezone=whole.timezone,
            people={pid: whole.people[pid] for pid in sorted(named) if pid in whole.people},
            opportunities=opportunities,
            interviews=tuple(i for _n, i in interviews),
            touches=tuple(sorted(touches.values(), key=lambda t: (t.at, t.id))),  # as the database orders them
            action_states={},
        )

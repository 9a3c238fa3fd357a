"""A History indexed for the rules: who said what to whom, when, and local-time arithmetic.

The rules ask the same few questions ("has this person answered since…", "which messages
went unanswered…", "when is nine o'clock two days after this, where the user lives?"); they
are answered here once, so that each rule reads like its sentence in the playbook.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from topofmind.playbook.settings import PlaybookSettings
from topofmind.playbook.stages import OPEN_STAGES
from topofmind.playbook.types import History, InterviewFacts, OpportunityFacts, TouchFacts

# Incoming touches that show a human (or the hiring process) answered. An ATS acknowledgement
# ("confirmation") is not an answer.
ANSWER_KINDS = frozenset({
    "reply", "interview_invitation", "interview_scheduled", "assessment", "rejection", "offer",
    "status_update", "outreach", "networking", "introduction", "referral",
})
# Touches that are a conversation whoever logged them: meeting someone is hearing from them.
TWO_WAY_KINDS = frozenset({"meeting", "call"})
# Outgoing touches that are not outreach in the playbook's sense: thank-you notes are exempt
# from the spacing rule, an application goes to a portal, acceptance/decline end a process.
NOT_NUDGE_KINDS = frozenset({"thank_you", "application", "acceptance", "decline"})
NO_KINDS = frozenset({"rejection"})
PERSONAL_RELATIONSHIPS = frozenset({"family", "friend", "neighbour"})
CLOSED_BY_NO_STAGES = frozenset({"rejected", "closed"})

_KEY_UNSAFE = re.compile(r"[^a-z0-9_.-]+")
_AT, _AT_AND_ID = attrgetter("at"), attrgetter("at", "id")


def _what_it_is(direction: str, kind: str) -> tuple[bool, ...]:
    """(an answer, outgoing, a nudge, human contact, a no, a meeting) for a touch of this
    direction and kind; a networking message from them counts as meeting them."""
    two_way = kind in TWO_WAY_KINDS
    answer = two_way or (direction == "in" and kind in ANSWER_KINDS)
    outgoing = direction == "out" and not two_way
    nudge = outgoing and kind not in NOT_NUDGE_KINDS
    return (answer, outgoing, nudge, answer or nudge or kind == "thank_you", direction == "in" and kind in NO_KINDS,
            kind == "meeting" or (direction == "in" and kind == "networking"))


def _since(touches: list[TouchFacts] | None, since: datetime) -> list[TouchFacts]:
    """The touches of a time-ordered list dated ``since`` or later."""
    return touches[bisect_left(touches, since, key=_AT):] if touches else []


@dataclass(slots=True)
class Proposal:
    """What a rule found: the engine turns it into an Action with the rule's metadata. Not
    frozen: the rules build thousands a plan, and nothing changes one once built."""

    kind: str
    anchor: str  # the event this proposal hangs on ("t12", "i3", "d20260318"), part of the key
    earliest: datetime
    due: datetime
    latest: datetime
    title: str
    why: str
    person_id: int | None = None
    opportunity_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        raw = f"{self.kind}.p{self.person_id or 0}.o{self.opportunity_id or 0}.{self.anchor}".lower()
        return _KEY_UNSAFE.sub("-", raw)


class Context:
    def __init__(self, history: History, now: datetime, settings: PlaybookSettings):
        self.history = history
        self.now = now
        self.settings = settings
        try:
            self.tz = ZoneInfo(history.timezone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            self.tz = ZoneInfo("UTC")
        self.people = history.people
        self.opportunities = history.opportunities
        # The earliest moment after ``now`` at which the answer may change (a touch dated
        # later, an interview ending, a decision turning late, a snooze or an action ending):
        # until then the same history gives the same actions, so they can be kept that long.
        self.horizon: datetime | None = None
        # As of ``now``: what happens later is not known yet (``actions --at`` a past moment).
        # Sorted, the first touch after ``now`` is the earliest moment it changes the answer.
        touches = sorted(history.touches, key=_AT_AND_ID)
        known = bisect_right(touches, now, key=_AT)
        if known < len(touches):
            self.passed(touches[known].at)
        self.touches = tuple(touches[:known])
        self._index_touches()
        self._closed_by_no: dict[int, tuple[OpportunityFacts, datetime | None]] = {}
        self._days: dict[datetime, str] = {}
        self._work_day_start = time(self.settings.work_day_start_hour)
        # Everyone who takes part in an opportunity (as a contact or as an interviewer).
        self.in_opportunity: set[int] = {pid for o in history.opportunities.values() for pid, _ in o.contacts}
        self.in_opportunity |= {pid for i in history.interviews for pid in i.interviewer_ids}
        self.interviews: dict[int, list[InterviewFacts]] = defaultdict(list)
        for i in sorted(history.interviews, key=lambda i: (i.starts_at, i.id)):
            if not i.cancelled:
                self.interviews[i.opportunity_id].append(i)

    def _index_touches(self) -> None:
        """File each touch, in one pass, under every question the rules ask of it; each list
        stays in time order, so "since when" is a bisection."""
        # Locals, not attributes: this loop runs over every touch of the history.
        Touches = dict[int, list[TouchFacts]]
        by_person: Touches = defaultdict(list)
        by_opp: Touches = defaultdict(list)
        answers_from: Touches = defaultdict(list)
        answers_on: Touches = defaultdict(list)
        outgoing_to: Touches = defaultdict(list)  # to a person, not a meeting or a call
        nudges_to: Touches = defaultdict(list)
        nudges_on: Touches = defaultdict(list)
        last_no: dict[int, TouchFacts] = {}  # the employer's latest no on an opportunity
        contacted: set[int] = set()  # people with an answer, a nudge or a thank-you
        # (person, opportunity) of every nudge: the follow-up cycles rule 3 looks at.
        cycles: set[tuple[int, int | None]] = set()
        # The latest meeting with each person, or networking message from them (rule 9a).
        last_met: dict[int, TouchFacts] = {}
        self.by_person, self.by_opp, self.nudge_cycles, self.last_met = by_person, by_opp, cycles, last_met
        self._answers_from, self._answers_on, self._outgoing_to = answers_from, answers_on, outgoing_to
        self._nudges_to, self._nudges_on, self._last_no, self._contacted = nudges_to, nudges_on, last_no, contacted
        kinds: dict[tuple[str, str], tuple[bool, ...]] = {}
        for t in self.touches:
            direction, kind, pid, oid = t.direction, t.kind, t.person_id, t.opportunity_id
            flags = kinds.get((direction, kind))
            if flags is None:
                flags = kinds[direction, kind] = _what_it_is(direction, kind)
            answer, outgoing, nudge, contact, no, met = flags
            if pid is not None:
                by_person[pid].append(t)
                if answer:
                    answers_from[pid].append(t)
                if outgoing:
                    outgoing_to[pid].append(t)
                    if nudge:
                        nudges_to[pid].append(t)
                        cycles.add((pid, oid))
                if contact:
                    contacted.add(pid)
                if met:
                    last_met[pid] = t
            if oid is not None:
                by_opp[oid].append(t)
                if answer:
                    answers_on[oid].append(t)
                if nudge:
                    nudges_on[oid].append(t)
                if no:
                    last_no[oid] = t

    def passed(self, instant: datetime) -> bool:
        """``instant <= now``; a later instant is remembered as a moment the answer may change.
        Every comparison of the rules with ``now`` goes through here (see ``horizon``)."""
        if instant <= self.now:
            return True
        if self.horizon is None or instant < self.horizon:
            self.horizon = instant
        return False

    # --- who said what ------------------------------------------------------------------

    @staticmethod
    def is_answer(t: TouchFacts) -> bool:
        return (t.direction == "in" and t.kind in ANSWER_KINDS) or t.kind in TWO_WAY_KINDS

    @staticmethod
    def is_nudge(t: TouchFacts) -> bool:
        return t.direction == "out" and t.kind not in NOT_NUDGE_KINDS and t.kind not in TWO_WAY_KINDS

    def last_answer_from(self, person_id: int) -> TouchFacts | None:
        """The person's latest answer, about anything: it resets their follow-up cycle."""
        answers = self._answers_from.get(person_id)
        return answers[-1] if answers else None

    def answers_on(self, opp_id: int, since: datetime) -> list[TouchFacts]:
        return _since(self._answers_on.get(opp_id), since)

    def outgoing_to(self, person_id: int, since: datetime, *, nudges_only: bool = False) -> list[TouchFacts]:
        return _since((self._nudges_to if nudges_only else self._outgoing_to).get(person_id), since)

    def nudges_on(self, opp_id: int, *, after: datetime) -> list[TouchFacts]:
        """Nudges about the opportunity dated after ``after`` (strictly)."""
        nudges = self._nudges_on.get(opp_id)
        return nudges[bisect_right(nudges, after, key=_AT):] if nudges else []

    def unanswered_nudges(self, person_id: int, opp_id: int | None) -> list[TouchFacts]:
        """Messages to the person about ``opp_id`` since they last answered (their cycle)."""
        nudges = self._nudges_to.get(person_id, ())
        answer = self.last_answer_from(person_id)
        start = bisect_right(nudges, answer.at, key=_AT) if answer else 0
        return [t for t in nudges[start:] if t.opportunity_id == opp_id]

    def last_outreach_to(self, person_id: int) -> TouchFacts | None:
        """The latest outreach (not a thank-you) the person has not answered yet."""
        touches = self.by_person.get(person_id, ())
        for t in reversed(touches):
            if self.is_answer(t):
                return None
            if self.is_nudge(t):
                return t
        return None

    def has_human_contact(self, person_id: int) -> bool:
        return person_id in self._contacted

    # --- opportunities ------------------------------------------------------------------

    def closed_by_no(self, opp: OpportunityFacts) -> datetime | None:
        """When the employer said no (a rejection, or the position filled), if they did."""
        known = self._closed_by_no.get(opp.id)
        if known is not None and known[0] is opp:
            return known[1]
        no = self._last_no.get(opp.id)
        if no is not None:
            closed = no.at
        elif opp.stage in CLOSED_BY_NO_STAGES:
            closed = opp.closed_at or opp.stage_changed_at
        else:
            closed = None
        self._closed_by_no[opp.id] = (opp, closed)
        return closed

    def is_open(self, opp: OpportunityFacts) -> bool:
        return opp.stage in OPEN_STAGES and self.closed_by_no(opp) is None

    def contacts(self, opp: OpportunityFacts, *roles: str) -> list[int]:
        """Contact person ids with one of ``roles``, in the order of ``roles``, no duplicates."""
        found: list[int] = []
        for role in roles:
            for pid, r in opp.contacts:
                if r == role and pid not in found and pid in self.people:
                    found.append(pid)
        return found

    def held_interviews(self, opp_id: int) -> list[InterviewFacts]:
        return [i for i in self.interviews.get(opp_id, ()) if self.passed(self.interview_end(i))]

    def interview_end(self, interview: InterviewFacts) -> datetime:
        return interview.ends_at or interview.starts_at + timedelta(
            minutes=self.settings.interview_length_minutes)

    # --- words --------------------------------------------------------------------------

    def name(self, person_id: int | None, fallback: str = "them") -> str:
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person and person.name else fallback

    def company(self, opp: OpportunityFacts) -> str:
        return opp.company_name or "the company"

    def role_at(self, opp: OpportunityFacts) -> str:
        """'the Data Engineer role at Contoso', reading right whatever is missing."""
        role = f"the {opp.role} role" if opp.role else "the role"
        return f"{role} at {opp.company_name}" if opp.company_name else role

    def day(self, dt: datetime) -> str:
        said = self._days.get(dt)
        if said is None:
            local = dt.astimezone(self.tz)
            said = self._days[dt] = f"{local:%a} {local.day} {local:%b}"
        return said

    def is_job_contact(self, person_id: int | None) -> bool:
        """Someone met in the job search: part of an opportunity, or met through networking,
        an introduction or a referral. Family and friends are not, unless they helped (a
        friend who referred you is thanked for it)."""
        if person_id is None or person_id not in self.people:
            return False
        if person_id in self.in_opportunity:
            return True
        if self.is_personal(person_id):
            return False
        if self.people[person_id].relationship:  # recruiter, networking contact, job fair…
            return True
        # Only job mail is stored (everything else leaves a ledger row): any exchange with
        # them is part of the search, a friend asked to pass a résumé on included.
        return bool(self.by_person.get(person_id))

    def keeps_personal_touch(self, person_id: int | None) -> bool:
        """Friends and neighbours are part of the network (a personal check-in, never job
        outreach); family is not the playbook's business."""
        person = self.people.get(person_id) if person_id is not None else None
        return bool(person and person.relationship in ("friend", "neighbour"))

    def is_personal(self, person_id: int | None) -> bool:
        person = self.people.get(person_id) if person_id is not None else None
        return bool(person and person.relationship in PERSONAL_RELATIONSHIPS)

    # --- time ---------------------------------------------------------------------------

    def days_after(self, anchor: datetime, days: int) -> datetime:
        """The local working-day start ``days`` calendar days after ``anchor`` (never before it)."""
        local_day = anchor.astimezone(self.tz).date() + timedelta(days=days)
        at = self.at_start_of(local_day)
        return max(at, anchor)

    def at_start_of(self, day: date) -> datetime:
        return datetime.combine(day, self._work_day_start, tzinfo=self.tz)

    def window(self, earliest: datetime, due: datetime, latest: datetime) -> tuple[datetime, datetime, datetime]:
        due = max(due, earliest)
        return earliest, due, max(latest, due)

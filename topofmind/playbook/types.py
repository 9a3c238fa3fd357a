"""The playbook's input (a snapshot of one user's history) and output (actions).

Plain frozen dataclasses so that ``next_actions`` is a pure function that tests can call
with hand-built histories; ``topofmind.store.history.load_history(session, user_id)`` builds
one from the database. A touch is a named tuple: a history holds thousands, and a tuple is
built several times faster than a frozen dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


@dataclass(frozen=True)
class PersonFacts:
    id: int
    name: str
    first_name: str | None = None
    relationship: str | None = None  # core.models.RELATIONSHIPS
    preferred_channel: str | None = None
    company_id: int | None = None
    company_name: str | None = None
    title: str | None = None
    email: str | None = None
    linkedin_url: str | None = None
    keep_in_touch: bool = True
    created_at: datetime | None = None
    notes: str | None = None  # what the user wrote down about the person


@dataclass(frozen=True)
class OpportunityFacts:
    id: int
    company_name: str | None
    role: str | None
    source: str  # online_application | referral | recruiter | networking
    stage: str
    stage_changed_at: datetime
    created_at: datetime
    company_id: int | None = None
    applied_at: datetime | None = None
    decision_expected_by: date | None = None
    offer_in_writing: bool = False
    closed_at: datetime | None = None
    # (person_id, role) pairs: recruiter, hiring_manager, interviewer, coordinator, referrer, helper
    contacts: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class InterviewFacts:
    id: int
    opportunity_id: int
    starts_at: datetime
    ends_at: datetime | None = None
    interviewer_ids: tuple[int, ...] = ()
    cancelled: bool = False
    notes: str | None = None
    kind: str | None = None  # phone | video | onsite | panel (None: not known)
    location: str | None = None


class TouchFacts(NamedTuple):
    id: int
    at: datetime
    direction: str  # "out" (the candidate) | "in" (the other side)
    kind: str  # application, thank_you, follow_up, check_in, reply, interview, offer, rejection, ...
    channel: str = "email"
    person_id: int | None = None
    opportunity_id: int | None = None
    summary: str | None = None
    asks: str | None = None  # the question or proposal an incoming message left open
    reply_address: str | None = None  # a team mailbox that accepts replies (no person wrote)


@dataclass(frozen=True)
class ActionStateFacts:
    key: str
    state: str  # done | snoozed | dismissed
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class History:
    timezone: str = "UTC"
    people: dict[int, PersonFacts] = field(default_factory=dict)
    opportunities: dict[int, OpportunityFacts] = field(default_factory=dict)
    interviews: tuple[InterviewFacts, ...] = ()
    touches: tuple[TouchFacts, ...] = ()
    action_states: dict[str, ActionStateFacts] = field(default_factory=dict)
    # action key -> what the user asked its draft to say (one or two short items)
    specifics: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """One suggested follow-up.

    key        stable, URL-safe id ([a-z0-9_.-]) built from the rule, the ids and the anchor
               date, so that done/snoozed/dismissed survive recomputation.
    kind       what to do: find_contact, follow_up, second_follow_up, thank_you, thank_referrer,
               contact_introduced, warm_follow_up, status_follow_up, at_risk, offer_in_writing,
               offer_review, notify_other_opportunities, thank_helper, rejection_reply,
               networking_follow_up, thank_introducer, check_in ...
    template   the draft template name (topofmind/drafts).
    article    the seed file the rule comes from.
    state      open | snoozed | done | dismissed (snoozed/done/dismissed are filtered out of
               the default listing but kept so the UI can show them).
    """

    key: str
    rule: str
    kind: str
    title: str
    why: str
    earliest: datetime
    due: datetime
    latest: datetime
    channel: str
    template: str
    article: str
    person_id: int | None = None
    opportunity_id: int | None = None
    state: str = "open"
    work_outreach: bool = True
    extra: dict = field(default_factory=dict)

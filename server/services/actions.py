"""Next actions for the API: the playbook over the user's history, with the user's states.

An action's id is the playbook's stable key; done/snoozed/dismissed are ``ActionState``
rows keyed by it, so they survive recomputation. Only a key among the user's current
actions can be marked — anything else is a 404, as for another user's record.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, cached_property
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.services.serialize import iso
from topofmind.errors import Invalid, NotFound
from topofmind.mail.timezones import user_zone
from topofmind.people import reply_kind
from topofmind.playbook.types import Action, ActionStateFacts, History
from topofmind.store.history import among
from topofmind.store.models import ActionSpecifics, ActionState, Message, Thread, User

log = logging.getLogger("server")
URGENCY_ORDER = {"overdue": 0, "today": 1, "upcoming": 2}
DEFAULT_SNOOZE_DAYS = 3
GMAIL_THREAD_URL = "https://mail.google.com/mail/u/0/#all/{}"
OUTLOOK_THREAD_URL = "https://outlook.office.com/mail/inbox/id/{}"
GMAIL_HEX_ID = re.compile(r"^[0-9a-f]{10,20}$")
RECRUITER_TITLE = re.compile(r"recruit|talent|sourc|\bhr\b|human resources|people partner", re.IGNORECASE)
MANAGER_TITLE = re.compile(r"\b(manager|director|head|lead|vp|vice president|chief|cto|founder)\b", re.IGNORECASE)


def suggested_role(title: str | None) -> str:
    """The contact role to attach someone as: recruiting and talent titles are recruiters;
    managers, leads, heads and directors hiring managers; a title saying neither is taken
    as a recruiter (the API's default role)."""
    if title and RECRUITER_TITLE.search(title):
        return "recruiter"
    if title and MANAGER_TITLE.search(title):
        return "hiring_manager"
    return "recruiter"


@dataclass(frozen=True)
class ThreadRef:
    """A mail thread of an opportunity, as one of its people appears in it (person_id None:
    messages from nobody tracked); ``newest`` is its latest message there."""

    opportunity_id: int
    person_id: int | None
    provider: str
    provider_thread_id: str
    newest: datetime | None
    thread_id: int | None = None


def thread_url(provider: str, provider_thread_id: str) -> str | None:
    """Where the thread opens in the provider's web app. Gmail's threadId is hex (a Takeout
    import keeps the same id); Outlook's conversationId goes into the path URL-encoded."""
    if provider in ("gmail", "mbox") and GMAIL_HEX_ID.match(provider_thread_id.lower()):
        return GMAIL_THREAD_URL.format(provider_thread_id.lower())
    if provider == "outlook" and provider_thread_id:
        return OUTLOOK_THREAD_URL.format(quote(provider_thread_id, safe=""))
    return None


def urgency_of(due: datetime, now: datetime, tz: ZoneInfo) -> str:
    """overdue, today or upcoming, by the calendar day where the user lives (one definition:
    the playbook's, which the CLI uses too)."""
    from topofmind.playbook import urgency

    return urgency(due, now, tz)


def action_core(action: Action, history: History, now: datetime, tz: ZoneInfo) -> dict:
    """What every view of a follow-up (the API, the pages, the CLI) says the same way, times in
    the user's timezone (UTC users read "Z"): the one serialisation the others extend."""
    opp = history.opportunities.get(action.opportunity_id) if action.opportunity_id is not None else None
    return {
        "id": action.key,
        "kind": action.kind,
        "rule": action.rule,
        "title": action.title,
        "why": action.why,
        "due": iso(action.due.astimezone(tz)),
        "earliest": iso(action.earliest.astimezone(tz)),
        "latest": iso(action.latest.astimezone(tz)),
        "urgency": urgency_of(action.due, now, tz),
        "channel": action.channel,
        "state": action.state,
        "opportunity": ({"id": opp.id, "company": opp.company_name, "role": opp.role, "stage": opp.stage}
                        if opp else None),
        "article": action.article,
    }


@dataclass
class Plan:
    """One user's actions as computed for one request."""

    user: User
    history: History
    actions: list[Action]
    now: datetime
    # opportunity id -> its threads, newest first (read once per plan, see load_threads)
    threads: dict[int, list[ThreadRef]] = field(default_factory=dict)
    # The actions hold until then (None: for ever), as the playbook says (next_actions_until).
    valid_until: datetime | None = None

    @cached_property
    def tz(self) -> ZoneInfo:
        return user_zone(self.history.timezone or self.user.timezone)

    def urgency(self, action: Action) -> str:
        return urgency_of(action.due, self.now, self.tz)

    def find(self, key: str) -> Action:
        for action in self.actions:
            if action.key == key:
                return action
        raise NotFound("action")

    def open_actions(self) -> list[Action]:
        return self.sorted([a for a in self.actions if a.state == "open"])

    def sorted(self, actions: list[Action]) -> list[Action]:
        return sorted(actions, key=lambda a: (URGENCY_ORDER[self.urgency(a)], a.due, a.key))

    def for_scope(self, *, person_ids=(), opportunity_ids=(), only_these_opportunities: bool = False) -> list[Action]:
        """Open actions about these people or opportunities. With ``only_these_opportunities``
        (a thread about one opportunity) a person's actions about other opportunities are left out."""
        people, opps = set(person_ids), set(opportunity_ids)

        def about_person(a: Action) -> bool:
            if a.person_id is None or a.person_id not in people:
                return False
            return not only_these_opportunities or a.opportunity_id is None or a.opportunity_id in opps

        return [a for a in self.open_actions()
                if about_person(a) or (a.opportunity_id is not None and a.opportunity_id in opps)]

    def due_now(self) -> list[Action]:
        """Due today or earlier: the count the CLI, Today, /me and the badge all show."""
        from topofmind.playbook import due_now

        return self.sorted(due_now(self.actions, self.now, self.tz))

    def due(self, window: str) -> list[Action]:
        actions = self.open_actions()
        if window == "all":
            return actions
        if window in ("today", "overdue"):
            return [a for a in actions if self.urgency(a) == window]
        horizon = self.now.astimezone(self.tz).date() + timedelta(days=7)
        return [a for a in actions if a.due.astimezone(self.tz).date() <= horizon]

    def at_risk_opportunities(self) -> set[int]:
        from topofmind.playbook import at_risk_opportunity_ids

        return at_risk_opportunity_ids([a for a in self.actions if a.state != "dismissed"])

    def to_dict(self, action: Action) -> dict:
        person = self.history.people.get(action.person_id) if action.person_id is not None else None
        state_row = self.history.action_states.get(action.key)
        return {
            **action_core(action, self.history, self.now, self.tz),
            "snoozed_until": (iso(state_row.snoozed_until.astimezone(self.tz))
                              if state_row and action.state == "snoozed" and state_row.snoozed_until else None),
            "person": {"id": person.id, "name": person.name} if person else None,
            "link": self._link(action, person),
            "specifics": list(self.history.specifics.get(action.key, ())),
            "find_contact": self._find_contact(action),
        }

    def _find_contact(self, action: Action) -> dict | None:
        """Concrete next steps for "find the hiring contact": LinkedIn searches, and the
        people already tracked at the company, each attachable in one click
        (POST /opportunities/<id>/contacts)."""
        if action.kind != "find_contact":
            return None
        people = self.history.people
        return {
            "search_recruiters_url": action.extra.get("search_recruiters_url", ""),
            "search_managers_url": action.extra.get("search_managers_url", ""),
            "candidates": [
                {"id": pid, "name": people[pid].name, "title": people[pid].title,
                 "linkedin_url": people[pid].linkedin_url, "suggested_role": suggested_role(people[pid].title)}
                for pid in action.extra.get("candidate_person_ids", ()) if pid in people
            ],
        }

    def _link(self, action: Action, person) -> dict:
        """Where the follow-up happens: the opportunity's newest thread with this person (else
        its newest thread), else the LinkedIn profile for a LinkedIn action, else a mailto."""
        given = action.extra.get("link") if isinstance(action.extra, dict) else None
        if isinstance(given, dict) and given.get("type") in ("thread", "profile", "mailto", "none"):
            return {"type": given["type"], "url": given.get("url")}
        # Only a thread the person wrote in: the opportunity's other threads may be an ATS's
        # no-reply confirmation, and a reply there reaches nobody.
        threads = self.threads.get(action.opportunity_id, []) if action.opportunity_id is not None else []
        for ref in [t for t in threads if person is not None and t.person_id == person.id]:
            url = thread_url(ref.provider, ref.provider_thread_id)
            if url:
                return {"type": "thread", "url": url}
        if person is not None:
            if person.linkedin_url and action.channel == "linkedin":
                return {"type": "profile", "url": person.linkedin_url}
            if person.email and reply_kind(person.email) == "person":
                return {"type": "mailto", "url": f"mailto:{person.email}"}
        team = action.extra.get("to_address") if isinstance(action.extra, dict) else None
        if team and reply_kind(team) == "team":
            return {"type": "mailto", "url": f"mailto:{team}"}
        return {"type": "none", "url": None}


@cache
def _threads_query(dialect: str, scoped: bool) -> Select:
    """Built once per dialect: a row per thread and person in it (``users``, ``opps``)."""
    query = (select(Thread.opportunity_id, Message.person_id, Thread.provider, Thread.provider_thread_id,
                    func.max(Message.sent_at), Thread.id)
             .outerjoin(Message, (Message.thread_id == Thread.id) & (Message.user_id == Thread.user_id))
             .where(among(dialect, Thread.user_id, "users"), Thread.opportunity_id.is_not(None))
             .group_by(Thread.id, Thread.opportunity_id, Message.person_id, Thread.provider,
                       Thread.provider_thread_id))
    return query.where(among(dialect, Thread.opportunity_id, "opps")) if scoped else query


def load_threads(session: Session, user_id: int, opportunity_ids=None) -> dict[int, list[ThreadRef]]:
    return load_threads_of_users(session, [user_id], opportunity_ids)


def load_threads_of_users(session: Session, user_ids, opportunity_ids=None) -> dict[int, list[ThreadRef]]:
    """The threads of these opportunities (all the users' without ``opportunity_ids``; an id
    is one user's), one query: a row per thread and person in it, newest first."""
    if opportunity_ids is not None and not opportunity_ids:
        return {}
    query = _threads_query(session.get_bind().dialect.name, opportunity_ids is not None)
    rows = session.execute(query, {"users": list(user_ids), "opps": list(opportunity_ids or ())})
    refs = [ThreadRef(*row) for row in rows]
    refs.sort(key=lambda r: (r.newest.timestamp() if r.newest else float("-inf"), r.provider_thread_id), reverse=True)
    out: dict[int, list[ThreadRef]] = {}
    for ref in refs:
        out.setdefault(ref.opportunity_id, []).append(ref)
    return out


def _with_states(actions: list[Action], states: dict[str, ActionStateFacts], now: datetime) -> list[Action]:
    """Apply stored states (also when the playbook already did: the same answer twice is fine)."""
    out = []
    for action in actions:
        row = states.get(action.key)
        if row is None:
            out.append(action)
        elif row.state == "snoozed":
            active = row.snoozed_until is not None and row.snoozed_until > now
            out.append(dataclasses.replace(action, state="snoozed" if active else "open"))
        else:
            out.append(dataclasses.replace(action, state=row.state))
    return out


def playbook_settings(user: User):
    """The user's playbook thresholds; the defaults if what is stored is invalid."""
    from topofmind.playbook.settings import PlaybookSettings, SettingsError

    try:
        return PlaybookSettings.from_user_settings(user.settings or {})
    except SettingsError as exc:
        # A bad stored threshold must not take the API down; the Settings page reports it.
        log.warning("user %s has invalid playbook settings, using defaults: %s", user.id, exc)
        return PlaybookSettings()


def build_plan(user: User, history: History, now: datetime, settings, *,
               states_of: Callable[[list[str]], dict[str, ActionStateFacts]] | None,
               threads_of: Callable[[list[int] | None], dict[int, list[ThreadRef]]],
               specifics_of: Callable[[list[str]], dict[str, tuple[str, ...]]] | None = None) -> Plan:
    """The plan over ``history``. A scoped history carries no states: ``states_of(keys)``
    gives those of the actions found (None: the history has them all); ``threads_of`` the
    threads of the history's opportunities (None: all of them)."""
    from topofmind.playbook import next_actions_until

    actions, valid_until = next_actions_until(history, now, settings)
    if states_of is not None:
        # Run again only if there are states (a state changes an action's state and
        # timing, never which actions there are).
        states = states_of([a.key for a in actions])
        if states:
            history = dataclasses.replace(history, action_states=states)
            actions, valid_until = next_actions_until(history, now, settings)
        if specifics_of is not None:
            history = dataclasses.replace(history, specifics=specifics_of([a.key for a in actions]))
    actions = _with_states(actions, history.action_states, now)
    threads = threads_of(list(history.opportunities) if states_of is not None else None)
    return Plan(user=user, history=history, actions=actions, now=now, threads=threads, valid_until=valid_until)


def plan_for(session: Session, user_id: int, now: datetime, *, person_ids=None,
             opportunity_ids=None) -> Plan:
    """The user's actions. Given a scope, only the history those people and opportunities
    depend on is read (see load_history); ``for_scope`` answers are the same either way."""
    from topofmind.store.history import load_action_states, load_history, load_specifics

    user = session.get(User, user_id)
    history = load_history(session, user_id, person_ids=person_ids, opportunity_ids=opportunity_ids)
    scoped = person_ids is not None or opportunity_ids is not None
    return build_plan(user, history, now, playbook_settings(user),
                      states_of=(lambda keys: load_action_states(session, user_id, keys)) if scoped else None,
                      specifics_of=(lambda keys: load_specifics(session, user_id, keys)) if scoped else None,
                      threads_of=lambda opps: load_threads(session, user_id, opps))


def set_state(session: Session, user_id: int, key: str, state: str, now: datetime, *,
              snooze: dict | None = None) -> dict:
    plan = plan_for(session, user_id, now)
    action = plan.find(key)
    until = None
    if state == "snoozed":
        from server.validation import parse_datetime

        snooze = snooze or {}
        if "until" in snooze and "days" in snooze:
            raise Invalid("give either days or until, not both", fields={"until": "not together with days"})
        if "until" in snooze:
            until = parse_datetime(snooze["until"])
            if until <= now or until > now + timedelta(days=366):
                raise Invalid("until must be in the future and within a year", fields={"until": "must be in the future and within a year"})
        else:
            until = now + timedelta(days=snooze.get("days", DEFAULT_SNOOZE_DAYS))
    row = session.scalars(select(ActionState).where(ActionState.user_id == user_id,
                                                    ActionState.action_key == key)).first()
    if row is None:
        row = ActionState(user_id=user_id, action_key=key, state=state, snoozed_until=until, at=now)
        session.add(row)
    else:
        row.state, row.snoozed_until, row.at = state, until, now
    session.flush()
    updated = dataclasses.replace(action, state=state)
    states = dict(plan.history.action_states)
    states[key] = ActionStateFacts(key=key, state=state, snoozed_until=until)
    plan.history = dataclasses.replace(plan.history, action_states=states)
    return plan.to_dict(updated)


MAX_SPECIFICS = 2


def set_specifics(session: Session, user_id: int, key: str, items: list[str], now: datetime) -> dict:
    """Store what the user wants this action's draft to say (one or two short items, kept as
    written); an empty list clears them."""
    plan = plan_for(session, user_id, now)
    action = plan.find(key)
    cleaned = [" ".join(str(item).split()) for item in items][:MAX_SPECIFICS]
    cleaned = [item for item in cleaned if item]
    for n, item in enumerate(cleaned):
        if any(ord(ch) < 32 for ch in item):
            raise Invalid("a specific may not contain control characters",
                          fields={f"specifics.{n}": "control characters"})
    row = session.scalars(select(ActionSpecifics).where(ActionSpecifics.user_id == user_id,
                                                        ActionSpecifics.action_key == key)).first()
    if row is None:
        row = ActionSpecifics(user_id=user_id, action_key=key, items=cleaned, at=now)
        session.add(row)
    else:
        row.items, row.at = cleaned, now
    session.flush()
    plan.history = dataclasses.replace(plan.history, specifics={**plan.history.specifics, key: tuple(cleaned)})
    return plan.to_dict(action)


def draft(session: Session, user_id: int, key: str, channel: str, now: datetime) -> dict:
    plan = plan_for(session, user_id, now)
    return draft_of(plan, plan.find(key), channel)


def draft_of(plan: Plan, action: Action, channel: str) -> dict:
    """The draft of one of the plan's actions (no second plan: the Today page drafts them all)."""
    from topofmind.drafts import render_draft

    result = render_draft(action, plan.history, channel=channel, user_name=plan.user.name or plan.user.email)
    to = None
    if result.to_name or result.to_address:
        to = {"name": result.to_name, "address": result.to_address}
    return {"channel": channel, "subject": result.subject or None,
            "body": result.body, "to": to, "hint": result.hint}

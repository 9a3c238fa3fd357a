"""Guards over every rule: they reshape or remove what the rules propose.

Each guard takes the actions so far and returns the actions it lets through, so the engine
reads as the list of guards in order.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from topofmind.playbook.context import Context
from topofmind.playbook.rules import RULES_BY_ID
from topofmind.playbook.types import Action

# Follow-ups whose default wait gives way to a next-step date the employer stated.
WAITING_KINDS = frozenset({"find_contact", "follow_up", "second_follow_up", "warm_follow_up",
                           "status_follow_up", "check_in"})
CHANNEL_ALIASES = {"email": "email", "phone": "phone", "linkedin": "linkedin", "text": "text",
                   "letter": "letter"}


def replace(action: Action, **changes) -> Action:
    """``dataclasses.replace`` for an Action (no ``__post_init__``, every field set by
    ``__init__``) without its per-field work: the guards copy thousands of actions a plan."""
    copy = object.__new__(Action)
    copy.__dict__.update(action.__dict__, **changes)
    return copy


def _shift(action: Action, not_before: datetime) -> Action:
    if action.earliest >= not_before:
        return action
    earliest = not_before
    due = max(action.due, earliest)
    return replace(action, earliest=earliest, due=due, latest=max(action.latest, due))


def _hold(action: Action, not_before: datetime, reason: str) -> Action:
    """Shift like ``_shift`` and, when it moved, tell the user why in the action's sentence."""
    held = _shift(action, not_before)
    if held is action:
        return action
    return replace(held, why=f"{action.why} {reason}")


def is_outreach(action: Action) -> bool:
    rule = RULES_BY_ID[action.rule]
    return action.person_id is not None and not rule.is_task and not rule.thank_you and not rule.reply


def job_contacts_only(ctx: Context, actions: list[Action]) -> list[Action]:
    """Job outreach goes only to people met in the search: never to family and friends
    (unless they helped), never to someone known only from unrelated mail."""
    return [a for a in actions if a.person_id is None or RULES_BY_ID[a.rule].is_task
            or ctx.is_job_contact(a.person_id) or (a.kind == "check_in" and ctx.keeps_personal_touch(a.person_id))]


def conversation_first(ctx: Context, actions: list[Action]) -> list[Action]:
    """An open question from a person comes first: whatever else they were due (a thank-you,
    a follow-up, a check-in) folds into the answer, so they get one message that replies."""
    answering = {a.person_id: a for a in actions if a.kind == "answer"}
    if not answering:
        return actions
    folded: dict[int, list[Action]] = {}
    kept = []
    for a in actions:
        if a.person_id in answering and a.kind != "answer" and not RULES_BY_ID[a.rule].is_task:
            folded.setdefault(a.person_id, []).append(a)
        else:
            kept.append(a)
    out = []
    for a in kept:
        inner = folded.get(a.person_id) if a.kind == "answer" else None
        if inner:
            extra = {**a.extra, "folded": sorted({f.kind for f in inner})}
            thanks = [f for f in inner if f.kind == "thank_you" and f.extra.get("interview_id")]
            if thanks:
                extra["interview_id"] = thanks[0].extra["interview_id"]
            names = ", ".join(sorted({RULES_BY_ID[f.rule].title.lower() for f in inner}))
            a = replace(a, extra=extra, why=f"{a.why} Your reply also covers what was due: {names}.")
        out.append(a)
    return out


def closed_by_no(ctx: Context, actions: list[Action]) -> list[Action]:
    """An explicit no or "position filled" closes the opportunity; a person's no closes theirs."""
    kept = []
    for a in actions:
        opp = ctx.opportunities.get(a.opportunity_id) if a.opportunity_id is not None else None
        if opp is not None and ctx.closed_by_no(opp) is not None and a.kind != "rejection_reply":
            continue
        person = ctx.people.get(a.person_id) if a.person_id is not None else None
        if person is not None and not person.keep_in_touch:
            continue
        kept.append(a)
    return kept


def stated_next_step(ctx: Context, actions: list[Action]) -> list[Action]:
    """A next-step date the employer gave replaces the default wait: ask the day after."""
    out = []
    for a in actions:
        opp = ctx.opportunities.get(a.opportunity_id) if a.opportunity_id is not None else None
        if a.kind in WAITING_KINDS and opp is not None and opp.decision_expected_by is not None:
            day_after = ctx.at_start_of(opp.decision_expected_by + timedelta(days=1))
            a = _hold(a, day_after, f"They said they would decide by {ctx.day(day_after - timedelta(days=1))}, "
                      f"so this waits until {ctx.day(day_after)}.")
        out.append(a)
    return out


def preferred_channel(ctx: Context, actions: list[Action]) -> list[Action]:
    """The person's preferred channel wins over the rule's default."""
    out = []
    for a in actions:
        person = ctx.people.get(a.person_id) if a.person_id is not None else None
        channel = CHANNEL_ALIASES.get((person.preferred_channel or "").lower()) if person else None
        if channel and not RULES_BY_ID[a.rule].is_task:
            a = replace(a, channel=channel)
        out.append(a)
    return out


def spacing(ctx: Context, actions: list[Action]) -> list[Action]:
    """At most one outreach to a person within min_gap_days (thank-you notes excepted).

    The gap runs from the person's last unanswered outreach, unless the new action carries on
    the same conversation (same opportunity), whose own rule sets the pace. Among several
    pending outreaches to one person, the soonest goes first and the others wait their turn;
    a periodic check-in is dropped while anything else for that person is pending.
    """
    gap = timedelta(days=ctx.settings.min_gap_days)
    others = [a for a in actions if not is_outreach(a)]
    by_person: dict[int, list[Action]] = {}
    for a in actions:
        if is_outreach(a):
            by_person.setdefault(a.person_id, []).append(a)
    kept = list(others)
    busy = {a.person_id for a in others if a.person_id is not None}
    for pid, mine in by_person.items():
        if len(mine) > 1 or pid in busy:
            mine = [a for a in mine if a.kind != "check_in"] or mine[:0]
        last = ctx.last_outreach_to(pid)
        name = ctx.name(pid)
        if last is not None:
            reason = (f"You last wrote to {name} on {ctx.day(last.at)}; waiting "
                      f"{ctx.settings.min_gap_days} days between messages keeps you welcome.")
            mine = [_hold(a, last.at + gap, reason) if a.kind == "check_in" or last.opportunity_id != a.opportunity_id
                    else a for a in mine]
        placed: list[Action] = []
        for a in sorted(mine, key=lambda a: (a.due, a.key)):
            for p in placed:
                if p.opportunity_id != a.opportunity_id:
                    a = _hold(a, p.due + gap, f"Another message to {name} comes first; this one waits "
                              f"{ctx.settings.min_gap_days} days after it.")
            placed.append(a)
        kept.extend(placed)
    return kept


def _next_working_moment(ctx: Context, dt: datetime) -> datetime:
    local = dt.astimezone(ctx.tz)
    if local.weekday() < 5:
        return dt
    monday = local.date() + timedelta(days=7 - local.weekday())
    return ctx.at_start_of(monday)


def working_days(ctx: Context, actions: list[Action]) -> list[Action]:
    """Work outreach never falls on a weekend in the user's timezone."""
    if not ctx.settings.skip_weekends:
        return actions
    out = []
    for a in actions:
        if a.work_outreach:
            earliest = _next_working_moment(ctx, a.earliest)
            due = max(_next_working_moment(ctx, a.due), earliest)
            latest = max(_next_working_moment(ctx, a.latest), due)
            if earliest is not a.earliest or due is not a.due or latest is not a.latest:
                a = replace(a, earliest=earliest, due=due, latest=latest)
        out.append(a)
    return out


def user_decisions(ctx: Context, actions: list[Action]) -> list[Action]:
    """Done, dismissed and snoozed stay so; a snooze that has ended moves the action after it."""
    out = []
    for a in actions:
        state = ctx.history.action_states.get(a.key)
        if state is not None:
            if state.state in ("done", "dismissed"):
                a = replace(a, state=state.state)
            elif state.state == "snoozed":
                if state.snoozed_until is None or not ctx.passed(state.snoozed_until):
                    a = replace(a, state="snoozed")
                if state.snoozed_until is not None:
                    a = _shift(a, state.snoozed_until)
        out.append(a)
    return out


def long_past(ctx: Context, actions: list[Action]) -> list[Action]:
    """A missed one-off action disappears stale_after_days after its latest date."""
    limit = timedelta(days=ctx.settings.stale_after_days)
    # Kept while now <= latest + limit: gone from one microsecond after.
    return [a for a in actions
            if not RULES_BY_ID[a.rule].expires or not ctx.passed(a.latest + limit + timedelta(microseconds=1))]


GUARDS = (closed_by_no, job_contacts_only, conversation_first, long_past, stated_next_step, preferred_channel, spacing, user_decisions,
          working_days)

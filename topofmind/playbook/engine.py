"""next_actions: run every rule of the table, then every guard, in order. Pure."""

from __future__ import annotations

from datetime import datetime

from topofmind.playbook.context import Context, Proposal
from topofmind.playbook.guards import GUARDS
from topofmind.playbook.rules import RULES, Rule
from topofmind.playbook.settings import PlaybookSettings
from topofmind.playbook.types import Action, History


def _to_action(ctx: Context, rule: Rule, p: Proposal, key: str) -> Action:
    earliest, due, latest = ctx.window(p.earliest, p.due, p.latest)
    return Action(
        key=key, rule=rule.id, kind=p.kind, title=p.title, why=p.why,
        earliest=earliest, due=due, latest=latest, channel=rule.channel, template=rule.template,
        article=rule.article, person_id=p.person_id, opportunity_id=p.opportunity_id,
        work_outreach=not rule.is_task and not ctx.is_personal(p.person_id), extra=dict(p.extra),
    )


def next_actions(history: History, now: datetime, settings: PlaybookSettings | None = None) -> list[Action]:
    """Every follow-up the playbook suggests for ``history`` as of ``now``, soonest first.

    Actions the user marked done, dismissed or snoozed are included with that ``state`` so a
    UI can show them; ``pending`` keeps only the open ones.
    """
    return next_actions_until(history, now, settings)[0]


def next_actions_until(history: History, now: datetime,
                       settings: PlaybookSettings | None = None) -> tuple[list[Action], datetime | None]:
    """``next_actions``, and until when they hold: the same history gives the same actions at
    any moment from ``now`` up to (not including) the second value; None: at any later moment."""
    if now.tzinfo is None:
        raise ValueError("next_actions needs an aware datetime for now")
    ctx = Context(history, now, settings or PlaybookSettings())
    actions: list[Action] = []
    seen: set[str] = set()
    for rule in RULES:
        for proposal in rule.find(ctx):
            key = proposal.key
            if key not in seen:
                seen.add(key)
                actions.append(_to_action(ctx, rule, proposal, key))
    for guard in GUARDS:
        actions = guard(ctx, actions)
    return sorted(actions, key=lambda a: (a.due, a.key)), ctx.horizon


def pending(actions: list[Action], at: datetime | None = None) -> list[Action]:
    """The open actions; with ``at``, only those that may be done by then (earliest <= at)."""
    return [a for a in actions if a.state == "open" and (at is None or a.earliest <= at)]


def urgency(due: datetime, now: datetime, tz) -> str:
    """overdue, today or upcoming, by the calendar day where the user lives (``tz``)."""
    today, due_day = now.astimezone(tz).date(), due.astimezone(tz).date()
    if due_day < today:
        return "overdue"
    return "today" if due_day == today else "upcoming"


def due_now(actions: list[Action], now: datetime, tz) -> list[Action]:
    """What "due" means everywhere (the CLI, the Today page, the API's count, the badge): the
    open actions due today or earlier in the user's timezone."""
    return [a for a in actions if a.state == "open" and urgency(a.due, now, tz) != "upcoming"]


def at_risk_opportunity_ids(actions: list[Action]) -> set[int]:
    """Opportunities the playbook marks at risk (for OpportunitySummary.at_risk)."""
    return {a.opportunity_id for a in actions if a.kind == "at_risk" and a.opportunity_id is not None}

"""Rules 9–10: new networking contacts, introductions, and keeping in touch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from topofmind.playbook.context import Context, Proposal

NETWORK_RELATIONSHIPS = frozenset({"networking_contact", "job_fair_contact", "association_member"})


def networking_follow_up(ctx: Context) -> Iterator[Proposal]:
    """Rule 9a: a meeting, an informational interview or a new contact → follow up within 24 h."""
    s = ctx.settings
    soon, late = timedelta(hours=s.networking_follow_up_hours), timedelta(hours=s.follow_up_latest_hours)
    for pid, person in ctx.people.items():
        touches = ctx.by_person.get(pid, [])
        event = ctx.last_met.get(pid)
        if event is not None:
            at, anchor = event.at, f"t{event.id}"
            what = ("meeting" if event.kind == "meeting" else "message")
            why = (f"You met {person.name} on {ctx.day(at)}." if what == "meeting" else
                   f"{person.name} reached out on {ctx.day(at)}.")
        elif person.relationship in NETWORK_RELATIONSHIPS and person.created_at and not touches:
            at, anchor = person.created_at, f"p{pid}"
            why = f"You added {person.name} as a new contact on {ctx.day(at)}."
        else:
            continue
        if ctx.outgoing_to(pid, at):
            continue
        yield Proposal(
            kind="networking_follow_up", anchor=anchor, earliest=at, due=at + soon, latest=at + late,
            person_id=pid,
            title=f"Follow up with {person.name}",
            why=(f"{why} Following up within a day, with thanks and something useful, turns a "
                 "new contact into a relationship; after two weeks it is too late."),
        )


def thank_introducer(ctx: Context) -> Iterator[Proposal]:
    """Rule 9b: someone introduced you → thank them."""
    hours = timedelta(hours=ctx.settings.thank_you_hours)
    for t in ctx.touches:
        if t.direction != "in" or t.kind != "introduction" or t.person_id not in ctx.people:
            continue
        if ctx.outgoing_to(t.person_id, t.at):
            continue
        opp = ctx.opportunities.get(t.opportunity_id) if t.opportunity_id is not None else None
        if opp is not None and opp.source == "referral":
            continue  # rule 2 already thanks whoever referred you for this opportunity
        yield Proposal(
            kind="thank_introducer", anchor=f"t{t.id}", earliest=t.at, due=t.at + hours,
            latest=t.at + 2 * hours, person_id=t.person_id, opportunity_id=t.opportunity_id,
            title=f"Thank {ctx.name(t.person_id)} for the introduction",
            why=(f"{ctx.name(t.person_id)} introduced you to someone on {ctx.day(t.at)}. A quick "
                 "thank-you shows you appreciate it, and that you will follow through."),
        )


def check_in(ctx: Context) -> Iterator[Proposal]:
    """Rule 10: every contact worth keeping → a check-in every 3–4 months, giving not asking."""
    s = ctx.settings
    for pid, person in ctx.people.items():
        if not person.keep_in_touch or not ctx.has_human_contact(pid):
            continue
        past = ctx.by_person[pid]
        if not past:
            continue
        last = past[-1]
        earliest = ctx.days_after(last.at, s.check_in_min_days)
        earliest, due, latest = ctx.window(earliest, earliest, ctx.days_after(last.at, s.check_in_max_days))
        yield Proposal(
            kind="check_in", anchor=f"t{last.id}", earliest=earliest, due=due, latest=latest,
            person_id=pid,
            title=f"Check in with {person.name}",
            why=(f"Your last contact with {person.name} was on {ctx.day(last.at)}. A note every "
                 "few months — an article, congratulations, an idea, not an ask — keeps the "
                 "relationship warm."),
        )

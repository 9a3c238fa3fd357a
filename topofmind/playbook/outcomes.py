"""Rules 7–8: offers, acceptance wrap-up, and answering a rejection gracefully."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from topofmind.playbook.context import OPEN_STAGES, Context, Proposal
from topofmind.playbook.types import OpportunityFacts

OFFER_ROLES = ("recruiter", "hiring_manager", "coordinator")
NOTIFY_ROLES = ("recruiter", "hiring_manager", "coordinator", "interviewer")
HELPER_ROLES = ("referrer", "helper", "introducer")
HELPER_TOUCH_KINDS = frozenset({"referral", "introduction", "meeting"})
REJECTION_ROLES = ("hiring_manager", "recruiter")


def _offer(ctx: Context, opp: OpportunityFacts) -> tuple[datetime, str, int | None] | None:
    if opp.stage != "offer" or not ctx.is_open(opp):
        return None
    offers = [t for t in ctx.by_opp.get(opp.id, ()) if t.direction == "in" and t.kind == "offer"]
    if offers:
        sender = offers[-1].person_id if offers[-1].person_id in ctx.people else None
        return offers[-1].at, f"t{offers[-1].id}", sender
    return opp.stage_changed_at, f"o{opp.id}.d{opp.stage_changed_at:%Y%m%d}", None


def _offer_contact(ctx: Context, opp: OpportunityFacts, sender: int | None) -> int | None:
    if sender is not None:
        return sender
    contacts = ctx.contacts(opp, *OFFER_ROLES)
    return contacts[0] if contacts else None


def offer_in_writing(ctx: Context) -> Iterator[Proposal]:
    """Rule 7a: a verbal offer → ask for it in writing."""
    for opp in ctx.opportunities.values():
        found = _offer(ctx, opp)
        if found is None or opp.offer_in_writing:
            continue
        at, anchor, sender = found
        pid = _offer_contact(ctx, opp, sender)
        yield Proposal(
            kind="offer_in_writing", anchor=anchor, earliest=at, due=ctx.days_after(at, 1),
            latest=ctx.days_after(at, 2), person_id=pid, opportunity_id=opp.id,
            title=f"Ask {ctx.name(pid, 'the company')} for the offer in writing",
            why=(f"Congratulations on the offer for {ctx.role_at(opp)}! Before you weigh it, "
                 "make sure you have the same terms in writing."),
        )


def offer_review(ctx: Context) -> Iterator[Proposal]:
    """Rule 7b: review the offer, negotiate, and answer graciously whatever you decide."""
    for opp in ctx.opportunities.values():
        found = _offer(ctx, opp)
        if found is None:
            continue
        at, anchor, sender = found
        pid = _offer_contact(ctx, opp, sender)
        due = ctx.days_after(at, ctx.settings.offer_review_days)
        yield Proposal(
            kind="offer_review", anchor=anchor, earliest=at, due=due, latest=due + timedelta(days=2),
            person_id=pid, opportunity_id=opp.id,
            title=f"Review and negotiate the offer for {ctx.role_at(opp)}",
            why=("Take the time to read the offer carefully and ask for what matters to you; "
                 "whatever the outcome, a courteous answer leaves the door open."),
        )


def _accepted(ctx: Context) -> Iterator[tuple[OpportunityFacts, datetime]]:
    for opp in ctx.opportunities.values():
        if opp.stage == "accepted":
            yield opp, opp.closed_at or opp.stage_changed_at


def notify_other_opportunities(ctx: Context) -> Iterator[Proposal]:
    """Rule 7c: once you accept, tell every other open opportunity, politely."""
    days = ctx.settings.wrap_up_days
    for accepted, at in _accepted(ctx):
        for opp in ctx.opportunities.values():
            if opp.id == accepted.id or opp.stage not in OPEN_STAGES or not ctx.is_open(opp):
                continue
            if any(t.direction == "out" and t.at >= at for t in ctx.by_opp.get(opp.id, ())):
                continue
            contacts = ctx.contacts(opp, *NOTIFY_ROLES)
            pid = contacts[0] if contacts else None
            yield Proposal(
                kind="notify_other_opportunities", anchor=f"o{accepted.id}", earliest=at,
                due=ctx.days_after(at, days), latest=ctx.days_after(at, days + 5), person_id=pid,
                opportunity_id=opp.id, extra={"accepted_opportunity_id": accepted.id},
                title=f"Let {ctx.company(opp)} know you have accepted another offer",
                why=(f"You accepted {ctx.role_at(accepted)}. Telling the people behind "
                     f"{ctx.role_at(opp)} now is honest, saves their time and keeps the bridge intact."),
            )


def _helpers(ctx: Context, accepted: OpportunityFacts) -> list[int]:
    helpers: list[int] = []
    for opp in ctx.opportunities.values():
        helpers += [p for p in ctx.contacts(opp, *HELPER_ROLES) if p not in helpers]
    for t in ctx.touches:
        if t.kind in HELPER_TOUCH_KINDS and t.person_id in ctx.people and t.person_id not in helpers:
            if t.kind == "meeting" or t.direction == "in":
                helpers.append(t.person_id)
    return helpers


def thank_helper(ctx: Context) -> Iterator[Proposal]:
    """Rule 7d: once you accept, thank everyone who helped along the way, one by one."""
    days = ctx.settings.wrap_up_days
    for accepted, at in _accepted(ctx):
        for pid in _helpers(ctx, accepted):
            if ctx.outgoing_to(pid, at):
                continue
            yield Proposal(
                kind="thank_helper", anchor=f"o{accepted.id}", earliest=at,
                due=ctx.days_after(at, days), latest=ctx.days_after(at, days + 7), person_id=pid,
                opportunity_id=accepted.id,
                title=f"Tell {ctx.name(pid)} you have landed, and thank them",
                why=(f"{ctx.name(pid)} helped during your search. A short thank-you, with the news "
                     f"that you accepted {ctx.role_at(accepted)}, makes them feel appreciated and "
                     "keeps them up to date."),
            )


def rejection_reply(ctx: Context) -> Iterator[Proposal]:
    """Rule 8: rejection or position filled → thank them, ask how to improve, stay interested."""
    s = ctx.settings
    for opp in ctx.opportunities.values():
        closed_at = ctx.closed_by_no(opp)
        if closed_at is None:
            continue
        nos = [t for t in ctx.by_opp.get(opp.id, ()) if t.direction == "in" and t.kind == "rejection"]
        anchor = f"t{nos[-1].id}" if nos else f"o{opp.id}.d{closed_at:%Y%m%d}"
        people = ctx.contacts(opp, *REJECTION_ROLES)
        if not people and nos and nos[-1].person_id in ctx.people:
            people = [nos[-1].person_id]
        company = ctx.company(opp)
        why = (f"{company} went another way on {ctx.role_at(opp).replace(' at ' + company, '')}. A "
               "gracious reply — thanks, a request for tips to improve, and interest in future "
               "roles — often leads to the next opening or a referral.")
        if not people and nos and nos[-1].reply_address and not any(t.direction == "out" and t.at >= closed_at
                                                                   for t in ctx.by_opp.get(opp.id, ())):
            yield Proposal(  # no person known: a short reply to the team mailbox that wrote
                kind="rejection_reply", anchor=anchor, earliest=closed_at,
                due=closed_at + timedelta(hours=s.networking_follow_up_hours),
                latest=closed_at + timedelta(hours=s.follow_up_latest_hours), opportunity_id=opp.id,
                extra={"to_address": nos[-1].reply_address, "team": True},
                title=f"Thank the {company} team and stay in the running",
                why=f"{why} Nobody signed the message, but {nos[-1].reply_address} accepts replies.",
            )
        for pid in people:
            if ctx.outgoing_to(pid, closed_at):
                continue
            yield Proposal(
                kind="rejection_reply", anchor=anchor, earliest=closed_at,
                due=closed_at + timedelta(hours=s.networking_follow_up_hours),
                latest=closed_at + timedelta(hours=s.follow_up_latest_hours),
                person_id=pid, opportunity_id=opp.id,
                title=f"Thank {ctx.name(pid)} and stay in the running at {company}",
                why=why,
            )

"""Rules 1–3: applications, referrals, and what to do when nobody answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlencode

from topofmind.playbook.context import Context, Proposal
from topofmind.playbook.types import OpportunityFacts

HIRING_ROLES = ("hiring_manager", "recruiter")
INTRODUCED_ROLES = ("hiring_manager", "recruiter", "coordinator")
PRE_INTERVIEW_STAGES = ("lead", "applied", "screening")
# Applications that wait on the employer: through a posting, handed over at a career fair, or
# any other way the user typed in (issue 24). Referrals and recruiters have their own rules.
APPLICATION_SOURCES = ("online_application", "career_fair", "other")
LINKEDIN_PEOPLE_SEARCH = "https://www.linkedin.com/search/results/people/"


def linkedin_searches(opp: OpportunityFacts) -> dict:
    """People-search links for the company: its recruiters, and managers for the role."""
    company = opp.company_name or ""
    recruiter_q = f'{company} ("recruiter" OR "talent acquisition" OR "human resources")'.strip()
    role = opp.role or ""
    manager_q = f'{company} {role} ("manager" OR "director" OR "head of")'.replace("  ", " ").strip()
    return {
        "search_recruiters_url": LINKEDIN_PEOPLE_SEARCH + "?" + urlencode({"keywords": recruiter_q}),
        "search_managers_url": LINKEDIN_PEOPLE_SEARCH + "?" + urlencode({"keywords": manager_q}),
    }


def _application_pending(ctx: Context, opp: OpportunityFacts) -> bool:
    """An open online application nobody has answered and the user has not followed up on."""
    if opp.source not in APPLICATION_SOURCES or opp.applied_at is None or not ctx.is_open(opp):
        return False
    if opp.stage not in ("applied", "screening") or ctx.interviews.get(opp.id):
        return False
    if ctx.answers_on(opp.id, opp.applied_at):
        return False
    return not any(ctx.is_nudge(t) and t.at >= opp.applied_at for t in ctx.by_opp.get(opp.id, ()))


def _application_window(ctx: Context, opp: OpportunityFacts):
    s = ctx.settings
    earliest = ctx.days_after(opp.applied_at, s.application_follow_up_min_days)
    return ctx.window(earliest, earliest, ctx.days_after(opp.applied_at, s.application_follow_up_max_days))


def find_contact(ctx: Context) -> Iterator[Proposal]:
    """Rule 1, no hiring contact known yet: find one, then follow up."""
    for opp in ctx.opportunities.values():
        if not _application_pending(ctx, opp) or ctx.contacts(opp, *HIRING_ROLES):
            continue
        earliest, due, latest = _application_window(ctx, opp)
        yield Proposal(
            kind="find_contact", anchor=f"a{opp.applied_at:%Y%m%d}", earliest=earliest, due=due, latest=latest,
            opportunity_id=opp.id,
            title=f"Find the recruiter or hiring manager for {ctx.role_at(opp)}",
            why=(f"You applied for {ctx.role_at(opp)} on {ctx.day(opp.applied_at)}. An online "
                 "application alone rarely gets a reply; a short note to a real person, offering "
                 "something useful, a day or two later does."),
            extra={**linkedin_searches(opp), "candidate_person_ids": _tracked_at_company(ctx, opp)},
        )


def _tracked_at_company(ctx: Context, opp: OpportunityFacts) -> list[int]:
    """People already tracked at the company (e.g. from LinkedIn): ready to attach."""
    if opp.company_id is None:
        return []
    attached = {pid for pid, _ in opp.contacts}
    return [p.id for p in ctx.people.values() if p.company_id == opp.company_id and p.id not in attached]


def application_follow_up(ctx: Context) -> Iterator[Proposal]:
    """Rule 1, hiring contact known: follow up 1–2 days after applying, offering value."""
    for opp in ctx.opportunities.values():
        contacts = ctx.contacts(opp, *HIRING_ROLES)
        if not contacts or not _application_pending(ctx, opp):
            continue
        pid = contacts[0]
        earliest, due, latest = _application_window(ctx, opp)
        yield Proposal(
            kind="follow_up", anchor=f"a{opp.applied_at:%Y%m%d}", earliest=earliest, due=due, latest=latest,
            person_id=pid, opportunity_id=opp.id,
            title=f"Follow up with {ctx.name(pid)} about {ctx.role_at(opp)}",
            why=(f"You applied for {ctx.role_at(opp)} on {ctx.day(opp.applied_at)}. A note to "
                 f"{ctx.name(pid)} within a day or two that offers something of value, rather "
                 "than asking for a status, gets you noticed."),
        )


def _referral_anchor(ctx: Context, opp: OpportunityFacts):
    """The referral itself: the referrer's message if we have it, else when the lead began."""
    for t in ctx.by_opp.get(opp.id, ()):
        if t.direction == "in" and t.kind in ("referral", "introduction"):
            return t.at, f"t{t.id}", t.person_id
    return (opp.applied_at or opp.created_at), f"o{opp.id}", None


def _referral_opportunities(ctx: Context):
    for opp in ctx.opportunities.values():
        if opp.source == "referral" and ctx.is_open(opp):
            yield opp, *_referral_anchor(ctx, opp)


def thank_referrer(ctx: Context) -> Iterator[Proposal]:
    """Rule 2a: thank whoever passed your résumé on, straight away."""
    hours = timedelta(hours=ctx.settings.thank_you_hours)
    for opp, at, anchor, sender in _referral_opportunities(ctx):
        referrers = ctx.contacts(opp, "referrer")
        if sender is not None and sender not in referrers and sender in ctx.people:
            referrers.append(sender)
        for pid in referrers:
            if ctx.outgoing_to(pid, at):
                continue
            yield Proposal(
                kind="thank_referrer", anchor=anchor, earliest=at, due=at + hours, latest=at + 2 * hours,
                person_id=pid, opportunity_id=opp.id,
                title=f"Thank {ctx.name(pid)} for referring you to {ctx.company(opp)}",
                why=(f"{ctx.name(pid)} passed your name on for {ctx.role_at(opp)}. Thanking them "
                     "right away shows you value the favour and keeps them on your side."),
            )


def contact_introduced(ctx: Context) -> Iterator[Proposal]:
    """Rule 2b: write to the person you were referred to, right away."""
    hours = timedelta(hours=ctx.settings.thank_you_hours)
    for opp, at, anchor, _sender in _referral_opportunities(ctx):
        for pid in ctx.contacts(opp, *INTRODUCED_ROLES):
            if ctx.outgoing_to(pid, at) or any(t.at >= at for t in ctx.by_person.get(pid, ())
                                                 if ctx.is_answer(t)):
                continue
            yield Proposal(
                kind="contact_introduced", anchor=anchor, earliest=at, due=at + hours,
                latest=at + 2 * hours, person_id=pid, opportunity_id=opp.id,
                title=f"Write to {ctx.name(pid)} at {ctx.company(opp)}",
                why=(f"You were referred to {ctx.name(pid)} for {ctx.role_at(opp)}. A warm "
                     "introduction cools fast: reach out the same day."),
            )


def warm_follow_up(ctx: Context) -> Iterator[Proposal]:
    """Rule 2c: one warm follow-up 5–7 days after the first message to the introduced person."""
    s = ctx.settings
    for opp, at, _anchor, _sender in _referral_opportunities(ctx):
        for pid in ctx.contacts(opp, *INTRODUCED_ROLES):
            nudges = [t for t in ctx.unanswered_nudges(pid, opp.id) if t.at >= at]
            if len(nudges) != 1 or ctx.interviews.get(opp.id):
                continue
            first = nudges[0]
            earliest, due, latest = ctx.window(ctx.days_after(first.at, s.referral_follow_up_min_days),
                                               ctx.days_after(first.at, s.referral_follow_up_min_days),
                                               ctx.days_after(first.at, s.referral_follow_up_max_days))
            yield Proposal(
                kind="warm_follow_up", anchor=f"t{first.id}", earliest=earliest, due=due, latest=latest,
                person_id=pid, opportunity_id=opp.id,
                title=f"Follow up with {ctx.name(pid)} (warm referral)",
                why=(f"You wrote to {ctx.name(pid)} on {ctx.day(first.at)} through a referral and "
                     "have not heard back. A friendly follow-up within a week keeps the "
                     "introduction alive."),
            )


def second_follow_up(ctx: Context) -> Iterator[Proposal]:
    """Rule 3: no answer → one more 1–2 weeks later; after the limit, check-ins take over."""
    s = ctx.settings
    for pid, oid in sorted(ctx.nudge_cycles, key=lambda c: (c[0], c[1] or 0)):
        opp = ctx.opportunities.get(oid) if oid is not None else None
        if opp is not None and (not ctx.is_open(opp) or opp.stage not in PRE_INTERVIEW_STAGES
                                or ctx.interviews.get(opp.id)):
            continue  # closed, or past the first interview: rule 5 sets the pace there
        nudges = ctx.unanswered_nudges(pid, oid)
        if not nudges or len(nudges) >= s.max_unanswered_nudges or nudges[-1].kind == "check_in":
            continue  # a periodic check-in waits for the next one, it is not chased
        if opp is not None and opp.source == "referral" and len(nudges) == 1 \
                and pid in ctx.contacts(opp, *INTRODUCED_ROLES):
            continue  # rule 2c's warm follow-up comes first
        last = nudges[-1]
        earliest = ctx.days_after(last.at, s.second_nudge_min_days)
        earliest, due, latest = ctx.window(earliest, earliest, ctx.days_after(last.at, s.second_nudge_max_days))
        about = f" about {ctx.role_at(opp)}" if opp else ""
        yield Proposal(
            kind="second_follow_up", anchor=f"t{last.id}", earliest=earliest, due=due, latest=latest,
            person_id=pid, opportunity_id=oid, extra={"nudge": len(nudges) + 1},
            title=f"Send {ctx.name(pid)} one more follow-up{about}",
            why=(f"{ctx.name(pid)} has not answered your message of {ctx.day(last.at)}. Silence is "
                 "rarely a no: one more short, useful note a week or two later is fair; after "
                 "that, switch to an occasional check-in."),
        )

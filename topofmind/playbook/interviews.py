"""Rules 4–6: thank-you notes, status follow-ups after an interview, and decisions running late."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from topofmind.playbook.context import Context, Proposal
from topofmind.playbook.types import OpportunityFacts

SET_UP_ROLES = ("recruiter", "coordinator")
HELPER_ROLES = ("referrer", "helper", "introducer")
STATUS_ROLES = ("recruiter", "coordinator", "hiring_manager")
INTERVIEW_STAGES = ("screening", "interviewing")
# What counts as having sent the thank-you: any note to them after the interview began.
THANKS_KINDS = frozenset({"thank_you", "message", "letter", "linkedin", "follow_up", "reply"})


def thank_you(ctx: Context) -> Iterator[Proposal]:
    """Rule 4: a thank-you within 24 h of each interview to everyone involved in it."""
    hours = timedelta(hours=ctx.settings.thank_you_hours)
    for oid, interviews in ctx.interviews.items():
        opp = ctx.opportunities.get(oid)
        if opp is None:
            continue
        thanked: set[int] = set()  # one thank-you per person per opportunity: the latest interview's
        for n, interview in reversed(list(enumerate(interviews))):
            end = ctx.interview_end(interview)
            people = [p for p in interview.interviewer_ids if p in ctx.people]
            people += [p for p in ctx.contacts(opp, *SET_UP_ROLES) if p not in people]
            if n == 0:  # those who helped get the interview are thanked once, after the first
                people += [p for p in ctx.contacts(opp, *HELPER_ROLES) if p not in people]
            when = ctx.day(interview.starts_at)
            for pid in people:
                if pid in thanked:
                    continue
                thanked.add(pid)
                if any(t.kind in THANKS_KINDS for t in ctx.outgoing_to(pid, interview.starts_at)):
                    continue
                if pid in interview.interviewer_ids:
                    title = f"Thank {ctx.name(pid)} for the interview"
                    why = (f"You interviewed with {ctx.name(pid)} on {when}; a thank-you within "
                           "24 hours, mentioning something you talked about, keeps you top of mind.")
                elif pid in ctx.contacts(opp, *SET_UP_ROLES):
                    title = f"Thank {ctx.name(pid)} for arranging the interview"
                    why = (f"{ctx.name(pid)} set up your interview on {when} for {ctx.role_at(opp)}; "
                           "thanking them too shows you noticed and keeps them in your corner.")
                else:
                    title = f"Tell {ctx.name(pid)} about the interview they helped you get"
                    why = (f"{ctx.name(pid)} helped you get the interview on {when} for "
                           f"{ctx.role_at(opp)}; let them know it happened and thank them.")
                yield Proposal(
                    kind="thank_you", anchor=f"i{interview.id}", earliest=end, due=end + hours,
                    latest=end + hours, person_id=pid, opportunity_id=oid,
                    extra={"interview_id": interview.id},
                    title=title,
                    why=why,
                )


def _status_recipient(ctx: Context, opp: OpportunityFacts, interview) -> int | None:
    contacts = ctx.contacts(opp, *STATUS_ROLES)
    if contacts:
        return contacts[0]
    interviewers = [p for p in interview.interviewer_ids if p in ctx.people]
    return interviewers[0] if interviewers else None


def _status_cycle(ctx: Context, opp: OpportunityFacts):
    """(anchor time, anchor tag, last interview, status follow-ups sent since the anchor)."""
    held = ctx.held_interviews(opp.id)
    if not held:
        return None
    last = held[-1]
    anchor_at, tag = ctx.interview_end(last), f"i{last.id}"
    answers = ctx.answers_on(opp.id, anchor_at)
    if answers:  # an answer restarts the cycle
        anchor_at, tag = answers[-1].at, f"t{answers[-1].id}"
    sent = ctx.nudges_on(opp.id, after=anchor_at)
    return anchor_at, tag, last, sent


def status_follow_up(ctx: Context) -> Iterator[Proposal]:
    """Rule 5: a week after, or the day after a stated timeline; then every 2 weeks, then monthly."""
    s = ctx.settings
    for opp in ctx.opportunities.values():
        if opp.stage not in INTERVIEW_STAGES or not ctx.is_open(opp):
            continue
        cycle = _status_cycle(ctx, opp)
        if cycle is None:
            continue
        anchor_at, tag, interview, sent = cycle
        if sent:
            gap = s.post_interview_repeat_days if len(sent) <= s.post_interview_repeat_count \
                else s.post_interview_monthly_days
            due = ctx.days_after(sent[-1].at, gap)
            reason = (f"You last asked about {ctx.role_at(opp)} on {ctx.day(sent[-1].at)} and have "
                      "heard nothing. Keep following up politely until you get an answer either way.")
        else:
            due = ctx.days_after(anchor_at, s.post_interview_status_days)
            reason = (f"You interviewed for {ctx.role_at(opp)} on {ctx.day(interview.starts_at)}. "
                      "A short status follow-up a week later shows you are still keen.")
        timeline = opp.decision_expected_by
        if timeline is not None and timeline >= anchor_at.astimezone(ctx.tz).date():
            stated = ctx.at_start_of(timeline + timedelta(days=1))
            if not sent or stated > due:
                due = stated
                reason = (f"They said they would decide on {ctx.role_at(opp)} by "
                          f"{ctx.day(ctx.at_start_of(timeline))}; the day after is the right "
                          "moment to ask where things stand.")
        recipient = _status_recipient(ctx, opp, interview)
        who = ctx.name(recipient, "the team")
        yield Proposal(
            kind="status_follow_up", anchor=f"{tag}.n{len(sent)}", earliest=due, due=due,
            latest=due + timedelta(days=3), person_id=recipient, opportunity_id=opp.id,
            extra={"interview_id": interview.id, "nudge": len(sent) + 1},
            title=f"Ask {who} for an update on {ctx.role_at(opp)}",
            why=reason,
        )


def _late_since(ctx: Context, opp: OpportunityFacts) -> tuple[datetime, str] | None:
    """When a decision became late (and why), or None while it is not."""
    s = ctx.settings
    if opp.decision_expected_by is not None:
        promised = ctx.at_start_of(opp.decision_expected_by)
        late = ctx.at_start_of(opp.decision_expected_by + timedelta(days=s.at_risk_grace_days + 1))
        if ctx.passed(late) and not ctx.answers_on(opp.id, promised):
            return late, f"They said they would decide by {ctx.day(promised)} and have gone quiet."
        return None
    held = ctx.held_interviews(opp.id)
    if not held:
        return None
    end = ctx.interview_end(held[-1])
    late = ctx.days_after(end, s.at_risk_silence_days)
    if ctx.passed(late) and not ctx.answers_on(opp.id, end):
        return late, f"You have heard nothing since your interview on {ctx.day(held[-1].starts_at)}."
    return None


def at_risk(ctx: Context) -> Iterator[Proposal]:
    """Rule 6: a decision running late → the opportunity is at risk; line up other interviews."""
    for opp in ctx.opportunities.values():
        if opp.stage not in (*INTERVIEW_STAGES, "offer") or not ctx.is_open(opp):
            continue
        late = _late_since(ctx, opp)
        if late is None:
            continue
        since, sentence = late
        yield Proposal(
            kind="at_risk", anchor=f"d{since:%Y%m%d}", earliest=since, due=since,
            latest=since + timedelta(days=7), opportunity_id=opp.id, extra={"at_risk": True},
            title=f"{ctx.role_at(opp)[0].upper()}{ctx.role_at(opp)[1:]} is at risk: line up other interviews",
            why=(f"{sentence} Time kills deals: a long delay often means a back-burner or another "
                 "front runner, so keep booking interviews elsewhere rather than waiting."),
        )

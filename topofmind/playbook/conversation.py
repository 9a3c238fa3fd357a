"""Rule 0, the conversation first: before any rule's follow-up, read the thread.

A question or proposal from the other side that the candidate has not answered ("How about
Thursday at 8:30?", "Could you send your portfolio?") makes the next step "answer <name>",
drafted as a reply to it; the thank-you or follow-up that person was due folds into that
reply (guards.conversation_first). Only people met in the job search get job outreach at all
(guards.job_contacts_only): family and friends asking how the search goes are answered by the
candidate, not by a playbook.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from topofmind.playbook.context import Context, Proposal
from topofmind.playbook.types import TouchFacts


def open_question(ctx: Context, person_id: int) -> TouchFacts | None:
    """The person's question still waiting for the candidate: their latest touch asks
    something, and nothing happened between them since (no reply, no meeting, no interview
    with them, no later message from them that moved on)."""
    touches = ctx.by_person.get(person_id, ())
    if not touches:
        return None
    last = touches[-1]
    if last.direction != "in" or not last.asks:
        return None
    if last.opportunity_id is not None:
        opp = ctx.opportunities.get(last.opportunity_id)
        if opp is not None and not ctx.is_open(opp) and opp.stage != "accepted":
            return None  # a closed process: the gracious reply rule speaks there
        later = [i for i in ctx.interviews.get(last.opportunity_id, ()) if i.starts_at > last.at]
        if any(ctx.passed(i.starts_at) or person_id in i.interviewer_ids for i in later):
            return None  # the interview they proposed got booked
    return last


def answer(ctx: Context) -> Iterator[Proposal]:
    """Rule 0: an unanswered question from someone met in the search → answer it, promptly."""
    hours = timedelta(hours=ctx.settings.thank_you_hours)
    for pid, person in ctx.people.items():
        if not ctx.is_job_contact(pid):
            continue
        asked = open_question(ctx, pid)
        if asked is None:
            continue
        opp = ctx.opportunities.get(asked.opportunity_id) if asked.opportunity_id is not None else None
        about = f" about {ctx.role_at(opp)}" if opp is not None else ""
        yield Proposal(
            kind="answer", anchor=f"t{asked.id}", earliest=asked.at, due=asked.at + hours,
            latest=asked.at + 2 * hours, person_id=pid, opportunity_id=asked.opportunity_id,
            extra={"touch_id": asked.id, "asks": asked.asks},
            title=f"Answer {person.name}",
            why=(f"{person.name} asked you on {ctx.day(asked.at)}{about}: “{asked.asks}” "
                 "Nothing else you could send them matters until that is answered; reply to it "
                 "first, promptly."),
        )

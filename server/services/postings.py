"""What the extension shows on a job posting: tracked or not, and if so where it stands
("applied 3 days ago · follow up tomorrow")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from server.services import capture
from server.services.actions import Plan, plan_for
from server.services.serialize import iso, opportunity_summary
from topofmind.store import models

# The next step as a few words (the card's status line); other kinds use their title.
NEXT_STEP = {
    "find_contact": "find a contact and follow up", "follow_up": "follow up",
    "second_follow_up": "follow up again", "thank_referrer": "thank the referrer",
    "contact_introduced": "write to the referred contact", "warm_follow_up": "follow up",
    "thank_you": "send thank-yous", "status_follow_up": "ask for an update",
}


def _days_phrase(days: int, *, past: bool) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday" if past else "tomorrow"
    return f"{days} days ago" if past else f"in {days} days"


def status_line(opp: models.Opportunity, plan: Plan, now: datetime) -> tuple[str, dict | None]:
    """(the status line, the next action as the API shows it or None)."""
    tz = plan.tz
    today = now.astimezone(tz).date()
    if opp.stage == "lead" or opp.applied_at is None:
        head = "saved, not applied yet"
    elif opp.stage == "applied":
        head = "applied " + _days_phrase((today - opp.applied_at.astimezone(tz).date()).days, past=True)
    else:
        head = f"{opp.stage} (since {opp.stage_changed_at.astimezone(tz):%-d %b})"
    actions = plan.sorted(plan.for_scope(opportunity_ids=[opp.id]))
    if not actions:
        tail = "mark it applied to start the follow-up clock" if opp.stage == "lead" else "nothing due"
        return f"{head} · {tail}", None
    action = actions[0]
    step = NEXT_STEP.get(action.kind) or action.title[:1].lower() + action.title[1:]
    due_day = action.due.astimezone(tz).date()
    when = (f"overdue since {action.due.astimezone(tz):%a %-d %b}" if due_day < today
            else _days_phrase((due_day - today).days, past=False))
    return f"{head} · {step} {when}", plan.to_dict(action)


def lookup(session: Session, user_id: int, now: datetime, *, url: str | None, job_id: str | None,
           company: str | None, role: str | None) -> dict:
    opp = capture.find_tracked(session, user_id, url=url, job_id=job_id, company=company, role=role)
    if opp is None:
        return {"known": False, "opportunity": None, "status": None, "next_action": None,
                "applied_at": None, "url": None}
    plan = plan_for(session, user_id, now, opportunity_ids=[opp.id])  # what its actions depend on only
    status, action = status_line(opp, plan, now)
    summary = opportunity_summary(opp, opp.id in plan.at_risk_opportunities())
    return {"known": True, "opportunity": summary, "status": status, "next_action": action,
            "applied_at": iso(opp.applied_at), "url": opp.url}

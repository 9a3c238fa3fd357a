"""The pipeline board: each opportunity with its last step and its next one, by stage."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.services.actions import Plan
from topofmind.store.models import Touch

# A decision date an employer gave belongs to these stages; once an offer or an outcome
# arrived it is history, not something to wait for.
DECISION_PENDING_STAGES = ("applied", "screening", "interviewing")
# Each stage in the words of the pages (the board's columns, the undo banner, Insights).
STAGE_WORDS = {"lead": "Lead", "applied": "Applied", "screening": "Screening", "interviewing": "Interviewing",
               "offer": "Offer", "accepted": "Accepted", "declined": "Offer declined", "rejected": "Rejected",
               "withdrawn": "Withdrawn", "closed": "Closed"}


def steps(session: Session, user_id: int, plan: Plan, opportunity_ids: list[int]) -> dict[int, dict]:
    """opportunity id -> {"last": the latest touch, "next": the most urgent open action}."""
    if not opportunity_ids:
        return {}
    newest = (select(Touch.opportunity_id, func.max(Touch.at).label("at"))
              .where(Touch.user_id == user_id, Touch.opportunity_id.in_(opportunity_ids))
              .group_by(Touch.opportunity_id).subquery())
    out: dict[int, dict] = {i: {"last": None, "next": None} for i in opportunity_ids}
    for touch in session.scalars(select(Touch).join(newest, (Touch.opportunity_id == newest.c.opportunity_id)
                                                    & (Touch.at == newest.c.at))
                                 .where(Touch.user_id == user_id).order_by(Touch.id)):
        out[touch.opportunity_id]["last"] = touch
    for action in plan.open_actions():
        if action.opportunity_id in out and out[action.opportunity_id]["next"] is None:
            out[action.opportunity_id]["next"] = {"title": action.title, "due": action.due,
                                                  "urgency": plan.urgency(action)}
    return out

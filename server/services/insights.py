"""How the search is going, from the stored stage history: the funnel (applied → replied →
interviewed → offered), how applications flowed between stages, and how long employers take
to answer, by source and by week.

Each opportunity's path is its stage changes in order, a move backwards dropping the later
stages it undoes (a rejection read by mistake and reversed is not a rejection).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.board import STAGE_WORDS
from topofmind.store.models import STAGE_ORDER, Interview, Opportunity, StageChange, Touch

APPLIED = {"applied", "screening", "interviewing", "offer", "accepted", "declined", "rejected"}
REPLIED = {"screening", "interviewing", "offer", "accepted", "declined", "rejected"}
INTERVIEWED = {"screening", "interviewing", "offer", "accepted", "declined"}
OFFERED = {"offer", "accepted", "declined"}
# Touches from the employer that count as an answer (a receipt from the ATS does not).
ANSWER_KINDS = {"reply", "interview", "offer", "rejection"}
SOURCE_WORDS = {"online_application": "Job posting", "referral": "Referral", "recruiter": "Recruiter",
                "networking": "Networking"}
STILL_OPEN = "No answer yet"
IN_PROGRESS = "Still in progress"


@dataclass
class Journey:
    """One opportunity as the insights see it."""

    source: str
    changes: list[tuple[datetime, str]]  # (at, to_stage), in order
    answers: list[datetime] = field(default_factory=list)  # the employer's answering touches
    interviewed: bool = False


def path_of(changes: list[tuple[datetime, str]]) -> list[tuple[datetime, str]]:
    path: list[tuple[datetime, str]] = []
    for at, stage in changes:
        while path and STAGE_ORDER[path[-1][1]] >= STAGE_ORDER[stage]:
            path.pop()
        path.append((at, stage))
    return path


def compute(journeys: list[Journey], tz: ZoneInfo) -> dict:
    funnel_counts = dict.fromkeys(("applied", "replied", "interviewed", "offered"), 0)
    flows: dict[tuple[str, str], int] = defaultdict(int)
    by_source: dict[str, list] = defaultdict(list)
    by_week: dict[str, list] = defaultdict(list)
    for journey in journeys:
        path = path_of(journey.changes)
        stages = {s for _at, s in path}
        if not stages & APPLIED:
            continue
        replied = bool(stages & REPLIED) or bool(journey.answers)
        interviewed = bool(stages & INTERVIEWED) or journey.interviewed
        funnel_counts["applied"] += 1
        funnel_counts["replied"] += replied
        funnel_counts["interviewed"] += interviewed
        funnel_counts["offered"] += bool(stages & OFFERED)
        names = [STAGE_WORDS[s] for _at, s in path if s != "lead"]
        last = path[-1][1]
        if last not in ("accepted", "declined", "rejected", "withdrawn", "closed"):
            names.append(STILL_OPEN if last == "applied" and not replied else IN_PROGRESS)
        for a, b in zip(names, names[1:], strict=False):
            flows[(a, b)] += 1
        start = next((at for at, s in path if s in APPLIED), path[0][0])
        # An answer comes after the application: the message that opened it is not one.
        answered = [at for at in [*journey.answers, *(at for at, s in path if s in REPLIED)] if at > start]
        days = (min(answered) - start) / timedelta(days=1) if answered else None
        by_source[SOURCE_WORDS.get(journey.source, journey.source)].append(days)
        local = start.astimezone(tz).date()
        by_week[(local - timedelta(days=local.weekday())).isoformat()].append(days)
    return {
        "funnel": _funnel(funnel_counts),
        "flows": [{"source": a, "target": b, "value": n} for (a, b), n in sorted(flows.items())],
        "by_source": [_response_row(name, days) for name, days in sorted(by_source.items())],
        "by_week": [_response_row(week, days) for week, days in sorted(by_week.items())],
    }


def _funnel(counts: dict[str, int]) -> list[dict]:
    words = {"applied": "Applied", "replied": "Got a reply", "interviewed": "Interviewed", "offered": "Got an offer"}
    out, previous = [], None
    for key, count in counts.items():
        out.append({"key": key, "label": words[key], "count": count,
                    "of_applied": _rate(count, counts["applied"]),
                    "of_previous": _rate(count, previous) if previous is not None else None})
        previous = count
    return out


def _rate(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _response_row(name: str, days: list) -> dict:
    answered = sorted(d for d in days if d is not None)
    return {"name": name, "applied": len(days), "answered": len(answered),
            "answer_rate": _rate(len(answered), len(days)),
            "median_days": round(median(answered), 1) if answered else None}


def load(session: Session, user_id: int) -> list[Journey]:
    opps = {o.id: o for o in session.scalars(select(Opportunity).where(Opportunity.user_id == user_id))}
    journeys = {i: Journey(source=o.source, changes=[]) for i, o in opps.items()}
    for change in session.scalars(select(StageChange).join(Opportunity).where(Opportunity.user_id == user_id)
                                  .order_by(StageChange.at, StageChange.id)):
        journeys[change.opportunity_id].changes.append((change.at, change.to_stage))
    for opp_id, at in session.execute(select(Touch.opportunity_id, Touch.at).where(
            Touch.user_id == user_id, Touch.opportunity_id.is_not(None), Touch.direction == "in",
            Touch.kind.in_(ANSWER_KINDS))):
        journeys[opp_id].answers.append(at)
    for (opp_id,) in session.execute(select(Interview.opportunity_id).where(
            Interview.user_id == user_id, Interview.cancelled.is_(False)).distinct()):
        journeys[opp_id].interviewed = True
    for opp_id, journey in journeys.items():
        if not journey.changes:  # no history stored: its current stage since it changed
            journey.changes.append((opps[opp_id].stage_changed_at, opps[opp_id].stage))
    return list(journeys.values())

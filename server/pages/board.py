"""The Pipeline page as a board: drag a card (or pick a stage) to move it; the change can be undone."""

from __future__ import annotations

from collections import defaultdict

from flask import g, redirect, render_template, request, session, url_for

from server.api.context import db, now
from server.errors import ApiError
from server.pages import bp
from server.pages.views import _plan, safe_back
from server.services import board as board_service
from server.services import opportunities as opp_service
from topofmind.store import models as m

STAGE_WORDS = {"lead": "Lead", "applied": "Applied", "screening": "Screening", "interviewing": "Interviewing",
               "offer": "Offer", "accepted": "Accepted", "declined": "Offer declined", "rejected": "Rejected",
               "withdrawn": "Withdrawn", "closed": "Closed"}


@bp.route("/pipeline")
def pipeline():
    plan = _plan()
    opportunities = opp_service.list_all(db(), g.user_id, plan)
    by_stage: dict[str, list[dict]] = defaultdict(list)
    for opp in opportunities:
        by_stage[opp["stage"]].append(opp)
    return render_template(
        "pipeline.html", open_stages=m.OPEN_STAGES, closed_stages=m.CLOSED_STAGES, stage_words=STAGE_WORDS,
        by_stage=by_stage, total=len(opportunities), tz=plan.tz,
        steps=board_service.steps(db(), g.user_id, plan, [o["id"] for o in opportunities]),
        decision_stages=board_service.DECISION_PENDING_STAGES,
        at_risk=sum(1 for o in opportunities if o["at_risk"]))


@bp.route("/opportunities/<id:opportunity_id>/stage", methods=["POST"])
def move(opportunity_id: int):
    """One stage change (the service's), then an Undo offered on the next page."""
    stage = request.form.get("stage", "")
    if stage not in m.STAGES:
        raise ApiError(400, "choose one of the stages", code="validation_error",
                       fields={"stage": f"must be one of {', '.join(m.STAGES)}"})
    opp = opp_service.get_opportunity(db(), g.user_id, opportunity_id)
    before = opp.stage
    opp_service.change_stage(db(), g.user_id, opportunity_id, stage, request.form.get("note") or None, now())
    db().commit()
    entry = board_service.latest_stage_audit(db(), g.user_id, opportunity_id) if before != stage else None
    if entry is not None:
        name = f"{opp.role or 'The opportunity'}{' at ' + opp.company.name if opp.company else ''}"
        session["undo"] = {"audit_id": entry.id,
                           "text": f"Moved {name} from {STAGE_WORDS[before]} to {STAGE_WORDS[stage]}."}
    return redirect(safe_back(request.form.get("back"), url_for("pages.pipeline")))

"""The Pipeline page as a board: drag a card (or pick a stage) to move it; the change can be undone."""

from __future__ import annotations

from collections import defaultdict

from flask import g, redirect, render_template, request, url_for

from server.api.context import db
from server.errors import ApiError
from server.pages.site import bp, form_refused, safe_local_path
from server.pages.views import _plan, change_stage_from_form, opportunity_page
from server.services import board as board_service
from server.services import opportunities as opp_service
from topofmind.errors import Invalid
from topofmind.store import models


@bp.route("/pipeline")
def pipeline():
    plan = _plan()
    opportunities = opp_service.list_all(db(), g.user_id, plan)
    by_stage: dict[str, list[dict]] = defaultdict(list)
    for opp in opportunities:
        by_stage[opp["stage"]].append(opp)
    return render_template(
        "pipeline.html", open_stages=models.OPEN_STAGES, closed_stages=models.CLOSED_STAGES,
        stage_words=board_service.STAGE_WORDS, by_stage=by_stage, total=len(opportunities), tz=plan.tz,
        steps=board_service.steps(db(), g.user_id, plan, [o["id"] for o in opportunities]),
        decision_stages=board_service.DECISION_PENDING_STAGES,
        at_risk=sum(1 for o in opportunities if o["at_risk"]))


@bp.route("/opportunities/<id:opportunity_id>/stage", methods=["POST"])
def move(opportunity_id: int):
    """A card dropped on a column (board.js submits the card's own form) or its Move button."""
    try:
        change_stage_from_form(opportunity_id)
    except (ApiError, Invalid) as exc:
        form_refused(exc)  # shown beside the stage select of the opportunity's page
        return opportunity_page(opportunity_id, 400)
    return redirect(safe_local_path(request.form.get("back"), url_for("pages.pipeline")))

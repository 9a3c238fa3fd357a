"""Pages over the same services as the API: thin routes, forms that post back and redirect."""

from __future__ import annotations

from collections import defaultdict

from flask import Response, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from server.api.context import db, now
from server.errors import ApiError
from server.pages import bp
from server.services import actions as action_service
from server.services import data as data_service
from server.services import evidence
from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services import review as review_service
from topofmind.store import models as m


def _plan():
    if "plan" not in g:
        g.plan = action_service.plan_for(db(), g.user_id, now())
    return g.plan


# Today's groups: what is due now (overdue or due today), in the coming week, or later.
WINDOWS = (("now", "Now"), ("week", "This week"), ("later", "Later"))


def window_of(plan, action) -> str:
    if plan.urgency(action) in ("overdue", "today"):
        return "now"
    days = (action.due.astimezone(plan.tz).date() - plan.now.astimezone(plan.tz).date()).days
    return "week" if days <= 7 else "later"


def today_counts() -> dict[str, int]:
    """How many open follow-ups fall in each of Today's groups (the navigation shows them)."""
    plan = _plan()
    counts = {key: 0 for key, _label in WINDOWS}
    for action in plan.open_actions():
        counts[window_of(plan, action)] += 1
    return counts


@bp.route("/")
def today():
    plan = _plan()
    groups: dict[str, list[dict]] = defaultdict(list)
    for action in plan.open_actions():
        item = plan.to_dict(action)
        try:
            shape = "message" if action.channel in ("linkedin", "text") else "email"
            item["draft"] = action_service.draft(db(), g.user_id, action.key, shape, plan.now)
        except ApiError:
            item["draft"] = None
        groups[window_of(plan, action)].append(item)
    return render_template("today.html", groups=groups, windows=WINDOWS, tz=plan.tz, now=plan.now)


@bp.route("/actions/<path:key>/<any(done, dismiss, snooze):verb>", methods=["POST"])
def action_state(key: str, verb: str):
    state = {"done": "done", "dismiss": "dismissed", "snooze": "snoozed"}[verb]
    days = request.form.get("days", type=int) or action_service.DEFAULT_SNOOZE_DAYS
    action_service.set_state(db(), g.user_id, key, state, now(),
                             snooze={"days": min(max(days, 1), 90)} if state == "snoozed" else None)
    db().commit()
    flash({"done": "Marked as done.", "dismissed": "Dismissed.",
           "snoozed": f"Snoozed for {days} days."}[state], "ok")
    return redirect(safe_back(request.form.get("back"), url_for("pages.today")))


@bp.route("/opportunities/<id:opportunity_id>", methods=["GET", "POST"])
def opportunity(opportunity_id: int):
    if request.method == "POST":  # the form of old pages: the one stage-change route
        from server.pages.board import move

        return move(opportunity_id)
    plan = _plan()
    detail = opp_service.detail(db(), g.user_id, opportunity_id, plan)
    message_ids = list(db().scalars(select(m.StageChange.message_id).where(
        m.StageChange.opportunity_id == opportunity_id).order_by(m.StageChange.at, m.StageChange.id)))
    history = evidence.stage_history(db(), g.user_id, detail["stage_history"], message_ids)
    actions = [plan.to_dict(a) for a in plan.for_scope(opportunity_ids=[opportunity_id])]
    from server.pages.board import STAGE_WORDS
    from server.services.board import DECISION_PENDING_STAGES

    return render_template("opportunity.html", opp=detail, history=history, actions=actions,
                           stages=m.STAGES, stage_words=STAGE_WORDS, tz=plan.tz,
                           decision_pending=detail["stage"] in DECISION_PENDING_STAGES)


@bp.route("/people/<id:person_id>", methods=["GET", "POST"])
def person(person_id: int):
    if request.method == "POST":
        body = {k: (request.form.get(k) or None) for k in ("relationship", "preferred_channel", "notes", "title")}
        people_service.update_person(db(), g.user_id, person_id, body)
        db().commit()
        flash("Saved.", "ok")
        return redirect(url_for("pages.person", person_id=person_id))
    plan = _plan()
    p = people_service.get_person(db(), g.user_id, person_id)
    summary = people_service.summary(db(), g.user_id, p)
    opp_ids = people_service.opportunity_ids_of(db(), g.user_id, person_id)
    touches = db().scalars(select(m.Touch).where(m.Touch.user_id == g.user_id, m.Touch.person_id == person_id)
                           .order_by(m.Touch.at.desc()).limit(100)).all()
    return render_template(
        "person.html", person=summary, notes=p.notes, touches=touches,
        opportunities=opp_service.summaries(db(), g.user_id, opp_ids, plan),
        actions=[plan.to_dict(a) for a in plan.for_scope(person_ids=[person_id])],
        relationships=m.RELATIONSHIPS, channels=m.PREFERRED_CHANNELS, tz=plan.tz)


@bp.route("/review")
def review():
    plan = _plan()
    groups = evidence.review_groups(db(), g.user_id, review_service.pending(db(), g.user_id))
    from server.pages.board import STAGE_WORDS

    return render_template("review.html", groups=groups, tz=plan.tz, stage_words=STAGE_WORDS)


@bp.route("/review/<id:audit_id>/<any(confirm, undo):verb>", methods=["POST"])
def review_decide(audit_id: int, verb: str):
    if verb == "confirm":
        review_service.confirm(db(), g.user_id, audit_id, now())
    else:
        review_service.undo(db(), g.user_id, audit_id, now())
    db().commit()
    flash("Confirmed." if verb == "confirm" else "Undone.", "ok")
    return redirect(safe_back(request.form.get("back"), url_for("pages.review")))


def safe_back(target: str | None, default: str) -> str:
    """A page of this site to return to after a form; anything else goes to ``default``."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@bp.route("/export.<any(json, zip):fmt>")
def export(fmt: str):
    if fmt == "json":
        import json

        body = json.dumps(data_service.export_json(db(), g.user_id), indent=2, default=str)
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": "attachment; filename=topofmind-export.json"})
    return Response(data_service.export_zip(db(), g.user_id), mimetype="application/zip",
                    headers={"Content-Disposition": "attachment; filename=topofmind-export.zip"})

"""Pages over the same services as the API: thin routes, forms that post back and redirect."""

from __future__ import annotations

from collections import defaultdict

from flask import Response, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select

from server.api.context import db, now
from server.errors import ApiError
from server.pages.site import bp, form_refused, safe_local_path
from server.services import actions as action_service
from server.services import data as data_service
from server.services import evidence
from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services import review as review_service
from server.services.board import DECISION_PENDING_STAGES, STAGE_WORDS
from server.validation import validate
from topofmind.errors import Invalid
from topofmind.store import models


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


@bp.app_context_processor
def _navigation() -> dict:
    return {"nav_counts": lambda: today_counts() if g.get("user_id") else {}}


@bp.route("/")
def today():
    plan = _plan()
    groups: dict[str, list[dict]] = defaultdict(list)
    for action in plan.open_actions():
        item = plan.to_dict(action)
        shape = "message" if action.channel in ("linkedin", "text") else "email"
        item["draft"] = action_service.draft_of(plan, action, shape)
        groups[window_of(plan, action)].append(item)
    return render_template("today.html", groups=groups, windows=WINDOWS, tz=plan.tz, now=plan.now)


@bp.route("/actions/<path:key>/<any(done, dismiss, snooze):verb>", methods=["POST"])
def action_state(key: str, verb: str):
    state = {"done": "done", "dismiss": "dismissed", "snooze": "snoozed"}[verb]
    snooze = None
    if state == "snoozed":
        days = _whole_number(request.form.get("days"), "days")
        snooze = validate("SnoozeRequest", {"days": action_service.DEFAULT_SNOOZE_DAYS if days is None else days})
    action_service.set_state(db(), g.user_id, key, state, now(), snooze=snooze)
    db().commit()
    flash({"done": "Marked as done.", "dismissed": "Dismissed.",
           "snoozed": f"Snoozed for {snooze['days'] if snooze else 0} days."}[state], "ok")
    return redirect(safe_local_path(request.form.get("back")))


def _whole_number(text: str | None, name: str) -> int | None:
    """A form's number, or None when empty; anything else is a 400 naming the field."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if not (value.isascii() and value.lstrip("-").isdigit()) or len(value) > 12:
        raise ApiError(400, f"{name} must be a whole number", code="validation_error",
                       fields={name: "must be a whole number"})
    return int(value)


@bp.route("/actions/<path:key>/specifics", methods=["POST"])
def action_specifics(key: str):
    items = [request.form.get(f"specific{n}", "")[:300] for n in (1, 2)]
    action_service.set_specifics(db(), g.user_id, key, [i for i in items if i.strip()], now())
    db().commit()
    flash("Saved: the draft now uses what you added." if any(i.strip() for i in items)
          else "Cleared: the draft says only what it can back.", "ok")
    return redirect(safe_local_path(request.form.get("back")))


def change_stage_from_form(opportunity_id: int) -> None:
    """The stage form of the board and of the opportunity page: checked like the API's body,
    then the one stage change (``opportunities.change_stage``); the next page offers its Undo
    (the audit entry's, ``review.undo``). A bad form raises, naming the field."""
    opp = opp_service.get_opportunity(db(), g.user_id, opportunity_id)  # 404 before judging the form
    body = validate("StageRequest", {"stage": request.form.get("stage", ""),
                                     "note": request.form.get("note") or None})
    before = opp.stage
    entry = opp_service.change_stage(db(), g.user_id, opportunity_id, body["stage"], body["note"], now())
    db().commit()
    if entry is not None:
        name = f"{opp.role or 'The opportunity'}{' at ' + opp.company.name if opp.company else ''}"
        session["undo"] = {"audit_id": entry.id, "text": f"Moved {name} from {STAGE_WORDS.get(before, before)} "
                                                         f"to {STAGE_WORDS.get(body['stage'], body['stage'])}."}


@bp.route("/opportunities/<id:opportunity_id>", methods=["GET", "POST"])
def opportunity(opportunity_id: int):
    if request.method == "POST":
        try:
            change_stage_from_form(opportunity_id)
            return redirect(url_for("pages.opportunity", opportunity_id=opportunity_id))
        except (ApiError, Invalid) as exc:
            form_refused(exc)
            return opportunity_page(opportunity_id, 400)
    return opportunity_page(opportunity_id)


def opportunity_page(opportunity_id: int, status: int = 200):
    plan = _plan()
    detail = opp_service.detail(db(), g.user_id, opportunity_id, plan)
    message_ids = list(db().scalars(select(models.StageChange.message_id).where(
        models.StageChange.opportunity_id == opportunity_id).order_by(models.StageChange.at, models.StageChange.id)))
    history = evidence.stage_history(db(), g.user_id, detail["stage_history"], message_ids)
    actions = [plan.to_dict(a) for a in plan.for_scope(opportunity_ids=[opportunity_id])]
    return render_template("opportunity.html", opp=detail, history=history, actions=actions,
                           stages=models.STAGES, stage_words=STAGE_WORDS, tz=plan.tz,
                           decision_pending=detail["stage"] in DECISION_PENDING_STAGES), status


@bp.route("/people/<id:person_id>", methods=["GET", "POST"])
def person(person_id: int):
    status = 200
    if request.method == "POST":
        people_service.get_person(db(), g.user_id, person_id)  # 404 before judging the form
        try:
            body = validate("PersonPatch", {k: (request.form.get(k) or None)
                                            for k in ("relationship", "preferred_channel", "notes", "title")})
            people_service.update_person(db(), g.user_id, person_id, body)
            db().commit()
            flash("Saved.", "ok")
            return redirect(url_for("pages.person", person_id=person_id))
        except (ApiError, Invalid) as exc:
            form_refused(exc)
            status = 400
    plan = _plan()
    p = people_service.get_person(db(), g.user_id, person_id)
    summary = people_service.summary(db(), g.user_id, p)
    opp_ids = people_service.opportunity_ids_of(db(), g.user_id, person_id)
    touches = db().scalars(select(models.Touch).where(models.Touch.user_id == g.user_id, models.Touch.person_id == person_id)
                           .order_by(models.Touch.at.desc()).limit(100)).all()
    return render_template(
        "person.html", person=summary, notes=p.notes, touches=touches,
        opportunities=opp_service.summaries(db(), g.user_id, opp_ids, plan),
        actions=[plan.to_dict(a) for a in plan.for_scope(person_ids=[person_id])],
        relationships=models.RELATIONSHIPS, channels=models.PREFERRED_CHANNELS, tz=plan.tz,
        merge_candidates=people_service.merge_candidates(db(), g.user_id, p),
        last_merge=people_service.last_merge(db(), g.user_id, person_id)), status


@bp.route("/people/<id:person_id>/merge", methods=["POST"])
def person_merge(person_id: int):
    """Another person (the same one, tracked twice) and their touches into this one."""
    raw = (request.form.get("other_id") or "").strip()
    if not raw.isdigit():
        raise Invalid("choose the person to merge into this one", fields={"other_id": "must be a person's id"})
    people_service.get_person(db(), g.user_id, person_id)
    person, _audit_id = people_service.merge(db(), g.user_id, person_id, int(raw), now())
    db().commit()
    flash(f"Merged into {person.name}. The merge can be undone below.", "ok")
    return redirect(url_for("pages.person", person_id=person_id))


@bp.route("/people/<id:person_id>/unmerge/<id:audit_id>", methods=["POST"])
def person_unmerge(person_id: int, audit_id: int):
    entry = review_service.get_entry(db(), g.user_id, audit_id)
    if entry.kind != "person.merged" or entry.entity_id != person_id:
        raise Invalid("this is not a merge into this person", fields={"audit_id": "not a merge into this person"})
    review_service.undo(db(), g.user_id, audit_id, now())
    db().commit()
    flash(f"Undone: {(entry.before or {}).get('name', 'the other person')} is a separate person again.", "ok")
    return redirect(url_for("pages.person", person_id=person_id))


@bp.route("/review")
def review():
    plan = _plan()
    groups = evidence.review_groups(db(), g.user_id, review_service.pending(db(), g.user_id))
    return render_template("review.html", groups=groups, tz=plan.tz, stage_words=STAGE_WORDS)


@bp.route("/review/<id:audit_id>/<any(confirm, undo):verb>", methods=["POST"])
def review_decide(audit_id: int, verb: str):
    if verb == "confirm":
        review_service.confirm(db(), g.user_id, audit_id, now())
    else:
        review_service.undo(db(), g.user_id, audit_id, now())
    db().commit()
    flash("Confirmed." if verb == "confirm" else "Undone.", "ok")
    return redirect(safe_local_path(request.form.get("back"), url_for("pages.review")))


@bp.route("/export.<any(json, zip):fmt>")
def export(fmt: str):
    if fmt == "json":
        import json

        body = json.dumps(data_service.export_json(db(), g.user_id), indent=2, default=str)
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": "attachment; filename=topofmind-export.json"})
    return Response(data_service.export_zip(db(), g.user_id), mimetype="application/zip",
                    headers={"Content-Disposition": "attachment; filename=topofmind-export.zip"})

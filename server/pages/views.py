"""Pages over the same services as the API: thin routes, forms that post back and redirect."""

from __future__ import annotations

from collections import defaultdict

from flask import Response, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from server.api.context import db, now
from server.auth import create_token, list_tokens, revoke_token
from server.errors import ApiError
from server.pages import bp, safe_local_path
from server.pages import settings_forms as forms
from server.services import actions as action_service
from server.services import data as data_service
from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services import review as review_service
from server.services import selector_misses
from server.services.actions import user_zone
from server.validation import validate
from topofmind.errors import Invalid
from topofmind.playbook.settings import PlaybookSettings, SettingsError
from topofmind.store import models
from topofmind.store.timezones import inference_note


def _plan():
    return action_service.plan_for(db(), g.user_id, now())


@bp.route("/")
def today():
    plan = _plan()
    groups: dict[str, list[dict]] = defaultdict(list)
    for action in plan.open_actions():
        item = plan.to_dict(action)
        shape = "message" if action.channel in ("linkedin", "text") else "email"
        item["draft"] = action_service.draft_of(plan, action, shape)
        groups[item["urgency"]].append(item)
    return render_template("today.html", groups=groups, tz=plan.tz, now=plan.now)


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


def _refused(exc: ApiError | Invalid, prefix: str = "") -> dict[str, str]:
    """The fields of a refused form (nothing of it saved), for the page to show beside them."""
    if getattr(exc, "status", 400) != 400 or not exc.fields:
        raise exc
    db().rollback()
    g.form_errors = {prefix + name: message for name, message in exc.fields.items()}
    return g.form_errors


@bp.route("/actions/<path:key>/specifics", methods=["POST"])
def action_specifics(key: str):
    items = [request.form.get(f"specific{n}", "")[:300] for n in (1, 2)]
    action_service.set_specifics(db(), g.user_id, key, [i for i in items if i.strip()], now())
    db().commit()
    flash("Saved: the draft now uses what you added." if any(i.strip() for i in items)
          else "Cleared: the draft says only what it can back.", "ok")
    return redirect(request.form.get("back") or url_for("pages.today"))


@bp.route("/pipeline")
def pipeline():
    plan = _plan()
    opportunities = opp_service.list_all(db(), g.user_id, plan)
    by_stage: dict[str, list[dict]] = defaultdict(list)
    for opp in opportunities:
        by_stage[opp["stage"]].append(opp)
    return render_template("pipeline.html", stages=models.STAGES, by_stage=by_stage,
                           at_risk=sum(1 for o in opportunities if o["at_risk"]))


@bp.route("/opportunities/<id:opportunity_id>", methods=["GET", "POST"])
def opportunity(opportunity_id: int):
    status = 200
    if request.method == "POST":
        try:
            body = validate("StageRequest", {"stage": request.form.get("stage", ""),
                                             "note": request.form.get("note") or None})
            opp_service.change_stage(db(), g.user_id, opportunity_id, body["stage"], body["note"], now())
            db().commit()
            flash("Stage changed. The change is in the audit log and can be undone.", "ok")
            return redirect(url_for("pages.opportunity", opportunity_id=opportunity_id))
        except (ApiError, Invalid) as exc:
            _refused(exc)
            status = 400
    plan = _plan()
    detail = opp_service.detail(db(), g.user_id, opportunity_id, plan)
    actions = [plan.to_dict(a) for a in plan.for_scope(opportunity_ids=[opportunity_id])]
    return render_template("opportunity.html", opp=detail, actions=actions, stages=models.STAGES), status


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
            _refused(exc)
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
    return render_template("review.html", items=review_service.pending(db(), g.user_id))


@bp.route("/review/<id:audit_id>/<any(confirm, undo):verb>", methods=["POST"])
def review_decide(audit_id: int, verb: str):
    if verb == "confirm":
        review_service.confirm(db(), g.user_id, audit_id, now())
    else:
        review_service.undo(db(), g.user_id, audit_id, now())
    db().commit()
    flash("Confirmed." if verb == "confirm" else "Undone.", "ok")
    return redirect(url_for("pages.review"))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    user = g.page_user
    new_token = None
    status = 200
    if request.method == "POST":
        form = request.form
        what = form.get("form")
        try:
            if what == "profile":
                forms.apply_profile(user, form)
            elif what == "playbook":
                forms.apply_playbook(user, form)
            elif what == "retention":
                forms.apply_retention(user, form)
            elif what == "token":
                new_token = create_token(db(), user, forms.token_name(form), now())
            elif what == "revoke":
                revoke_token(db(), user.id, forms.token_to_revoke(form), now())
            elif what == "delete":
                forms.check_delete_confirmed(form)
                data_service.delete_all(db(), user.id, include_account=False)
                flash("Everything was deleted.", "ok")
            else:
                raise forms.refuse("form", "unknown form; reload the page and try again")
            db().commit()
            if new_token is None:
                return redirect(url_for("pages.settings"))
        except (ApiError, Invalid) as exc:
            _refused(exc)
            flash("Not saved: see the field marked below.", "error")
            status = 400
    current = PlaybookSettings.from_overrides({k: v for k, v in (user.settings or {}).items()
                                              if k != "retention_days"}) if _valid(user) else PlaybookSettings()
    return render_template("settings.html", user=user, tokens=list_tokens(db(), user.id),
                           new_token=new_token, playbook=current.describe(),
                           retention_days=(user.settings or {}).get("retention_days", 548),
                           selector_misses=selector_misses.for_settings(db(), user.id), tz=user_zone(user.timezone),
                           timezone_note=inference_note(db(), user)), status


def _valid(user) -> bool:
    try:
        PlaybookSettings.from_overrides({k: v for k, v in (user.settings or {}).items() if k != "retention_days"})
        return True
    except SettingsError:
        return False


@bp.route("/export.<any(json, zip):fmt>")
def export(fmt: str):
    if fmt == "json":
        import json

        body = json.dumps(data_service.export_json(db(), g.user_id), indent=2, default=str)
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": "attachment; filename=topofmind-export.json"})
    return Response(data_service.export_zip(db(), g.user_id), mimetype="application/zip",
                    headers={"Content-Disposition": "attachment; filename=topofmind-export.zip"})

"""Pages over the same services as the API: thin routes, forms that post back and redirect."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from flask import Response, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from server.api.context import db, now
from server.auth import create_token, list_tokens, revoke_token
from server.pages import bp
from server.services import actions as action_service
from server.services import data as data_service
from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services import review as review_service
from topofmind.playbook.settings import PlaybookSettings, SettingsError
from topofmind.store import models as m
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
    days = request.form.get("days", type=int) or action_service.DEFAULT_SNOOZE_DAYS
    action_service.set_state(db(), g.user_id, key, state, now(),
                             snooze={"days": min(max(days, 1), 90)} if state == "snoozed" else None)
    db().commit()
    flash({"done": "Marked as done.", "dismissed": "Dismissed.",
           "snoozed": f"Snoozed for {days} days."}[state], "ok")
    return redirect(request.form.get("back") or url_for("pages.today"))


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
    return render_template("pipeline.html", stages=m.STAGES, by_stage=by_stage,
                           at_risk=sum(1 for o in opportunities if o["at_risk"]))


@bp.route("/opportunities/<id:opportunity_id>", methods=["GET", "POST"])
def opportunity(opportunity_id: int):
    if request.method == "POST":
        opp_service.change_stage(db(), g.user_id, opportunity_id, request.form.get("stage", ""),
                                 request.form.get("note") or None, now())
        db().commit()
        flash("Stage changed. The change is in the audit log and can be undone.", "ok")
        return redirect(url_for("pages.opportunity", opportunity_id=opportunity_id))
    plan = _plan()
    detail = opp_service.detail(db(), g.user_id, opportunity_id, plan)
    actions = [plan.to_dict(a) for a in plan.for_scope(opportunity_ids=[opportunity_id])]
    return render_template("opportunity.html", opp=detail, actions=actions, stages=m.STAGES)


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
    if request.method == "POST":
        form = request.form
        what = form.get("form")
        if what == "profile":
            user.name = (form.get("name") or "").strip()[:200] or None
            tz = (form.get("timezone") or "UTC").strip()
            try:
                from zoneinfo import ZoneInfo

                ZoneInfo(tz)
                user.timezone, user.timezone_source = tz, "user"
            except Exception:  # noqa: BLE001 - any unknown zone name
                flash(f"“{tz}” is not a timezone name; use one like Europe/Paris.", "error")
            addresses = [a.strip().lower() for a in (form.get("own_addresses") or "").split() if "@" in a]
            user.own_addresses = sorted(set(addresses) | {user.email})
        elif what == "playbook":
            overrides = {k[3:]: v for k, v in form.items() if k.startswith("pb_") and v.strip()}
            try:
                PlaybookSettings.from_overrides(_typed(overrides))
                user.settings = {**{k: v for k, v in (user.settings or {}).items()
                                    if k == "retention_days"}, **_typed(overrides)}
            except SettingsError as exc:
                flash(f"Not saved: {exc}", "error")
        elif what == "retention":
            days = form.get("retention_days", type=int)
            if days and 30 <= days <= 3650:
                user.settings = {**(user.settings or {}), "retention_days": days}
            else:
                flash("Retention is a number of days between 30 and 3650.", "error")
        elif what == "token":
            new_token = create_token(db(), user, (form.get("name") or "extension")[:100], now())
        elif what == "revoke":
            revoke_token(db(), user.id, form.get("token_id", ""), now())
        elif what == "delete" and form.get("confirm") == "DELETE":
            data_service.delete_all(db(), user.id, include_account=False)
            flash("Everything was deleted.", "ok")
        db().commit()
        if new_token is None:
            return redirect(url_for("pages.settings"))
    current = PlaybookSettings.from_overrides({k: v for k, v in (user.settings or {}).items()
                                              if k != "retention_days"}) if _valid(user) else PlaybookSettings()
    return render_template("settings.html", user=user, tokens=list_tokens(db(), user.id),
                           new_token=new_token, playbook=_describe(current),
                           retention_days=(user.settings or {}).get("retention_days", 548),
                           timezone_note=inference_note(db(), user))


def _valid(user) -> bool:
    try:
        PlaybookSettings.from_overrides({k: v for k, v in (user.settings or {}).items() if k != "retention_days"})
        return True
    except SettingsError:
        return False


def _typed(values: dict) -> dict:
    """Form strings → numbers/booleans as the settings dataclass declares them."""
    fields = {f.name: f for f in dataclasses.fields(PlaybookSettings)}
    out = {}
    for key, value in values.items():
        if key not in fields:
            out[key] = value
            continue
        default = getattr(PlaybookSettings(), key)
        try:
            if isinstance(default, bool):
                out[key] = value.lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                out[key] = int(value)
            elif isinstance(default, float):
                out[key] = float(value)
            else:
                out[key] = value
        except ValueError:
            out[key] = value  # from_overrides says what is wrong
    return out


def _describe(current: PlaybookSettings) -> list[dict]:
    return current.describe()


@bp.route("/export.<any(json, zip):fmt>")
def export(fmt: str):
    if fmt == "json":
        import json

        body = json.dumps(data_service.export_json(db(), g.user_id), indent=2, default=str)
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": "attachment; filename=topofmind-export.json"})
    return Response(data_service.export_zip(db(), g.user_id), mimetype="application/zip",
                    headers={"Content-Disposition": "attachment; filename=topofmind-export.zip"})

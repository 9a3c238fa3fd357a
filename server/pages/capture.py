"""Pages to add and edit by hand (issue 24): opportunities, people, touches, each with its
recorded changes and an Undo for each. Same services as the API; a refused field is shown
beside the form, which keeps what was typed (400)."""

from __future__ import annotations

from datetime import datetime

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from server.api.context import db, now
from server.errors import DOMAIN_STATUS, ApiError
from server.openapi import MAX_ID
from server.pages.site import bp, safe_local_path
from server.services import capture, records
from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services import review as review_service
from topofmind.errors import DomainError
from topofmind.mail.timezones import user_zone
from topofmind.store import models

TOUCH_KINDS = ("call", "meeting", "follow_up", "check_in", "thank_you", "reply", "referral", "introduction",
               "interview", "other")
CONTACT_ROLES = ("recruiter", "hiring_manager", "referrer", "coordinator", "interviewer", "helper")


def _form(*names: str) -> dict:
    """The posted fields that are not blank, trimmed."""
    return {n: v.strip() for n in names if (v := request.form.get(n, "")).strip()}


def _choices() -> dict:
    return {"stages": models.STAGES, "sources": models.SOURCES, "relationships": models.RELATIONSHIPS,
            "preferred_channels": models.PREFERRED_CHANNELS, "channels": models.CHANNELS, "touch_kinds": TOUCH_KINDS,
            "contact_roles": CONTACT_ROLES, "tz": _tz()}


def _refused(template: str, exc: ApiError | DomainError, **context):
    flash(exc.message, "error")
    status = exc.status if isinstance(exc, ApiError) else next(s for kind, s, _ in DOMAIN_STATUS if isinstance(exc, kind))
    return render_template(template, errors=exc.fields or {}, form=request.form, **_choices(), **context), \
        status if status < 500 else 400


@bp.route("/opportunities/new", methods=["GET", "POST"])
def new_opportunity():
    if request.method == "POST":
        body = _form("company", "role", "url", "job_id", "stage", "applied_at", "source", "location", "notes")
        if "company" not in body:
            body["company"] = ""
        contacts = []
        for prefix, default_role in (("contact", "recruiter"), ("referrer", "referrer")):
            email = request.form.get(f"{prefix}_email", "").strip()
            if email:
                contacts.append({"email": email, "name": request.form.get(f"{prefix}_name", "").strip() or None,
                                 "role": request.form.get(f"{prefix}_role") or default_role})
        body["contacts"] = contacts
        try:
            _check_url(body)
            opp, created = capture.create_opportunity(db(), g.user_id, body, now())
        except (ApiError, DomainError) as exc:
            db().rollback()
            return _refused("capture_opportunity.html", exc, opp=None)
        db().commit()
        flash("Added. You can edit or undo it below." if created else "This posting was already tracked.", "ok")
        return redirect(url_for("pages.edit_opportunity", opportunity_id=opp.id))
    return render_template("capture_opportunity.html", opp=None, errors={}, form={}, **_choices())


def _check_url(body: dict) -> None:
    url = body.get("url")
    if url and not url.startswith(("https://", "http://")):
        raise ApiError(400, "url: give the posting's http(s) address", code="validation_error",
                       fields={"url": "not an http(s) address"})


@bp.route("/opportunities/<id:opportunity_id>/edit", methods=["GET", "POST"])
def edit_opportunity(opportunity_id: int):
    opp = opp_service.get_opportunity(db(), g.user_id, opportunity_id)
    if request.method == "POST":
        names = ("company", "role", "url", "job_id", "stage", "applied_at", "source", "location", "notes")
        body = {n: request.form.get(n, "").strip() or None for n in names if n in request.form}
        if body.get("stage") == opp.stage:
            body.pop("stage")
        if not body.get("applied_at") or body["applied_at"] == _opportunity_form(opp)["applied_at"]:
            body.pop("applied_at", None)  # the day shown, unchanged: keep the exact moment mail gave
        body = {k: v for k, v in body.items() if v is not None or k in ("role", "url", "job_id", "location", "notes")}
        try:
            _check_url(body)
            capture.update_opportunity(db(), g.user_id, opportunity_id, body, now())
        except (ApiError, DomainError) as exc:
            db().rollback()
            return _refused("capture_opportunity.html", exc, opp=opp, changes=_changes("opportunity", opp.id))
        db().commit()
        flash("Saved. The change is listed below and can be undone.", "ok")
        return redirect(url_for("pages.edit_opportunity", opportunity_id=opportunity_id))
    return render_template("capture_opportunity.html", opp=opp, errors={}, form=_opportunity_form(opp),
                           changes=_changes("opportunity", opp.id), **_choices())


def _opportunity_form(opp: models.Opportunity) -> dict:
    return {"company": opp.company.name if opp.company else "", "role": opp.role or "", "url": opp.url or "",
            "job_id": opp.job_id or "", "stage": opp.stage, "source": opp.source, "location": opp.location or "",
            "notes": opp.notes or "",
            "applied_at": opp.applied_at.astimezone(_tz()).date().isoformat() if opp.applied_at else ""}


def _tz():
    return user_zone(g.page_user.timezone)


def _changes(entity: str, entity_id: int) -> list[dict]:
    return review_service.history(db(), g.user_id, entity, entity_id)


@bp.route("/people/new", methods=["GET", "POST"])
def new_person():
    if request.method == "POST":
        body = _form("name", "email", "title", "company", "linkedin_url", "relationship", "preferred_channel",
                     "notes")
        try:
            if "name" not in body:
                raise ApiError(400, "name: this field is required", code="validation_error",
                               fields={"name": "this field is required"})
            person, created = capture.create_person(db(), g.user_id, body, now())
        except (ApiError, DomainError) as exc:
            db().rollback()
            return _refused("capture_person.html", exc, person=None)
        db().commit()
        flash("Added." if created else f"{person.name} was already known.", "ok")
        return redirect(url_for("pages.edit_person", person_id=person.id))
    return render_template("capture_person.html", person=None, errors={}, form={}, **_choices())


@bp.route("/people/<id:person_id>/edit", methods=["GET", "POST"])
def edit_person(person_id: int):
    person = people_service.get_person(db(), g.user_id, person_id)
    if request.method == "POST":
        names = ("name", "email", "title", "company", "linkedin_url", "relationship", "preferred_channel", "notes")
        body = {n: request.form.get(n, "").strip() or None for n in names if n in request.form}
        if not body.get("email"):
            body.pop("email", None)
        try:
            capture.update_person(db(), g.user_id, person_id, body, now())
        except (ApiError, DomainError) as exc:
            db().rollback()
            return _refused("capture_person.html", exc, person=person, changes=_changes("person", person.id))
        db().commit()
        flash("Saved. The change is listed below and can be undone.", "ok")
        return redirect(url_for("pages.edit_person", person_id=person_id))
    summary = people_service.summary(db(), g.user_id, person)
    form = {"name": person.name, "title": person.title or "", "company": summary["company"] or "",
            "linkedin_url": person.linkedin_url or "", "relationship": person.relationship_kind or "",
            "preferred_channel": person.preferred_channel or "", "notes": person.notes or "", "email": ""}
    return render_template("capture_person.html", person=person, emails=summary["emails"], errors={}, form=form,
                           changes=_changes("person", person.id), **_choices())


def _touch_targets() -> dict:
    people = db().scalars(select(models.Person).where(models.Person.user_id == g.user_id).order_by(models.Person.name)).all()
    opps = db().scalars(select(models.Opportunity).where(models.Opportunity.user_id == g.user_id)
                        .order_by(models.Opportunity.stage_changed_at.desc())).all()
    return {"people": people, "opportunities": opps}


def _touch_body() -> dict:
    body: dict = {}
    for field in ("person_id", "opportunity_id"):
        value = request.form.get(field, "").strip()
        if value and not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
            raise ApiError(400, f"{field}: choose from the list", code="validation_error",
                           fields={field: "not one of yours"})
        body[field] = int(value) if value else None
    for field in ("channel", "direction", "kind"):
        if request.form.get(field):
            body[field] = request.form[field]
    body["summary"] = request.form.get("summary", "").strip()[:300] or None
    at_text = request.form.get("at", "").strip()
    if at_text:
        try:
            local = datetime.fromisoformat(at_text)
        except ValueError:
            raise ApiError(400, "at: not a date and time", code="validation_error",
                           fields={"at": "not a date and time"}) from None
        body["at"] = (local if local.tzinfo else local.replace(tzinfo=_tz())).isoformat()
    if body.get("channel") not in models.CHANNELS:
        raise ApiError(400, "channel: choose how you were in touch", code="validation_error",
                       fields={"channel": "must be one of: " + ", ".join(models.CHANNELS)})
    return body


@bp.route("/touches/new", methods=["GET", "POST"])
def new_touch():
    if request.method == "POST":
        try:
            touch = records.log_touch(db(), g.user_id, _touch_body(), now())
        except (ApiError, DomainError) as exc:
            db().rollback()
            return _refused("capture_touch.html", exc, touch=None, **_touch_targets())
        db().commit()
        flash("Logged. It counts like a message in the follow-ups.", "ok")
        return redirect(url_for("pages.edit_touch", touch_id=touch.id))
    form = {"person_id": request.args.get("person_id", ""), "opportunity_id": request.args.get("opportunity_id", ""),
            "at": now().astimezone(_tz()).strftime("%Y-%m-%dT%H:%M"), "direction": "out"}
    return render_template("capture_touch.html", touch=None, errors={}, form=form, **_touch_targets(), **_choices())


@bp.route("/touches/<id:touch_id>/edit", methods=["GET", "POST"])
def edit_touch(touch_id: int):
    touch = records.get_touch(db(), g.user_id, touch_id)
    if request.method == "POST":
        try:
            records.update_touch(db(), g.user_id, touch_id, _touch_body(), now())
        except (ApiError, DomainError) as exc:
            db().rollback()
            return _refused("capture_touch.html", exc, touch=touch, changes=_changes("touch", touch.id),
                            **_touch_targets())
        db().commit()
        flash("Saved. The change is listed below and can be undone.", "ok")
        return redirect(url_for("pages.edit_touch", touch_id=touch_id))
    form = {"person_id": touch.person_id or "", "opportunity_id": touch.opportunity_id or "",
            "channel": touch.channel, "direction": touch.direction, "kind": touch.kind,
            "summary": touch.summary or "", "at": touch.at.astimezone(_tz()).strftime("%Y-%m-%dT%H:%M")}
    return render_template("capture_touch.html", touch=touch, errors={}, form=form, changes=_changes("touch", touch.id),
                           **_touch_targets(), **_choices())


@bp.route("/changes/<id:audit_id>/undo", methods=["POST"])
def undo_change(audit_id: int):
    review_service.undo(db(), g.user_id, audit_id, now())
    db().commit()
    flash("Undone.", "ok")
    back = safe_local_path(request.form.get("back"))
    entry = review_service.get_entry(db(), g.user_id, audit_id)
    if entry.kind.endswith(".created"):  # the record is gone: back to where records are listed
        back = url_for("pages.pipeline")
    return redirect(back)

"""The Settings page: you (name, timezone, addresses), extension tokens, playbook timings,
privacy (retention, export) and the danger zone. Each form answers a bad value with the page
again, the value kept and the problem written beside its field (status 400)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from server.api.context import db, now
from server.auth import create_token, list_tokens, revoke_token
from server.pages import bp
from server.pages import settings_form as form_spec
from server.services import data as data_service
from topofmind.playbook.settings import OTHER_USER_SETTINGS, PlaybookSettings, SettingsError

RETENTION = (30, 3650)


def _current(user) -> PlaybookSettings:
    try:
        return PlaybookSettings.from_user_settings(user.settings)
    except SettingsError:
        return PlaybookSettings()


def _page(status: int = 200, *, errors: dict | None = None, submitted: dict | None = None, new_token=None,
          profile: dict | None = None):
    user = g.page_user
    errors = errors or {}
    return render_template(
        "settings.html", user=user, tokens=list_tokens(db(), user.id), new_token=new_token,
        groups=form_spec.rows(_current(user), submitted, errors), errors=errors,
        timezones=form_spec.timezones(), profile=profile or {}, retention_bounds=RETENTION,
        retention_days=(submitted or {}).get("retention_days", (user.settings or {}).get("retention_days", 548)),
    ), status


@bp.route("/settings", methods=["GET"])
def settings():
    return _page()


@bp.route("/settings", methods=["POST"])
def settings_save():
    user, form = g.page_user, request.form
    what = form.get("form")
    if what == "profile":
        return _save_profile(user, form)
    if what == "playbook":
        overrides, errors = form_spec.parse(form)
        if errors:
            flash(f"Not saved: {len(errors)} timing{'s' if len(errors) != 1 else ''} to correct, shown below.",
                  "error")
            return _page(400, errors=errors, submitted={k[3:]: v for k, v in form.items() if k.startswith("pb_")})
        user.settings = {**{k: v for k, v in (user.settings or {}).items() if k in OTHER_USER_SETTINGS}, **overrides}
        db().commit()
        flash("Saved your timings: follow-ups are now planned with them.", "ok")
        return redirect(url_for("pages.settings") + "#timings")
    if what == "retention":
        raw = (form.get("retention_days") or "").strip()
        days = int(raw) if raw.isdigit() else None
        if days is None or not RETENTION[0] <= days <= RETENTION[1]:
            flash("Not saved: the retention needs a change, shown below.", "error")
            return _page(400, errors={"retention_days": f"Between {RETENTION[0]} and {RETENTION[1]} days."},
                         submitted={"retention_days": raw})
        user.settings = {**(user.settings or {}), "retention_days": days}
        db().commit()
        flash(f"Saved: job mail is kept {days} days after an opportunity closes.", "ok")
        return redirect(url_for("pages.settings") + "#privacy")
    if what == "token":
        value = create_token(db(), user, (form.get("name") or "extension").strip()[:100] or "extension", now())
        db().commit()
        return _page(new_token=value)
    if what == "revoke":
        revoke_token(db(), user.id, form.get("token_id", ""), now())
        db().commit()
        flash("Token revoked: the extension using it is signed out.", "ok")
        return redirect(url_for("pages.settings") + "#tokens")
    if what == "delete":
        if (form.get("confirm") or "").strip().lower() != user.email.lower():
            flash("Nothing was deleted.", "error")
            return _page(400, errors={"confirm": f"Type your address, {user.email}, to confirm."})
        counts = data_service.delete_all(db(), user.id, include_account=False)
        db().commit()
        flash(f"Deleted everything stored about your search ({sum(counts.values())} records).", "ok")
        return redirect(url_for("pages.settings"))
    flash("That form is not known; reload the page.", "error")
    return _page(400)


def _save_profile(user, form):
    errors: dict[str, str] = {}
    name = (form.get("name") or "").strip()
    tz = (form.get("timezone") or "").strip()
    if tz not in form_spec.timezones():
        errors["timezone"] = "Choose your timezone from the list (for example Europe/Paris)."
    addresses = [a.strip().lower() for a in (form.get("own_addresses") or "").split() if a.strip()]
    bad = [a for a in addresses if a.count("@") != 1 or "." not in a.split("@")[1]]
    if bad:
        errors["own_addresses"] = f"Not an email address: {', '.join(bad[:3])}."
    if len(name) > 200:
        errors["name"] = "At most 200 characters."
    if errors:
        flash(f"Not saved: {len(errors)} field{'s' if len(errors) != 1 else ''} to correct, shown below.", "error")
        return _page(400, errors=errors, profile={"name": name, "timezone": tz,
                                                  "own_addresses": "\n".join(addresses)})
    user.name = name or None
    user.timezone = tz
    user.own_addresses = sorted(set(addresses) | {user.email})
    db().commit()
    flash("Saved: your name, timezone and addresses.", "ok")
    return redirect(url_for("pages.settings"))

"""The Settings page: you (name, timezone, addresses), extension tokens, the pages the extension
could not read, playbook timings, privacy (retention, export) and the danger zone. Each form is
checked whole by ``settings_forms`` (the API's schemas and the playbook's own bounds); a bad
value answers 400 with the page again, what was typed kept and the problem beside its field."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from server.api.context import db, now
from server.auth import create_token, list_tokens, revoke_token
from server.errors import ApiError
from server.pages import settings_forms as forms
from server.pages.site import bp, form_refused
from server.services import data as data_service
from server.services import selector_misses
from topofmind.errors import Invalid
from topofmind.mail.timezones import user_zone
from topofmind.store.timezones import inference_note


def _page(status: int = 200, *, submitted: dict | None = None, new_token=None, profile: dict | None = None):
    user = g.page_user
    return render_template(
        "settings.html", user=user, tokens=list_tokens(db(), user.id), new_token=new_token,
        groups=forms.rows(forms.current_playbook(user), submitted, g.get("form_errors")),
        timezones=forms.timezones(user.timezone), profile=profile or {},
        retention_bounds=(forms.MIN_RETENTION_DAYS, forms.MAX_RETENTION_DAYS),
        retention_days=(submitted or {}).get("retention_days", (user.settings or {}).get("retention_days", 548)),
        selector_misses=selector_misses.for_settings(db(), user.id), tz=user_zone(user.timezone),
        timezone_note=inference_note(db(), user)), status


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    if request.method == "GET":
        return _page()
    user, form = g.page_user, request.form
    what = form.get("form")
    try:
        if what == "profile":
            forms.apply_profile(user, form)
            saved, anchor = "Saved: your name, timezone and addresses.", "#you"
        elif what == "playbook":
            forms.apply_playbook(user, form)
            saved, anchor = "Saved your timings: follow-ups are now planned with them.", "#timings"
        elif what == "retention":
            days = forms.apply_retention(user, form)
            saved, anchor = f"Saved: job mail is kept {days} days after an opportunity closes.", "#privacy"
        elif what == "token":
            value = create_token(db(), user, forms.token_name(form), now())
            db().commit()
            return _page(new_token=value)
        elif what == "revoke":
            revoke_token(db(), user.id, forms.token_to_revoke(form), now())
            saved, anchor = "Token revoked: the extension using it is signed out.", "#tokens"
        elif what == "delete":
            forms.check_delete_confirmed(user, form)
            counts = data_service.delete_all(db(), user.id, include_account=False)
            saved, anchor = f"Deleted everything stored about your search ({sum(counts.values())} records).", ""
        else:
            raise forms.refuse("form", "That form is not known; reload the page and try again.")
        db().commit()
    except (ApiError, Invalid) as exc:
        errors = form_refused(exc)
        flash(_not_saved(what, len(errors)), "error")
        if what == "playbook":
            return _page(400, submitted={k[3:]: v for k, v in form.items() if k.startswith("pb_")})
        if what == "retention":
            return _page(400, submitted={"retention_days": form.get("retention_days", "")[:20]})
        return _page(400, profile={k: form.get(k, "") for k in ("name", "timezone", "own_addresses")}
                     if what == "profile" else None)
    flash(saved, "ok")
    return redirect(url_for("pages.settings") + anchor)


def _not_saved(what: str | None, count: int) -> str:
    if what == "delete":
        return "Nothing was deleted."
    noun = "timing" if what == "playbook" else "field"
    return f"Not saved: {count} {noun}{'s' if count != 1 else ''} to correct, shown below."

"""Settings → Reminders: channels (Apprise URLs, shown masked), the digest's time and days,
the calendar feed's URL, "send a test", and the last deliveries with their errors.

The section is its own template (``_reminders.html``) fed by ``reminders_panel()``, so the
Settings page includes it without its view knowing about reminders. Bad input answers 400
naming the field (services raise ApiError; the one handler renders the page).
"""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for

from server.api.context import db, now, state
from server.errors import ApiError, NotFound
from server.pages.site import bp
from server.services.channels import TEST_REMINDER, deliver_to_every_channel
from server.services.feed import feed_url, prefs_for, revoke_feed
from sync.reminders import (
    ChannelError,
    add_channel,
    list_channels,
    parse_time,
    recent_deliveries,
    remove_channel,
)
from topofmind.store import models

DAY_CHOICES = {"weekdays": "Weekdays (Mon–Fri)", "every_day": "Every day", "off": "Off"}


def _back():
    return redirect(url_for("pages.settings", _anchor="reminders"))


def _secrets():
    return state().secrets


@bp.app_template_global()
def reminders_panel() -> dict:
    """What the Reminders section shows for the signed-in user."""
    s = db()
    prefs = s.get(models.ReminderSettings, g.user_id)
    url = None
    if prefs is not None and prefs.feed_token_encrypted is not None:
        url = feed_url(s, _secrets(), g.user_id, public_url=state().config.base_url, now=now(), create=False)
    return {
        "channels": list_channels(s, g.user_id),
        "digest_time": prefs.digest_time if prefs else "08:00",
        "digest_days": prefs.digest_days if prefs else "weekdays",
        "digest_when_empty": bool(prefs and prefs.digest_when_empty),
        "day_choices": DAY_CHOICES,
        "feed_url": url,
        "deliveries": recent_deliveries(s, g.user_id),
    }


@bp.post("/settings/reminders/channels")
def reminders_add_channel():
    try:
        add_channel(db(), _secrets(), user_id=g.user_id, url=request.form.get("url", ""), now=now())
    except ChannelError as exc:
        raise ApiError(400, f"That channel was not added: {exc}", fields={"url": str(exc)}) from None
    db().commit()
    flash("Channel added. Send a test to check it.", "ok")
    return _back()


@bp.post("/settings/reminders/channels/<id:channel_id>/remove")
def reminders_remove_channel(channel_id: int):
    if not remove_channel(db(), user_id=g.user_id, channel_id=channel_id):
        raise NotFound("channel")
    db().commit()
    flash("Channel removed.", "ok")
    return _back()


@bp.post("/settings/reminders/test")
def reminders_test():
    results = deliver_to_every_channel(db(), _secrets(), user_id=g.user_id, reminder=TEST_REMINDER, now=now())
    if results is None:
        raise ApiError(400, "Add a channel first.", fields={"url": "no channel yet"})
    db().commit()
    for _channel_id, shown, outcome in results:
        if outcome == "ok":
            flash(f"Test delivered to {shown}.", "ok")
        else:
            flash(f"Test to {shown} failed: {outcome}", "error")
    return _back()


@bp.post("/settings/reminders/digest")
def reminders_digest():
    form = request.form
    try:
        at = parse_time(form.get("digest_time", ""))
    except ValueError as exc:
        raise ApiError(400, str(exc), fields={"digest_time": str(exc)}) from None
    days = form.get("digest_days", "")
    if days not in DAY_CHOICES:
        raise ApiError(400, "choose weekdays, every_day or off", fields={"digest_days": "unknown choice"})
    prefs = prefs_for(db(), g.user_id)
    prefs.digest_time, prefs.digest_days = f"{at:%H:%M}", days
    prefs.digest_when_empty = form.get("digest_when_empty") in ("1", "on", "true")
    db().commit()
    flash("Digest settings saved.", "ok")
    return _back()


@bp.post("/settings/reminders/feed")
def reminders_feed():
    verb = request.form.get("verb", "")
    if verb not in ("create", "rotate", "revoke"):
        raise ApiError(400, "unknown feed action", fields={"verb": "create, rotate or revoke"})
    if verb == "revoke":
        revoke_feed(db(), g.user_id)
        flash("Calendar feed turned off: its URL no longer works.", "ok")
    else:
        feed_url(db(), _secrets(), g.user_id, public_url=state().config.base_url, now=now(),
                 rotate=verb == "rotate")
        flash("New feed URL made: the old one no longer works." if verb == "rotate"
              else "Calendar feed ready: subscribe to its URL.", "ok")
    db().commit()
    return _back()

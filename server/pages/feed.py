"""``GET /feed/<secret>.ics``: the calendar feed (see services.feed). The secret in the URL
is the only credential, as calendar apps subscribe without signing in; an unknown or
revoked one is a plain 404 that says nothing about which users exist."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from server.api.context import db, now, state
from server.services.feed import feed_for_token

bp = Blueprint("feed", __name__)


@bp.get("/feed/<token>.ics")
def calendar_feed(token: str):
    body = feed_for_token(db(), token, now(), public_url=state().config.base_url)
    if body is None:
        abort(404)
    return Response(body, mimetype="text/calendar",
                    headers={"Cache-Control": "private, max-age=300",
                             "Content-Disposition": "inline; filename=topofmind.ics",
                             "Referrer-Policy": "no-referrer"})


def create_feed_blueprint() -> Blueprint:
    return bp

"""``/lookup/*``: what the overlays show on a LinkedIn profile, a mail thread, an address."""

from __future__ import annotations

from flask import Blueprint, jsonify

from topofmind.server.api.context import db, now, user_id
from topofmind.server.errors import ApiError
from topofmind.server.linkedin import profile_slug
from topofmind.server.services import lookups
from topofmind.server.services.actions import plan_for
from topofmind.server.validation import query

bp = Blueprint("lookup", __name__, url_prefix="/lookup")


def _plan(*, person_ids=(), opportunity_ids=()):
    return plan_for(db(), user_id(), now(), person_ids=list(person_ids), opportunity_ids=list(opportunity_ids))


@bp.get("/profile")
def profile():
    url = query("url", required=True)
    name, company = query("name", max_length=200), query("company", max_length=200)
    slug = profile_slug(url)
    if slug is None:
        raise ApiError(400, "url is not a LinkedIn profile URL (expected https://www.linkedin.com/in/<name>)",
                       code="validation_error", fields={"url": "not a LinkedIn profile URL"})
    return jsonify(lookups.profile(db(), user_id(), slug, name, company, _plan))


@bp.get("/thread")
def thread():
    provider = query("provider", required=True, choices=("gmail", "outlook"))
    thread_id = query("id", required=True, max_length=300).strip()
    return jsonify(lookups.thread(db(), user_id(), provider, thread_id, _plan))


@bp.get("/email")
def email():
    address = query("address", required=True, max_length=320)
    return jsonify(lookups.email(db(), user_id(), address, _plan))

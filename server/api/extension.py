"""``/extension/misses``: the extension reports a page field it could not read (the site
changed); the counts per site and selector are on the Settings page and here."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.services import selector_misses
from server.validation import json_body

bp = Blueprint("extension", __name__, url_prefix="/extension")


@bp.post("/misses")
def report_miss():
    body = json_body("SelectorMissReport")
    session = db()
    miss = selector_misses.record(session, user_id(), body["site"], body["selector"], now())
    session.commit()
    return jsonify(selector_misses.as_dict(miss))


@bp.get("/misses")
def list_misses():
    return jsonify({"misses": [selector_misses.as_dict(m) for m in selector_misses.rows(db(), user_id())]})

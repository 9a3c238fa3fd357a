"""``/touches``: log a call, a LinkedIn message, a letter or a meeting by hand; correct one."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.services import records
from server.services.serialize import touch_dict
from server.validation import json_body

bp = Blueprint("touches", __name__, url_prefix="/touches")


@bp.post("")
def create():
    session = db()
    touch = records.log_touch(session, user_id(), json_body("TouchCreate"), now())
    session.commit()
    return jsonify(touch_dict(touch)), 201


@bp.patch("/<id:touch_id>")
def update(touch_id: int):
    session = db()
    records.get_touch(session, user_id(), touch_id)  # 404 before judging the body
    touch = records.update_touch(session, user_id(), touch_id, json_body("TouchPatch"), now())
    session.commit()
    return jsonify(touch_dict(touch))

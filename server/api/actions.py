"""``/actions``: the follow-ups due, their states, and their drafts."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.services import actions as action_service
from server.validation import json_body, optional_json_body, query

bp = Blueprint("actions", __name__, url_prefix="/actions")
ACTION_ID = "<string(maxlength=200):action_id>"


@bp.get("")
def list_actions():
    window = query("due", choices=("today", "overdue", "week", "all"), default="all")
    plan = action_service.plan_for(db(), user_id(), now())
    return jsonify({"actions": [plan.to_dict(a) for a in plan.due(window)]})


def _mark(action_id: str, state: str, snooze: dict | None = None):
    session = db()
    body = action_service.set_state(session, user_id(), action_id, state, now(), snooze=snooze)
    session.commit()
    return jsonify(body)


@bp.post(f"/{ACTION_ID}/done")
def done(action_id: str):
    return _mark(action_id, "done")


@bp.post(f"/{ACTION_ID}/dismiss")
def dismiss(action_id: str):
    return _mark(action_id, "dismissed")


@bp.post(f"/{ACTION_ID}/snooze")
def snooze(action_id: str):
    action_service.plan_for(db(), user_id(), now()).find(action_id)  # 404 before judging the body
    return _mark(action_id, "snoozed", optional_json_body("SnoozeRequest"))


@bp.put(f"/{ACTION_ID}/specifics")
def specifics(action_id: str):
    action_service.plan_for(db(), user_id(), now()).find(action_id)  # 404 before judging the body
    items = json_body("SpecificsRequest")["specifics"]
    session = db()
    body = action_service.set_specifics(session, user_id(), action_id, items, now())
    session.commit()
    return jsonify(body)


@bp.get(f"/{ACTION_ID}/draft")
def draft(action_id: str):
    channel = query("channel", choices=("email", "message"), default="email")
    return jsonify(action_service.draft(db(), user_id(), action_id, channel, now()))

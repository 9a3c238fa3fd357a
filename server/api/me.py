"""``/me``: who the token belongs to (the extension's "Test connection"), and deleting my data."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.services import data as data_service
from server.services import records
from server.services.actions import plan_for
from server.validation import query_bool

bp = Blueprint("me", __name__)


@bp.get("/me")
def get_me():
    plan = plan_for(db(), user_id(), now())
    due = len(plan.due_now())
    return jsonify(records.me(plan.user, due))


@bp.delete("/me/data")
def delete_my_data():
    include_account = query_bool("include_account")
    session = db()
    counts = data_service.delete_all(session, user_id(), include_account=include_account)
    session.commit()
    return jsonify({"deleted": counts, "account_deleted": include_account})

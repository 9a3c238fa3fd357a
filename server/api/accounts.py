"""``/accounts``: connected mailboxes and how their sync is doing."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.services import records

bp = Blueprint("accounts", __name__)


@bp.get("/accounts")
def list_accounts():
    return jsonify({"accounts": records.accounts(db(), user_id(), now())})

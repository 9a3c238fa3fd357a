"""``/account-health``: whether each mailbox is still syncing, and where to reconnect one that stopped."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, state, user_id
from server.services.account_health import FILTERS, health_of_accounts
from server.validation import query

bp = Blueprint("account_health", __name__)


@bp.get("/account-health")
def list_account_health():
    wanted = query("state", choices=FILTERS, default="all")
    accounts = health_of_accounts(db(), user_id(), public_url=state().config.base_url, wanted=wanted)
    return jsonify({"accounts": accounts})

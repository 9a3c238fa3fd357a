"""``/review`` and ``/audit``: confirm or correct automatic decisions, undo a change."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.errors import ApiError
from server.openapi import MAX_ID
from server.services import review as review_service
from server.validation import json_body, query

bp = Blueprint("review", __name__)


@bp.get("/review")
def pending():
    return jsonify({"items": review_service.pending(db(), user_id())})


@bp.post("/review/<id:audit_id>/confirm")
def confirm(audit_id: int):
    session = db()
    entry = review_service.confirm(session, user_id(), audit_id, now())
    session.commit()
    return jsonify(review_service.entry_dict(entry))


@bp.post("/review/<id:audit_id>/correct")
def correct(audit_id: int):
    session = db()
    review_service.get_entry(session, user_id(), audit_id)
    entry = review_service.correct(session, user_id(), audit_id, json_body("ReviewCorrection"), now())
    session.commit()
    return jsonify(review_service.entry_dict(entry))


@bp.post("/audit/<id:audit_id>/undo")
def undo(audit_id: int):
    session = db()
    entry = review_service.undo(session, user_id(), audit_id, now())
    session.commit()
    return jsonify(review_service.entry_dict(entry))


@bp.get("/audit")
def history():
    """The changes made to one record, newest first: what the pages offer to undo."""
    entity = query("entity", required=True, choices=("opportunity", "person", "touch"))
    entity_id = query("entity_id", required=True, max_length=10)
    if not (entity_id.isascii() and entity_id.isdigit()) or not 1 <= int(entity_id) <= MAX_ID:
        raise ApiError(400, f"entity_id must be a record id (1 to {MAX_ID})", code="validation_error",
                       fields={"entity_id": f"must be a number from 1 to {MAX_ID}"})
    return jsonify({"items": review_service.history(db(), user_id(), entity, int(entity_id))})

"""``/people``: create (from a LinkedIn profile, or by hand), update, merge."""

from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from server.api.context import db, now, user_id
from server.services import capture
from server.services import people as people_service
from server.validation import json_body

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.post("")
def create():
    body = json_body("PersonCreate")
    session = db()
    person, created = capture.create_person(session, user_id(), body, now())
    session.commit()
    return jsonify(people_service.summary(session, user_id(), person)), 201 if created else 200


@bp.patch("/<id:person_id>")
def update(person_id: int):
    session = db()
    people_service.get_person(session, user_id(), person_id)  # 404 before judging the body
    person = capture.update_person(session, user_id(), person_id, json_body("PersonPatch"), now())
    session.commit()
    return jsonify(people_service.summary(session, user_id(), person))


@bp.post("/<id:person_id>/merge")
def merge(person_id: int):
    session = db()
    people_service.get_person(session, user_id(), person_id)
    body = json_body("Merge")
    person, audit_id = people_service.merge(session, user_id(), person_id, body["other_id"], now())
    session.commit()
    # The undo is the audit entry's, as for every change (POST /audit/<id>/undo).
    return jsonify({"person": people_service.summary(session, user_id(), person),
                    "undo": {"audit_id": audit_id, "url": url_for("api.review.undo", audit_id=audit_id)}})

"""``/opportunities``: list, detail with the timeline, create and edit by hand, stage by hand, contacts."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.services import capture
from server.services import opportunities as opp_service
from server.services.actions import plan_for
from server.validation import json_body

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")


@bp.get("")
def list_opportunities():
    plan = plan_for(db(), user_id(), now())
    return jsonify({"opportunities": opp_service.list_all(db(), user_id(), plan)})


@bp.post("")
def create():
    session = db()
    opp, created = capture.create_opportunity(session, user_id(), json_body("OpportunityCreate"), now())
    session.commit()
    plan = plan_for(session, user_id(), now(), opportunity_ids=[opp.id])
    return jsonify(opp_service.detail(session, user_id(), opp.id, plan)), 201 if created else 200


@bp.patch("/<id:opportunity_id>")
def update(opportunity_id: int):
    session = db()
    opp_service.get_opportunity(session, user_id(), opportunity_id)  # 404 before judging the body
    capture.update_opportunity(session, user_id(), opportunity_id, json_body("OpportunityPatch"), now())
    session.commit()
    plan = plan_for(session, user_id(), now(), opportunity_ids=[opportunity_id])
    return jsonify(opp_service.detail(session, user_id(), opportunity_id, plan))


@bp.get("/<id:opportunity_id>")
def get_opportunity(opportunity_id: int):
    opp_service.get_opportunity(db(), user_id(), opportunity_id)
    plan = plan_for(db(), user_id(), now())
    return jsonify(opp_service.detail(db(), user_id(), opportunity_id, plan))


@bp.post("/<id:opportunity_id>/stage")
def change_stage(opportunity_id: int):
    session = db()
    opp_service.get_opportunity(session, user_id(), opportunity_id)
    body = json_body("StageRequest")
    opp_service.change_stage(session, user_id(), opportunity_id, body["stage"], body.get("note"), now())
    session.commit()
    return jsonify(opp_service.detail(session, user_id(), opportunity_id, plan_for(session, user_id(), now())))


@bp.post("/<id:opportunity_id>/contacts")
def add_contact(opportunity_id: int):
    session = db()
    opp_service.get_opportunity(session, user_id(), opportunity_id)
    body = json_body("ContactRequest")
    opp_service.add_contact(session, user_id(), opportunity_id, body["person_id"], body.get("role", "recruiter"))
    session.commit()
    return jsonify(opp_service.detail(session, user_id(), opportunity_id, plan_for(session, user_id(), now())))

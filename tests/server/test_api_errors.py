"""One JSON error shape for every 4xx and 5xx; an unexpected failure is logged without secrets."""

from __future__ import annotations

import logging

from flask import Blueprint

from server.api import create_api_blueprint
from server.app import create_app
from sync.config import Config


def _failing_blueprint() -> Blueprint:
    bp = Blueprint("failing", __name__)

    @bp.get("/failing")
    def failing():
        raise RuntimeError("a bug deep inside")

    return bp


def test_an_unexpected_error_is_a_json_500_logged_without_the_token(Session, now, tmp_path, world, caplog):
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: now,
                     blueprints=[create_api_blueprint, _failing_blueprint])
    caplog.set_level(logging.DEBUG)
    response = app.test_client().get("/failing", headers={"Authorization": f"Bearer {world.token_a}"})
    assert response.status_code == 500
    assert response.json["error"] == "internal_error" and "try again" in response.json["message"]
    assert "a bug deep inside" not in response.get_data(as_text=True)
    logged = caplog.text  # formatted records, tracebacks included
    assert "RuntimeError" in logged and world.token_a not in logged


def test_unknown_routes_and_wrong_methods_answer_the_json_shape(client):
    missing = client.get("/api/v1/nothing-here")
    assert (missing.status_code, missing.json["error"]) == (404, "not_found")
    wrong = client.put("/api/v1/opportunities")
    assert (wrong.status_code, wrong.json["error"]) == (405, "method_not_allowed")
    assert "GET" in wrong.headers["Allow"]


def test_ids_out_of_range_are_404_like_any_unknown_id(client):
    for path in ("/api/v1/opportunities/99999999999", "/api/v1/opportunities/0", "/api/v1/opportunities/-1",
                 "/api/v1/opportunities/abc"):
        response = client.get(path)
        assert (response.status_code, response.json["error"]) == (404, "not_found"), path

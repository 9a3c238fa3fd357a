"""The JSON API for the extension, ``/api/v1``: one blueprint per resource under one parent.

The parent authenticates every request (except the OpenAPI document) before any child
route runs, so no route can forget to.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from server.api import (
    account_health,
    accounts,
    actions,
    context,
    export,
    extension,
    lookup,
    me,
    opportunities,
    people,
    postings,
    review,
    touches,
)
from server.auth import bearer_token, require_token
from server.errors import ApiError
from server.openapi import API_PREFIX, build_document, query_parameters
from server.throttle import Throttle
from server.validation import check_text

RESOURCES = [me, lookup, people, opportunities, actions, touches, review, export, accounts, account_health,
             extension, postings]
PUBLIC_ENDPOINTS = {"api.openapi"}


# Requests with an unknown or revoked token allowed per client in the window (the extension
# sends one a minute at most when its token was revoked).
TOKEN_FAILURES, TOKEN_WINDOW = 30, 60.0


def _require_token_within_budget() -> None:
    throttle = current_app.extensions.setdefault("token_throttle", Throttle(TOKEN_FAILURES, TOKEN_WINDOW))
    client = f"client:{request.remote_addr}"
    wait = throttle.wait_seconds(client)
    if wait:
        raise ApiError(429, f"too many requests with a wrong API token from here; try again in {wait} s",
                       headers={"Retry-After": str(wait)})
    try:
        require_token(context.db(), context.now())
    except ApiError as exc:
        if exc.status == 401 and bearer_token() is not None:
            throttle.failed(client)
        raise


def create_api_blueprint() -> Blueprint:
    api = Blueprint("api", __name__, url_prefix=API_PREFIX)

    @api.before_request
    def authenticate():
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        _require_token_within_budget()
        allowed = query_parameters(request.url_rule.rule, request.method) if request.url_rule else None
        unknown = sorted(set(request.args) - allowed) if allowed is not None else []
        if unknown:
            raise ApiError(400, f"unknown query parameter: {', '.join(unknown)}", code="validation_error",
                           fields={name: "unknown parameter" for name in unknown})
        for name, value in request.args.items(multi=True):
            check_text(value, name)
        return None

    @api.after_request
    def no_store(response):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @api.get("/openapi.json")
    def openapi():
        return jsonify(build_document())

    for module in RESOURCES:
        api.register_blueprint(module.bp)
    return api

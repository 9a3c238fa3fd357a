"""The one JSON error handler: every 4xx and 5xx answers ``{"error": code, "message": text}``.

Services raise the domain's errors (topofmind/errors.py), mapped here to a status once;
``ApiError`` is what the HTTP layer itself raises (a missing token, an unknown query
parameter, a rate limit); werkzeug's
own exceptions (404 from routing, 405, 413 from MAX_CONTENT_LENGTH) go through the same
handler, and anything unexpected becomes a 500 whose traceback is logged without the
request's headers (tokens never reach the log).
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from topofmind.errors import Conflict, DomainError, Invalid, NotFound, SamePerson

log = logging.getLogger("server")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_error",
}

MESSAGES = {
    401: "a valid API token is required: send 'Authorization: Bearer <token>' "
         "(create one on the Settings page or with `topofmind token create`)",
    404: "no such record, or it is not yours",
    405: "this endpoint does not accept that method",
    413: "the request body is too large",
    500: "something went wrong on the server; the error is logged, please try again",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.fields = fields


# Each refusal of the domain, and the status it answers.
DOMAIN_STATUS = ((NotFound, 404, "not_found"), (Invalid, 400, "validation_error"),
                 (SamePerson, 409, "same_person"), (Conflict, 409, "conflict"), (DomainError, 400, "bad_request"))


def handle_error(exc: Exception):
    extra: dict = {}
    if isinstance(exc, ApiError):
        status, code, message, fields = exc.status, exc.code, exc.message, exc.fields
    elif isinstance(exc, DomainError):
        status, code = next((s, c) for kind, s, c in DOMAIN_STATUS if isinstance(exc, kind))
        message, fields = exc.message, exc.fields
        if isinstance(exc, SamePerson):
            extra = {"people": exc.people}
    elif isinstance(exc, HTTPException):
        status = exc.code or 500
        code = CODES.get(status, "error")
        message = MESSAGES.get(status) or exc.description or exc.name
        if status == 413 and exc.description and "maximum" in exc.description.lower():
            message = MESSAGES[413]
        fields = None
    else:
        log.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
        status, code, message, fields = 500, CODES[500], MESSAGES[500], None
    body = {**extra, "error": code, "message": message}
    if fields:
        body["fields"] = fields
    if _wants_a_page():
        response = _page(status, message, fields)
    else:
        response = jsonify(body)
    response.status_code = status
    if isinstance(exc, HTTPException) and status == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="topofmind"'
    return response


def _wants_a_page() -> bool:
    """A browser on the pages gets the same error as a page; the API always answers JSON."""
    if request.path.startswith("/api/"):
        return False
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def _page(status: int, message: str, fields: dict | None):
    try:
        return make_response(render_template("error.html", status=status, message=message, fields=fields or {}))
    except Exception:  # noqa: BLE001 - an error page must never fail: fall back to the JSON body
        log.error("the error page could not be rendered", exc_info=True)
        return jsonify({"error": CODES.get(status, "error"), "message": message})


def register_error_handler(app: Flask) -> None:
    app.register_error_handler(Exception, handle_error)

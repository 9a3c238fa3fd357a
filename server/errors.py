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
import traceback
from pathlib import Path

from flask import Flask, g, jsonify, make_response, render_template, request
from sqlalchemy.exc import DataError, DBAPIError
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
    503: "database_unavailable",
}

MESSAGES = {
    401: "a valid API token is required: send 'Authorization: Bearer <token>' "
         "(create one on the Settings page or with `topofmind token create`)",
    404: "no such record, or it is not yours",
    405: "this endpoint does not accept that method",
    413: "the request body is too large",
    500: "something went wrong on the server; the error is logged, please try again",
    503: "the connection to the database was lost; what you sent may not have been saved: "
         "reload and check, then try again",
    "data": "a value was refused by the database (too long, or not text it can store); shorten it and try again",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str | None = None, fields: dict | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.fields = fields
        self.headers = headers or {}


class RetryOnAFreshConnection(Exception):
    """A read lost its database connection: the app runs the request once more (``ServerApp``)."""


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
    elif isinstance(exc, DBAPIError) and exc.connection_invalidated:
        if request.method in ("GET", "HEAD") and not g.get("retried_on_a_fresh_connection"):
            raise RetryOnAFreshConnection() from exc  # a read: answer it from a new connection
        log.warning("database connection lost: %s", where_it_failed(exc))
        status, code, message, fields = 503, "database_unavailable", MESSAGES[503], None
    elif isinstance(exc, DataError):
        # A value the database refused (the schemas should have): the input's fault, not ours.
        log.warning("the database refused a value: %s", where_it_failed(exc))
        status, code, message, fields = 400, "validation_error", MESSAGES["data"], None
    else:
        log.error("unhandled error: %s", where_it_failed(exc))
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
    if isinstance(exc, ApiError):
        response.headers.update(exc.headers)
    return response


def where_it_failed(exc: BaseException) -> str:
    """The exception's type and the frames it went through, never its message: a database
    error's text carries the statement's parameters (notes, addresses, token hashes)."""
    kinds = [type(exc).__name__]
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        kinds.append(f"{type(cause).__module__}.{type(cause).__name__}")
    frames = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_tb(exc.__traceback__)]
    return f"{' from '.join(kinds)} at {' > '.join(frames[-6:])} ({request.method} {request.url_rule or '?'})"


def _wants_a_page() -> bool:
    """A browser on the pages gets the same error as a page; the API always answers JSON."""
    if request.path.startswith("/api/"):
        return False
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def _page(status: int, message: str, fields: dict | None):
    try:
        return make_response(render_template("error.html", status=status, message=message, fields=fields or {}))
    except Exception:
        log.error("the error page could not be rendered", exc_info=True)
        return jsonify({"error": CODES.get(status, "error"), "message": message})


def register_error_handler(app: Flask) -> None:
    app.register_error_handler(Exception, handle_error)

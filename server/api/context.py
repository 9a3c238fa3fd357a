"""Per-request helpers shared by the API blueprints: the session, the clock, the user.

The request owns the session and its transaction: opened on first use, committed by the
route that writes, rolled back and closed when the request ends.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, g, request
from sqlalchemy.orm import Session
from werkzeug.routing import BaseConverter, ValidationError

from server.openapi import MAX_ID


def state():
    return current_app.extensions["topofmind"]


# Endpoints that only read (and keep what they read as a card, in a session of its own).
READ_ONLY_ENDPOINTS = frozenset({"api.lookup.profile", "api.lookup.thread", "api.lookup.email"})


def db() -> Session:
    if "db_session" not in g:
        factory = state().ReadSession if request.endpoint in READ_ONLY_ENDPOINTS else state().Session
        g.db_session = factory()
    return g.db_session


def close_db(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()


def now() -> datetime:
    return state().now()


def user_id() -> int:
    return g.user_id


class IdConverter(BaseConverter):
    """A database id in a URL: 1 .. 2**31-1; anything else is a 404 like an unknown id."""

    regex = r"[1-9][0-9]{0,9}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))

"""``/lookup/*``: what the overlays show on a LinkedIn profile, a mail thread, an address.

Each answer is kept as a card (topofmind/store/card_marks.py) and served from it until something it shows
changes: most lookups are one indexed read.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, state, user_id
from server.cards.lookup_cards import answer, email_question, profile_question, thread_question
from server.errors import ApiError
from server.linkedin import profile_slug
from server.validation import query

bp = Blueprint("lookup", __name__, url_prefix="/lookup")


def _answer(question: dict):
    return jsonify(answer(db(), state().Session, user_id(), now(), question, state().unknown_answers))


@bp.get("/profile")
def profile():
    url = query("url", required=True)
    name, company = query("name", max_length=200), query("company", max_length=200)
    slug = profile_slug(url)
    if slug is None:
        raise ApiError(400, "url is not a LinkedIn profile URL (expected https://www.linkedin.com/in/<name>)",
                       code="validation_error", fields={"url": "not a LinkedIn profile URL"})
    return _answer(profile_question(slug, name, company))


@bp.get("/thread")
def thread():
    provider = query("provider", required=True, choices=("gmail", "outlook"))
    thread_id = query("id", required=True, max_length=300).strip()
    return _answer(thread_question(provider, thread_id))


@bp.get("/email")
def email():
    return _answer(email_question(query("address", required=True, max_length=320)))

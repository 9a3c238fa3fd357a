"""``/lookup/posting``: what the extension shows on a job posting (tracked or not, and its status)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.api.context import db, now, user_id
from server.errors import ApiError
from server.services import postings
from server.validation import query

bp = Blueprint("postings", __name__, url_prefix="/lookup")


@bp.get("/posting")
def posting():
    url = query("url", max_length=1000)
    job_id = query("job_id", max_length=100)
    company, role = query("company", max_length=200), query("role", max_length=300)
    if url and not url.startswith(("https://", "http://")):
        raise ApiError(400, "url must be an http(s) address", code="validation_error",
                       fields={"url": "not an http(s) address"})
    if not (url or job_id or (company and role)):
        raise ApiError(400, "give url, job_id, or company and role", code="validation_error",
                       fields={"url": "give url, job_id, or company and role"})
    return jsonify(postings.lookup(db(), user_id(), now(), url=url, job_id=job_id, company=company, role=role))

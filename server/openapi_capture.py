"""The OpenAPI schemas and operations of issue 24 (postings, records by hand), merged into
``server.openapi``'s ``SCHEMAS`` and ``PATHS`` there."""

from __future__ import annotations

from server.openapi_parts import DATE, DATETIME, ID, _nullable, _obj, _ok, _op, _p, _q, _ref, _str
from topofmind.store.models import CHANNELS, PREFERRED_CHANNELS, RELATIONSHIPS, SOURCES, STAGES

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
CONTACT_ROLES = ["recruiter", "hiring_manager", "interviewer", "coordinator", "referrer", "helper"]
TOUCH_KINDS = ["application", "thank_you", "follow_up", "check_in", "reply", "interview", "offer", "rejection",
               "referral", "introduction", "meeting", "call", "acceptance", "decline", "other"]


def schemas() -> dict:
    when = {"anyOf": [DATE, DATETIME, {"type": "null"}],
            "description": "a day (2026-03-18) or an RFC 3339 date-time"}
    sources = {"enum": [*SOURCES, "posting"],
               "description": "posting: an application through a job posting (stored as online_application)"}
    opportunity_fields = {
        "company": _str(200, minLength=1), "role": _nullable(_str(300)),
        "url": _nullable(_str(1000, pattern="^https?://")), "job_id": _nullable(_str(100)),
        "stage": {"enum": list(STAGES)}, "applied_at": when, "source": sources,
        "location": _nullable(_str(200)), "notes": _nullable(_str(5000)),
        "posting_site": _nullable(_str(40)),
    }
    return {
        "ContactInput": _obj(
            {"person_id": ID, "email": _str(320, pattern=EMAIL_PATTERN), "name": _nullable(_str(200)),
             "role": {"enum": CONTACT_ROLES}},
            required=[]),
        "OpportunityCreate": _obj(
            {**opportunity_fields, "contacts": {"type": "array", "maxItems": 20, "items": _ref("ContactInput")}},
            required=["company"]),
        "OpportunityPatch": _obj({**opportunity_fields, "stage_note": _nullable(_str(300))}, required=[]),
        "PersonCreate": _obj(
            {
                "name": _str(200, minLength=1), "headline": _nullable(_str(500)), "company": _nullable(_str(200)),
                "title": _nullable(_str(200)), "linkedin_url": _str(500, minLength=1),
                "email": _str(320, pattern=EMAIL_PATTERN),
                "relationship": _nullable({"enum": list(RELATIONSHIPS)}),
                "preferred_channel": _nullable({"enum": list(PREFERRED_CHANNELS)}),
                "notes": _nullable(_str(5000)),
                # #21: the user says this is someone else than the person of the same name and company
                "distinct": {"type": "boolean"},
            },
            required=["name"],
        ),
        "PersonPatch": _obj(
            {
                "name": _str(200, minLength=1), "company": _nullable(_str(200)),
                "email": _str(320, pattern=EMAIL_PATTERN),
                "relationship": _nullable({"enum": list(RELATIONSHIPS)}),
                "preferred_channel": _nullable({"enum": list(PREFERRED_CHANNELS)}),
                "notes": _nullable(_str(5000)), "title": _nullable(_str(200)),
                "linkedin_url": _nullable(_str(500, minLength=1)),
            },
            required=[],
        ),
        "TouchCreate": _obj(
            {
                "person_id": _nullable(ID), "opportunity_id": _nullable(ID), "channel": {"enum": list(CHANNELS)},
                "direction": {"enum": ["in", "out"]}, "kind": {"enum": TOUCH_KINDS},
                "at": DATETIME, "summary": _nullable(_str(300)),
            },
            required=["channel"],
        ),
        "TouchPatch": _obj(
            {
                "person_id": _nullable(ID), "opportunity_id": _nullable(ID), "channel": {"enum": list(CHANNELS)},
                "direction": {"enum": ["in", "out"]}, "kind": {"enum": TOUCH_KINDS},
                "at": DATETIME, "summary": _nullable(_str(300)),
            },
            required=[],
        ),
        "PostingLookup": _obj(
            {
                "known": {"type": "boolean"}, "opportunity": _nullable(_ref("OpportunitySummary")),
                "status": _nullable(_str()), "next_action": _nullable(_ref("Action")),
                "applied_at": _nullable(DATETIME), "url": _nullable(_str()),
            }
        ),
        "AuditItem": _obj(
            {
                "id": ID, "kind": _str(), "summary": _str(), "at": DATETIME, "actor": _str(),
                "undone_at": _nullable(DATETIME), "undoable": {"type": "boolean"},
            }
        ),
        "AuditList": _obj({"items": {"type": "array", "items": _ref("AuditItem")}}),
    }


def detail_fields() -> dict:
    return {"url": _nullable(_str()), "job_id": _nullable(_str()), "applied_at": _nullable(DATETIME),
            "posting_site": _nullable(_str()), "location": _nullable(_str()), "notes": _nullable(_str())}


def paths() -> dict:
    """New operations by path and method (merged into existing paths)."""
    return {
        "/opportunities": {
            "post": _op("Track an opportunity by hand or from a job posting (idempotent on the posting)",
                        "createOpportunity", {"201": _ok("OpportunityDetail", "Created"),
                                              "200": _ok("OpportunityDetail", "This posting is already tracked")},
                        body="OpportunityCreate"),
        },
        "/opportunities/{opportunity_id}": {
            "patch": _op("Edit an opportunity (audited, undoable)", "updateOpportunity",
                         {"200": _ok("OpportunityDetail")}, params=[_p("opportunity_id")], body="OpportunityPatch"),
        },
        "/touches/{touch_id}": {
            "patch": _op("Edit a touch (audited, undoable)", "updateTouch", {"200": _ok("Touch")},
                         params=[_p("touch_id")], body="TouchPatch"),
        },
        "/lookup/posting": {
            "get": _op("Whether a job posting is tracked, its status and next action", "lookupPosting",
                       {"200": _ok("PostingLookup")},
                       params=[_q("url", _str(1000)), _q("job_id", _str(100)), _q("company", _str(200)),
                               _q("role", _str(300))]),
        },
        "/audit": {
            "get": _op("The changes recorded about one record, newest first", "listAudit",
                       {"200": _ok("AuditList")},
                       params=[_q("entity", {"enum": ["opportunity", "person", "touch"]}, True),
                               _q("entity_id", _str(10, pattern="^[0-9]+$"), True)]),
        },
    }

"""The request and response schemas of ``/api/v1`` (the OpenAPI document's components).

``validation.py`` validates request bodies against ``SCHEMAS``; string lengths mirror the
database columns, so a longer value is refused with a 400 instead of failing in the database.
"""

from __future__ import annotations

from server import openapi_capture
from server.openapi_parts import (  # noqa: F401  (re-exported: the API imports them from here)
    API_PREFIX,
    DATE,
    DATETIME,
    ID,
    MAX_ID,
    _nullable,
    _obj,
    _ref,
    _str,
)
from server.services.account_health import STATES as HEALTH_STATES
from topofmind.store.models import CHANNELS, PREFERRED_CHANNELS, RELATIONSHIPS, STAGES

SCHEMAS: dict[str, dict] = {
    "Error": _obj(
        {
            "error": _str(), "message": _str(),
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            # same_person (409 on POST /people): the tracked people the profile may be.
            "people": {"type": "array", "items": _ref("PersonSummary")},
        },
        required=["error", "message"],
    ),
    "EmailSuggestion": _obj({"address": _str(), "evidence": _str(), "confidence": {"type": "number"}}),
    "PersonSummary": _obj(
        {
            "id": ID, "name": _str(), "title": _nullable(_str()), "company": _nullable(_str()),
            "relationship": _nullable(_str()), "preferred_channel": _nullable(_str()),
            "emails": {"type": "array", "items": _str()},
            "suggested_email": _nullable(_ref("EmailSuggestion")), "linkedin_url": _nullable(_str()),
            "notes": _nullable(_str()),
        }
    ),
    "PersonRef": _obj({"id": ID, "name": _str()}),
    "OpportunityRef": _obj(
        {"id": ID, "company": _nullable(_str()), "role": _nullable(_str()), "stage": _str()}
    ),
    "OpportunitySummary": _obj(
        {
            "id": ID, "company": _nullable(_str()), "role": _nullable(_str()), "stage": _str(),
            "source": _str(), "at_risk": {"type": "boolean"}, "stage_changed_at": DATETIME,
            "decision_expected_by": _nullable(DATE),
        }
    ),
    "StageChange": _obj(
        {
            "from_stage": _nullable(_str()), "to_stage": _str(), "at": DATETIME, "reason": _nullable(_str()),
            "source": _str(),
        }
    ),
    "Touch": _obj(
        {
            "id": ID, "at": DATETIME, "channel": _str(), "direction": {"enum": ["in", "out"]}, "kind": _str(),
            "summary": _nullable(_str()), "person_id": _nullable(ID), "opportunity_id": _nullable(ID),
        }
    ),
    "Link": _obj({"type": {"enum": ["thread", "profile", "mailto", "none"]}, "url": _nullable(_str())}),
    "Action": _obj(
        {
            "id": _str(pattern="^[A-Za-z0-9_.~-]+$"), "kind": _str(), "rule": _str(), "title": _str(),
            "why": _str(), "due": DATETIME, "earliest": DATETIME, "latest": DATETIME,
            "urgency": {"enum": ["overdue", "today", "upcoming"]}, "channel": _str(),
            "state": {"enum": ["open", "snoozed", "done", "dismissed"]}, "snoozed_until": _nullable(DATETIME),
            "person": _nullable(_ref("PersonRef")), "opportunity": _nullable(_ref("OpportunityRef")),
            "article": _str(), "link": _nullable(_ref("Link")),
            "specifics": {"type": "array", "maxItems": 2, "items": _str(),
                          "description": "What the user asked this action's draft to say, as written"},
            "find_contact": _nullable(_obj({
                "search_recruiters_url": _str(), "search_managers_url": _str(),
                "candidates": {"type": "array", "items": _obj({
                    "id": ID, "name": _str(), "title": _nullable(_str()),
                    "linkedin_url": _nullable(_str()),
                    "suggested_role": {"enum": ["recruiter", "hiring_manager"]}})},
            })),
        }
    ),
    "Detected": _obj({"kind": _str(), "text": _str(), "at": DATETIME}),
    "Me": _obj(
        {
            "user": _obj({"id": ID, "email": _str(), "name": _nullable(_str()), "timezone": _str()}),
            "due_count": {"type": "integer", "minimum": 0},
        }
    ),
    "Suggestion": _obj({"person": _ref("PersonSummary"), "reason": _str()}),
    "Attachable": _obj(
        {"opportunity": _ref("OpportunitySummary"), "suggested_role": {"enum": ["recruiter", "hiring_manager"]}}
    ),
    "ProfileLookup": _obj(
        {
            "known": {"type": "boolean"}, "slug": _str(), "person": _nullable(_ref("PersonSummary")),
            "opportunities": {"type": "array", "items": _ref("OpportunitySummary")},
            "last_touch": _nullable(_ref("Touch")),
            "next_actions": {"type": "array", "items": _ref("Action")},
            "suggestions": {"type": "array", "items": _ref("Suggestion")},
            "attachable": {"type": "array", "items": _ref("Attachable"),
                           "description": "Known person only: open opportunities at their company "
                                          "still without a hiring contact"},
            "duplicates": {"type": "array", "items": _ref("PersonSummary"),
                           "description": "Known person only: other people of the same name at the same "
                                          "company (or with none known), to merge into this one"},
        },
        required=["known", "slug", "person", "opportunities", "last_touch", "next_actions", "suggestions"],
    ),
    "ThreadLookup": _obj(
        {
            "known": {"type": "boolean"},
            "thread": _nullable(_obj({"provider": _str(), "id": _str(), "subject": _nullable(_str())})),
            "opportunity": _nullable(_ref("OpportunitySummary")),
            "people": {"type": "array", "items": _ref("PersonSummary")},
            "detected": {"type": "array", "items": _ref("Detected")}, "last_touch": _nullable(_ref("Touch")),
            "next_actions": {"type": "array", "items": _ref("Action")},
        }
    ),
    "EmailLookup": _obj(
        {
            "known": {"type": "boolean"}, "person": _nullable(_ref("PersonSummary")),
            "opportunities": {"type": "array", "items": _ref("OpportunitySummary")},
            "last_touch": _nullable(_ref("Touch")),
            "next_actions": {"type": "array", "items": _ref("Action")},
        }
    ),
    "OpportunityList": _obj({"opportunities": {"type": "array", "items": _ref("OpportunitySummary")}}),
    "OpportunityDetail": {"$comment": "OpportunitySummary plus stage_history, timeline, contacts, next_actions"},
    "ActionList": _obj({"actions": {"type": "array", "items": _ref("Action")}}),
    "Draft": _obj(
        {
            "channel": {"enum": ["email", "message"]}, "subject": _nullable(_str()), "body": _str(),
            "to": _nullable(_obj({"name": _nullable(_str()), "address": _nullable(_str())})),
            "hint": _nullable(_str()),
        },
        required=["channel", "subject", "body", "to"],
    ),
    "ReviewItem": _obj(
        {
            "id": ID, "kind": _str(), "summary": _str(), "confidence": _nullable({"type": "number"}),
            "at": DATETIME, "entity": _str(), "entity_id": _nullable({"type": "integer"}),
        }
    ),
    "ReviewList": _obj({"items": {"type": "array", "items": _ref("ReviewItem")}}),
    "AuditResult": _obj(
        {
            "id": ID, "kind": _str(), "summary": _str(), "reviewed_at": _nullable(DATETIME),
            "undone_at": _nullable(DATETIME),
        }
    ),
    "Account": _obj(
        {
            "id": ID, "provider": _str(), "address": _str(), "status": _str(),
            "last_success_at": _nullable(DATETIME), "lag_seconds": _nullable({"type": "integer"}),
            "message_count": {"type": "integer", "minimum": 0}, "last_error": _nullable(_str()),
            "needs_reconnect": {"type": "boolean"},
        }
    ),
    "AccountList": _obj({"accounts": {"type": "array", "items": _ref("Account")}}),
    "AccountHealth": _obj(
        {
            "id": ID, "provider": _str(), "address": _str(),
            "state": {"enum": list(HEALTH_STATES),
                      "description": "needs_reconnect: the mailbox withdrew access (revoked or expired sign-in); "
                                     "failing: sync failed 3 passes in a row; ok: syncing (a single failure "
                                     "is retried on its own)"},
            "since": _nullable({**DATETIME, "description": "A stopped account's last successful sync (or when "
                                                          "it was connected); a new stop has a later one"}),
            "what_happened": _nullable(_str()), "what_to_do": _nullable(_str()),
            "reconnect_url": _nullable({**_str(), "description": "The account's one-click reconnect page "
                                                                 "(/accounts/{id}/reconnect) on the server's public URL"}),
        }
    ),
    "AccountHealthList": _obj({"accounts": {"type": "array", "items": _ref("AccountHealth")}}),
    "Export": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object"}}},
    "Deleted": _obj(
        {"deleted": {"type": "object", "additionalProperties": {"type": "integer"}}, "account_deleted": {"type": "boolean"}}
    ),
    # --- request bodies ---------------------------------------------------------------------
    "PersonCreate": _obj(
        {
            "name": _str(200, minLength=1), "headline": _nullable(_str(500)), "company": _nullable(_str(200)),
            "title": _nullable(_str(200)), "linkedin_url": _str(500, minLength=1),
            # The user says this profile is not the tracked person of the same name at the same company.
            "distinct": {"type": "boolean"},
        },
        required=["name", "linkedin_url"],
    ),
    "PersonPatch": _obj(
        {
            "relationship": _nullable({"enum": list(RELATIONSHIPS)}),
            "preferred_channel": _nullable({"enum": list(PREFERRED_CHANNELS)}),
            "notes": _nullable(_str(5000)), "title": _nullable(_str(200)),
            "linkedin_url": _nullable(_str(500, minLength=1)),
        },
        required=[],
    ),
    "Merge": _obj({"other_id": ID}),
    # A page field the extension could not read: the site and the selector list (selectors.js).
    "SelectorMissReport": _obj({"site": {"enum": ["linkedin", "gmail", "outlook"]},
                                "selector": _str(40, minLength=1, pattern="^[A-Za-z]+$")}),
    "SelectorMiss": _obj({"site": _str(), "selector": _str(), "count": {"type": "integer"},
                          "first_at": DATETIME, "last_at": DATETIME}),
    "SelectorMissList": _obj({"misses": {"type": "array", "items": _ref("SelectorMiss")}}),
    "MergeResult": _obj({"person": _ref("PersonSummary"),
                         "undo": _obj({"audit_id": ID, "url": _str()})}),
    "StageRequest": _obj({"stage": {"enum": list(STAGES)}, "note": _nullable(_str(300))}, required=["stage"]),
    "ContactRequest": _obj(
        {"person_id": ID, "role": {"enum": ["recruiter", "hiring_manager", "interviewer", "coordinator",
                                             "referrer", "helper"]}},
        required=["person_id"],
    ),
    "SpecificsRequest": _obj(
        {"specifics": {"type": "array", "maxItems": 2,
                       "items": {"type": "string", "minLength": 1, "maxLength": 300}}},
        required=["specifics"],
    ),
    "SnoozeRequest": _obj(
        {"days": {"type": "integer", "minimum": 1, "maximum": 365}, "until": DATETIME}, required=[]
    ),
    "TouchCreate": _obj(
        {
            "person_id": _nullable(ID), "opportunity_id": _nullable(ID), "channel": {"enum": list(CHANNELS)},
            "direction": {"enum": ["in", "out"]},
            "kind": {"enum": ["application", "thank_you", "follow_up", "check_in", "reply", "interview",
                              "offer", "rejection", "referral", "introduction", "meeting", "acceptance",
                              "decline", "other"]},
            "at": DATETIME, "summary": _nullable(_str(300)),
        },
        required=["channel"],
    ),
    "ReviewCorrection": _obj(
        {
            "stage": {"enum": list(STAGES)}, "opportunity_id": _nullable(ID), "person_id": _nullable(ID),
            "category": _str(40, minLength=1), "note": _nullable(_str(300)),
        },
        required=[],
    ),
}

SCHEMAS.update(openapi_capture.schemas())  # issue 24: records by hand, job postings

_summary = SCHEMAS["OpportunitySummary"]
SCHEMAS["OpportunityDetail"] = _obj(
    {
        **_summary["properties"],
        **openapi_capture.detail_fields(),
        "stage_history": {"type": "array", "items": _ref("StageChange")},
        "timeline": {"type": "array", "items": _ref("Touch")},
        "contacts": {"type": "array", "items": _ref("PersonSummary")},
        "next_actions": {"type": "array", "items": _ref("Action")},
    }
)

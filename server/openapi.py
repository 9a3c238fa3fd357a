"""The OpenAPI 3.1 document of ``/api/v1``: the one source of the request and response schemas.

``validation.py`` validates request bodies against ``SCHEMAS`` (the same dicts), and the tests
validate every response against the operation's response schema, so the document cannot
drift from what the server does. String lengths mirror the database columns: a longer value
is refused with a 400 instead of failing in the database.
"""

from __future__ import annotations

import re

from server import openapi_capture
from server.openapi_parts import _ERROR, _ok, _op, _p, _q
from server.openapi_schemas import (  # noqa: F401  (re-exported: the API imports them from here)
    API_PREFIX,
    DATE,
    DATETIME,
    ID,
    MAX_ID,
    SCHEMAS,
    _nullable,
    _obj,
    _ref,
    _str,
)
from server.services.account_health import FILTERS as HEALTH_FILTERS

ACTION_ID = _p("action_id", _str(200, pattern="^[A-Za-z0-9_.~-]+$"))

PATHS = {
    "/me": {"get": _op("The token's user and how many follow-ups are due", "getMe", {"200": _ok("Me")})},
    "/me/data": {
        "delete": _op(
            "Delete everything stored about the user (and with include_account=true the account too)",
            "deleteMyData", {"200": _ok("Deleted")},
            params=[_q("include_account", {"type": "boolean"})],
        )
    },
    "/lookup/profile": {
        "get": _op("What is known about a LinkedIn profile", "lookupProfile", {"200": _ok("ProfileLookup")},
                   params=[_q("url", _str(2000), True), _q("name", _str(200)), _q("company", _str(200))])
    },
    "/lookup/thread": {
        "get": _op("What is known about a Gmail or Outlook thread", "lookupThread", {"200": _ok("ThreadLookup")},
                   params=[_q("provider", {"enum": ["gmail", "outlook"]}, True), _q("id", _str(300), True)])
    },
    "/lookup/email": {
        "get": _op("What is known about an email address", "lookupEmail", {"200": _ok("EmailLookup")},
                   params=[_q("address", _str(320), True)])
    },
    "/people": {
        "post": _op("Create a person from a LinkedIn profile (idempotent on the profile; 409 same_person when "
                    "someone of that name is tracked at that company, unless distinct)", "createPerson",
                    {"201": _ok("PersonSummary", "Created"), "200": _ok("PersonSummary", "Already known"),
                     "409": _ERROR},
                    body="PersonCreate")
    },
    "/people/{person_id}": {
        "patch": _op("Update a person", "updatePerson", {"200": _ok("PersonSummary")},
                     params=[_p("person_id")], body="PersonPatch")
    },
    "/people/{person_id}/merge": {
        "post": _op("Merge another person (and their touches) into this one; undo with the audit entry",
                    "mergePeople", {"200": _ok("MergeResult")},
                    params=[_p("person_id")], body="Merge")
    },
    "/extension/misses": {
        "post": _op("Count a page field the extension could not read (the site changed)", "reportSelectorMiss",
                    {"200": _ok("SelectorMiss")}, body="SelectorMissReport"),
        "get": _op("The extension's misses per site and selector", "listSelectorMisses",
                   {"200": _ok("SelectorMissList")}),
    },
    "/opportunities": {
        "get": _op("All opportunities", "listOpportunities", {"200": _ok("OpportunityList")})
    },
    "/opportunities/{opportunity_id}": {
        "get": _op("One opportunity with its stage history and timeline", "getOpportunity",
                   {"200": _ok("OpportunityDetail")}, params=[_p("opportunity_id")])
    },
    "/opportunities/{opportunity_id}/stage": {
        "post": _op("Change the stage by hand (audited)", "changeStage", {"200": _ok("OpportunityDetail")},
                    params=[_p("opportunity_id")], body="StageRequest")
    },
    "/opportunities/{opportunity_id}/contacts": {
        "post": _op("Attach a person to an opportunity", "addContact", {"200": _ok("OpportunityDetail")},
                    params=[_p("opportunity_id")], body="ContactRequest")
    },
    "/actions": {
        "get": _op("Open follow-ups, by urgency then due date", "listActions", {"200": _ok("ActionList")},
                   params=[_q("due", {"enum": ["today", "overdue", "week", "all"]})])
    },
    "/actions/{action_id}/done": {
        "post": _op("Mark an action done", "actionDone", {"200": _ok("Action")}, params=[ACTION_ID])
    },
    "/actions/{action_id}/dismiss": {
        "post": _op("Dismiss an action", "actionDismiss", {"200": _ok("Action")}, params=[ACTION_ID])
    },
    "/actions/{action_id}/snooze": {
        "post": _op("Snooze an action (default 3 days)", "actionSnooze", {"200": _ok("Action")},
                    params=[ACTION_ID], body="SnoozeRequest")
    },
    "/actions/{action_id}/specifics": {
        "put": _op("Set the one or two specifics this action's draft uses (an empty list clears them)",
                   "actionSpecifics", {"200": _ok("Action")}, params=[ACTION_ID], body="SpecificsRequest")
    },
    "/actions/{action_id}/draft": {
        "get": _op("A draft for an action", "actionDraft", {"200": _ok("Draft")},
                   params=[ACTION_ID, _q("channel", {"enum": ["email", "message"]})])
    },
    "/touches": {
        "post": _op("Log a touch by hand (a call, a message, a letter, a meeting)", "createTouch",
                    {"201": _ok("Touch", "Created")}, body="TouchCreate")
    },
    "/review": {"get": _op("Automatic decisions awaiting review", "listReview", {"200": _ok("ReviewList")})},
    "/review/{audit_id}/confirm": {
        "post": _op("Confirm an automatic decision", "confirmReview", {"200": _ok("AuditResult")},
                    params=[_p("audit_id")])
    },
    "/review/{audit_id}/correct": {
        "post": _op("Correct an automatic decision", "correctReview", {"200": _ok("AuditResult")},
                    params=[_p("audit_id")], body="ReviewCorrection")
    },
    "/audit/{audit_id}/undo": {
        "post": _op("Undo an audited change", "undoAudit", {"200": _ok("AuditResult")}, params=[_p("audit_id")])
    },
    "/export": {
        "get": {
            **_op("Export everything stored about the user", "exportData",
                  {"200": {"description": "JSON object of tables, a CSV (table=...) or a zip of CSVs",
                           "content": {"application/json": {"schema": _ref("Export")},
                                       "text/csv": {"schema": {"type": "string"}},
                                       "application/zip": {"schema": {"type": "string"}}}}},
                  params=[_q("format", {"enum": ["json", "csv"]}), _q("table", _str(40))]),
        }
    },
    "/accounts": {"get": _op("Connected mailboxes and their sync status", "listAccounts",
                             {"200": _ok("AccountList")})},
    "/account-health": {
        "get": _op("Whether each mailbox still syncs; a stopped one says what happened, what to do and "
                   "where to reconnect it", "listAccountHealth", {"200": _ok("AccountHealthList")},
                   params=[_q("state", {"enum": list(HEALTH_FILTERS)},
                              description="stopped: needs_reconnect and failing")])
    },
    "/openapi.json": {
        "get": _op("This document", "openapi", {"200": {"description": "OpenAPI 3.1",
                                                         "content": {"application/json": {"schema": {"type": "object"}}}}},
                   auth=False)
    },
}


for _path, _operations in openapi_capture.paths().items():
    PATHS[_path] = {**PATHS.get(_path, {}), **_operations}


def query_parameters(rule: str, method: str) -> set[str] | None:
    """Names of the query parameters declared for a werkzeug ``rule`` and method (None: unknown route)."""
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.removeprefix(API_PREFIX))
    operation = PATHS.get(path, {}).get(method.lower())
    if operation is None:
        return None
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


def build_document(server_url: str = API_PREFIX) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "topofmind API", "version": "1",
            "description": "The JSON API behind the topofmind browser extension. Every endpoint except "
                           "this document needs `Authorization: Bearer <token>`; see docs/api-contract.md.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }

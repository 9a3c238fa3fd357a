"""The Settings page's forms, each checked whole before anything is saved.

Every form goes through a JSON schema like the API's bodies (``server.validation``) or the
playbook's own bounds; a refusal raises ``ApiError(400, fields=...)`` whose fields are the
form's input names, so the page shows each message next to its field.
"""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.errors import ApiError
from server.validation import validate
from topofmind.playbook.settings import PlaybookSettings, SettingsError
from topofmind.store import models

MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 30, 3650
MAX_OWN_ADDRESSES = 50

PROFILE = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "name": {"type": ["string", "null"], "maxLength": 200},
        "timezone": {"type": "string", "minLength": 1, "maxLength": 64},
        "own_addresses": {"type": "array", "maxItems": MAX_OWN_ADDRESSES,
                          "items": {"type": "string", "maxLength": 320, "pattern": "^[^@\\s]+@[^@\\s]+$"}},
    },
}
TOKEN = {"type": "object", "properties": {"token_name": {"type": "string", "minLength": 1, "maxLength": 100}}}
REVOKE = {"type": "object", "properties": {"token_id": {"type": "string", "minLength": 1, "maxLength": 20,
                                                        "pattern": "^[A-Za-z0-9_-]+$"}}}


def refuse(field: str, message: str) -> ApiError:
    return ApiError(400, f"{field}: {message}", code="validation_error", fields={field: message})


def apply_profile(user: models.User, form) -> None:
    addresses = [a.strip().lower() for a in (form.get("own_addresses") or "").split() if a.strip()]
    body = {"name": (form.get("name") or "").strip() or None,
            "timezone": (form.get("timezone") or "UTC").strip(), "own_addresses": addresses}
    try:
        validate(PROFILE, body)
    except ApiError as exc:
        # "own_addresses.3" -> the textarea's name
        raise ApiError(400, exc.message, code="validation_error",
                       fields={k.split(".")[0]: v for k, v in (exc.fields or {}).items()}) from None
    try:
        ZoneInfo(body["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise refuse("timezone", f"“{body['timezone']}” is not a timezone name; use one like Europe/Paris") from None
    user.name, user.timezone = body["name"], body["timezone"]
    user.timezone_source = "user"  # chosen here: never replaced by the one inferred from sent mail
    user.own_addresses = sorted(set(addresses) | {user.email})


def apply_playbook(user: models.User, form) -> None:
    overrides = {k[3:]: v.strip() for k, v in form.items() if k.startswith("pb_") and v.strip()}
    try:
        PlaybookSettings.from_overrides(_typed(overrides))
    except SettingsError as exc:
        raise ApiError(400, f"Not saved: {exc}"[:2000], code="validation_error",
                       fields={f"pb_{name}"[:80]: problem[:300] for name, problem in exc.fields.items()}) from None
    kept = {k: v for k, v in (user.settings or {}).items() if k == "retention_days"}
    user.settings = {**kept, **_typed(overrides)}


def apply_retention(user: models.User, form) -> None:
    text = (form.get("retention_days") or "").strip()
    days = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None
    if days is None or not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise refuse("retention_days", f"a number of days between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS}")
    user.settings = {**(user.settings or {}), "retention_days": days}


def token_name(form) -> str:
    # The label field is "name" in the form; "token_name" beside it so it is not the profile's name.
    return validate(TOKEN, {"token_name": (form.get("name") or "extension").strip() or "extension"})["token_name"]


def token_to_revoke(form) -> str:
    return validate(REVOKE, {"token_id": form.get("token_id") or ""})["token_id"]


def check_delete_confirmed(form) -> None:
    if form.get("confirm") != "DELETE":
        raise refuse("confirm", "type DELETE (in capitals) to delete everything")


def _typed(values: dict) -> dict:
    """Form strings → numbers/booleans as the settings dataclass declares them."""
    fields = {f.name: f for f in dataclasses.fields(PlaybookSettings)}
    out = {}
    for key, value in values.items():
        if key not in fields:
            out[key] = value
            continue
        default = getattr(PlaybookSettings(), key)
        if isinstance(default, bool):
            out[key] = value.lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int) and value.isascii() and value.lstrip("-").isdigit() and len(value) < 10:
            out[key] = int(value)
        else:
            out[key] = value  # from_overrides says what is wrong
    return out

"""The Settings page's forms and controls, each form checked whole before anything is saved.

Every form goes through a JSON schema like the API's bodies (``server.validation``) or the
playbook's own bounds (``PlaybookSettings``' field metadata, the one place they are written);
a refusal raises ``ApiError(400, fields=...)`` whose fields are the form's input names, so the
page shows each message next to its field. Each playbook value gets a plain label, one line
of help, a unit and the control its kind calls for (a number, an on/off switch, a time of day).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from server.errors import ApiError
from server.validation import validate
from topofmind.playbook.settings import OTHER_USER_SETTINGS, RANGE_PAIRS, PlaybookSettings, SettingsError
from topofmind.store import models

MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 30, 3650
MAX_OWN_ADDRESSES = 50
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

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


@dataclass(frozen=True)
class Control:
    name: str
    label: str
    help: str
    kind: str = "number"  # number | toggle | hour

    @property
    def low(self) -> int:
        return _metadata()[self.name]["min"]

    @property
    def high(self) -> int:
        return _metadata()[self.name]["max"]


def _metadata() -> dict[str, dict]:
    return {f.name: f.metadata for f in dataclasses.fields(PlaybookSettings)}


_c = Control
GROUPS: tuple[tuple[str, tuple[Control, ...]], ...] = (
    ("After you apply", (
        _c("application_follow_up_min_days", "First follow-up, at the earliest",
           "Days after an online application before you write to the hiring contact."),
        _c("application_follow_up_max_days", "First follow-up, at the latest",
           "After this many days the first follow-up is late."),
        _c("second_nudge_min_days", "Another follow-up, at the earliest", "Days to wait after a follow-up nobody answered."),
        _c("second_nudge_max_days", "Another follow-up, at the latest", "After this many days that follow-up is late."),
        _c("max_unanswered_nudges", "Stop after this many unanswered follow-ups",
           "Then only occasional check-ins are suggested."),
    )),
    ("Interviews", (
        _c("thank_you_hours", "Send a thank-you within", "After an interview, a referral or an introduction."),
        _c("interview_length_minutes", "An interview lasts", "Used when the invitation gives no end time."),
        _c("post_interview_status_days", "Ask for news after",
           "Days after an interview when they gave no date for their decision."),
        _c("post_interview_repeat_days", "Then ask again every", "While the employer stays silent."),
        _c("post_interview_repeat_count", "Ask at that pace this many times",
           "Before slowing down to the monthly pace below."),
        _c("post_interview_monthly_days", "Then ask every", "The slower pace once those are used up."),
        _c("at_risk_grace_days", "A promised decision is late after", "Days past the date they gave you."),
        _c("at_risk_silence_days", "Silence after an interview is a warning after", "When they gave no date."),
    )),
    ("Offers", (
        _c("offer_review_days", "Time to weigh an offer", "Days to review and negotiate before you answer."),
        _c("wrap_up_days", "After accepting, tell the others within", "Other employers and the people who helped you."),
    )),
    ("Referrals and your network", (
        _c("referral_follow_up_min_days", "Follow up a referral, at the earliest",
           "Days after being referred before writing to that person."),
        _c("referral_follow_up_max_days", "Follow up a referral, at the latest", "After this many days it is late."),
        _c("networking_follow_up_hours", "Follow up a meeting within",
           "A networking meeting, an informational interview or a rejection."),
        _c("follow_up_latest_hours", "Such a follow-up is still on time within", "After this it is shown as late."),
        _c("check_in_min_days", "Check in with your network, at the earliest", "Days after your last contact with someone."),
        _c("check_in_max_days", "Check in with your network, at the latest", "After this the check-in is overdue."),
        _c("min_gap_days", "Never write to one person twice within", "Thank-you notes excepted."),
    )),
    ("When things are due", (
        _c("work_day_start_hour", "Follow-ups become due at", "The time of day, in your timezone.", "hour"),
        _c("skip_weekends", "Skip weekends", "Work messages due on a Saturday or Sunday move to Monday morning.",
           "toggle"),
        _c("stale_after_days", "Forget a missed follow-up after", "Days past its latest useful date."),
    )),
)
CONTROLS = {c.name: c for _title, controls in GROUPS for c in controls}
UNITS = {"days": "days", "hours": "hours", "minutes": "minutes", "messages": "messages", "hour": "", "yes/no": ""}
TRUE, FALSE = {"on", "1", "true", "yes"}, {"", "0", "off", "false", "no"}


def refuse(field: str, message: str) -> ApiError:
    return ApiError(400, f"{field}: {message}", code="validation_error", fields={field: message})


def unit_of(name: str) -> str:
    unit = _metadata()[name]["unit"]
    return UNITS.get(unit, unit)


def current_playbook(user: models.User) -> PlaybookSettings:
    """The user's timings; the defaults when what is stored no longer passes the bounds."""
    try:
        return PlaybookSettings.from_user_settings(user.settings)
    except SettingsError:
        return PlaybookSettings()


def rows(current: PlaybookSettings, submitted: dict | None = None, errors: dict | None = None) -> list[dict]:
    """The groups as the template draws them: each control with its value (or what was sent)."""
    defaults = PlaybookSettings()
    return [{"title": title, "controls": [
        {"c": c, "unit": unit_of(c.name), "default": getattr(defaults, c.name),
         "value": (submitted or {}).get(c.name, getattr(current, c.name)),
         "error": (errors or {}).get(f"pb_{c.name}")} for c in controls]} for title, controls in GROUPS]


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones()
                        if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))) + ("UTC",)


def timezones(current: str | None = None) -> tuple[str, ...]:
    """The zones to choose from, with the user's own when it is a zone the list leaves out."""
    names = _zone_names()
    return names if not current or current in names or not _is_zone(current) else (current, *names)


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


def apply_profile(user: models.User, form) -> None:
    addresses = [a.strip().lower() for a in (form.get("own_addresses") or "").split() if a.strip()]
    body = {"name": (form.get("name") or "").strip() or None,
            "timezone": (form.get("timezone") or "UTC").strip(), "own_addresses": addresses}
    errors: dict[str, str] = {}
    try:
        validate(PROFILE, body)
    except ApiError as exc:
        # "own_addresses.3" -> the textarea's name
        for name, problem in (exc.fields or {}).items():
            errors.setdefault(name.split(".")[0], problem)
    bad = [a for a in addresses if not ADDRESS.fullmatch(a)]
    if bad:
        errors["own_addresses"] = f"Not an email address: {', '.join(a[:80] for a in bad[:3])}."
    if "timezone" not in errors and body["timezone"] not in timezones(user.timezone):
        errors["timezone"] = "Choose your timezone from the list (for example Europe/Paris)."
    if errors:
        raise ApiError(400, "; ".join(f"{k}: {v}" for k, v in errors.items()), code="validation_error",
                       fields=errors)
    user.name, user.timezone = body["name"], body["timezone"]
    user.timezone_source = "user"  # chosen here: never replaced by the one inferred from sent mail
    user.own_addresses = sorted(set(addresses) | {user.email})


def apply_playbook(user: models.User, form) -> None:
    """The timings form: a field not sent keeps its current value; a bad one is named (``pb_<name>``)."""
    current, defaults = current_playbook(user), PlaybookSettings()
    values: dict = {}
    errors: dict[str, str] = {}
    for name, control in CONTROLS.items():
        sent = form.getlist(f"pb_{name}")
        if not sent:
            values[name] = getattr(current, name)
            continue
        raw = (sent[-1] or "").strip()  # a checkbox follows its hidden "off"
        problem = _problem(control, raw)
        if problem:
            errors[f"pb_{name}"] = problem
        else:
            values[name] = raw.lower() in TRUE if control.kind == "toggle" else int(raw)
    for low, high in RANGE_PAIRS:
        if f"pb_{low}" not in errors and f"pb_{high}" not in errors and values[low] > values[high]:
            errors[f"pb_{low}"] = f"Must not be more than “{CONTROLS[high].label}” ({values[high]})."
    if not errors:
        try:  # the domain's own check, whatever the page checked above
            PlaybookSettings.from_overrides(values)
        except SettingsError as exc:
            errors = {f"pb_{name}"[:80]: problem[:300] for name, problem in exc.fields.items()}
    if errors:
        raise ApiError(400, f"Not saved: {len(errors)} timings to correct", code="validation_error", fields=errors)
    kept = {k: v for k, v in (user.settings or {}).items() if k in OTHER_USER_SETTINGS}
    user.settings = {**kept, **{k: v for k, v in values.items() if v != getattr(defaults, k)}}


def _problem(control: Control, raw: str) -> str | None:
    if control.kind == "toggle":
        return None if raw.lower() in TRUE | FALSE else "Choose on or off."
    if not (raw.isascii() and raw.lstrip("-").isdigit()) or len(raw) > 9:
        return "Choose a time of day." if control.kind == "hour" else f"Give a whole number of {unit_of(control.name)}."
    if not control.low <= int(raw) <= control.high:
        return (f"Between {control.low}:00 and {control.high}:00." if control.kind == "hour"
                else f"Between {control.low} and {control.high} {unit_of(control.name)}.")
    return None


def apply_retention(user: models.User, form) -> int:
    text = (form.get("retention_days") or "").strip()
    days = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None
    if days is None or not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise refuse("retention_days", f"Between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} days.")
    user.settings = {**(user.settings or {}), "retention_days": days}
    return days


def token_name(form) -> str:
    # The label field is "name" in the form; "token_name" beside it so it is not the profile's name.
    return validate(TOKEN, {"token_name": (form.get("name") or "extension").strip() or "extension"})["token_name"]


def token_to_revoke(form) -> str:
    return validate(REVOKE, {"token_id": form.get("token_id") or ""})["token_id"]


def check_delete_confirmed(user: models.User, form) -> None:
    """Deleting everything needs the account's address typed: a deliberate act, not a reflex."""
    if (form.get("confirm") or "").strip().lower() != user.email.lower():
        raise refuse("confirm", f"Type your address, {user.email}, to confirm.")

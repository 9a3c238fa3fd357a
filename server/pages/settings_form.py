"""The Settings page's controls: each playbook threshold with a plain label, one line of help,
a unit, bounds and its kind of control; parsing that names the field of every bad value."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from topofmind.playbook.settings import PlaybookSettings, SettingsError


@dataclass(frozen=True)
class Control:
    name: str
    label: str
    help: str
    low: int = 0
    high: int = 365
    kind: str = "number"  # number | toggle | hour


def _c(name, label, help_, low=0, high=365, kind="number") -> Control:
    return Control(name, label, help_, low, high, kind)


GROUPS: tuple[tuple[str, tuple[Control, ...]], ...] = (
    ("After you apply", (
        _c("application_follow_up_min_days", "First follow-up, at the earliest", "Days after an online application before you write to the hiring contact.", 0, 30),
        _c("application_follow_up_max_days", "First follow-up, at the latest", "After this many days the first follow-up is late.", 0, 30),
        _c("second_nudge_min_days", "Another follow-up, at the earliest", "Days to wait after a follow-up nobody answered.", 1, 60),
        _c("second_nudge_max_days", "Another follow-up, at the latest", "After this many days that follow-up is late.", 1, 90),
        _c("max_unanswered_nudges", "Stop after this many unanswered follow-ups", "Then only occasional check-ins are suggested.", 1, 10),
    )),
    ("Interviews", (
        _c("thank_you_hours", "Send a thank-you within", "After an interview, a referral or an introduction.", 1, 168),
        _c("interview_length_minutes", "An interview lasts", "Used when the invitation gives no end time.", 5, 480),
        _c("post_interview_status_days", "Ask for news after", "Days after an interview when they gave no date for their decision.", 1, 60),
        _c("post_interview_repeat_days", "Then ask again every", "While the employer stays silent.", 1, 90),
        _c("post_interview_repeat_count", "Ask at that pace this many times", "Before slowing down to the monthly pace below.", 0, 10),
        _c("post_interview_monthly_days", "Then ask every", "The slower pace once those are used up.", 7, 120),
        _c("at_risk_grace_days", "A promised decision is late after", "Days past the date they gave you.", 0, 60),
        _c("at_risk_silence_days", "Silence after an interview is a warning after", "When they gave no date.", 1, 120),
    )),
    ("Offers", (
        _c("offer_review_days", "Time to weigh an offer", "Days to review and negotiate before you answer.", 1, 30),
        _c("wrap_up_days", "After accepting, tell the others within", "Other employers and the people who helped you.", 1, 30),
    )),
    ("Referrals and your network", (
        _c("referral_follow_up_min_days", "Follow up a referral, at the earliest", "Days after being referred before writing to that person.", 0, 60),
        _c("referral_follow_up_max_days", "Follow up a referral, at the latest", "After this many days it is late.", 0, 60),
        _c("networking_follow_up_hours", "Follow up a meeting within", "A networking meeting, an informational interview or a rejection.", 1, 168),
        _c("follow_up_latest_hours", "Such a follow-up is still on time within", "After this it is shown as late.", 1, 336),
        _c("check_in_min_days", "Check in with your network, at the earliest", "Days after your last contact with someone.", 7, 730),
        _c("check_in_max_days", "Check in with your network, at the latest", "After this the check-in is overdue.", 7, 730),
        _c("min_gap_days", "Never write to one person twice within", "Thank-you notes excepted.", 0, 90),
    )),
    ("When things are due", (
        _c("work_day_start_hour", "Follow-ups become due at", "The time of day, in your timezone.", 0, 23, "hour"),
        _c("skip_weekends", "Skip weekends", "Work messages due on a Saturday or Sunday move to Monday morning.", kind="toggle"),
        _c("stale_after_days", "Forget a missed follow-up after", "Days past its latest useful date.", 1, 365),
    )),
)
CONTROLS = {c.name: c for _title, controls in GROUPS for c in controls}
UNITS = {"days": ("day", "days"), "hours": ("hour", "hours"), "minutes": ("minute", "minutes"),
         "messages": ("message", "messages"), "hour": ("", ""), "yes/no": ("", "")}
TRUE, FALSE = {"on", "1", "true", "yes"}, {"", "0", "off", "false", "no"}


def units() -> dict[str, str]:
    meta = {f.name: f.metadata["unit"] for f in dataclasses.fields(PlaybookSettings)}
    return {name: UNITS.get(unit, (unit, unit))[1] for name, unit in meta.items()}


def rows(current: PlaybookSettings, submitted: dict | None = None, errors: dict | None = None) -> list[dict]:
    """The groups as the template draws them: each control with its value (or what was sent)."""
    unit_of, defaults = units(), PlaybookSettings()
    out = []
    for title, controls in GROUPS:
        out.append({"title": title, "controls": [
            {"c": c, "unit": unit_of[c.name], "default": getattr(defaults, c.name),
             "value": (submitted or {}).get(c.name, getattr(current, c.name)),
             "error": (errors or {}).get(c.name)} for c in controls]})
    return out


def parse(form) -> tuple[dict, dict[str, str]]:
    """Form fields ``pb_<name>`` -> (overrides differing from the defaults, {name: problem})."""
    defaults, unit_of = PlaybookSettings(), units()
    values: dict = {}
    errors: dict[str, str] = {}
    for name, control in CONTROLS.items():
        sent = form.getlist(f"pb_{name}") if hasattr(form, "getlist") else [form.get(f"pb_{name}")]
        raw = (sent[-1] if sent else "") or ""  # a checkbox follows its hidden "off"
        raw = raw.strip()
        if control.kind == "toggle":
            if raw.lower() not in TRUE | FALSE:
                errors[name] = "Choose on or off."
                continue
            values[name] = raw.lower() in TRUE
            continue
        try:
            number = int(raw)
        except ValueError:
            errors[name] = ("Choose a time of day." if control.kind == "hour"
                            else f"Give a whole number of {unit_of[name]}.")
            continue
        if not control.low <= number <= control.high:
            errors[name] = (f"Between {control.low}:00 and {control.high}:00." if control.kind == "hour"
                            else f"Between {control.low} and {control.high} {unit_of[name]}.")
            continue
        values[name] = number
    if not errors:
        try:
            PlaybookSettings.from_overrides(values)
        except SettingsError as exc:
            for problem in exc.problems:
                low, _, rest = problem.partition(" ")
                high = next((n for n in CONTROLS if f" {n} " in f" {rest} "), None)
                if low in CONTROLS and high:
                    errors[low] = f"Must not be more than “{CONTROLS[high].label}” ({values[high]})."
                else:
                    errors.setdefault(low if low in CONTROLS else "_form", problem)
    overrides = {k: v for k, v in values.items() if v != getattr(defaults, k)}
    return overrides, errors


@cache
def timezones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
                 ) + ("UTC",)

"""Every playbook threshold in one object the user can change.

The defaults come from the seed articles (see docs/PLAYBOOK.md). A user's overrides are
stored as a plain dict (``User.settings``) and turned into settings with
``PlaybookSettings.from_overrides``, which refuses anything it does not understand and says
what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

# Keys of User.settings that belong to other parts of the app, not to the playbook.
OTHER_USER_SETTINGS = frozenset({"retention_days"})

# (earliest, latest) pairs: the first may not exceed the second.
RANGE_PAIRS = (
    ("application_follow_up_min_days", "application_follow_up_max_days"),
    ("referral_follow_up_min_days", "referral_follow_up_max_days"),
    ("second_nudge_min_days", "second_nudge_max_days"),
    ("check_in_min_days", "check_in_max_days"),
    ("networking_follow_up_hours", "follow_up_latest_hours"),
)


class SettingsError(ValueError):
    """Overrides that cannot be applied; ``problems`` lists each one in plain words."""

    def __init__(self, problems: list[str], fields: dict[str, str] | None = None):
        self.problems = problems
        self.fields = fields or {}  # setting name -> what is wrong with it
        super().__init__("; ".join(problems))


def _setting(default, unit: str, doc: str, minimum: int = 0, maximum: int | None = None):
    """``minimum``..``maximum``: what still makes sense as advice (a thank-you within 1 hour to
    14 days, a check-in within two years); a value beyond is refused, never stored."""
    return field(default=default, metadata={"unit": unit, "doc": doc, "min": minimum, "max": maximum})


@dataclass(frozen=True)
class PlaybookSettings:
    application_follow_up_min_days: int = _setting(
        1, "days", "Earliest follow-up with the hiring contact after applying online.", maximum=30)
    application_follow_up_max_days: int = _setting(
        2, "days", "Latest follow-up with the hiring contact after applying online.", maximum=30)
    referral_follow_up_min_days: int = _setting(
        5, "days", "Earliest warm follow-up with a person you were referred to.", maximum=60)
    referral_follow_up_max_days: int = _setting(
        7, "days", "Latest warm follow-up with a person you were referred to.", maximum=60)
    second_nudge_min_days: int = _setting(
        7, "days", "Earliest extra follow-up after an unanswered one.", maximum=90)
    second_nudge_max_days: int = _setting(
        14, "days", "Latest extra follow-up after an unanswered one.", maximum=90)
    max_unanswered_nudges: int = _setting(
        2, "messages", "Unanswered messages after which active follow-up stops and check-ins take over.", 1, maximum=10)
    check_in_min_days: int = _setting(
        90, "days", "Earliest periodic check-in after the last contact with a person.", maximum=730)
    check_in_max_days: int = _setting(
        120, "days", "Latest periodic check-in after the last contact with a person.", maximum=730)
    thank_you_hours: int = _setting(
        24, "hours", "Send a thank-you within this many hours of an interview, referral or introduction.", 1, maximum=336)
    interview_length_minutes: int = _setting(
        60, "minutes", "Assumed length of an interview whose end time is unknown.", 1, maximum=1440)
    post_interview_status_days: int = _setting(
        7, "days", "First status follow-up after an interview when no timeline was given.", 1, maximum=90)
    post_interview_repeat_days: int = _setting(
        14, "days", "Gap between status follow-ups while the employer stays silent.", 1, maximum=90)
    post_interview_repeat_count: int = _setting(
        2, "messages", "Status follow-ups at the short gap before switching to monthly ones.", maximum=10)
    post_interview_monthly_days: int = _setting(
        30, "days", "Gap between status follow-ups once the short ones are used up.", 1, maximum=180)
    min_gap_days: int = _setting(
        14, "days", "Never reach the same person twice within this many days (thank-you notes excepted).", maximum=180)
    networking_follow_up_hours: int = _setting(
        24, "hours", "Follow up a networking meeting, informational interview or rejection within this many hours.", 1, maximum=336)
    follow_up_latest_hours: int = _setting(
        36, "hours", "The latest such a prompt follow-up still counts as timely.", 1, maximum=336)
    offer_review_days: int = _setting(
        3, "days", "Time to review and negotiate an offer before answering.", 1, maximum=30)
    wrap_up_days: int = _setting(
        2, "days", "Tell other employers and thank your helpers within this many days of accepting.", 1, maximum=30)
    at_risk_grace_days: int = _setting(
        2, "days", "Days past a promised decision date before the opportunity counts as at risk.", maximum=90)
    at_risk_silence_days: int = _setting(
        21, "days", "Silence after an interview (no timeline given) before the opportunity counts as at risk.", 1, maximum=180)
    stale_after_days: int = _setting(
        30, "days", "A missed, event-bound action disappears this many days after its latest date.", 1, maximum=365)
    work_day_start_hour: int = _setting(
        9, "hour", "Local hour at which day-based follow-ups become due.", maximum=23)
    skip_weekends: bool = _setting(
        True, "yes/no", "Move work outreach that would fall on a Saturday or Sunday to Monday morning.")

    # --- construction and description -------------------------------------------------

    @classmethod
    def from_overrides(cls, overrides: dict | None) -> PlaybookSettings:
        """Defaults with ``overrides`` applied; raise SettingsError listing every problem."""
        overrides = dict(overrides or {})
        known = {f.name: f for f in fields(cls)}
        problems: dict[str, str] = {}
        changes: dict = {}
        for name, value in overrides.items():
            f = known.get(name)
            if f is None:
                problems[name] = f"unknown setting {name!r}; known settings: {', '.join(sorted(known))}"
                continue
            low, high = f.metadata["min"], f.metadata["max"]
            if isinstance(f.default, bool):
                if not isinstance(value, bool):
                    problems[name] = f"{name} must be true or false, not {str(value)[:40]!r}"
                    continue
            elif isinstance(value, bool) or not isinstance(value, int):
                problems[name] = f"{name} must be a whole number of {f.metadata['unit']}, not {str(value)[:40]!r}"
                continue
            elif value < low:
                problems[name] = f"{name} must be at least {low} {f.metadata['unit']}, not {value}"
                continue
            elif high is not None and value > high:
                problems[name] = f"{name} must be at most {high} {f.metadata['unit']}, not {value}"
                continue
            changes[name] = value
        candidate = replace(cls(), **changes)
        for name, problem in candidate._range_problems():
            problems.setdefault(name, problem)
        if problems:
            raise SettingsError(list(problems.values()), problems)
        return candidate

    @classmethod
    def from_user_settings(cls, stored: dict | None) -> PlaybookSettings:
        """From ``User.settings``, which also holds other parts' keys (see OTHER_USER_SETTINGS)."""
        return cls.from_overrides({k: v for k, v in (stored or {}).items() if k not in OTHER_USER_SETTINGS})

    def _range_problems(self) -> list[tuple[str, str]]:
        problems = []
        for low, high in RANGE_PAIRS:
            if getattr(self, low) > getattr(self, high):
                problems.append((high, f"{low} ({getattr(self, low)}) must not exceed {high} ({getattr(self, high)})"))
        return problems

    def describe(self) -> list[dict]:
        """One row per setting for a settings page: name, value, default, unit, doc."""
        defaults = PlaybookSettings()
        return [
            {
                "name": f.name,
                "value": getattr(self, f.name),
                "default": getattr(defaults, f.name),
                "unit": f.metadata["unit"],
                "doc": f.metadata["doc"],
            }
            for f in fields(self)
        ]

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


class SettingsError(ValueError):
    """Overrides that cannot be applied; ``problems`` lists each one in plain words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _setting(default, unit: str, doc: str, minimum: int = 0):
    return field(default=default, metadata={"unit": unit, "doc": doc, "min": minimum})


@dataclass(frozen=True)
class PlaybookSettings:
    application_follow_up_min_days: int = _setting(
        1, "days", "Earliest follow-up with the hiring contact after applying online.")
    application_follow_up_max_days: int = _setting(
        2, "days", "Latest follow-up with the hiring contact after applying online.")
    referral_follow_up_min_days: int = _setting(
        5, "days", "Earliest warm follow-up with a person you were referred to.")
    referral_follow_up_max_days: int = _setting(
        7, "days", "Latest warm follow-up with a person you were referred to.")
    second_nudge_min_days: int = _setting(
        7, "days", "Earliest extra follow-up after an unanswered one.")
    second_nudge_max_days: int = _setting(
        14, "days", "Latest extra follow-up after an unanswered one.")
    max_unanswered_nudges: int = _setting(
        2, "messages", "Unanswered messages after which active follow-up stops and check-ins take over.", 1)
    check_in_min_days: int = _setting(
        90, "days", "Earliest periodic check-in after the last contact with a person.")
    check_in_max_days: int = _setting(
        120, "days", "Latest periodic check-in after the last contact with a person.")
    thank_you_hours: int = _setting(
        24, "hours", "Send a thank-you within this many hours of an interview, referral or introduction.", 1)
    interview_length_minutes: int = _setting(
        60, "minutes", "Assumed length of an interview whose end time is unknown.", 1)
    post_interview_status_days: int = _setting(
        7, "days", "First status follow-up after an interview when no timeline was given.", 1)
    post_interview_repeat_days: int = _setting(
        14, "days", "Gap between status follow-ups while the employer stays silent.", 1)
    post_interview_repeat_count: int = _setting(
        2, "messages", "Status follow-ups at the short gap before switching to monthly ones.")
    post_interview_monthly_days: int = _setting(
        30, "days", "Gap between status follow-ups once the short ones are used up.", 1)
    min_gap_days: int = _setting(
        14, "days", "Never reach the same person twice within this many days (thank-you notes excepted).")
    networking_follow_up_hours: int = _setting(
        24, "hours", "Follow up a networking meeting, informational interview or rejection within this many hours.", 1)
    follow_up_latest_hours: int = _setting(
        36, "hours", "The latest such a prompt follow-up still counts as timely.", 1)
    offer_review_days: int = _setting(
        3, "days", "Time to review and negotiate an offer before answering.", 1)
    wrap_up_days: int = _setting(
        2, "days", "Tell other employers and thank your helpers within this many days of accepting.", 1)
    at_risk_grace_days: int = _setting(
        2, "days", "Days past a promised decision date before the opportunity counts as at risk.")
    at_risk_silence_days: int = _setting(
        21, "days", "Silence after an interview (no timeline given) before the opportunity counts as at risk.", 1)
    stale_after_days: int = _setting(
        30, "days", "A missed, event-bound action disappears this many days after its latest date.", 1)
    work_day_start_hour: int = _setting(
        9, "hour", "Local hour at which day-based follow-ups become due.")
    skip_weekends: bool = _setting(
        True, "yes/no", "Move work outreach that would fall on a Saturday or Sunday to Monday morning.")

    # --- construction and description -------------------------------------------------

    @classmethod
    def from_overrides(cls, overrides: dict | None) -> PlaybookSettings:
        """Defaults with ``overrides`` applied; raise SettingsError listing every problem."""
        overrides = dict(overrides or {})
        known = {f.name: f for f in fields(cls)}
        problems: list[str] = []
        changes: dict = {}
        for name, value in overrides.items():
            f = known.get(name)
            if f is None:
                problems.append(f"unknown setting {name!r}; known settings: {', '.join(sorted(known))}")
                continue
            if isinstance(f.default, bool):
                if not isinstance(value, bool):
                    problems.append(f"{name} must be true or false, not {value!r}")
                    continue
            elif isinstance(value, bool) or not isinstance(value, int):
                problems.append(f"{name} must be a whole number of {f.metadata['unit']}, not {value!r}")
                continue
            elif value < f.metadata["min"]:
                problems.append(f"{name} must be at least {f.metadata['min']}, not {value}")
                continue
            changes[name] = value
        candidate = replace(cls(), **changes)
        problems.extend(candidate._range_problems())
        if problems:
            raise SettingsError(problems)
        return candidate

    @classmethod
    def from_user_settings(cls, stored: dict | None) -> PlaybookSettings:
        """From ``User.settings``, which also holds other parts' keys (see OTHER_USER_SETTINGS)."""
        return cls.from_overrides({k: v for k, v in (stored or {}).items() if k not in OTHER_USER_SETTINGS})

    def _range_problems(self) -> list[str]:
        problems = []
        for low, high in (
            ("application_follow_up_min_days", "application_follow_up_max_days"),
            ("referral_follow_up_min_days", "referral_follow_up_max_days"),
            ("second_nudge_min_days", "second_nudge_max_days"),
            ("check_in_min_days", "check_in_max_days"),
            ("networking_follow_up_hours", "follow_up_latest_hours"),
        ):
            if getattr(self, low) > getattr(self, high):
                problems.append(f"{low} ({getattr(self, low)}) must not exceed {high} ({getattr(self, high)})")
        if self.work_day_start_hour > 23:
            problems.append(f"work_day_start_hour must be between 0 and 23, not {self.work_day_start_hour}")
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

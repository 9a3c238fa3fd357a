"""The candidate's timezone, read from the offsets of their own sent mail.

A Date header carries the sender's UTC offset at that moment (-0500 in a New York winter,
-0400 in its summer). A zone explains a message when its offset at that instant is the one
written; the zone that explains most messages wins, ties going to the most common zone of
its offsets (America/New_York before America/Detroit). Pure: samples in, a name out.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# When several zones explain the same offsets, the one most people live in.
PREFERRED = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Halifax",
    "America/Sao_Paulo", "America/Mexico_City", "America/Bogota", "America/Argentina/Buenos_Aires",
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
    "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki",
    "Europe/Istanbul", "Europe/Moscow", "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo", "Africa/Nairobi",
    "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Singapore",
    "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Brisbane",
    "Australia/Sydney", "Australia/Adelaide", "Pacific/Auckland", "UTC",
)
MIN_SAMPLES = 3


@cache
def _candidates() -> tuple[str, ...]:
    names = {n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/", "posix/", "right/"))}
    return tuple(sorted(names | {"UTC"}, key=lambda n: (PREFERRED.index(n) if n in PREFERRED else len(PREFERRED), n)))


def infer_timezone(samples: list[tuple[datetime, int]]) -> str | None:
    """The zone name that best explains ``samples`` ((instant, offset in minutes) of sent
    messages), or None with fewer than MIN_SAMPLES or when no zone explains most of them."""
    samples = [(at, offset) for at, offset in samples if at is not None and offset is not None]
    if len(samples) < MIN_SAMPLES:
        return None
    best, best_score = None, 0
    for name in _candidates():
        zone = ZoneInfo(name)
        score = sum(1 for at, offset in samples if int(at.astimezone(zone).utcoffset().total_seconds() // 60) == offset)
        if score > best_score:
            best, best_score = name, score
        if best_score == len(samples):
            break  # candidates come most common first: the first to explain all of them wins
    return best if best_score * 2 > len(samples) else None


def describe_offsets(samples: list[tuple[datetime, int]]) -> str:
    """'UTC−05:00 and UTC−04:00': the offsets seen, most frequent first."""
    seen = Counter(offset for _, offset in samples if offset is not None)
    return " and ".join(_utc(o) for o, _ in seen.most_common(3))


def _utc(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache  # asked for every action a page or a digest shows
def user_zone(name: str | None) -> ZoneInfo:
    """The user's timezone; UTC for none or a name this machine does not know."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

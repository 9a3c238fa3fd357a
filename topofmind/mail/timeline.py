"""Dates in mail text, resolved against the message's own date (never the clock).

Two jobs:
- ``find_datetime``: an interview time written in prose ("Tuesday, March 3 at 2:30 PM ET",
  "3 March 2026, 14:00 CET", "2026-03-03 14:00", "tomorrow at 10am") -> an aware datetime.
  A time without a zone takes the message's own UTC offset (the sender's local time).
- ``find_timeline``: a stated decision timeline ("we'll get back to you by Friday",
  "within two weeks", "early next week") -> (date, the phrase as written).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from topofmind.mail.prefilter import lowered_stands_for, search_at_prefixes, selective_prefixes

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
WEEKDAYS = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "a": 1, "an": 1, "a couple of": 2, "a couple": 2, "couple of": 2,
           "a few": 3, "few": 3, "several": 4}

# Common abbreviations -> a zone (DST handled by the zone itself).
TZ_ABBREV = {
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
    "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
    "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London",
    "utc": "UTC", "z": "UTC", "cet": "Europe/Berlin", "cest": "Europe/Berlin", "wet": "Europe/Lisbon",
    "eet": "Europe/Helsinki", "ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney", "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong", "nzst": "Pacific/Auckland",
}

_WD = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_TIME = (r"(?P<h>\d{1,2})(?:[:.h](?P<mi>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)?"
         r"(?:\s*(?:[-–]|to|until)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?)?")
_ZONE = (r"(?:\s*\(?(?P<tz>(?:utc|gmt)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[a-z]+/[a-z_]+(?:/[a-z_]+)?|"
         r"(?:et|ct|mt|pt|est|edt|cst|cdt|mst|mdt|pst|pdt|gmt|bst|utc|cet|cest|wet|eet|ist|jst|aest|aedt|sgt|hkt|nzst)\b"
         r"|(?:eastern|central|mountain|pacific)(?: time)?)\)?)?")

_DATE_FORMS = [
    # Tuesday, March 3rd, 2026 / March 3 / Mar. 3, 2026
    rf"(?:(?P<wd1>{_WD}),?\s+)?(?P<mon1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>20\d\d))?",
    # Tuesday 3 March 2026 / 3rd of March
    rf"(?:(?P<wd2>{_WD}),?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MON})(?:,?\s+(?P<y2>20\d\d))?",
    # 2026-03-03
    r"(?P<y3>20\d\d)-(?P<mon3>\d{1,2})-(?P<d3>\d{1,2})",
    # 03/03/2026 (US order unless the first number cannot be a month)
    r"(?P<a4>\d{1,2})/(?P<b4>\d{1,2})(?:/(?P<y4>(?:20)?\d\d))?",
    # Tuesday / tomorrow / today
    rf"(?P<rel>tomorrow|today|(?:this\s+|next\s+)?{_WD})",
]
_DATETIME = re.compile(
    r"\b(?:" + "|".join(f"(?:{f})" for f in _DATE_FORMS) + r")"
    r"(?:,?\s*(?:at|@|from|,|-|–)?\s*)" + _TIME + _ZONE,
    re.I,
)
_TIME_FIRST = re.compile(
    r"\b" + _TIME.replace("?P<h>", "?P<h>").replace("(?P<ap>", "(?P<ap>") + _ZONE +
    r"\s*(?:on\s+)?(?:,\s*)?(?:" + "|".join(f"(?:{f})" for f in _DATE_FORMS) + r")\b",
    re.I,
)


def zone_for(name: str | None, fallback: tzinfo) -> tzinfo:
    if not name:
        return fallback
    key = " ".join(name.lower().split()).removesuffix(" time")
    m = re.fullmatch(r"(?:utc|gmt)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?", key)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
    zone = TZ_ABBREV.get(key)
    try:
        return ZoneInfo(zone or name.strip().replace(" ", "_"))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return fallback


def _weekday_after(ref: date, wd: int, *, next_week: bool = False) -> date:
    days = (wd - ref.weekday()) % 7 or 7
    if next_week and days < 7 and ref.weekday() < wd:
        days += 7
    return ref + timedelta(days=days)


def _month(token: str) -> int:
    return MONTHS[token.lower()[:3]]


def _resolve_date(g: dict, ref: date) -> date | None:
    try:
        if g.get("mon1") or g.get("mon2"):
            mon = _month(g.get("mon1") or g["mon2"])
            day = int(g.get("d1") or g["d2"])
            year = g.get("y1") or g.get("y2")
            if year:
                return date(int(year), mon, day)
            cand = date(ref.year, mon, day)
            # A date without a year is the next one on or after the message (within reason).
            return cand if cand >= ref - timedelta(days=7) else date(ref.year + 1, mon, day)
        if g.get("y3"):
            return date(int(g["y3"]), int(g["mon3"]), int(g["d3"]))
        if g.get("a4"):
            a, b = int(g["a4"]), int(g["b4"])
            mon, day = (a, b) if a <= 12 else (b, a)
            year = int(g["y4"]) if g.get("y4") else ref.year
            year = year + 2000 if year < 100 else year
            cand = date(year, mon, day)
            if not g.get("y4") and cand < ref - timedelta(days=7):
                cand = date(year + 1, mon, day)
            return cand
        rel = (g.get("rel") or "").lower()
        if rel == "today":
            return ref
        if rel == "tomorrow":
            return ref + timedelta(days=1)
        if rel:
            words = rel.split()
            return _weekday_after(ref, WEEKDAYS[words[-1][:3]], next_week=words[0] == "next")
    except (ValueError, KeyError):
        return None
    return None


def _resolve_time(g: dict) -> time | None:
    h = int(g["h"])
    mi = int(g.get("mi") or 0)
    ap = (g.get("ap") or "").replace(".", "").lower()
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if not ap and not g.get("mi"):
        return None  # a bare number ("March 3 2") is not a time
    if h > 23 or mi > 59:
        return None
    return time(h, mi)


def find_datetime(text: str, ref: datetime) -> datetime | None:
    """The first date-with-time in ``text`` as an aware datetime, resolved against ``ref``."""
    ref_tz = ref.tzinfo or UTC
    for pattern in (_DATETIME, _TIME_FIRST):
        for m in pattern.finditer(text):
            g = m.groupdict()
            day = _resolve_date(g, ref.date())
            t = _resolve_time(g)
            if day is None or t is None:
                continue
            return datetime.combine(day, t, tzinfo=zone_for(g.get("tz"), ref_tz))
    return None


# --- stated timelines -----------------------------------------------------------------------

_AMOUNT = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|an?|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few|several)"
_TIMELINE = re.compile(
    r"\b(?:"
    rf"(?:within|in)\s+(?:the\s+)?(?:next\s+)?{_AMOUNT}\s+(?:(?P<biz>business|working)\s+)?(?P<unit>days?|weeks?)"
    rf"|(?:by|before|on|until)\s+(?:(?P<nx>next|this)\s+)?(?P<wd>{_WD})"
    r"|(?:by|before)\s+(?:the\s+)?end\s+of\s+(?:(?P<eonx>next|this|the)\s+)?(?P<eounit>day|week|month)"
    r"|(?P<eo>eod|eow|end of day|end of week)"
    r"|(?P<wk>(?:early|later|late|sometime|by)?\s*(?:next|this)\s+week)"
    rf"|(?:by|before|on)\s+(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    r")",
    re.I,
)
_PROMISE = re.compile(
    r"\b(?:hear(?:ing)?\s+(?:back|from)|get\s+back|let\s+you\s+know|be\s+in\s+touch|update|decision|decide|"
    r"feedback|respond|follow\s+up|reach\s+out|next\s+steps?|timeline|reply|answer|wrap\s+up|finaliz|"
    r"expect|deadline|complete)", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]|\n|$)")
# The same two patterns (all lower-case) matched case-sensitively against the lower-cased text:
# several times faster than a caseless scan, and any caseless match is one there too.
_PROMISE_LOWER = re.compile(_PROMISE.pattern)
_TIMELINE_LOWER = re.compile(_TIMELINE.pattern)
_PROMISE_PREFIXES = selective_prefixes(_PROMISE_LOWER, shortest=2)  # "hear", "get", "be"...: tried only there


def _may_state_timeline(text: str) -> bool:
    lowered = text.lower()
    if lowered_stands_for(text, lowered):
        return bool(search_at_prefixes(_PROMISE_LOWER, lowered, lowered, _PROMISE_PREFIXES)
                    and _TIMELINE_LOWER.search(lowered))
    return bool(_PROMISE.search(text) and _TIMELINE.search(text))


def _add_business_days(start: date, n: int) -> date:
    d = start
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _amount(token: str) -> int:
    token = " ".join(token.lower().split())
    return int(token) if token.isdigit() else NUMBERS.get(token, NUMBERS.get(token.removeprefix("a "), 2))


def find_timeline(text: str, ref: date) -> tuple[date, str] | None:
    """A decision timeline the sender states, resolved to a date, with the phrase as written."""
    # A sentence is a piece of the text cut at [.!?\n], where \b holds either way: when the
    # whole text has no promise or no timeline, no sentence has one (most mail has neither).
    if not _may_state_timeline(text):
        return None
    for sentence in _SENTENCE.findall(text):
        if not _PROMISE.search(sentence):
            continue
        m = _TIMELINE.search(sentence)
        if not m:
            continue
        g = m.groupdict()
        until: date | None = None
        if g.get("unit"):
            n = _amount(g["n"])
            if g["unit"].lower().startswith("week"):
                until = ref + timedelta(weeks=n)
            elif g.get("biz"):
                until = _add_business_days(ref, n)
            else:
                until = ref + timedelta(days=n)
        elif g.get("wd"):
            until = _weekday_after(ref, WEEKDAYS[g["wd"].lower()[:3]], next_week=(g.get("nx") or "").lower() == "next")
        elif g.get("eounit") or g.get("eo"):
            unit = (g.get("eounit") or g["eo"]).lower()
            nxt = (g.get("eonx") or "").lower() == "next"
            if unit in ("day", "eod", "end of day"):
                until = ref + timedelta(days=1 if nxt else 0)
            elif unit in ("week", "eow", "end of week"):
                until = ref + timedelta(days=(4 - ref.weekday()) % 7 + (7 if nxt else 0))
            else:
                first_next = date(ref.year + (ref.month == 12), ref.month % 12 + 1, 1)
                if nxt:
                    first_next = date(first_next.year + (first_next.month == 12), first_next.month % 12 + 1, 1)
                until = first_next - timedelta(days=1)
        elif g.get("wk"):
            phrase = g["wk"].lower()
            friday = ref + timedelta(days=(4 - ref.weekday()) % 7)
            until = friday + timedelta(days=7) if "next" in phrase else friday
            if "early" in phrase:
                until -= timedelta(days=2)
        elif g.get("mon"):
            try:
                until = date(ref.year, _month(g["mon"]), int(g["d"]))
                if until < ref - timedelta(days=7):
                    until = date(ref.year + 1, until.month, until.day)
            except ValueError:
                until = None
        if until is not None:
            return until, " ".join(m.group(0).split())
    return None

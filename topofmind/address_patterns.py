"""Company email address patterns, learnt from the addresses seen at a company's domains.

The follow-up articles note that most corporate addresses share one format: find one
person's address and you can derive the rest (004_… "Identifying who to follow-up with").
We count, for each (name, address) seen, which known pattern explains the local part, and
keep every pattern with its evidence count and a confidence, so mixed evidence (a company
that moved from flast@ to first.last@) gives several candidates rather than a wrong
certainty. A suggested address is always a *guess* with its evidence; a reply or a bounce
settles it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from topofmind.people import is_robot_address

# pattern name → how to build the local part from (first name, surname)
PATTERNS: dict[str, callable] = {
    "first.last": lambda f, s: f"{f}.{s}",
    "firstlast": lambda f, s: f"{f}{s}",
    "first_last": lambda f, s: f"{f}_{s}",
    "first-last": lambda f, s: f"{f}-{s}",
    "flast": lambda f, s: f"{f[0]}{s}",
    "f.last": lambda f, s: f"{f[0]}.{s}",
    "firstl": lambda f, s: f"{f}{s[0]}",
    "first.l": lambda f, s: f"{f}.{s[0]}",
    "first": lambda f, s: f,
    "last.first": lambda f, s: f"{s}.{f}",
    "lastfirst": lambda f, s: f"{s}{f}",
    "lastf": lambda f, s: f"{s}{f[0]}",
    "last": lambda f, s: s,
}
# When one local part fits several patterns (e.g. a one-letter first name), prefer the
# more specific reading; order = tie-break.
_PREFERENCE = list(PATTERNS)

NICKNAMES = {
    "bob": "robert", "rob": "robert", "bill": "william", "will": "william", "liz": "elizabeth",
    "beth": "elizabeth", "kate": "katherine", "katie": "katherine", "mike": "michael",
    "jim": "james", "jimmy": "james", "tom": "thomas", "dan": "daniel", "dave": "david",
    "chris": "christopher", "alex": "alexander", "sam": "samuel", "joe": "joseph",
    "tony": "anthony", "steve": "steven", "matt": "matthew", "nick": "nicholas", "ben": "benjamin",
    "jen": "jennifer", "jenny": "jennifer", "sue": "susan", "andy": "andrew", "drew": "andrew",
    "peggy": "margaret", "maggie": "margaret", "pat": "patricia", "rick": "richard",
    "dick": "richard", "ted": "edward", "ed": "edward", "greg": "gregory", "jon": "jonathan",
}


@dataclass(frozen=True)
class PatternEvidence:
    pattern: str
    count: int
    confidence: float

    def as_dict(self) -> dict:
        return {"pattern": self.pattern, "count": self.count, "confidence": round(self.confidence, 2)}


@dataclass(frozen=True)
class SuggestedAddress:
    address: str
    pattern: str
    evidence: str  # "3 addresses at contoso.com follow first.last"
    confidence: float
    is_guess: bool = True


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_parts(name: str) -> tuple[str, str] | None:
    """(first, last) as they appear in addresses: accents folded, hyphens and spaces dropped.

    "José García-López" → ("jose", "garcialopez"); "Lee, Dana" → ("dana", "lee"). Middle
    names are ignored; a single-token name has no usable pattern.
    """
    cleaned = re.sub(r"\(.*?\)|\b(jr|sr|ii|iii|phd|mba|md)\b\.?", " ", _ascii(name))
    if "," in cleaned:  # "Lee, Dana"
        last, _, first = cleaned.partition(",")
        cleaned = f"{first} {last}"
    tokens = [re.sub(r"[^a-z-]", "", t) for t in cleaned.split()]
    tokens = [t for t in tokens if t.strip("-")]
    if len(tokens) < 2:
        return None
    first, last = tokens[0].replace("-", ""), tokens[-1].replace("-", "")
    if not first or not last:
        return None
    return first, last


def patterns_matching(name: str, local_part: str) -> list[str]:
    parts = name_parts(name)
    if parts is None:
        return []
    local = _ascii(local_part).split("+", 1)[0]
    firsts = {parts[0], NICKNAMES.get(parts[0], parts[0])}
    found = []
    for pattern, build in PATTERNS.items():
        if any(build(f, parts[1]) == local for f in firsts):
            found.append(pattern)
    # A one-letter first name makes "flast" and "firstlast" the same string: count it once,
    # as the less specific reading, so it does not double the evidence.
    return found[:1] if len(parts[0]) == 1 else found


def learn_patterns(samples: list[tuple[str, str]], *, min_confidence: float = 0.0) -> list[PatternEvidence]:
    """From (display name, address) pairs at one company, the patterns with evidence.

    Addresses whose local part no pattern explains (info@, jobs@, a nickname we don't know)
    are not evidence either way. Confidence is the share of explained samples, damped for
    small counts (one sample is a hint, not a rule).
    """
    counts: Counter[str] = Counter()
    explained = 0
    for name, address in samples:
        local = address.split("@", 1)[0]
        if is_robot_address(address):
            continue  # careers@, jobs@, no-reply@: a role, not a person's name
        matched = patterns_matching(name or "", local)
        if not matched:
            continue
        explained += 1
        best = min(matched, key=_PREFERENCE.index)
        counts[best] += 1
    result = []
    for pattern, count in counts.most_common():
        share = count / explained
        damp = count / (count + 1)  # 1 → 0.5, 3 → 0.75, 9 → 0.9
        confidence = share * damp
        if confidence >= min_confidence:
            result.append(PatternEvidence(pattern, count, confidence))
    return sorted(result, key=lambda e: (-e.confidence, _PREFERENCE.index(e.pattern)))


def suggest_address(name: str, domain: str, patterns: list[dict]) -> SuggestedAddress | None:
    """The address the company's best pattern gives this person, marked as a guess."""
    parts = name_parts(name)
    if parts is None or not patterns or not domain:
        return None
    best = max(patterns, key=lambda p: (p.get("confidence", 0), p.get("count", 0)))
    build = PATTERNS.get(best.get("pattern", ""))
    if build is None:
        return None
    count = int(best.get("count", 0))
    noun = "address" if count == 1 else "addresses"
    verb = "follows" if count == 1 else "follow"
    return SuggestedAddress(
        address=f"{build(*parts)}@{domain}",
        pattern=best["pattern"],
        evidence=f"{count} {noun} at {domain} {verb} {best['pattern']}",
        confidence=float(best.get("confidence", 0)),
    )

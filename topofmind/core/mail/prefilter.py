"""Literal prefilters for regexes: skip a pattern when none of its required words is present.

Python's ``re`` scans every position of the text for every pattern; with a hundred phrase
families that dominates the cost of classifying a message. ``required_literals`` reads a
pattern's syntax tree and returns a set of strings of which any match must contain at
least one (as RE2's prefilter does), or ``None`` when no such set can be proven. Checking
``any(lit in text for lit in literals)`` is a fast C-level substring search; the regex
runs only when it can possibly match, so the answers do not change.
"""

from __future__ import annotations

import re

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is a deprecated alias)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

_MIN_LEN = 1


_COMMON = re.compile(r"\b(?:the|to|you|your|a|an|if|we|i|of|for|and|be|are|is|with|in|on|at|have|what|when|would|"
                     r"will|it|this|that|our|my|me|us|do|can|not)\b|[^a-z0-9]")


def _strength(s: str) -> int:
    """How selective a literal is: its length once common words and spaces are removed."""
    return len(_COMMON.sub("", s))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    usable = [c for c in candidates if c and all(len(s) >= _MIN_LEN for s in c)]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(_strength(s) for s in c), min(len(s) for s in c), -len(c)))


def _sequence(items) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        found = _node(op, av)
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({run}))
    return _best(candidates)


def _node(op, av) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:
        return _sequence(av[-1])
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch)
            if not found:
                return None
            out |= found
        return frozenset(out) if len(out) <= 40 else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, inner = av
        return _sequence(inner) if low >= 1 else None
    if op in (_c.ASSERT,):
        return None
    return None


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings of which every match contains one; None when the pattern gives no such guarantee.

    For a case-insensitive pattern the strings are lower-cased: test them against
    lower-cased text.
    """
    source = pattern.pattern
    caseless = bool(pattern.flags & re.IGNORECASE) or "(?i" in source
    try:
        tree = _p.parse(source.replace("(?i:", "(?:").replace("(?i)", ""), pattern.flags & ~re.IGNORECASE)
    except Exception:
        return None
    found = _sequence(list(tree))
    if found is None:
        return None
    return frozenset(s.lower() for s in found) if caseless else found


def may_match(literals: frozenset[str] | None, text: str) -> bool:
    return literals is None or any(lit in text for lit in literals)

"""Literal prefilters for regexes: skip a pattern when none of its required words is present.

Python's ``re`` scans every position of the text for every pattern; with a hundred phrase
families that dominates the cost of classifying a message. ``required_literals`` reads a
pattern's syntax tree and returns a set of strings of which any match must contain at
least one (as RE2's prefilter does), or ``None`` when no such set can be proven. Checking
``any(lit in text for lit in literals)`` is a fast C-level substring search; the regex
runs only when it can possibly match, so the answers do not change.
"""

from __future__ import annotations

import heapq
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
    return _best(_all_required(items))


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
        return frozenset(out) if len(out) <= 60 else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, inner = av
        return _sequence(inner) if low >= 1 else None
    if op in (_c.ASSERT,):
        return None
    return None


def _parse(pattern: re.Pattern) -> tuple[list, bool] | None:
    """The pattern's parse tree read case-sensitively, and whether the pattern is caseless."""
    source = pattern.pattern
    caseless = bool(pattern.flags & re.IGNORECASE) or "(?i" in source
    try:
        tree = _p.parse(source.replace("(?i:", "(?:").replace("(?i)", ""), pattern.flags & ~re.IGNORECASE)
    except Exception:
        return None
    return list(tree), caseless


def _walk(pattern: re.Pattern, walker) -> tuple[object, bool]:
    """``walker`` over the pattern's tree; (None, caseless) when it cannot say anything."""
    parsed = _parse(pattern)
    if parsed is None:
        return None, False
    items, caseless = parsed
    try:
        return walker(items), caseless
    except Exception:
        return None, caseless


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings of which every match contains one; None when the pattern gives no such guarantee.

    For a case-insensitive pattern the strings are lower-cased: test them against
    lower-cased text.
    """
    parsed = _parse(pattern)
    if parsed is None:
        return None
    items, caseless = parsed
    found = _sequence(items)
    if found is None:
        return None
    return frozenset(s.lower() for s in found) if caseless else found


def may_match(literals: frozenset[str] | None, text: str) -> bool:
    # map over the bound ``__contains__``: the loop stays in C (no generator frame per literal).
    return literals is None or any(map(text.__contains__, literals))


# A stronger, second test. One literal set per pattern lets most patterns through: "thanks
# for applying" passes on any text with "thank" in it, and on the corpus two runs in three
# then find nothing. Every part of a sequence is required, so each alternative of a pattern
# gives a conjunction of literal sets ("thank" and " for " and one of "applying" /
# "application"...); the regex runs only when one alternative has all of its sets present.
# Sets with a string under three characters ("is", "at") are left out: nearly every text
# has them, and leaving out a necessary condition never hides a match.
Alternatives = tuple[tuple[str | tuple[str, ...], ...], ...]


def _all_required(items) -> list[frozenset[str]]:
    """Every literal set a sequence requires (not only the most selective one)."""
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(frozenset({run}))
            run = ""
        found = _node(op, av)
        if found:
            out.append(found)
    if run:
        out.append(frozenset({run}))
    return out


def _alternatives(items) -> list[list[frozenset[str]]] | None:
    core = [(op, av) for op, av in items if op is not _c.AT]  # \b, ^, $ consume nothing
    if len(core) == 1:
        op, av = core[0]
        if op is _c.BRANCH:
            out: list[list[frozenset[str]]] = []
            for branch in av[1]:
                found = _alternatives(list(branch))
                if found is None:
                    return None  # one alternative needs no literal: no guarantee at all
                out += found
            return out
        if op is _c.SUBPATTERN:
            return _alternatives(list(av[-1]))
    required = _all_required(items)
    return [required] if required else None


def required_alternatives(pattern: re.Pattern) -> Alternatives | None:
    """Alternatives of literal sets: any match contains, for one alternative, a string of each
    of its sets. None when the pattern gives no such guarantee. Lower-cased for a caseless
    pattern, as ``required_literals``."""
    found, caseless = _walk(pattern, _alternatives)
    if found is None:
        return None
    fold = str.lower if caseless else str
    alternatives = []
    for conj in found:
        groups = [tuple(sorted({fold(s) for s in group})) for group in conj]
        groups = [g for g in groups if min(len(s) for s in g) >= 3]
        # The most selective set first: an absent part ends the test soonest. A set of one
        # string is kept as the string (one ``in`` rather than a map).
        groups.sort(key=lambda g: min(_strength(s) for s in g), reverse=True)
        alternatives.append(tuple(g[0] if len(g) == 1 else g for g in groups))
    return tuple(alternatives)


def may_match_all(alternatives: Alternatives | None, text: str) -> bool:
    """True when some alternative has a string of each of its sets in ``text``."""
    if alternatives is None:
        return True
    contains = text.__contains__
    for conj in alternatives:
        for group in conj:
            if not (group in text if group.__class__ is str else any(map(contains, group))):
                break  # this alternative lacks one of its parts
        else:
            return True
    return False


def may_match_known(alternatives: Alternatives | None, text: str, present: frozenset[str]) -> bool:
    """``may_match_all``, with the frozenset parts (``classify._known_parts``) tested against
    ``present``, the literals already found in ``text``."""
    if alternatives is None:
        return True
    contains = text.__contains__
    for conj in alternatives:
        for group in conj:
            kind = group.__class__
            if kind is frozenset:
                if present.isdisjoint(group):
                    break
            elif not (group in text if kind is str else any(map(contains, group))):
                break  # this alternative lacks one of its parts
        else:
            return True
    return False


# Where a match can start. A pattern whose every match begins with one of a few strings
# ("\b(?:role|position|job) at ...") cannot match before the first of them in the text, and
# the regex need not try the positions before it: ``search(text, pos)`` still sees the
# characters before ``pos`` for \b, ^ and look-behinds, so the answers are the same.
_ZERO_WIDTH = (_c.AT,)


def _prefixes(items: list, i: int = 0) -> set[str] | None:
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items):
        return None  # the rest may match nothing: no guarantee
    op, av = items[i]
    rest = items[i + 1:]
    if op is _c.LITERAL:
        run = ""
        while i < len(items) and items[i][0] is _c.LITERAL:
            run += chr(items[i][1])
            i += 1
        return {run}
    if op is _c.SUBPATTERN:
        return _prefixes(list(av[-1]) + rest)
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _prefixes(list(branch) + rest)
            if found is None:
                return None
            out |= found
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _high, inner = av
        first = _prefixes(list(inner))
        if first is None:
            return None
        if low >= 1:
            return first
        skipped = _prefixes(rest)
        return None if skipped is None else first | skipped
    return None


def required_prefixes(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings of which every match starts with one; None when that cannot be shown. Lower-
    cased for a caseless pattern (look for them in the lower-cased text)."""
    found, caseless = _walk(pattern, _prefixes)
    if not found or len(found) > 40:
        return None
    return frozenset(s.lower() for s in found) if caseless else frozenset(found)


def earliest_start(prefixes: frozenset[str] | None, text: str) -> int:
    """Where the first of ``prefixes`` occurs in ``text``: 0 when unknown, -1 when none does."""
    if prefixes is None:
        return 0
    return min(filter((-1).__ne__, map(text.find, prefixes)), default=-1)


# Letters that a caseless regex matches to an ASCII letter but ``str.lower`` keeps apart
# (dotted and dotless i, long s, Kelvin sign; found by trying every code point).
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


def lowered_stands_for(text: str, lowered: str) -> bool:
    """True when ``lowered`` (``text.lower()``) can stand for ``text`` in a caseless search:
    same positions, and no letter that would match caselessly yet differ once lower-cased."""
    return len(lowered) == len(text) and not any(map(text.__contains__, _CASE_TRAPS))


def matches_at_prefixes(pattern: re.Pattern, text: str, lowered: str, prefixes: frozenset[str], pos: int = 0):
    """``pattern.finditer(text, pos)``, with the regex tried only where one of ``prefixes`` (every
    match starts with one) begins in ``lowered``, a text of the same positions as ``text``
    (``lowered_stands_for``): the regex engine tries every position, ``str.find`` skips to the next
    candidate. ``match`` at a position sees the characters before it as ``search`` does."""
    heap = [(at, p) for p in prefixes if (at := lowered.find(p, pos)) >= 0]
    heapq.heapify(heap)
    match, find = pattern.match, lowered.find
    while heap:
        at, p = heap[0]
        if at < pos:  # passed by the last match: look again from its end
            at = find(p, pos)
            if at < 0:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (at, p))
            continue
        m = match(text, at)
        if m is None or m.end() == at:  # an empty match is not taken here: fall back to the regex's own rule
            if m is not None:
                yield from pattern.finditer(text, at)
                return
            pos = at + 1
            continue
        yield m
        pos = m.end()


def selective_prefixes(pattern: re.Pattern, caseless_ok: bool = False, shortest: int = 3) -> frozenset[str] | None:
    """``required_prefixes`` when each has ``shortest`` letters or more (rare enough in a text for
    ``matches_at_prefixes`` to pay). None for a caseless pattern unless the caller checks
    ``lowered_stands_for`` (a caseless match may start where the lower-cased text differs)."""
    found = required_prefixes(pattern)
    if not found or min(map(len, found)) < shortest:
        return None
    parsed = _parse(pattern)
    return found if caseless_ok or (parsed is not None and not parsed[1]) else None


def search_at_prefixes(pattern: re.Pattern, text: str, lowered: str, prefixes: frozenset[str] | None, pos: int = 0):
    """``pattern.search(text, pos)``: by ``matches_at_prefixes`` when ``prefixes`` are known."""
    if prefixes is None:
        return pattern.search(text, pos)
    return next(matches_at_prefixes(pattern, text, lowered, prefixes, pos), None)

"""Phrases that name an employer in a subject or body ("thank you for applying to Acme",
"the role at Acme", "the Acme team"), and a fast way to run them.

Each phrase captures the text after (or before) its cue; ``names.clean_company`` trims the
capture to the capitalised name at its start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from topofmind.mail.prefilter import (
    earliest_start,
    lowered_stands_for,
    matches_at_prefixes,
    may_match,
    required_literals,
    required_prefixes,
    selective_prefixes,
)

_NAME = r"(?P<name>[^\n,;:!?()\"“”]{2,80})"
_INVITES = r"(?:is inviting|has invited|invites|would like|wants|has asked|asks you|is excited|is pleased|(?:has )?viewed|reviewed|sent you|is interested)"
_HIRING = r"(?:is|are)\s+(?:hiring|growing|looking for)"
_PLACE = r"[·•]\s+\S"
COMPANY_PHRASES: tuple[tuple[str, float, re.Pattern], ...] = tuple(
    (label, weight, re.compile(p, re.I)) for label, weight, p in (
        ("applying to", 3.0, r"\b(?:for|on)\s+(?:applying|your application|your interest)\s+(?:to|at|with|in)\s+(?:joining\s+|working\s+(?:at|with)\s+)?" + _NAME),
        ("application to", 2.5, r"\b(?:application|applied|apply)\s+(?:to|at|with)\s+" + _NAME),
        ("role at", 2.5, r"\b(?:role|position|opening|opportunity|job|team|internship|offer)\s+(?:here\s+)?(?:at|with)\s+" + _NAME),
        ("role of X at", 2.5, r"\b(?:role|position|post)\s+(?:of|as)\s+[^.\n]{2,60}?\s(?:at|with)\s+" + _NAME),
        ("application bei", 2.5, r"\b(?:bewerbung|candidature|candidatura|solicitud)\b[^.\n]{0,80}?\s(?:bei|chez|presso|na|no|em)\s+" + _NAME),
        ("interest in", 2.0, r"\binterest(?:ed)?\s+in\s+(?:joining\s+|working\s+(?:at|for|with)\s+)?" + _NAME),
        ("join", 2.0, r"\b(?:join|joining|welcome\s+to)\s+(?:us\s+at\s+|the\s+team\s+at\s+)?" + _NAME),
        ("on behalf of", 2.0, r"\bon behalf of\s+" + _NAME),
        ("sent to", 3.0, r"\b(?:(?:sent|submitted|forwarded|delivered)\s+to|(?:inviata|inoltrata|enviada|envoyée|transmise|gesendet|übermittelt)\s+(?:a|à|an))\s+" + _NAME),
        ("viewed by", 2.5, r"\b(?:viewed|reviewed|seen)\s+by\s+" + _NAME),
        ("engaged by", 3.0, r"\b(?:engaged|retained|hired|asked|partnering|partnered)\s+(?:by|with)\s+" + _NAME),
        ("company field", 3.0, r"(?m)^(?:company|employer|organi[sz]ation|empresa|entreprise|unternehmen|firma|azienda):[ \t]*" + _NAME),
        ("called", 3.0, r"\b(?:company|organi[sz]ation|startup|firm|business|employer)\s+(?:called|named)\s+" + _NAME),
        # "an invitation from Acme", "your interview at Acme", "the assessment for Acme"
        ("invitation from", 2.5, r"\b(?:(?:invitation|invite|offer|update|message)\s+from|(?:assessment|exercise|assignment)\s+for)\s+"
                                 + _NAME),
        ("is inviting", 2.0, r"(?m)(?:^|[.!]\s+|,\s+)" + _NAME + r"\s+" + _INVITES + r"\b"),
        ("company · place", 1.5, r"(?m)^" + _NAME.replace("{2,80}", "{2,60}?") + r"\s+" + _PLACE),
        ("from", 1.0, r"\b(?:here|recruiter|recruiting|recruiters|team|someone|hiring manager|talent partner)\s+(?:from|at)\s+" + _NAME),
        ("team sign-off", 2.0, r"^(?:the\s+)?" + _NAME.replace("{2,80}", "{2,60}") + r"\s+(?:recruiting|talent|hiring|people|careers|recruitment|hr)?\s*team\s*$"),
        ("hiring at", 1.5, r"\b" + _NAME + r"\s+" + _HIRING),
        ("careers at", 2.0, r"\b(?:careers|life|jobs|interviewing|interview)\s+(?:scheduled\s+)?(?:at|with)\s+" + _NAME),
        ("line ends at", 1.5, r"(?m)\bat\s+" + _NAME + r"[.!]*\s*$"),
    )
)

_PHRASE_LITERALS = {label: required_literals(pattern) for label, _w, pattern in COMPANY_PHRASES}
_PHRASE_PREFIXES = {label: required_prefixes(pattern) for label, _w, pattern in COMPANY_PHRASES}
# Where the regex is tried only at its prefixes (str.find to the next one beats the scan of every position).
_SKIP_TO_PREFIXES = {label: selective_prefixes(pattern, caseless_ok=True, shortest=2) for label, _w, pattern in COMPANY_PHRASES}
# A phrase that starts with the name tries the 80-character name at every word of the text
# and fails at the words after it (on the corpus, "hiring at" was the costliest phrase).
# What follows the name is searched for first (a whitespace then the verb: implied by
# every match), and the phrase runs only when that is found.
_PHRASE_GATES = {label: re.compile(gate, re.I) for label, gate in (
    ("is inviting", r"\s" + _INVITES + r"\b"),
    ("hiring at", r"\s" + _HIRING),
    ("company · place", r"\s" + _PLACE),
)}


def phrase_matches(source: str) -> Iterator[tuple[str, float, str]]:
    """(phrase, weight, captured name) for every company phrase in ``source``."""
    lowered = source.lower()
    plain = lowered_stands_for(source, lowered)  # then substring tests on it are exact
    for label, weight, pattern in COMPANY_PHRASES:
        if not may_match(_PHRASE_LITERALS[label], lowered):
            continue
        # No match starts before the first word that can begin one.
        start = earliest_start(_PHRASE_PREFIXES[label], lowered) if plain else 0
        if start < 0:
            continue
        gate = _PHRASE_GATES.get(label)
        if gate is not None and not gate.search(source):
            continue
        if label == "team sign-off":
            for line in source.split("\n")[-12:]:
                m = pattern.match(line.strip())
                if m:
                    yield label, weight, m.group("name")
            continue
        prefixes = _SKIP_TO_PREFIXES.get(label) if plain else None
        for m in (matches_at_prefixes(pattern, source, lowered, prefixes, start) if prefixes
                  else pattern.finditer(source, start)):
            yield label, weight, m.group("name")

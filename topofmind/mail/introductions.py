"""Referrals and introductions: a person passing the candidate on to someone else.

The articles treat them apart (001_…/003_…): a *referral* (your résumé passed to a
hiring manager) calls for thanking the referrer now, contacting the person right away and a
warm follow-up in 5–7 days; an *introduction* (two people put in touch) calls for thanking
the introducer. The introduced person is usually copied on the message.
"""

from __future__ import annotations

import re

from topofmind.mail.prefilter import lowered_stands_for, search_at_prefixes, selective_prefixes
from topofmind.mail.types import Address

_RESUME = r"(r[ée]sum[ée]|cv|profile|details|application|name)"
REFERRAL = re.compile(
    rf"\b(pass(ed|ing)|forward(ed|ing)|sen[dt]|shar(ed|ing)|hand(ed)?|g[ao]ve)\b[^.\n]{{0,30}}\b(your|alex'?s?|my)?\s*{_RESUME}\b"
    rf"[^.\n]{{0,40}}\b(to|along|on|over)\b"
    r"|\breferr(ed|ing) you\b|\b(put|submitted) (in )?(a|an internal) referral\b|\binternal referral\b"
    r"|\bI('ve| have)? recommended you\b",
    re.I,
)
INTRODUCTION = re.compile(
    r"\b(introduc(e|ing) (you|the two of you|you both)|let me introduce|meet (my|our) |"
    r"(connect|connecting|put) (you|the two of you) (with|in touch)|you two should (talk|meet)|"
    r"looping in )",
    re.I,
)


# The same patterns lower-cased (they hold no upper-case escape such as \B or \S), matched
# case-sensitively against the lower-cased text: twice as fast, and a gate only (a caseless
# match is always one there too; the caseless pattern still has the last word).
_REFERRAL_LOWER = re.compile(REFERRAL.pattern.lower())
_INTRODUCTION_LOWER = re.compile(INTRODUCTION.pattern.lower())
# "introduc", "meet "...: each pattern is tried only where one of its prefixes begins
_PREFIXES_LOWER, _PREFIXES = selective_prefixes(_INTRODUCTION_LOWER), selective_prefixes(INTRODUCTION, caseless_ok=True)


def introduction_kind(new_text: str) -> str | None:
    """'referral', 'introduction' or None, from the new (unquoted) part of a message."""
    head = new_text[:4000]
    lowered = head.lower()
    gated = lowered_stands_for(head, lowered)
    if (not gated or _REFERRAL_LOWER.search(lowered)) and REFERRAL.search(head):
        return "referral"
    if gated:  # the caseless pattern too is tried only where a prefix begins in the lower-cased text
        if (search_at_prefixes(_INTRODUCTION_LOWER, lowered, lowered, _PREFIXES_LOWER)
                and search_at_prefixes(INTRODUCTION, head, lowered, _PREFIXES)):
            return "introduction"
    elif INTRODUCTION.search(head):
        return "introduction"
    return None


def introduced_people(*, sender: Address | None, to: list[Address], cc: list[Address],
                      me: frozenset[str]) -> list[Address]:
    """Who is being introduced: the other people on the message, besides sender and candidate."""
    seen = {sender.address} if sender else set()
    out = []
    for addr in [*cc, *to]:
        if addr.address in me or addr.address in seen:
            continue
        seen.add(addr.address)
        out.append(addr)
    return out

"""Names in mail: people versus organisations, domains, and company names in running text.

Helpers shared by the employer vote (``extract``) and the signature reader (``fields``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from topofmind.mail.vendors import VENDORS

_CONNECTORS = {"&", "of", "+"}
_NOT_COMPANY = {
    "we", "our", "the", "a", "an", "i", "you", "your", "thank", "thanks", "hi", "hello", "dear",
    "team", "unfortunately", "congratulations", "please", "this", "that", "it", "us", "me", "my",
    "hiring", "recruiting", "careers", "jobs", "job", "talent", "no-reply", "noreply", "notifications",
    "interview", "application", "position", "role", "opportunity", "today", "tomorrow", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "best", "regards", "cheers",
    "linkedin", "indeed", "apply", "new", "re", "fwd", "fw", "next", "all", "everyone", "candidate",
    "people", "hr", "human resources", "recruitment", "support", "info", "admin", "mail", "email",
}
_NOT_COMPANY |= {v.name.lower() for v in VENDORS}
_SUFFIX_WORDS = (
    r"careers?|jobs|recruiting(?: team)?|recruitment(?: team)?|talent(?: acquisition)?(?: team)?|"
    r"hiring(?: team)?|hr|people(?: team| ops| operations)?|team|notifications?|no-?reply|"
    r"human resources|talent partners|university recruiting|campus recruiting|applicant tracking|"
    r"job alerts?|via \S+(?: \S+)?|on behalf of|apply"
)
_DISPLAY_TAIL = re.compile(rf"(?:\s*[-|:,–]\s*|\s+)(?:{_SUFFIX_WORDS})\s*$", re.I)
_DISPLAY_HEAD = re.compile(r"^(?:the\s+)?(?:careers\s+at|jobs\s+at|team\s+at|recruiting\s+at|hiring\s+at)\s+", re.I)
_VIA = re.compile(r"^(?P<company>.+?)\s+(?:via|through|using|with|on behalf of)\s+(?P<vendor>.+)$", re.I)
_FROM_PERSON_AT = re.compile(r"^(?P<person>[^@]+?)\s+(?:from|at|@)\s+(?P<company>.+)$", re.I)

_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "al", "dos", "das"}
_SENTENCE_WORDS = {"please", "i", "i'd", "i'm", "i'll", "i've", "you're", "you", "we", "we're", "we'll",
                   "review", "over", "thanks", "thank", "hi", "hello", "dear", "best", "regards", "our",
                   "your", "let", "looking", "cheers", "warmly", "sent", "view", "reply", "join", "via"}


# Capitalised only because a sentence starts there: "If you would like", "Pleased to share".
_SENTENCE_STARTS = {"if", "when", "pleased", "after", "following", "unfortunately", "as", "once", "while", "since",
                    "although", "because", "should", "in", "at", "on", "for", "from", "to", "with", "by", "it",
                    "there", "here", "these", "those", "congratulations", "sadly", "regrettably", "glad", "welcome"}
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=8192)  # the same names come back in every message of a mailbox
def squash(name: str) -> str:
    """A name reduced to its ASCII letters and digits: 'Kōyō Instruments' -> 'koyoinstruments'."""
    lowered = name.lower()
    if not lowered.isascii():
        folded = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", lowered)


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().lower() or None


def org_label(domain: str) -> str:
    """The organisation part of a domain: careers.acme-corp.co.uk -> acme-corp."""
    parts = domain.lower().split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "ac", "gov"):
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


_AUTOMATED_LOCAL = re.compile(
    r"no-?reply|donotreply|do-not-reply|notifications?|mailer|alerts?|jobs-?noreply|"
    r"careers?|jobs|recruiting|talent|hiring|hr|info|news|newsletter|updates?|hello|team|support|"
    r"marketing|digest|messages|invitations?|calendar|bounce|automated|system|admin|apply|postmaster"
)
# Compiled once: these run for every address and every captured name of every message.
_PERSON_AT = re.compile(r"^[^,]+?\s+(?:from|at)\s+(.+)$")
_POSSESSIVE_TAIL = re.compile(r"'s\b.*$|’s\b.*$")
_NO_LETTERS = re.compile(r"[\d\W]+")


def is_automated_address(address: str) -> bool:
    local = address.split("@", 1)[0].lower()
    return bool(_AUTOMATED_LOCAL.search(local))


def clean_company(raw: str | None) -> str | None:
    """Trim a captured phrase to the capitalised name at its start ("Acme Corp for the..." -> "Acme Corp")."""
    if not raw:
        return None
    person_at = _PERSON_AT.match(raw.strip())
    if person_at:
        raw = person_at.group(1)
    raw = raw.strip().strip("'\"“”‘’*_ ").rstrip(".")
    raw = _POSSESSIVE_TAIL.sub("", raw)
    words = raw.split()
    kept: list[str] = []
    for i, w in enumerate(words):
        bare = w.strip(",.;:!?")
        if not bare:
            break
        if bare.lower() in _SENTENCE_WORDS:
            break
        if bare[0].isupper() or bare[0].isdigit() or (bare.lower() in _CONNECTORS and kept and i + 1 < len(words)
                                                        and words[i + 1][:1].isupper()):
            kept.append(bare)
            if w != bare:
                break
        else:
            break
    while kept and kept[-1].lower() in _CONNECTORS:
        kept.pop()
    name = " ".join(kept)
    if not name or len(name) > 60 or name.lower() in _NOT_COMPANY or len(kept) > 6:
        return None
    if kept[0].lower() in ("the", "our", "your", "a", "an", "we", "i", "this"):
        return clean_company(" ".join(kept[1:])) if len(kept) > 1 else None
    if _NO_LETTERS.fullmatch(name) or kept[0].lower() in _SENTENCE_STARTS:
        return None
    return name


def company_from_display(display: str | None) -> str | None:
    """The company in a sender's display name: 'Acme via Greenhouse', 'Acme Careers', 'Dana from Acme'."""
    if not display:
        return None
    name = " ".join(display.split()).strip("'\" ")
    m = _VIA.match(name)
    if m:
        name = m.group("company")
    name = _DISPLAY_HEAD.sub("", name)
    for _ in range(3):
        shorter = _DISPLAY_TAIL.sub("", name).strip(" -|:,")
        if shorter == name:
            break
        name = shorter
    m = _FROM_PERSON_AT.match(name)
    if m:
        name = m.group("company")
    if not name or name.lower() in _NOT_COMPANY or "@" in name:
        return None
    return name


@lru_cache(maxsize=8192)  # the sender's display name is asked about several times per message
def looks_like_person(display: str | None) -> bool:
    if not display:
        return False
    words = display.replace(",", " ").split()
    if not 1 <= len(words) <= 5 or any(w.lower() in _NOT_COMPANY for w in words):
        return False
    return (all(w[:1].isupper() or w in _NAME_PARTICLES for w in words) and words[0][:1].isupper()
            and not any(ch.isdigit() for ch in display))

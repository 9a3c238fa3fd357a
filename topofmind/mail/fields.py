"""Fields read off a message's words: the sender's signature, the role title, a job id.

Kept apart from ``extract`` (the employer vote) so that each stays small. Role titles are
recognised by their head noun (engineer, analyst, manager...) inside the phrases that
introduce a role ("the X position", "Role: X", "application for X").
"""

from __future__ import annotations

import re

from topofmind.mail.names import clean_company, looks_like_person
from topofmind.mail.prefilter import earliest_start, lowered_stands_for, required_prefixes

_TITLE_WORDS = re.compile(
    r"\b(?:recruit\w*|talent|coordinator|manager|director|head|lead|engineer|partner|sourcer|"
    r"vp|vice president|president|founder|co-?founder|ceo|cto|coo|cfo|chief|officer|hr|people|"
    r"specialist|generalist|analyst|designer|scientist|consultant|associate|advisor|principal|"
    r"architect|developer|owner|executive|staff|senior|sr\.?|strategist|researcher|administrator)\b",
    re.I,
)
_SIGNOFF = re.compile(
    r"^(?:best(?: regards| wishes)?|kind regards|warm(?:est)? regards|regards|thanks(?: again)?|thank you|"
    r"many thanks|cheers|(?:yours )?sincerely|yours (?:faithfully|truly)|warmly|all the best|talk soon|speak soon|take care|"
    r"with appreciation|respectfully|looking forward|thx)[,.!]?\s*$",
    re.I,
)
_ROLE_HEADS = (
    r"engineer|developer|analyst|manager|designer|scientist|researcher|architect|lead|director|"
    r"specialist|coordinator|consultant|intern|internship|associate|administrator|officer|"
    r"strategist|writer|editor|accountant|recruiter|technician|nurse|teacher|representative|"
    r"assistant|advocate|head of [\w ]+|vp[\w ,]*|president|partner|programmer|tester|sre|devops|"
    r"marketer|producer|planner|operator|agent|executive|generalist|owner|principal|fellow|"
    r"designer|counsel|attorney|buyer|chef|pharmacist|physician|therapist|supervisor|controller"
)
_ROLE_CORE = r"(?P<role>(?:[A-Z][\w+#./&-]*|of|and|for|&|[-–,/]|\(?[A-Z][\w+#.-]*\)?)(?:\s+(?:[A-Z0-9][\w+#./&()-]*|of|and|the|for|in|&|[-–,/]|I{1,3}))*?)"
_ROLE_PATTERNS = tuple(re.compile(p) for p in (
    rf"(?i:\bfor\s+(?:the|our|a|an|your)?\s*(?:role|position)\s+of)\s+{_ROLE_CORE}(?=\s*(?:[.,;:!\n]|at\b|with\b|on\b|$))",
    rf"(?i:\b(?:for|to|of)\s+(?:the|our|a|an|your|this)\s+)(?:open\s+)?{_ROLE_CORE}\s+(?i:role|position|opening|opportunity|job|req|vacancy|internship)\b",
    rf"(?i:\b(?:role|position|job title|title|job|opening|vacancy)\s*[:–-]\s*){_ROLE_CORE}\s*(?:$|\n|[(|])",
    rf"(?i:\b(?:application|applying|applied|interview(?:ing)?|candidacy|offer)\s+(?:for|as)\s+(?:the\s+|a\s+|an\s+)?(?:position\s+of\s+)?){_ROLE_CORE}(?=\s*(?:[.,;:!\n(]|-|–|\bat\b|\bwith\b|\bposition\b|\brole\b|$))",
    rf"(?i:\bas\s+(?:a|an|our|the)\s+(?:new\s+)?){_ROLE_CORE}(?=\s*(?:[.,;:!\n]|\bat\b|\bwith\b|\bon\b|$))",
))
_ROLE_HEAD = re.compile(rf"\b(?:{_ROLE_HEADS})s?\b", re.I)
_JOB_ID = re.compile(
    r"(?:\b(?:job|req(?:uisition)?|posting|position|reference|ref|vacancy|opening)\.?\s*(?:id|#|no\.?|number|code)\s*[:#]?\s*"
    r"|\b(?:job|req(?:uisition)?)\s*#\s*|\((?:id|ref)[:#]?\s*)"
    r"(?P<id>[A-Z]{0,5}[-_]?\d[\w-]{1,20})",
    re.I,
)
_BARE_REQ = re.compile(r"\b(?P<id>(?:R|JR|REQ|JOB|JID)[-_]?\d{3,9}(?:-\d+)?)\b")
_BARE_REQ_CORE = re.compile(r"(?:R|JR|REQ|JOB|JID)[-_]?\d{3}")  # in every match; found by a fast scan for R and J


def signature(text: str) -> tuple[str | None, str | None, str | None]:
    """(name, title, company) from the last sign-off block of the new text."""
    lines = [ln.strip() for ln in text.split("\n")]
    for i in range(len(lines) - 1, -1, -1):
        if _SIGNOFF.match(lines[i]):
            block = [ln for ln in lines[i + 1:i + 8] if ln and not re.fullmatch(r"[-_—–=*]{2,}", ln)][:5]
            break
    else:
        return None, None, None
    if not block:
        return None, None, None
    name = block[0] if looks_like_person(block[0].split("|")[0].strip()) else None
    title = company = None
    rest = block[1:] if name else block
    first = re.split(r",\s+(?=[A-Z])", block[0], maxsplit=1)
    if len(first) == 2 and looks_like_person(first[0]) and _TITLE_WORDS.search(first[1]):
        name, title, rest = first[0], first[1], block[1:]  # "Helen Marsh, Finance Manager" on one line
    for line in rest:
        parts = [p.strip() for p in re.split(r"\s*[|·•]\s*|\s+at\s+|,\s+(?=[A-Z])|\s+[-–]\s+", line) if p.strip()]
        if not parts:
            continue
        if title is None and _TITLE_WORDS.search(parts[0]) and len(parts[0]) < 70:
            title = parts[0]
            if len(parts) > 1 and company is None:
                company = clean_company(parts[1])
        elif company is None and title is not None and not re.search(r"[@:/]|\d{3}", line):
            company = clean_company(parts[0])
    return name, title, company


_HEAD_NOUNS = (
    "engineer|developer|analyst|manager|designer|scientist|researcher|architect|lead|director|specialist|"
    "coordinator|consultant|intern|associate|administrator|officer|strategist|writer|editor|accountant|"
    "recruiter|technician|nurse|teacher|representative|assistant|advocate|programmer|tester|marketer|"
    "producer|planner|operator|executive|generalist|counsel|attorney|buyer|pharmacist|physician|therapist|"
    "supervisor|controller|sre|devops"
)
_ROLE_WORD = r"(?:[A-Za-z]*[A-Z][\w+#/.&'-]*|of|and|&)"
# A run of capitalised words ending in a role noun, with an optional ", Team" qualifier
# when the phrase is then called a position/role/opening ("Staff Engineer, Platform position").
_HEADS_CAPITALISED = "|".join(w.upper() if w in ("sre", "devops") else w.capitalize() for w in _HEAD_NOUNS.split("|"))
_ROLE_PHRASE = re.compile(
    rf"(?<![\w-])(?:{_ROLE_WORD}\s+){{0,5}}(?:{_HEADS_CAPITALISED}|DevOps)\b"
    r"(?:,\s+[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)?(?=\s+(?:position|role|opening|opportunity|job|team|req)\b))?"
)
# Every role phrase holds one of its head nouns as written: a search for them alone (a fast
# scan for their capital first letters) tells when the phrase need not be tried at each word.
_ROLE_HEAD_NOUN = re.compile(rf"(?:{_HEADS_CAPITALISED}|DevOps)")
_LEADING_NOISE = {
    "the", "our", "a", "an", "your", "this", "hi", "hello", "dear", "application", "status", "invitation",
    "updated", "offer", "re", "fwd", "fw", "interview", "update", "new", "open", "confidential", "senior-level",
    "submitted", "sent", "received", "role", "position", "job", "for", "of", "and", "&", "/", "-", "still",
    "reviewing", "thanks", "thank", "congratulations", "great", "news", "welcome", "next", "steps", "exploring",
    "scheduled", "request", "requested", "confirmed", "reminder", "rescheduled", "cancelled", "canceled",
    "interested", "in", "on", "at", "with", "paperwork", "take-home", "assignment", "case", "study",
}


def before_signoff(text: str) -> str:
    """The text above the last sign-off ("Best,", "Thanks,"): what the message says, not who signs it."""
    lines = text.split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if _SIGNOFF.match(lines[i].strip()):
            return "\n".join(lines[:i])
    return text


def extract_role(subject: str, text: str, *, exclude: set[str] | frozenset[str] = frozenset(),
                 company: str | None = None) -> str | None:
    """The job title the message is about: the first role-like phrase in the subject, else the body.

    ``exclude`` holds titles that belong to people (the sender's signature title); a leading
    company name ("Acme Data Engineer interview") is not part of the title.
    """
    company_words = [w.lower() for w in (company or "").split()]
    for source in (subject, before_signoff(text[:3000])):
        if not _ROLE_HEAD_NOUN.search(source):
            continue
        for m in _ROLE_PHRASE.finditer(source):
            words = m.group(0).split()
            while words and words[0].lower().strip(":,") in _LEADING_NOISE:
                words = words[1:]
            if company_words and [w.lower() for w in words[:len(company_words)]] == company_words:
                words = words[len(company_words):]
            if not words:
                continue
            role = " ".join(words).strip(" ,-–/")
            if role.lower() in exclude or len(role) > 80:
                continue
            return role
    return None


_JOB_ID_PREFIXES = required_prefixes(_JOB_ID)  # "job", "req", "(", ...: the id follows one of them
_BARE_REQ_PREFIXES = required_prefixes(_BARE_REQ)


def _search_from_first_prefix(pattern: re.Pattern, prefixes, source: str, haystack: str | None):
    """``pattern.search(source)``, starting at the first place a match can start (found in
    ``haystack``; None when it cannot stand for ``source``)."""
    start = earliest_start(prefixes, haystack) if haystack is not None else 0
    return pattern.search(source, start) if start >= 0 else None


def extract_job_id(subject: str, text: str) -> str | None:
    for source in (subject, text[:4000]):
        lowered = source.lower()
        m = (_search_from_first_prefix(_JOB_ID, _JOB_ID_PREFIXES, source,
                                       lowered if lowered_stands_for(source, lowered) else None)
             or (_BARE_REQ_CORE.search(source)
                 and _search_from_first_prefix(_BARE_REQ, _BARE_REQ_PREFIXES, source, source)))
        if m:
            return m.group("id").rstrip(".-")
    return None

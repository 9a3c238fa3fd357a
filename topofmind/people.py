"""People and companies as mail shows them: who is a human worth tracking, and which company.

Bulk senders, no-reply robots and ATS / job-board / scheduling systems never become a
person, and their domains never become a company's domain.
"""

from __future__ import annotations

import re
import unicodedata

FREE_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.com msn.com yahoo.com
    yahoo.co.uk ymail.com icloud.com me.com mac.com aol.com proton.me protonmail.com pm.me
    gmx.com gmx.de gmx.net web.de mail.com zoho.com fastmail.com hey.com yandex.com
    example.com example.org example.net""".split()
)

_ROBOT_LOCAL = re.compile(
    r"(^|[._+-])(no-?reply|do-?not-?reply|donotreply|notifications?|notify|mailer-daemon|postmaster|"
    r"bounce[s]?|alerts?|jobs?-?alerts?|newsletter|news|marketing|info|hello|team|careers?|jobs|"
    r"recruiting|talent|hr|support|system|automated|calendar|invites?|updates?)([._+-]|$)",
    re.I,
)

_COMPANY_SUFFIX = re.compile(
    r"[,.]?\s+(inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|ag|sa|s\.a|plc|corp|corporation|co|"
    r"company|bv|b\.v|oy|ab|as|pty|srl|sas|kg)\.?$",
    re.I,
)

_TITLE_ROLES = [
    # A recruiting coordinator arranges interviews: coordinator before recruiter.
    (re.compile(r"\b(coordinator|scheduler|scheduling|executive assistant)", re.I), "coordinator"),
    (re.compile(r"\b(recruit|talent|sourc|people partner|hr\b|human resources)", re.I), "recruiter"),
    (re.compile(r"\b(manager|director|head of|vp|vice president|lead|chief|cto|ceo|founder)", re.I),
     "hiring_manager"),
]


def normalize_company(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    prev = None
    while prev != text:
        prev = text
        text = _COMPANY_SUFFIX.sub("", text).strip(" ,.")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def is_robot_address(address: str) -> bool:
    local = address.split("@", 1)[0]
    return bool(_ROBOT_LOCAL.search(local))


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


def role_from_title(title: str | None) -> str | None:
    if not title:
        return None
    for pattern, role in _TITLE_ROLES:
        if pattern.search(title):
            return role
    return None


def company_name_from_domain(domain: str) -> str:
    label = domain.split(".")
    core = label[-2] if len(label) >= 2 else label[0]
    return " ".join(part.capitalize() for part in re.split(r"[-_]", core) if part)


# How family and friends write: an endearment in the greeting or a family sign-off.
_PERSONAL_NOTE = re.compile(
    r"^\s*(?:hi|hey|hello|dear)?\s*(?:honey|sweetie|sweetheart|darling|kiddo|mom|dad|mum)\b|"
    r"^\s*(?:love|hugs|xoxo)\s*,?\s*$|^\s*(?:love,?\s*)?(?:mom|dad|mum|grandma|grandpa)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def is_personal_note(text: str | None) -> bool:
    """A note from family or a friend (an endearment, "Love, Mom"): never job outreach,
    whatever it says about the search."""
    return bool(text and _PERSONAL_NOTE.search(text))


def is_free_mail(address: str | None) -> bool:
    """A personal mailbox (gmail.com…): its domain is nobody's company."""
    return bool(address) and domain_of(address) in FREE_MAIL_DOMAINS


_NO_REPLY_LOCAL = re.compile(
    r"(^|[._+-])(no-?reply|do-?not-?reply|donotreply|notifications?|notify|mailer-daemon|postmaster|"
    r"bounces?|alerts?|system|automated|updates?)([._+-]|$)", re.I)
_TEAM_LOCAL = re.compile(r"^(careers?|jobs|recruiting|recruitment|talent|hiring|hr|people|team|hello)$", re.I)


def reply_kind(address: str | None, *, vendor_domain: bool = False) -> str:
    """Whether a draft may go to ``address``: "person", "team" (careers@ and the like, a
    mailbox people read: a short reply is welcome when no person is known) or "none"
    (no-reply robots, ATS and scheduling systems: never)."""
    if not address or "@" not in address or vendor_domain:
        return "none"
    local = address.split("@", 1)[0]
    if _NO_REPLY_LOCAL.search(local):
        return "none"
    if _TEAM_LOCAL.match(local):
        return "team"
    return "none" if is_robot_address(address) else "person"


_WRITTEN_NAME = re.compile(r"[A-ZÀ-Þ][\w'’À-ÿ-]*(?:[ \t]+(?:&|and|\+)[ \t]+[A-ZÀ-Þ][\w'’À-ÿ-]*|[ \t]+[A-ZÀ-Þ][\w'’À-ÿ-]*){0,4}")


def name_as_written(domain: str, text: str | None) -> str | None:
    """The company's name as the mail writes it ("Lumen & Loom", "Zoë Health") when a run of
    capitalised words in ``text`` spells the domain's label (lumen-loom.example); else None."""
    if not domain or not text:
        return None
    label = domain.lower().split(".")
    core = label[-2] if len(label) >= 2 else label[0]
    want = re.sub(r"[^a-z0-9]", "", core)
    if len(want) < 3:
        return None
    for match in _WRITTEN_NAME.finditer(text):
        words = match.group(0).split()
        spans = [(i, j) for i in range(len(words)) for j in range(len(words), i, -1)]
        for start, end in spans:  # "Hello Lumen & Loom Team": try every run of the words
            candidate = " ".join(words[start:end])
            if candidate.split()[0] in ("&", "and", "+") or candidate.split()[-1] in ("&", "and", "+"):
                continue
            letters = unicodedata.normalize("NFKD", candidate).encode("ascii", "ignore").decode().lower()
            letters = re.sub(r"\b(and)\b|[^a-z0-9]", lambda m: "" if m.group(1) is None else "", letters)
            if letters == want:
                return candidate
    return None

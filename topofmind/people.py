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
    (re.compile(r"\b(recruit|talent|sourc|people partner|hr\b|human resources)", re.I), "recruiter"),
    (re.compile(r"\b(coordinator|scheduler|scheduling|executive assistant)", re.I), "coordinator"),
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

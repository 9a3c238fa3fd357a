"""Header-only triage: mail that is obviously not about a job search, told from its headers.

A mail source that can fetch headers cheaply (IMAP) asks this before downloading a
message whole. Only the obvious is skipped: bulk mail (List-Unsubscribe, List-Id,
Precedence) from a sender that is no ATS, job board, scheduling or assessment vendor, not a
reply, no calendar invitation, and whose subject holds none of the classifier's job words
(its job-context patterns and every subject rule's pattern, via the same literal prefilter
the classifier uses). Everything else is downloaded and classified in full.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

from topofmind.mail.phrases import BOTH, INCOMING, JOB_CONTEXT, STRONG_JOB_CONTEXT, SUBJECT
from topofmind.mail.prefilter import required_literals
from topofmind.mail.vendors import vendor_for

# The headers a source must fetch for ``obvious_noise`` (and to key a message).
TRIAGE_HEADERS = ("message-id", "date", "from", "to", "cc", "subject", "list-unsubscribe", "list-id",
                  "precedence", "in-reply-to", "references", "auto-submitted", "content-type")

_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|antw|r)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)


def _subject_patterns() -> tuple[tuple[re.Pattern, frozenset[str] | None], ...]:
    patterns = [JOB_CONTEXT, STRONG_JOB_CONTEXT] + [
        rule.pattern for rule in INCOMING if rule.where in (SUBJECT, BOTH)
        and rule.category not in ("job_alert_or_newsletter", "not_job_related")]
    out = []
    for pattern in patterns:
        literals = required_literals(pattern)
        out.append((pattern, frozenset(s.lower() for s in literals) if literals else None))
    return tuple(out)


_PATTERNS = _subject_patterns()


def _job_words(subject: str) -> bool:
    for pattern, literals in _PATTERNS:
        if literals is not None and not any(lit in subject for lit in literals):
            continue  # none of the words this pattern needs: it cannot match
        if pattern.search(subject):
            return True
    return False


def obvious_noise(headers: dict[str, str]) -> str | None:
    """Why this incoming message can be skipped unread, or None when it must be read.

    ``headers``: lower-case names → unfolded values (the ``TRIAGE_HEADERS``).
    """
    get = headers.get
    bulk = bool(get("list-unsubscribe") or get("list-id")
                or get("precedence", "").strip().lower() in ("bulk", "list", "junk"))
    if not bulk:
        return None
    if get("in-reply-to") or get("references"):
        return None
    subject = get("subject", "")
    if _REPLY_PREFIX.match(subject):
        return None
    content_type = get("content-type", "").lower()
    if "calendar" in content_type or "method=" in content_type:
        return None
    senders = [address.lower() for _name, address in getaddresses([get("from", "")]) if "@" in address]
    if not senders or any(vendor_for(address) for address in senders):
        return None
    if _job_words(subject.lower()):
        return None
    return "bulk mail without job words from a sender that is no job vendor"

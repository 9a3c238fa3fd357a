"""The question or proposal a message leaves waiting for an answer ("How about Thursday?",
"Could you send your portfolio?", "Are you available next week?").

Read from the new part of the body (quoted history and signature already cut by ingest):
the last sentence that asks something of the reader. Boilerplate that ends in a question
mark but asks nothing ("Questions?", "Any questions? Call me") and questions inside a quote
are not counted. Pure: text in, sentence out.
"""

from __future__ import annotations

import re

MAX_LENGTH = 200

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
# Requests that end with a full stop but still wait for an answer.
_REQUEST = re.compile(
    r"^(?:please\s+)?(?:could|can|would|will)\s+you\b|^please\s+(?:send|share|let me know|confirm|reply|"
    r"suggest|pick|choose|tell)|^let me know\s+(?:if|when|what|which|whether|how)",
    re.IGNORECASE,
)
# A question mark is not enough: these ask nothing the candidate must answer.
_NOT_ASKING = re.compile(
    r"^(?:any\s+)?questions\?|^(?:questions|thoughts)\s*\?|^why not\?|^guess what\?|^sound good\?$",
    re.IGNORECASE,
)
_QUOTE_OR_SIGNATURE = re.compile(r"^\s*>|^--\s*$|^on .+ wrote:\s*$", re.IGNORECASE)


def open_question(text: str | None) -> str | None:
    """The sentence of ``text`` that waits for an answer, or None; the last one wins (a
    message usually ends with what it asks)."""
    if not text:
        return None
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _QUOTE_OR_SIGNATURE.match(line):
            break
        lines.append(line.strip())
    body = " ".join(line for line in lines if line)
    found = None
    for match in _SENTENCE.finditer(body):
        sentence = re.sub(r"\s+", " ", match.group(0)).strip()
        sentence = re.sub(r"^(?:hi|hello|hey|dear)\s+[^,]{1,40},\s*", "", sentence, flags=re.IGNORECASE)
        if len(sentence) < 6 or _NOT_ASKING.match(sentence):
            continue
        if sentence.endswith("?") or (_REQUEST.match(sentence) and not sentence.endswith("!")):
            found = sentence
    if found is None:
        return None
    return found if len(found) <= MAX_LENGTH else found[: MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"


_URL = re.compile(r"https?://|\bmeet\.|zoom\.|teams\.|webex", re.IGNORECASE)
_PHONE = re.compile(r"\bphone\b|\bcall\b|^\+?[\d ()-]{7,}$", re.IGNORECASE)
_PANEL = re.compile(r"\bpanel\b|\bonsite\b|\bon-site\b|\bsuper ?day\b", re.IGNORECASE)


def interview_format(location: str | None, subject: str | None = None, interviewers: int = 0) -> str | None:
    """phone, video, onsite or panel, from an invitation's location (and subject): what a
    thank-you may say about the interview without guessing."""
    place = (location or "").strip()
    said = f"{subject or ''} {place}"
    if _PANEL.search(said) and interviewers != 1:
        return "panel"
    if not place:
        return None
    if _URL.search(place):
        return "video"
    if _PHONE.search(place):
        return "phone"
    return "onsite"

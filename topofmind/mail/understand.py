"""One parsed message -> its ``Understanding``: direction, category, employer, role, dates.

The pipeline: split the new text from quoted history, describe the sender and the
message's structure (``classify.Signals``), classify, then extract the facts that matter
for the category. Dates resolve against the message's own Date header, never the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from topofmind.mail.classify import Signals, Verdict, classify_incoming, classify_outgoing
from topofmind.mail.decide import decide
from topofmind.mail.extract import extract
from topofmind.mail.introductions import introduced_people, introduction_kind
from topofmind.mail.names import domain_of, is_automated_address, looks_like_person
from topofmind.mail.parse import parse_message
from topofmind.mail.timeline import find_datetime, find_timeline
from topofmind.mail.types import ParsedMessage, Understanding
from topofmind.mail.vendors import is_freemail, vendor_for, vendor_kind

SENT_LABELS = {"sent", "sentitems", "sent items", "sent mail", "[gmail]/sent mail"}
MAX_TEXT = 8000  # words beyond this do not change what a message is

_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|tr|rv|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
_QUOTE_HEADER = re.compile(
    r"^(?:on\s.{3,200}\s(?:wrote|a écrit|schrieb)\s*:?|-{2,}\s*original message\s*-{2,}|"
    r"from:\s.+\n(?:sent|date):\s.+|_{10,}|le\s.{3,120}a écrit\s*:|am\s.{3,120}schrieb\s*.*:)\s*$",
    re.I | re.M,
)
_FORWARD = re.compile(r"^-{2,}\s*forwarded message\s*-{2,}|^begin forwarded message:", re.I | re.M)
_TIME_HINT = re.compile(r"\d(?:[:.h]\d\d|\s?[ap]\.?m\b)", re.I)  # cheap test before the date parser
_FIRST_DOT_LAST = re.compile(r"[a-z]+[._-][a-z]+")  # jane.doe@: a person's mailbox
_NOT_SEARCHED = object()
# The mailboxes a company hires from (careers@, jobs@, talent@, karriere@, vagas@ ...).
_HIRING_BOX = re.compile(r"(?:careers?|jobs?|recruit\w*|talent\w*|hr|hiring|karriere|jobb|rh|vagas|empleo|"
                         r"recrutement|staffing|people|personal|bewerbung\w*|candidat\w*|selection)(?:[._+-]|$)")
_APOSTROPHES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "))


def _fold_apostrophes(text: str) -> str:
    # Every character folded is non-ASCII: plain ASCII text need not be walked. One ``replace``
    # per character is a C scan each; ``translate`` with a table looks up every character.
    if text.isascii():
        return text
    for char, plain in _APOSTROPHES:
        text = text.replace(char, plain)
    return text


def split_quoted(text: str) -> tuple[str, str]:
    """(new text, quoted history) of a body."""
    text = text[: MAX_TEXT * 3]
    m = _QUOTE_HEADER.search(text)
    new, quoted = (text[: m.start()], text[m.start():]) if m else (text, "")
    kept, rest = [], []
    for line in new.split("\n"):
        (rest if line.lstrip().startswith(">") else kept).append(line)
    return "\n".join(kept).strip(), (quoted + "\n" + "\n".join(rest)).strip()


def direction_of(parsed: ParsedMessage, me: frozenset[str], labels: tuple[str, ...]) -> str:
    if parsed.from_ and parsed.from_.address in me:
        return "out"
    if any(str(label).strip().lower() in SENT_LABELS for label in labels):
        return "out"
    return "in"


def signals_for(parsed: ParsedMessage, new_text: str, quoted: str, me: frozenset[str]) -> Signals:
    sender = parsed.from_
    address = sender.address if sender else ""
    domain = domain_of(address)
    vendor = vendor_for(address)
    automated = bool(address) and is_automated_address(address)
    freemail = is_freemail(domain)
    person = bool(sender) and not automated and not vendor and (
        looks_like_person(sender.name) or bool(_FIRST_DOT_LAST.fullmatch(address.split("@")[0])))
    raw_subject = parsed.subject or ""
    quoted_l = quoted[:2000].lower()
    names = {(a.name or "").lower() for a in parsed.to if a.name}
    replies_to_me = bool(quoted_l) and (any(addr in quoted_l for addr in me)
                                        or any(n and n in quoted_l for n in names))
    calendar_request = any(ev.method in (None, "REQUEST", "PUBLISH") and ev.start for ev in parsed.calendar)
    return Signals(
        subject=_fold_apostrophes(_PREFIX.sub("", raw_subject)).lower().strip(),
        text=_fold_apostrophes(new_text[:MAX_TEXT]).lower(),
        context=_fold_apostrophes(quoted_l + " " + " ".join(ev.summary or "" for ev in parsed.calendar).lower()),
        vendor=vendor,
        vendor_kind=vendor_kind(address),
        automated_sender=automated,
        human_sender=person,
        employer_sender=bool(domain) and not vendor and not freemail and not automated,
        freemail_sender=freemail,
        bulk=parsed.is_bulk,
        auto_reply=parsed.headers.get("auto-submitted", "").lower().startswith("auto-replied")
        or "out of office" in raw_subject.lower() or raw_subject.lower().startswith("automatic reply"),
        is_reply=bool(parsed.in_reply_to or _PREFIX.match(raw_subject) and raw_subject.lower().lstrip().startswith("re")),
        replies_to_me=replies_to_me,
        calendar_request=calendar_request,
        calendar_cancel=any(ev.method == "CANCEL" for ev in parsed.calendar),
        forwarded=bool(_FORWARD.search(new_text[:MAX_TEXT])),
        hiring_mailbox=bool(domain) and not vendor and not freemail and bool(_HIRING_BOX.match(address.split("@")[0])),
    )


@dataclass
class Reading:
    """What is known about a message before deciding what it is (shared with training)."""

    direction: str
    new_text: str
    quoted: str
    signals: Signals
    text_datetime: object = _NOT_SEARCHED


def read(parsed: ParsedMessage, me: frozenset[str], labels: tuple[str, ...] = ()) -> Reading:
    direction = direction_of(parsed, me, labels)
    new_text, quoted = split_quoted(parsed.text or "")
    s = signals_for(parsed, new_text, quoted, me)
    if direction == "out":
        # The counterpart of the candidate's own mail is the recipient.
        others = [a for a in parsed.to + parsed.cc if a.address not in me]
        d = domain_of(others[0].address) if others else None
        last = (others[0].name or "").split()[-1:] if others else []
        family = bool(last) and len(last[0]) >= 3 and last[0].lower() in (d or "")
        s.employer_sender = bool(d) and not is_freemail(d) and vendor_for(d) is None and not family
    reading = Reading(direction, new_text, quoted, s)
    ref = parsed.date
    if ref is not None and direction == "in" and _TIME_HINT.search(new_text[:MAX_TEXT]):
        reading.text_datetime = find_datetime(new_text[:MAX_TEXT], ref)  # costly: its answer serves twice
        s.has_datetime = reading.text_datetime is not None
    return reading


def classify_read(reading: Reading, model=None) -> Verdict:
    """The phrase rules and structure, then the learned model (the shipped one unless given)."""
    if reading.direction == "out":
        return classify_outgoing(reading.signals)
    return decide(reading.signals, classify_incoming(reading.signals), model)


def understand(parsed: ParsedMessage, *, me: frozenset[str], labels: tuple[str, ...] = (),
               in_tracked_thread: bool = False, model=None) -> Understanding:
    """What one message means. ``me`` holds the candidate's own addresses, lower-case.

    ``in_tracked_thread``: the message answers a conversation already in the pipeline. A
    person writing back there is an answer even in words that say nothing about a job
    ("Wonderful, see you then"): left unread, the playbook would keep nudging someone who
    has replied. Bulk mail and automatic replies stay what they are.
    """
    me = frozenset(a.lower() for a in me)
    reading = read(parsed, me, labels)
    direction, new_text, s, ref = reading.direction, reading.new_text, reading.signals, parsed.date
    text_datetime = reading.text_datetime

    verdict = classify_read(reading, model)
    if direction == "out":
        if verdict.category == "not_job_related":
            return Understanding(category="not_job_related", confidence=verdict.confidence,
                                 reasons=verdict.reasons, direction="out")
        understanding = Understanding(category="outgoing", outgoing_kind=verdict.category, confidence=verdict.confidence,
                          reasons=verdict.reasons, direction="out")
    else:
        if in_tracked_thread and verdict.category == "not_job_related" and not (
                s.bulk or s.auto_reply or s.automated_sender or s.vendor):
            verdict = Verdict("human_reply", 0.5, ["a reply in a conversation already tracked"])
        understanding = Understanding(category=verdict.category, confidence=verdict.confidence,
                          reasons=verdict.reasons, direction="in", noise_doubt=verdict.noise_doubt)
    understanding.is_bulk = parsed.is_bulk
    understanding.is_ats = s.vendor is not None
    if not understanding.job_related:
        return understanding  # bulk mail and unrelated mail name no employer, role or date

    facts = extract(parsed, new_text, me=me, outgoing=direction == "out")
    # Networking names an employer only when the contact writes from it.
    networking_without_employer = understanding.category == "networking" and not (
        s.employer_sender and facts.company_domain and facts.company_domain == domain_of(parsed.from_.address))
    if not networking_without_employer:
        understanding.company = facts.company
        understanding.company_domain = facts.company_domain
        if facts.company_reasons:
            understanding.reasons.append("employer from " + ", ".join(dict.fromkeys(facts.company_reasons)))
    understanding.role = facts.role
    understanding.job_id = facts.job_id
    if direction == "in":
        understanding.sender_name = facts.sender_name
        understanding.sender_title = facts.sender_title
    if understanding.category in ("interview_scheduled", "interview_invitation") or (direction == "out" and parsed.calendar):
        events = [ev for ev in parsed.calendar if ev.start and ev.method != "CANCEL"]
        if events:
            understanding.interview_at, understanding.interview_end = events[0].start, events[0].end
            understanding.interview_location = events[0].location
            understanding.reasons.append("interview time from the calendar invitation")
        elif ref is not None and understanding.category == "interview_scheduled":
            understanding.interview_at = (find_datetime(new_text[:MAX_TEXT], ref) if text_datetime is _NOT_SEARCHED
                              else text_datetime)
            if understanding.interview_at:
                understanding.reasons.append("interview time from the text")
        understanding.interviewers = facts.interviewers
    if ref is not None and direction == "in":
        found = find_timeline(new_text[:MAX_TEXT], ref.date())
        if found:
            understanding.timeline_until, understanding.timeline_text = found
            understanding.timeline_text = understanding.timeline_text.rstrip(".")
    if direction == "in" and not understanding.is_bulk and not understanding.is_ats and understanding.category in (
            "networking", "human_reply", "recruiter_outreach"):
        understanding.introduction = introduction_kind(new_text)
        if understanding.introduction:
            understanding.introduced = introduced_people(sender=parsed.from_, to=parsed.to, cc=parsed.cc, me=me)
            understanding.reasons.append(f"body: {understanding.introduction} of the candidate")
    return understanding


def understand_bytes(raw: bytes, *, me, labels: tuple[str, ...] = ()):
    """Parse and understand in one call: (ParsedMessage, Understanding)."""
    parsed = parse_message(raw)
    return parsed, understand(parsed, me=frozenset(me), labels=labels)

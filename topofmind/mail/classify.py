"""Weighted signals -> one category, a confidence and the reasons.

Two kinds of signals add to each category's score:
- phrase families (``phrases``) found in the subject or the new text of the body;
- structural signals: who sent it (an ATS, a job board, a scheduling or assessment tool,
  a human at an employer, a person at a personal mailbox), bulk-mail headers, a reply to
  the candidate's own thread, a calendar invitation (METHOD:REQUEST), a date-and-time.
The highest score wins; the margin over the runner-up gives the confidence. Every signal
that contributed to the winner is listed in ``reasons`` so that a user can see why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from topofmind.mail.lookalikes import named_in_passing, not_job_application
from topofmind.mail.phrases import (
    BODY,
    INCOMING,
    JOB_CONTEXT,
    NOT_JOB_APPLICATION,
    OUTGOING,
    STRONG_JOB_CONTEXT,
    SUBJECT,
    Rule,
)
from topofmind.mail.prefilter import (
    Alternatives,
    may_match_known,
    required_alternatives,
    required_literals,
    search_at_prefixes,
    selective_prefixes,
)
from topofmind.mail.vendors import ASSESSMENT, ATS, JOB_BOARD, SCHEDULING

JOB_CATEGORIES = (
    "application_confirmation", "interview_invitation", "interview_scheduled", "assessment",
    "rejection", "offer", "status_update", "recruiter_outreach", "human_reply", "networking",
)
NOISE = ("job_alert_or_newsletter", "not_job_related")
# Messages a system sends about one application (never a person's outreach or chat).
TRANSACTIONAL = ("application_confirmation", "interview_invitation", "interview_scheduled",
                 "assessment", "rejection", "offer", "status_update")


@dataclass
class Signals:
    """What is known about a message before reading its words."""

    subject: str  # lower-case, without Re:/Fwd: prefixes
    text: str  # lower-case new text (quotes and forwarded history removed)
    context: str = ""  # lower-case quoted history and calendar summaries: context, not content
    vendor: str | None = None
    vendor_kind: str | None = None
    automated_sender: bool = False  # no-reply@, careers@, notifications@ ...
    human_sender: bool = False  # a person's name and a personal address
    employer_sender: bool = False  # a human at a non-vendor, non-freemail domain
    freemail_sender: bool = False
    bulk: bool = False
    auto_reply: bool = False  # Auto-Submitted: auto-replied (out-of-office and the like)
    is_reply: bool = False  # In-Reply-To/References or a Re: subject
    replies_to_me: bool = False  # the quoted or referenced message is the candidate's
    calendar_request: bool = False
    calendar_cancel: bool = False
    has_datetime: bool = False
    forwarded: bool = False
    hiring_mailbox: bool = False  # careers@, recruiting@, talent@ at a company's own domain


@dataclass
class Verdict:
    category: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # every category's signals, for the model
    noise_doubt: bool = False  # job mail by a small margin over noise: a person should decide


_LITERALS = {id(rule): required_literals(rule.pattern) for rule in (*INCOMING, *OUTGOING)}
_ALTERNATIVES = {id(rule): required_alternatives(rule.pattern) for rule in (*INCOMING, *OUTGOING)}
_ALL_LITERALS = tuple(sorted({lit for lits in _LITERALS.values() if lits for lit in lits}, key=len))


def _literal_tree() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Literals grouped under a shorter literal they contain: when "review" is absent, so is
    "reviewing", and it need not be searched for. Returns (roots, children of each literal)."""
    parent: dict[str, str | None] = {}
    for i, lit in enumerate(_ALL_LITERALS):
        parent[lit] = next((p for p in reversed(_ALL_LITERALS[:i]) if p in lit and len(p) >= 3), None)
    children: dict[str, list[str]] = {}
    for lit, p in parent.items():
        if p is not None:
            children.setdefault(p, []).append(lit)
    roots = tuple(lit for lit, p in parent.items() if p is None)
    return roots, {k: tuple(v) for k, v in children.items()}


_ROOTS, _CHILDREN = _literal_tree()

# Most roots are absent from a given text, and each ``lit in text`` scans all of it. Every
# root of three characters or more is filed under one of its ASCII trigrams (the one of rarest
# letters), hashed to 16 bits: only roots whose bucket holds a trigram of the text are searched
# for. The text's trigrams are hashed in numpy (one pass in C, no string per position); a
# non-ASCII character reads as "?", which can only add candidates, never hide one.
_LETTERS_BY_FREQUENCY = " etaoinshrdlcumwfgypbvkjxqz"


def _commonness(gram: str) -> int:
    return sum(40 - _LETTERS_BY_FREQUENCY.index(c) for c in gram if c in _LETTERS_BY_FREQUENCY)


def _gram_hashes(codes: np.ndarray) -> np.ndarray:
    return (codes[:-2] << 10) ^ (codes[1:-1] << 5) ^ codes[2:]  # uint16: the shifts wrap to 16 bits


def _roots_by_trigram() -> tuple[tuple[str, ...], np.ndarray, tuple[tuple[str, ...], ...]]:
    """(roots always searched for, bucket + 1 of each trigram hash (0: none), roots per bucket)."""
    always: list[str] = []
    by_hash: dict[int, list[str]] = {}
    for lit in _ROOTS:
        grams = [lit[i:i + 3] for i in range(len(lit) - 2) if lit[i:i + 3].isascii()]
        if not grams:
            always.append(lit)
            continue
        gram = np.frombuffer(min(grams, key=_commonness).encode("ascii"), dtype=np.uint8).astype(np.uint16)
        by_hash.setdefault(int(_gram_hashes(gram)[0]), []).append(lit)
    table = np.zeros(1 << 16, dtype=np.uint16)
    for bucket, code in enumerate(by_hash, start=1):
        table[code] = bucket
    return tuple(always), table, ((), *(tuple(v) for v in by_hash.values()))


_ALWAYS_ROOTS, _BUCKET_OF_HASH, _BUCKET_ROOTS = _roots_by_trigram()


def _candidates(*texts: str) -> list[str]:
    """Roots that may be in any of the texts: one hashing pass over them joined."""
    joined = "\n".join(texts)
    candidates = list(_ALWAYS_ROOTS)
    if len(joined) >= 3:
        codes = np.frombuffer(joined.encode("ascii", "replace"), dtype=np.uint8).astype(np.uint16)
        hit = np.zeros(len(_BUCKET_ROOTS), dtype=bool)
        hit[_BUCKET_OF_HASH.take(_gram_hashes(codes))] = True
        for bucket in np.flatnonzero(hit).tolist():  # bucket 0 (no root) holds nothing
            candidates += _BUCKET_ROOTS[bucket]
    return candidates


def _present_each(*texts: str) -> tuple[frozenset[str], ...]:
    """Which prefilter literals occur in each text: fast substring tests, skipping every literal
    whose contained shorter literal is already absent."""
    candidates = _candidates(*texts)
    out = []
    for text in texts:
        found: list[str] = []
        pending = list(filter(text.__contains__, candidates))
        while pending:
            lit = pending.pop()
            found.append(lit)
            pending.extend(filter(text.__contains__, _CHILDREN.get(lit, ())))
        out.append(frozenset(found))
    return tuple(out)


def _present(text: str) -> frozenset[str]:  # one text's literals (tests)
    return _present_each(text)[0]


def _known_parts(alternatives: Alternatives | None) -> Alternatives | None:
    """Each part made only of prefilter literals becomes a frozenset: ``_present`` has found
    them already, and a set test replaces another scan of the text."""
    if alternatives is None:
        return None
    literals = frozenset(_ALL_LITERALS)
    return tuple(
        tuple(frozenset(strings) if literals.issuperset(strings) else group
              for group, strings in ((group, (group,) if group.__class__ is str else group) for group in conj))
        for conj in alternatives)


def _subject_weight(rule: Rule) -> float:
    """A phrase found in the subject of a rule read in both places weighs a little more."""
    return rule.weight * (1.15 if rule.where == "both" else 1.0)


def _plan(rules: list[Rule]) -> tuple[tuple, dict[str, tuple[int, ...]], tuple[int, ...]]:
    """What ``_apply`` needs, worked out once rather than for every message: per rule
    (rule, in subject?, in body?, subject weight, alternatives, prefixes); the rules under each
    prefilter literal, so that only rules with a literal present are visited; and the
    rules without a prefilter, which are always tried."""
    entries = tuple(
        (rule, rule.where != BODY, rule.where != SUBJECT, _subject_weight(rule),
         _known_parts(_ALTERNATIVES.get(id(rule))), selective_prefixes(rule.pattern, shortest=1)) for rule in rules)
    by_literal: dict[str, list[int]] = {}
    always: list[int] = []
    for i, rule in enumerate(rules):
        literals = _LITERALS.get(id(rule))
        if literals is None:
            always.append(i)
        for lit in literals or ():
            by_literal.setdefault(lit, []).append(i)
    return entries, {k: tuple(v) for k, v in by_literal.items()}, tuple(always)


_PLANS = {"incoming": _plan(INCOMING), "outgoing": _plan(OUTGOING)}


def _rules_with(present: frozenset[str], by_literal: dict[str, tuple[int, ...]], always: tuple[int, ...]) -> set[int]:
    found = set(always)
    for lit in present:
        found.update(by_literal.get(lit, ()))
    return found


def _apply(plan: tuple, subject: str, text: str, scores: dict, why: dict) -> tuple[frozenset[str], frozenset[str]]:
    """Score the rules that match; returns the prefilter literals present in subject and text."""
    entries, by_literal, always = plan
    subject_literals, text_literals = _present_each(subject, text)
    in_subject = _rules_with(subject_literals, by_literal, always)
    in_text = _rules_with(text_literals, by_literal, always)
    for i in sorted(in_subject | in_text):  # rule order: scores add up and reasons list in it
        rule, in_subj, in_body, subject_weight, alternatives, prefixes = entries[i]
        # Past the literal test, all parts of one alternative, then the regex itself.
        if (in_subj and i in in_subject and may_match_known(alternatives, subject, subject_literals)
                and rule.pattern.search(subject)):
            hit, weight = "subject", subject_weight
        elif (in_body and i in in_text and may_match_known(alternatives, text, text_literals)
                and search_at_prefixes(rule.pattern, text, text, prefixes)):
            hit, weight = "body", rule.weight
        else:
            continue
        scores[rule.category] = scores.get(rule.category, 0.0) + weight
        why.setdefault(rule.category, []).append(
            rule.name if rule.name.startswith(f"{hit}:") else f"{hit}: {rule.name}")
    return subject_literals, text_literals


def _structure(s: Signals, scores: dict, why: dict, job_context: int) -> None:
    def add(category: str, weight: float, reason: str) -> None:
        scores[category] = scores.get(category, 0.0) + weight
        why.setdefault(category, []).append(reason)

    if s.vendor_kind == ATS:
        for c in TRANSACTIONAL:
            add(c, 1.0, f"sent by {s.vendor} (applicant tracking)")
        scores["recruiter_outreach"] = scores.get("recruiter_outreach", 0.0) - 1.5
        scores["networking"] = scores.get("networking", 0.0) - 2.0
        scores["human_reply"] = scores.get("human_reply", 0.0) - 2.0
        scores["not_job_related"] = scores.get("not_job_related", 0.0) - 3.0
    elif s.vendor_kind == JOB_BOARD:
        add("job_alert_or_newsletter", 1.5, f"sent by {s.vendor} (job board)")
        scores["not_job_related"] = scores.get("not_job_related", 0.0) - 2.0
    elif s.vendor_kind == SCHEDULING:
        add("interview_scheduled", 2.0, f"sent by {s.vendor} (scheduling tool)")
        add("interview_invitation", 1.5, f"sent by {s.vendor} (scheduling tool)")
    elif s.vendor_kind == ASSESSMENT:
        add("assessment", 4.0, f"sent by {s.vendor} (assessment platform)")
    if s.bulk:
        add("job_alert_or_newsletter", 2.5, "bulk-mail headers (List-Unsubscribe / Precedence)")
        add("not_job_related", 1.0, "bulk-mail headers")
        for c in ("recruiter_outreach", "human_reply", "networking"):
            scores[c] = scores.get(c, 0.0) - 2.0
    if s.auto_reply:
        add("not_job_related", 3.0, "an automatic reply (Auto-Submitted: auto-replied)")
    if s.calendar_request:
        add("interview_scheduled", 4.0 if job_context else 1.0, "calendar invitation (METHOD:REQUEST)")
    if s.calendar_cancel:
        add("status_update", 2.0, "calendar cancellation")
    if s.has_datetime and job_context:
        add("interview_scheduled", 2.0 if s.is_reply else 1.0, "a date and time in the text")
    if s.is_reply and (s.human_sender or s.employer_sender) and not s.bulk:
        strong_event = _strongest_rule(why, TRANSACTIONAL + ("networking",)) >= 4.0
        add("human_reply", (2.5 if s.replies_to_me else 1.5) * (0.3 if strong_event else 1.0),
            "a person replying in the candidate's thread")
        scores["recruiter_outreach"] = scores.get("recruiter_outreach", 0.0) - 2.0
        scores["application_confirmation"] = scores.get("application_confirmation", 0.0) - 1.5
    if (s.human_sender or s.employer_sender) and not s.is_reply and not s.bulk and not s.vendor:
        add("recruiter_outreach", 0.5, "a person writing first")
    if s.freemail_sender and not s.vendor:
        add("networking", 1.0, "a personal mailbox")
        scores["recruiter_outreach"] = scores.get("recruiter_outreach", 0.0) - 0.5
    if s.automated_sender and not s.vendor:
        for c in ("human_reply", "networking"):
            scores[c] = scores.get(c, 0.0) - 1.5


def _phrase_scores(s: Signals, direction: str) -> tuple[dict[str, float], dict[str, list[str]], str, int, tuple]:
    """The phrase rules' scores and reasons for mail in ``direction``, the text searched for
    a job context, whether it has one (1 or 0: only whether there is one counts), and the
    prefilter literals present in subject and text."""
    scores: dict[str, float] = {}
    why: dict[str, list[str]] = {}
    present = _apply(_PLANS[direction], s.subject, s.text, scores, why)
    everything = s.subject + " " + s.text[:6000] + " " + s.context[:2000]
    return scores, why, everything, 1 if JOB_CONTEXT.search(everything) else 0, present


def classify_incoming(s: Signals) -> Verdict:
    scores, why, everything, job_context, present = _phrase_scores(s, "incoming")
    _structure(s, scores, why, job_context)
    if not_job_application(s.subject, s.text, present):
        if not STRONG_JOB_CONTEXT.search(everything):
            # "Thank you for applying" for a flat, a loan or a card.
            for c in JOB_CATEGORIES:
                if c in scores:
                    scores[c] *= 0.2
            job_context = 0
        elif named_in_passing(s.subject, s.text, everything):
            _unsay(scores, why, "not_job_related", "non-job application")

    if job_context == 0 and not s.vendor_kind:
        # No word about jobs at all: a "confirmed" order or a podcast "interview" is not ours.
        # Networking mail often names no job at all ("great meeting you at the meetup"): a
        # strong networking phrase from a person at a company keeps its weight.
        networking_evident = (_strongest_rule(why, ("networking",)) >= 2.5 and s.employer_sender
                              and not s.bulk)
        for c in JOB_CATEGORIES:
            if c in scores and not (c == "networking" and networking_evident):
                scores[c] *= 0.8 if c == "networking" else 0.4
        if scores.get("job_alert_or_newsletter", 0.0) > 0:
            scores["not_job_related"] = scores.get("not_job_related", 0.0) + scores.pop("job_alert_or_newsletter")
        if not networking_evident:
            why.setdefault("not_job_related", []).append("no job-search vocabulary")
            scores["not_job_related"] = scores.get("not_job_related", 0.0) + 1.0
    scores["not_job_related"] = scores.get("not_job_related", 0.0) + 1.5  # the default
    if _strongest_rule(why, TRANSACTIONAL) >= 5.0 and scores.get("job_alert_or_newsletter", 0.0) > 0:
        # A message about the candidate's own application is not a digest, whatever its footer says.
        scores["job_alert_or_newsletter"] *= 0.5
    if s.bulk and not s.vendor_kind == ATS:
        # Bulk mail about jobs is an alert or a newsletter unless it is clearly about one application.
        strongest = max((scores.get(c, 0.0) for c in TRANSACTIONAL), default=0.0)
        if strongest < 5.0:
            for c in JOB_CATEGORIES:
                if c in scores:
                    scores[c] *= 0.5
    return _verdict(scores, why)


def classify_outgoing(s: Signals) -> Verdict:
    scores, why, everything, job_context, _ = _phrase_scores(s, "outgoing")
    top_kind = max(scores, key=lambda k: scores[k], default=None)
    if s.employer_sender and top_kind is not None and scores[top_kind] >= 3.0:
        # A thank-you or a check-in to someone at a company, in words that name no job.
        job_context += 1
    if NOT_JOB_APPLICATION.search(everything) and not STRONG_JOB_CONTEXT.search(everything):
        job_context = 0
    verdict = _verdict({**scores, "other": 0.5}, why)
    # A check-in to a friend's personal mailbox reads like one to a former interviewer: without
    # a word about the search or a recipient at a company, it stays personal.
    if job_context == 0 and (verdict.category in ("check_in", "other")
                             or verdict.scores.get(verdict.category, 0.0) < 4.0):
        return Verdict("not_job_related", 0.7, ["sent by the candidate", "no job-search vocabulary"], scores)
    kind = verdict.category
    return Verdict(kind, verdict.confidence, ["sent by the candidate", *verdict.reasons], verdict.scores)


_RULE_WEIGHT = {r.name: r.weight for r in INCOMING}
_RULE_NAMED = {r.name: r for r in INCOMING}


def _unsay(scores: dict[str, float], why: dict[str, list[str]], category: str, name: str) -> None:
    """Take back what one phrase rule gave a category."""
    for reason in [r for r in why.get(category, []) if r.split(": ", 1)[-1] == name]:
        why[category].remove(reason)
        rule = _RULE_NAMED[name]
        scores[category] = scores.get(category, 0.0) - (
            _subject_weight(rule) if reason.startswith("subject") else rule.weight)


def _strongest_rule(why: dict[str, list[str]], categories) -> float:
    best = 0.0
    for c in categories:
        for reason in why.get(c, []):
            weight = _RULE_WEIGHT.get(reason) or _RULE_WEIGHT.get(reason.split(": ", 1)[-1], 0.0)
            best = max(best, weight)
    return best


def _verdict(scores: dict[str, float], why: dict[str, list[str]]) -> Verdict:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = max(0.0, top - second)
    confidence = 1.0 - 0.5 * math.exp(-margin / 1.5)
    if top < 2.5:
        confidence *= 0.8
    reasons = why.get(best, []) or ["no stronger signal"]
    return Verdict(best, round(min(confidence, 0.99), 2), reasons[:8], {k: round(v, 2) for k, v in ranked}, why)

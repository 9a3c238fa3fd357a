"""Applications that are not for a job (a flat, a loan, a card, a grant), and job mail that
only names one in passing: when the phrase rules' "non-job application" finding counts."""

from __future__ import annotations

import re

from topofmind.mail.phrases import NOT_JOB_APPLICATION
from topofmind.mail.prefilter import required_literals

# Every match of NOT_JOB_APPLICATION holds one of these. In "subject + ' ' + text" it lies in
# the subject, in the text or across the space between them: the literals found in subject and
# text and a look at the join tell when the regex need not run.
_NOT_JOB_LITERALS = frozenset(required_literals(NOT_JOB_APPLICATION) or ())
_NOT_JOB_SPAN = max(map(len, _NOT_JOB_LITERALS), default=0)
_APPLYING = re.compile(r"\bappl(?:y|ied|ying|ications?)\b")
_NOT_JOB_ERRAND = re.compile(NOT_JOB_APPLICATION.pattern + r"\s+(?:\w+\s+)?(?:interview|appointment|approval|renewal)\b")


def not_job_application(subject: str, text: str, present: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether subject or text names a flat, a loan, a card... (``present``: the prefilter's
    literals found in each)."""
    subject_literals, text_literals = present
    join = subject[-_NOT_JOB_SPAN:] + " " + text[:_NOT_JOB_SPAN]
    if (not _NOT_JOB_LITERALS or not subject_literals.isdisjoint(_NOT_JOB_LITERALS)
            or not text_literals.isdisjoint(_NOT_JOB_LITERALS) or any(map(join.__contains__, _NOT_JOB_LITERALS))):
        return bool(NOT_JOB_APPLICATION.search(subject + " " + text[:6000]))
    return False


def named_in_passing(subject: str, text: str, everything: str) -> bool:
    """Job mail that names a visa, a grant or an apartment in passing and applies for none of them
    (not "Visa interview booked", nor a "visa appointment" in the text)."""
    return not (_APPLYING.search(everything) or NOT_JOB_APPLICATION.search(subject)
                or _NOT_JOB_ERRAND.search(text[:6000]))

"""Accuracy of the classifier and extractor on labelled records (pure; the caller loads them).

Shared by ``bench/classify_accuracy.py`` and the corpus test so that both measure the same
thing: per-category precision/recall/F1, macro-F1 over the 12 incoming categories, the
noise false-positive rate (alerts, newsletters and unrelated mail classified as any job
category) and employer accuracy on job messages.

The development split is by a hash of each record's id: ~70% "train" (tune on it), the
rest "test" (report on it), stable across runs and corpus growth.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from topofmind.mail.records import RecordError, record_to_bytes
from topofmind.mail.types import INCOMING_CATEGORIES
from topofmind.mail.understand import understand_bytes

NOISE = ("job_alert_or_newsletter", "not_job_related")
_LEGAL = re.compile(r"\b(?:inc|llc|ltd|g?gmbh|corp|corporation|co|plc|sa|ag|bv|limited)\b\.?$")


def split_of(record_id: str) -> str:
    digest = hashlib.sha256(str(record_id).encode()).digest()
    return "train" if digest[0] % 10 < 7 else "test"


def normalize_company(name: str | None) -> str | None:
    if not name:
        return None
    name = unicodedata.normalize("NFKD", name.lower().replace("&", " and "))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = _LEGAL.sub("", re.sub(r"^the\s+", "", name.strip()))  # "The Acme Company" is Acme Company
    key = re.sub(r"[^\w]", "", name)
    return key or None


@dataclass
class Outcome:
    id: str
    expected: str
    predicted: str | None
    expected_company: str | None
    predicted_company: str | None
    reasons: list[str]
    error: str | None = None
    expected_kind: str | None = None
    predicted_kind: str | None = None
    expected_role: str | None = None
    predicted_role: str | None = None
    expected_interview_at: str | None = None
    predicted_interview_at: str | None = None
    confidence: float = 0.0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def per_category(self) -> dict[str, tuple[float, float, float, int]]:
        tp, fp, fn, support = Counter(), Counter(), Counter(), Counter()
        for o in self.outcomes:
            support[o.expected] += 1
            if o.predicted == o.expected:
                tp[o.expected] += 1
            else:
                fn[o.expected] += 1
                if o.predicted:
                    fp[o.predicted] += 1
        out = {}
        for c in (*INCOMING_CATEGORIES, "outgoing"):
            p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
            r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[c] = (p, r, f, support[c])
        return out

    def macro_f1(self) -> float:
        table = self.per_category()
        present = [c for c in INCOMING_CATEGORIES if table[c][3]]
        return sum(table[c][2] for c in present) / len(present) if present else 0.0

    def noise_fp_rate(self) -> float:
        noise = [o for o in self.outcomes if o.expected in NOISE]
        bad = [o for o in noise if o.predicted not in NOISE]
        return len(bad) / len(noise) if noise else 0.0

    def job_messages(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected not in NOISE]

    def company_accuracy(self) -> float:
        jobs = self.job_messages()
        ok = [o for o in jobs if normalize_company(o.expected_company) == normalize_company(o.predicted_company)]
        return len(ok) / len(jobs) if jobs else 0.0

    def company_errors(self) -> list[Outcome]:
        return [o for o in self.job_messages()
                if normalize_company(o.expected_company) != normalize_company(o.predicted_company)]

    def field_accuracy(self, field_name: str) -> tuple[int, int]:
        """(right, labelled) for 'role', 'kind' or 'interview_at' over messages whose label states it."""
        right = total = 0
        for o in self.outcomes:
            expected = getattr(o, f"expected_{field_name}")
            if not expected:
                continue
            total += 1
            predicted = getattr(o, f"predicted_{field_name}")
            if field_name == "interview_at" and predicted:
                from datetime import datetime

                right += datetime.fromisoformat(predicted) == datetime.fromisoformat(expected)
            else:
                right += (predicted or "").lower() == expected.lower()
        return right, total

    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.predicted != o.expected]


def evaluate(records: list[dict], *, me: frozenset[str], split: str = "all") -> Report:
    report = Report()
    for record in records:
        if split != "all" and split_of(record.get("id", "")) != split:
            continue
        label = record.get("label") or {}
        expected = label.get("category")
        try:
            _, u = understand_bytes(record_to_bytes(record), me=me)
        except (RecordError, ValueError) as exc:
            report.outcomes.append(Outcome(record.get("id"), expected, None, label.get("company"), None, [],
                                           error=str(exc)))
            continue
        report.outcomes.append(Outcome(
            record.get("id"), expected, u.category, label.get("company"), u.company, u.reasons,
            expected_kind=label.get("outgoing_kind"), predicted_kind=u.outgoing_kind,
            expected_role=label.get("role"), predicted_role=u.role,
            expected_interview_at=label.get("interview_at"),
            predicted_interview_at=u.interview_at.isoformat() if u.interview_at else None))
    return report

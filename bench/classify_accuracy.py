"""Classifier and extractor accuracy on the labelled corpus.

    .venv/bin/python bench/classify_accuracy.py [--split test|train|all] [--errors] [--corpus PATH]

Prints a per-category precision / recall / F1 table, macro-F1 over the 12 incoming
categories, the noise false-positive rate (alerts, newsletters and unrelated mail classified
as a job category) and employer accuracy on job messages. ``--errors`` lists the misses.
Targets: macro-F1 >= 0.93, noise FP <= 1%, employer correct >= 95%.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topofmind.mail.evaluate import evaluate  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus" / "corpus.jsonl"
CANDIDATES = ROOT / "tests" / "data" / "corpus" / "candidates.json"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("test", "train", "all"), default="all")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--errors", action="store_true", help="list every misclassified message and employer miss")
    args = ap.parse_args()

    me = frozenset(a.lower() for a in json.loads(CANDIDATES.read_text()))
    report = evaluate(load(args.corpus), me=me, split=args.split)
    print(f"corpus: {args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT) else args.corpus}"
          f"  split: {args.split}  messages: {len(report.outcomes)}\n")
    print(f"{'category':<26}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>5}")
    for category, (p, r, f, n) in report.per_category().items():
        print(f"{category:<26}{p:>10.3f}{r:>8.3f}{f:>7.3f}{n:>5}")
    print()
    print(f"macro-F1 (12 incoming categories): {report.macro_f1():.3f}   target >= 0.93")
    print(f"noise false-positive rate:         {report.noise_fp_rate():.2%}   target <= 1%")
    print(f"employer accuracy (job messages):  {report.company_accuracy():.2%}   target >= 95%"
          f"  ({len(report.job_messages())} job messages)")
    for name, label in (("kind", "outgoing kind"), ("role", "role title"), ("interview_at", "interview time")):
        right, total = report.field_accuracy(name)
        if total:
            print(f"{label + ' (where labelled):':<35}{right / total:.2%}  ({right}/{total})")
    if args.errors:
        print("\nmisclassified:")
        for o in report.errors():
            print(f"  {o.id}: expected {o.expected}, got {o.predicted}  {o.error or ''} {o.reasons[:4]}")
        print("\nrole misses:")
        for o in report.outcomes:
            if o.expected_role and (o.predicted_role or "").lower() != o.expected_role.lower():
                print(f"  {o.id}: expected {o.expected_role!r}, got {o.predicted_role!r}")
        print("\nemployer misses:")
        for o in report.company_errors():
            print(f"  {o.id} [{o.expected}]: expected {o.expected_company!r}, got {o.predicted_company!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

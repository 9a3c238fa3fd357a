"""The classifier on real mail: k-fold cross-validation on the development corpus, and the own corpus.

    TOPOFMIND_DEVCORPUS=/path/to/corpus.jsonl .venv/bin/python bench/classify_cv.py [--folds 5] [--seed 7]
        [--groups] [--errors]

Each fold trains the learned model on the other folds plus the whole own corpus
(tests/data/corpus) with the shipped settings, temperature and noise preference, and
scores the held-back fold through the whole run-time pipeline (``understand``). Printed per
fold set: per-category precision / recall / F1 (means over the folds), macro-F1, the noise
false-positive rate (alerts and unrelated mail taken for job mail), employer accuracy on job
mail and accuracy (mean ± spread over the folds), on all incoming records and on those not
marked ambiguous; the confidence table (is a confident answer right?). ``--groups`` also
runs the folds by source (every record of one source in one fold): nothing learned from a
template's other copies helps there. Then the own corpus with the shipped model (it trains
on it: a regression check, not a measure).
Targets on records not marked ambiguous: macro-F1 >= 0.85, noise FP <= 3 %, employer >= 90 %;
a confidence >= 0.8 right >= 95 % of the time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topofmind.mail import learned, training  # noqa: E402
from topofmind.mail.evaluate import Report  # noqa: E402
from topofmind.mail.types import INCOMING_CATEGORIES  # noqa: E402

OWN = (ROOT / "tests" / "data" / "corpus" / "corpus.jsonl", ROOT / "tests" / "data" / "corpus" / "shapes.jsonl")
BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def spread(values: list[float]) -> str:
    mean = statistics.fmean(values)
    sd = statistics.pstdev(values) if len(values) > 1 else 0.0
    return f"{mean:.3f} ± {sd:.3f}"


def table(reports: list[Report], title: str) -> None:
    print(f"\n{title}: {sum(len(r.outcomes) for r in reports)} records, {len(reports)} folds")
    print(f"{'category':<26}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>6}")
    merged = Report([o for r in reports for o in r.outcomes])
    per_fold = [r.per_category() for r in reports]
    for category in INCOMING_CATEGORIES:
        n = merged.per_category()[category][3]
        if not n:
            continue
        p, rcl, f = (statistics.fmean(t[category][i] for t in per_fold) for i in range(3))
        print(f"{category:<26}{p:>10.3f}{rcl:>8.3f}{f:>7.3f}{n:>6}")
    print(f"macro-F1                  {spread([r.macro_f1() for r in reports])}")
    print(f"noise counted as job mail {spread([r.noise_fp_rate() for r in reports])}")
    print(f"employer right (job mail) {spread([r.company_accuracy() for r in reports])}")
    print(f"accuracy                  {spread([1 - len(r.errors()) / max(1, len(r.outcomes)) for r in reports])}")


def confidence_table(reports: list[Report]) -> None:
    outcomes = [o for r in reports for o in r.outcomes]
    print("\nconfidence      share   right")
    for lo, hi in BINS:
        hits = [o for o in outcomes if lo <= o.confidence < hi]
        if hits:
            right = sum(o.predicted == o.expected for o in hits) / len(hits)
            print(f"{lo:.1f}–{min(hi, 1.0):.1f}      {len(hits) / len(outcomes):>6.1%}  {right:>6.1%}  ({len(hits)})")
    sure = [o for o in outcomes if o.confidence >= 0.8]
    if sure:
        right = sum(o.predicted == o.expected for o in sure) / len(sure)
        print(f">= 0.8 (acted on without review): {len(sure) / len(outcomes):.1%} of messages, right {right:.1%}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devcorpus", type=Path, default=os.environ.get("TOPOFMIND_DEVCORPUS"),
                    help="the development corpus (default: $TOPOFMIND_DEVCORPUS)")
    ap.add_argument("--corpus", type=Path, nargs="+", default=OWN, help="the own corpus' files")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--groups", action="store_true", help="also cross-validate by source groups")
    ap.add_argument("--errors", action="store_true", help="list the out-of-fold misses")
    args = ap.parse_args()
    if not args.devcorpus or not Path(args.devcorpus).is_file():
        ap.error("give the development corpus: --devcorpus PATH or TOPOFMIND_DEVCORPUS=PATH")
    shipped = learned.load()
    if shipped is None:
        ap.error("no shipped model: run `topofmind classify train` first")
    settings = training.Settings(**{k: shipped.meta[k] for k in ("c", "own_weight", "ambiguous_weight", "min_df",
                                                                  "noise_preference")})
    dev = training.featurize(training.load_devcorpus(Path(args.devcorpus)))
    own = training.featurize(training.load_own(*args.corpus))
    print(f"development corpus: {len(dev)} incoming records; own corpus: {len(own)} incoming; "
          f"settings {settings}, temperature {shipped.temperature}")
    for by_group in (False, True) if args.groups else (False,):
        name = "by source groups" if by_group else "stratified"
        cv = training.cross_validate(dev, own, settings, k=args.folds, seed=args.seed, by_group=by_group,
                                     temperature=shipped.temperature,
                                     progress=lambda line: print("  " + line, file=sys.stderr))
        table(cv.reports, f"development corpus, {args.folds}-fold {name}, all records")
        table(cv.clear_reports, f"development corpus, {args.folds}-fold {name}, records not marked ambiguous")
        confidence_table(cv.reports)
        if args.errors:
            for r in cv.reports:
                for o in r.errors():
                    print(f"  {o.id}: expected {o.expected}, got {o.predicted} ({o.confidence:.2f}) {o.reasons[:3]}")
    own_report = Report([training.outcome(ex, shipped)[0] for ex in own])
    table([own_report], "own corpus, shipped model (trained on it: a regression check)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

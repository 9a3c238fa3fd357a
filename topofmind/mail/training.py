"""Training the learned classifier (scikit-learn, a development dependency; never imported at run time).

The examples are the project's own corpus (tests/data/corpus) and the development corpus of
real mail (read from a path given by the caller; its text never enters the repository). Each
incoming message goes through the same reading as at run time (``understand.read``, the
phrase rules) and becomes the features of ``learned.features``. A multinomial logistic
regression over them is fitted; its temperature is then set on out-of-fold predictions so
that a confidence of 0.8 or more is right at least 95 % of the time.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formataddr
from pathlib import Path

import numpy as np

from topofmind.mail import learned
from topofmind.mail.classify import classify_incoming
from topofmind.mail.decide import REVIEW_THRESHOLD
from topofmind.mail.parse import parse_message
from topofmind.mail.records import record_to_bytes
from topofmind.mail.understand import read

# The development corpus' category names -> the classify contract's.
DEV_CATEGORIES = {"application_viewed_or_status_update": "status_update", "assessment_or_task": "assessment"}
TARGET_PRECISION = 0.955


@dataclass
class Example:
    id: str
    record: dict  # in the classify JSONL format
    category: str
    company: str | None
    ambiguous: bool
    group: str
    own: bool  # from the project's own corpus
    me: frozenset[str]
    direction: str = "in"
    features: dict[str, float] = field(default_factory=dict)


def from_devcorpus(raw: dict) -> dict:
    """A development-corpus record in the classify JSONL format."""
    sender = formataddr((raw.get("from_name") or "", raw.get("from_email") or "")) if raw.get("from_email") else ""
    record = {"id": raw["id"], "from": sender, "to": raw.get("to_email") or "", "subject": raw.get("subject") or "",
              "body": raw.get("body_text") or ""}
    if raw.get("date"):
        record["date"] = raw["date"]
    return record


def load_devcorpus(path: Path) -> list[Example]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    me = frozenset({r["to_email"].lower() for r in rows if r.get("direction") == "in" and r.get("to_email")}
                   | {r["from_email"].lower() for r in rows if r.get("direction") == "out" and r.get("from_email")})
    out = []
    for r in rows:
        labels = r.get("labels") or {}
        category = DEV_CATEGORIES.get(labels.get("category"), labels.get("category"))
        out.append(Example(r["id"], from_devcorpus(r), category, labels.get("company"), bool(labels.get("ambiguous")),
                           str(r.get("source") or r["id"]), False, me, r.get("direction") or "in"))
    return out


def load_own(*paths: Path) -> list[Example]:
    """The own corpus' files (corpus.jsonl, shapes.jsonl); the candidates' addresses beside them."""
    out = []
    for path in paths:
        me = frozenset(a.lower() for a in json.loads((path.parent / "candidates.json").read_text()))
        for r in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()):
            label = r.get("label") or {}
            out.append(Example(r["id"], {k: v for k, v in r.items() if k != "label"}, label.get("category"),
                               label.get("company"), False, "own:" + r["id"], True, me,
                               label.get("direction") or "in"))
    return out


def featurize(examples: list[Example], progress: Callable[[int], None] | None = None) -> list[Example]:
    """Read each message as at run time; keep the incoming ones with their features."""
    kept = []
    for n, ex in enumerate(examples):
        parsed = parse_message(record_to_bytes(ex.record))
        reading = read(parsed, ex.me)
        if progress and n % 200 == 0:
            progress(n)
        if reading.direction != "in" or ex.category == "outgoing":
            continue
        rules = classify_incoming(reading.signals)
        ex.features = learned.features(reading.signals, rules.scores, rules.evidence)
        kept.append(ex)
    return kept


@dataclass
class Settings:
    c: float = 4.0
    own_weight: float = 0.5
    ambiguous_weight: float = 0.7
    min_df: int = 2
    noise_preference: float = 1.5  # odds by which alerts and unrelated mail are preferred in a close call


def _weights(examples: list[Example], settings: Settings) -> np.ndarray:
    return np.array([(settings.own_weight if ex.own else 1.0) * (settings.ambiguous_weight if ex.ambiguous else 1.0)
                     for ex in examples])


def _adjust(classes, settings: Settings) -> np.ndarray:
    from topofmind.mail.classify import NOISE

    return np.array([np.log(settings.noise_preference) if c in NOISE else 0.0 for c in classes])


def fit(examples: list[Example], settings: Settings, temperature: float = 1.0) -> learned.Model:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df: dict[str, int] = {}
    for ex in examples:
        for f in ex.features:
            df[f] = df.get(f, 0) + 1
    keep = {f for f, n in df.items() if n >= settings.min_df or f.startswith(("x:", "r:"))}
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform([{f: v for f, v in ex.features.items() if f in keep} for ex in examples])
    y = [ex.category for ex in examples]
    clf = LogisticRegression(C=settings.c, max_iter=3000, tol=1e-4)
    clf.fit(X, y, sample_weight=_weights(examples, settings))
    weights = clf.coef_.T.astype(np.float32)
    if len(clf.classes_) == 2:  # never with real data; keeps the shapes honest
        weights = np.hstack([-weights, weights]) / 2
    vocab = list(vec.get_feature_names_out())
    return learned.Model(classes=tuple(clf.classes_), index={f: i for i, f in enumerate(vocab)},
                         weights=weights.astype(np.float16).astype(np.float32), bias=clf.intercept_.astype(np.float32).astype(np.float64),
                         temperature=temperature, meta={}, adjust=_adjust(clf.classes_, settings))


def folds(examples: list[Example], k: int, seed: int, by_group: bool) -> list[list[int]]:
    """k folds over the examples' indices, stratified by category; by source group when asked
    (all records of one source land in one fold: a harder, more honest test)."""
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    if by_group:
        groups: dict[str, list[int]] = {}
        for i, ex in enumerate(examples):
            groups.setdefault(ex.group, []).append(i)
        keys = sorted(groups)
        rng.shuffle(keys)
        keys.sort(key=lambda g: -len(groups[g]))  # biggest first, each to the smallest fold
        for g in keys:
            min(out, key=len).extend(groups[g])
        return out
    by_category: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        by_category.setdefault(ex.category, []).append(i)
    start = 0
    for category in sorted(by_category):
        idx = by_category[category]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            out[(start + j) % k].append(i)
        start += len(idx)
    return out


def probabilities(model: learned.Model, examples: list[Example]) -> np.ndarray:
    return np.array([model.probabilities(ex.features)[0] for ex in examples])


def choose_temperature(z: np.ndarray, targets: np.ndarray, adjust: np.ndarray | None = None) -> float:
    """The smallest temperature, from the likelihood's best one up, at which out-of-fold
    predictions with a confidence of 0.8 or more are right ``TARGET_PRECISION`` of the time."""

    def probs(t: float) -> np.ndarray:
        shifted = z / t + (0.0 if adjust is None else adjust)
        e = np.exp(shifted - shifted.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    best_t, best_nll = 1.0, float("inf")
    for t in np.arange(0.3, 3.01, 0.05):
        p = probs(t)
        nll = -float(np.mean(np.log(p[np.arange(len(p)), targets] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    for t in np.arange(best_t, 6.01, 0.05):
        p = probs(t)
        sure = p.max(axis=1) >= REVIEW_THRESHOLD
        if not sure.any() or (p.argmax(axis=1) == targets)[sure].mean() >= TARGET_PRECISION:
            return round(float(t), 2)
    return 6.0


def logits(model: learned.Model, features: dict[str, float]) -> np.ndarray:
    rows = [(model.index[f], v) for f, v in features.items() if f in model.index]
    out = model.bias.astype(np.float64).copy()
    for i, v in rows:
        out += v * model.weights[i]
    return out


@dataclass
class CrossValidation:
    """Out-of-fold results: one evaluation report per fold, the out-of-fold logits and targets."""

    reports: list = field(default_factory=list)
    clear_reports: list = field(default_factory=list)  # the same, records not marked ambiguous
    logits: list[np.ndarray] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


def outcome(ex: Example, model: learned.Model | bool | None):
    """Score one record through the whole run-time pipeline (``understand``) with ``model``."""
    from topofmind.mail.evaluate import Outcome
    from topofmind.mail.understand import understand

    parsed = parse_message(record_to_bytes(ex.record))
    u = understand(parsed, me=ex.me, model=model)
    predicted = u.category if u.category != "outgoing" else "outgoing"
    return Outcome(ex.id, ex.category, predicted, ex.company, u.company, u.reasons, confidence=u.confidence), \
        u.confidence


def cross_validate(dev: list[Example], own: list[Example], settings: Settings, *, k: int = 5, seed: int = 7,
                   by_group: bool = False, temperature: float = 1.0,
                   progress: Callable[[str], None] | None = None) -> CrossValidation:
    """Train on k-1 folds of the development corpus plus the whole own corpus, score the k-th."""
    from topofmind.mail.evaluate import Report

    cv = CrossValidation()
    for i, fold in enumerate(folds(dev, k, seed, by_group)):
        held = set(fold)
        train = [ex for j, ex in enumerate(dev) if j not in held] + own
        model = fit(train, settings, temperature)
        report, clear = Report(), Report()
        for j in fold:
            ex = dev[j]
            o, _ = outcome(ex, model)
            report.outcomes.append(o)
            if not ex.ambiguous:
                clear.outcomes.append(o)
            cv.logits.append(logits(model, ex.features))
            cv.targets.append(ex.category)
            cv.examples.append(ex)
        cv.reports.append(report)
        cv.clear_reports.append(clear)
        if progress:
            progress(f"fold {i + 1}/{k}: macro-F1 {report.macro_f1():.3f} (not ambiguous {clear.macro_f1():.3f})")
    return cv


def temperature_for(cv: CrossValidation, model: learned.Model) -> float:
    order = {c: i for i, c in enumerate(model.classes)}
    return choose_temperature(np.array(cv.logits), np.array([order[t] for t in cv.targets]), model.adjust)


def sample_predictions(model: learned.Model, own: list[Example], every: int = 10) -> list[dict]:
    """Answers of the trained model on a fixed sample of the own corpus (never devcorpus
    text): a test checks that the shipped weights give the same."""
    out = []
    for ex in own[::every]:
        o, confidence = outcome(ex, model)
        out.append({"id": ex.id, "category": o.predicted, "confidence": confidence})
    return out


def train(dev: list[Example], own: list[Example], settings: Settings | None = None, *, k: int = 5, seed: int = 7,
          progress: Callable[[str], None] | None = None) -> tuple[learned.Model, CrossValidation]:
    """Cross-validate (for the temperature and the figures), then fit on everything."""
    settings = settings or Settings()
    cv = cross_validate(dev, own, settings, k=k, seed=seed, progress=progress)
    model = fit(dev + own, settings)
    temperature = temperature_for(cv, model)
    if progress:
        progress(f"temperature {temperature} (a confidence >= {REVIEW_THRESHOLD} is right >= "
                 f"{TARGET_PRECISION:.1%} of the time out of fold)")
    model = learned.Model(model.classes, model.index, model.weights, model.bias, temperature,
                          {"examples": len(dev) + len(own), "c": settings.c, "own_weight": settings.own_weight,
                           "ambiguous_weight": settings.ambiguous_weight, "min_df": settings.min_df,
                           "noise_preference": settings.noise_preference, "folds": k, "seed": seed},
                          model.adjust)
    return model, cv


def export(model: learned.Model, path: Path) -> None:
    vocab = sorted(model.index, key=model.index.__getitem__)
    learned.save(path, classes=model.classes, vocab=vocab, weights=model.weights, bias=model.bias,
                 temperature=model.temperature, meta=model.meta, adjust=model.adjust)

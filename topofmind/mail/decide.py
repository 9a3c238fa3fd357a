"""The final say on an incoming message: the learned model over the rules' verdict.

The phrase rules and the structural signals (``classify``) always run; their scores and
fired phrases are features of the learned model (``learned``), which weighs them with the
words of each zone. Without a weights file the rules' verdict stands as it is.
"""

from __future__ import annotations

from topofmind.mail import learned
from topofmind.mail.classify import NOISE, Signals, Verdict

# Below this confidence a decision is uncertain; on cross-validation a confidence at or above
# it is right at least 95 % of the time (the temperature is set so).
REVIEW_THRESHOLD = 0.8
# Job mail whose chance of being noise is at least this, below the threshold, is held for review.
NOISE_DOUBT = 0.15


def decide(s: Signals, rules: Verdict, model: learned.Model | bool | None = None) -> Verdict:
    """``model``: None for the shipped model, False for the rules alone (to measure them)."""
    if model is None:
        model = learned.load()
    if not model:
        return rules
    feats = learned.features(s, rules.scores, rules.evidence, model)
    probs, rows = model.probabilities(feats)
    best = int(probs.argmax())
    category = model.classes[best]
    reasons = model.explain(rows, best)
    # The rules name the system ("sent by Greenhouse (applicant tracking)"); the model only its kind.
    sender = next((r for rs in rules.evidence.values() for r in rs if r.startswith("sent by ")), None)
    if sender:
        reasons = [sender if r.startswith("sent by ") else r for r in reasons]
    for reason in rules.evidence.get(category, []):
        if len(reasons) >= 6:
            break
        if reason not in reasons:
            reasons.append(reason)
    confidence = round(min(float(probs[best]), 0.99), 2)
    noise = sum(float(p) for c, p in zip(model.classes, probs, strict=True) if c in NOISE)
    return Verdict(category, confidence, reasons or ["learned model"],
                   {c: round(float(p), 3) for c, p in zip(model.classes, probs, strict=True)}, rules.evidence,
                   noise_doubt=category not in NOISE and confidence < REVIEW_THRESHOLD and noise >= NOISE_DOUBT)

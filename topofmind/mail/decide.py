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
# Job mail at least this likely to be noise, below the threshold, is held for review (at 0.15 it
# held a third of the demo story's replies from people at employers).
NOISE_DOUBT = 0.3
# Below this the model hesitates; a rules' verdict at least this confident then stands.
MODEL_UNSURE = 0.5
RULES_SURE = 0.8


def decide(s: Signals, rules: Verdict, model: learned.Model | bool | None = None) -> Verdict:
    """``model``: None for the shipped model, False for the rules alone (to measure them)."""
    if model is None:
        model = learned.load()
    if not model:
        return rules
    probs, rows = model.posterior(*model.vector(s, rules.scores, rules.evidence))
    best = int(probs.argmax())
    if (probs[best] < MODEL_UNSURE and rules.confidence >= RULES_SURE and rules.category in model.classes
            and rules.category not in NOISE):
        # The model hesitates where the phrase rules clearly found job mail: their reading stands,
        # with the model's (lower) probability for it as the confidence. ("No job words" is not
        # such a finding: mail in other languages has none.)
        best = model.classes.index(rules.category)
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
    p = probs.tolist()
    confidence = round(min(p[best], 0.99), 2)
    noise = sum(pc for c, pc in zip(model.classes, p, strict=True) if c in NOISE)
    # A person writing from their company to network is no newsletter or receipt: nothing to hold.
    personal_note = category == "networking" and s.human_sender and s.employer_sender and not s.bulk
    return Verdict(category, confidence, reasons or ["learned model"],
                   {c: round(pc, 3) for c, pc in zip(model.classes, p, strict=True)}, rules.evidence,
                   noise_doubt=category not in NOISE and confidence < REVIEW_THRESHOLD and noise >= NOISE_DOUBT
                   and not personal_note)

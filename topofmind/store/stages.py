"""The one way an opportunity's stage changes: the rule (topofmind/playbook/stages.py), the
history row, the closing date and the audit entry, whoever asks (the sync, the user, an undo).

The rows are returned, not added: the sync adds them once their message has an id.
"""

from __future__ import annotations

from datetime import datetime

from topofmind.playbook.stages import CLOSED_STAGES, may_move
from topofmind.store import audit
from topofmind.store import models


def opening(opp: models.Opportunity, *, at: datetime, reason: str, source: str) -> models.StageChange:
    """The first row of a new opportunity's stage history."""
    return models.StageChange(opportunity_id=opp.id, from_stage=None, to_stage=opp.stage, at=at, reason=reason[:300],
                         source=source)


def move(opp: models.Opportunity, target: str, *, at: datetime, now: datetime, reason: str, by_user: bool,
         reopens: bool = True, summary: str | None = None, confidence: float | None = None,
         audited: bool = True) -> list:
    """Move ``opp`` to ``target`` on evidence dated ``at`` if the rule allows it: the rows to
    add (the history row, then the audit entry unless ``audited`` is False), or [] when
    it stays where it is."""
    if not may_move(opp.stage, opp.stage_changed_at, target, evidence_at=at, by_user=by_user, reopens=reopens):
        return []
    before = {"stage": opp.stage, "stage_changed_at": opp.stage_changed_at.isoformat(),
              "closed_at": opp.closed_at.isoformat() if opp.closed_at else None}
    rows: list = [models.StageChange(opportunity_id=opp.id, from_stage=opp.stage, to_stage=target, at=at,
                                reason=reason[:300], source="manual" if by_user else "auto")]
    reopened = opp.stage in CLOSED_STAGES
    opp.stage = target
    opp.stage_changed_at = at if by_user else max(at, opp.stage_changed_at)
    if target in CLOSED_STAGES:
        opp.closed_at = at
    elif reopened:
        opp.closed_at = None
    if audited:
        label = f"{opp.role or 'a role'}" + (f" at {opp.company.name}" if opp.company is not None else "")
        rows.append(audit.build(
            user_id=opp.user_id, kind="opportunity.stage", entity="opportunity", entity_id=opp.id,
            before=before, after={"stage": target, "stage_changed_at": opp.stage_changed_at.isoformat(),
                                  "closed_at": opp.closed_at.isoformat() if opp.closed_at else None},
            confidence=None if by_user else (min(confidence, 0.5) if reopened and confidence is not None
                                             else confidence),
            summary=summary or f"{label}: {before['stage']} → {target}", now=now,
            actor="user" if by_user else "auto"))
    return rows

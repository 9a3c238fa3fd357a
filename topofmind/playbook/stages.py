"""An opportunity's stages, and the one rule for moving between them.

A stage moves forward with the mail that shows it. It never moves backwards because an
old message synced late: only newer evidence (a reopened closed opportunity, a reply after
a rejection) or the user may move it back.
"""

from __future__ import annotations

from datetime import datetime

OPEN_STAGES = ("lead", "applied", "screening", "interviewing", "offer")
CLOSED_STAGES = ("accepted", "declined", "rejected", "withdrawn", "closed")
STAGES = OPEN_STAGES + CLOSED_STAGES
# Forward order; every closed stage ranks after every open one.
STAGE_ORDER = {stage: rank for rank, stage in enumerate(OPEN_STAGES)} | {stage: 10 for stage in CLOSED_STAGES}


def may_move(current: str, since: datetime, target: str, *, evidence_at: datetime, by_user: bool,
             reopens: bool = True) -> bool:
    """Whether an opportunity in ``current`` (since ``since``) moves to ``target`` on evidence
    dated ``evidence_at``. The user may move it anywhere; mail only forward, or out of a closed
    stage with evidence newer than the closing that ``reopens`` it (the employer moving the
    process on, never the candidate's own note)."""
    if target == current:
        return False
    if by_user:
        return True
    if current in CLOSED_STAGES and not reopens:
        return False
    older = evidence_at < since
    current_rank, target_rank = STAGE_ORDER[current], STAGE_ORDER[target]
    if target_rank < current_rank and (older or current not in CLOSED_STAGES):
        return False
    return not (older and current in CLOSED_STAGES)

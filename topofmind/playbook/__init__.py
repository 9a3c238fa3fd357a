"""The follow-up playbook: rules (rules.py) and guards (guards.py) over a History → actions."""

from topofmind.playbook.engine import (
    at_risk_opportunity_ids,
    due_now,
    next_actions,
    next_actions_until,
    pending,
    urgency,
)
from topofmind.playbook.rules import RULES, RULES_BY_ID, playbook_markdown
from topofmind.playbook.types import (
    Action,
    ActionStateFacts,
    History,
    InterviewFacts,
    OpportunityFacts,
    PersonFacts,
    TouchFacts,
)

__all__ = [
    "RULES", "RULES_BY_ID", "Action", "ActionStateFacts", "History", "InterviewFacts",
    "OpportunityFacts", "PersonFacts", "TouchFacts", "at_risk_opportunity_ids", "due_now", "next_actions",
    "next_actions_until", "pending", "playbook_markdown", "urgency",
]

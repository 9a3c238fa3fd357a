"""Reply drafting: an Action plus the History it came from → a plain-text draft.

One Jinja2 template per action kind (templates/<kind>.txt.j2), each with three blocks:
``subject`` and ``body`` (the email shape) and ``message`` (the short shape for LinkedIn or a
text, at most 300 characters). Templates are written so that a missing fact — no first name,
no role, no interview date, no notes — drops the words that needed it and the sentence still
reads right; the clean-up here only tidies whitespace and punctuation left behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from topofmind.playbook.types import Action, History

MESSAGE_LIMIT = 300
EMAIL_CHANNELS = frozenset({"email", "letter"})
MESSAGE_CHANNELS = frozenset({"message", "linkedin", "text", "phone"})
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

_env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), undefined=StrictUndefined,
                   autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                   auto_reload=False)  # templates ship with the package: read once


@dataclass(frozen=True)
class Draft:
    channel: str  # "email" (subject + body) or "message" (body only, <= 300 characters)
    subject: str | None
    body: str
    to_name: str | None
    to_address: str | None
    # A tip for the user, shown next to the draft, never inside it.
    hint: str | None = None


def render_draft(action: Action, history: History, *, channel: str, user_name: str | None) -> Draft:
    """The draft for ``action`` in the shape ``channel`` asks for (email, letter → email shape;
    message, linkedin, text, phone → short message)."""
    if channel not in EMAIL_CHANNELS | MESSAGE_CHANNELS:
        raise ValueError(f"unknown draft channel {channel!r}; use one of: email, message, linkedin, text")
    facts = draft_facts(action, history, user_name=user_name)
    template = _env.get_template(f"{action.template}.txt.j2")
    person = history.people.get(action.person_id) if action.person_id is not None else None
    to_name = person.name if person else None
    hint = None
    if action.template == "thank_you" and not facts["interview_notes"]:
        hint = ("Add one specific thing you talked about in the interview: it is what makes a "
                "thank-you memorable. Notes you save on the interview are used here.")
    if channel in EMAIL_CHANNELS:
        subject = _one_line(_block(template, "subject", facts))
        body = _tidy_email(_block(template, "body", facts))
        return Draft("email", subject, body, to_name, person.email if person else None, hint)
    body = fit_message(_one_line(_block(template, "message", facts)))
    address = person.linkedin_url if person and channel == "linkedin" else None
    return Draft("message", None, body, to_name, address, hint)


def draft_facts(action: Action, history: History, *, user_name: str | None) -> dict:
    """Everything a template may use; a missing fact is None, never a placeholder."""
    person = history.people.get(action.person_id) if action.person_id is not None else None
    opp = history.opportunities.get(action.opportunity_id) if action.opportunity_id is not None else None
    first = (person.first_name or "").strip() if person else ""
    if not first and person and person.name and " " not in person.name.strip() and "@" not in person.name:
        first = person.name.strip()
    role = (opp.role or "").strip() or None if opp else None
    company = ((opp.company_name if opp else None) or (person.company_name if person else None) or None)
    interview = _interview(action, history)
    accepted = history.opportunities.get(action.extra.get("accepted_opportunity_id")) if action.extra else None
    if action.kind == "thank_helper" and opp is not None:
        accepted = opp
    referrer = _contact_name(history, opp, ("referrer", "introducer"), exclude=action.person_id)
    if user_name and "@" in user_name:
        user_name = None  # an address is no signature
    user_first = (user_name or "").strip().split(" ")[0] or None
    return {
        "first_name": first or None,
        "greeting": f"Hi {first}," if first else "Hello,",
        "name": person.name if person else None,
        "role": role,
        "company": company,
        "role_at": _role_at(role, company),
        "interview_day": _long_day(interview.starts_at, history.timezone) if interview else None,
        "interview_notes": (interview.notes or "").strip() or None if interview else None,
        "person_notes": (person.notes or "").strip() or None if person else None,
        "referrer": referrer,
        "accepted_role_at": _role_at(accepted.role, accepted.company_name) if accepted else None,
        "accepted_company": accepted.company_name if accepted else None,
        "decision_day": _long_date(opp.decision_expected_by) if opp and opp.decision_expected_by else None,
        "user_name": (user_name or "").strip() or None,
        "signature": f"Best regards,\n{user_name.strip()}" if user_name and user_name.strip() else "Best regards",
        "message_sign": f"– {user_first}" if user_first else "",
    }


def fit_message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Keep a short message within ``limit`` characters: drop whole sentences from the end
    (keeping the first), then cut at a word boundary as a last resort."""
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    while len(sentences) > 1 and len(" ".join(sentences)) > limit:
        sentences.pop(-2 if len(sentences) > 2 and sentences[-1].startswith("–") else -1)
    text = " ".join(sentences)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --- helpers -------------------------------------------------------------------------------

def _block(template, name: str, facts: dict) -> str:
    return "".join(template.blocks[name](template.new_context(facts)))


def _one_line(text: str) -> str:
    return _punctuation(re.sub(r"\s+", " ", text).strip())


def _tidy_email(text: str) -> str:
    lines = [_punctuation(re.sub(r"[ \t]+", " ", line).strip()) for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _punctuation(text: str) -> str:
    text = re.sub(r" +([,.!?;:])", r"\1", text)
    return re.sub(r"([,.!?]){2,}", r"\1", text)


def _role_at(role: str | None, company: str | None) -> str:
    what = f"the {role} role" if role else "the role"
    return f"{what} at {company}" if company else what


def _interview(action: Action, history: History):
    wanted = action.extra.get("interview_id") if action.extra else None
    mine = [i for i in history.interviews if not i.cancelled and (
        i.id == wanted if wanted is not None else i.opportunity_id == action.opportunity_id)]
    return max(mine, key=lambda i: i.starts_at) if mine else None


def _contact_name(history: History, opp, roles, exclude) -> str | None:
    if opp is None:
        return None
    for pid, role in opp.contacts:
        if role in roles and pid != exclude and pid in history.people:
            return history.people[pid].name
    return None


def _long_day(dt, timezone: str) -> str:
    try:
        local = dt.astimezone(ZoneInfo(timezone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):  # an unknown zone name: keep the stored time
        local = dt
    return f"{local:%A} {local.day} {local:%B}"


def _long_date(d) -> str:
    return f"{d:%A} {d.day} {d:%B}"

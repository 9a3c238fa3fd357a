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

from topofmind.people import is_free_mail, reply_kind
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
    to_name = person.name if person else (f"{facts['company']} team" if facts["team"] and facts["company"] else None)
    hint = _hint(action, facts)
    if channel in EMAIL_CHANNELS:
        subject = _one_line(_block(template, "subject", facts))
        body = _tidy_email(_block(template, "body", facts))
        return Draft("email", subject, body, to_name, facts["to_address"], hint)
    body = fit_message(_one_line(_block(template, "message", facts)))
    address = person.linkedin_url if person and channel == "linkedin" else None
    return Draft("message", None, body, to_name, address, hint)


def _hint(action: Action, facts: dict) -> str | None:
    """A tip shown beside the draft: what one specific from the user would add."""
    if facts["specifics"] or (action.template == "thank_you" and facts["interview_notes"]):
        return None
    if action.kind == "answer":
        return ("Type your answer as a specific (e.g. \"Thursday 8:30 works\") and the draft replies "
                "with it; without one it only promises an answer by tomorrow.")
    if action.template in ("thank_you", "networking_follow_up"):
        return ("Add one or two specifics (something you talked about, a link you promised): they "
                "are what make a note memorable. Without them the draft mentions nothing it "
                "cannot back.")
    if action.template in ("check_in", "second_follow_up", "follow_up", "status_follow_up"):
        return ("Add a specific worth giving (an article, an idea, news of your own) and the draft "
                "offers it; without one it offers nothing it cannot back.")
    return None


def draft_facts(action: Action, history: History, *, user_name: str | None) -> dict:
    """Everything a template may use; a missing fact is None, never a placeholder."""
    person = history.people.get(action.person_id) if action.person_id is not None else None
    opp = history.opportunities.get(action.opportunity_id) if action.opportunity_id is not None else None
    met_opp, met_interview = _met_in(history, action.person_id)
    if opp is None and action.kind == "check_in":
        opp = met_opp  # a check-in recalls where you met
    first = _first_name(person)
    role = (opp.role or "").strip() or None if opp else None
    personal = person is not None and person.relationship in ("family", "friend", "neighbour")
    company = (opp.company_name if opp else None) or (
        person.company_name if person and not personal and not is_free_mail(person.email) else None)
    company = (company or "").strip() or None
    interview = _interview(action, history) if action.opportunity_id is not None else met_interview
    accepted = history.opportunities.get(action.extra.get("accepted_opportunity_id")) if action.extra else None
    if action.kind == "thank_helper" and opp is not None:
        accepted = opp
    referrer = _contact_name(history, opp, ("referrer", "introducer"), exclude=action.person_id)
    if user_name and "@" in user_name:
        user_name = None  # an address is no signature
    user_first = (user_name or "").strip().split(" ")[0] or None
    team = bool(action.extra.get("team")) if action.extra else False
    to_address = _to_address(person, action)
    contact_role = _contact_role(action, history, opp, interview)
    others = [history.people[p] for p in (interview.interviewer_ids if interview else ())
              if p in history.people and p != action.person_id]
    greeting = f"Hi {first}," if first else (f"Hello {company} team," if team and company else "Hello,")
    return {
        "first_name": first,
        "greeting": greeting,
        "name": person.name if person else None,
        "title": (person.title or "").strip() or None if person else None,
        "contact_role": contact_role,
        "team": team,
        "to_address": to_address,
        "role": role,
        "company": company,
        "company_possessive": possessive(company) if company else None,
        "role_at": _role_at(role, company),
        "interview_day": _long_day(interview.starts_at, history.timezone) if interview else None,
        "interview_weekday": _weekday(interview.starts_at, history.timezone) if interview else None,
        "interview_format": FORMAT_WORDS.get(interview.kind or "") if interview else None,
        "interview_number": _interview_number(history, interview),
        "interviewers": _names_and([_first_name(p) or p.name for p in others]) or None,
        "all_interviewers": _names_and([_first_name(history.people[p]) or history.people[p].name
                                        for p in (interview.interviewer_ids if interview else ())
                                        if p in history.people]) or None,
        "interview_notes": (interview.notes or "").strip() or None if interview else None,
        "person_notes": (person.notes or "").strip() or None if person else None,
        "specifics": _specifics(history, action),
        "asks": (action.extra.get("asks") or None) if action.extra else None,
        "folded": tuple(action.extra.get("folded", ())) if action.extra else (),
        "last_contact": _last_contact(history, action),
        "they_wrote_last": _they_wrote_last(history, action),
        "they_wrote": action.person_id is not None and any(
            t.person_id == action.person_id and t.direction == "in" for t in history.touches),
        "referrer": referrer,
        "hiring_contact": _contact_name(history, opp, ("hiring_manager", "recruiter"), exclude=action.person_id),
        "accepted_role_at": _role_at(accepted.role, accepted.company_name) if accepted else None,
        "accepted_company": accepted.company_name if accepted else None,
        "decision_day": _long_date(opp.decision_expected_by) if opp and opp.decision_expected_by else None,
        "user_name": (user_name or "").strip() or None,
        "signature": f"Best regards,\n{user_name.strip()}" if user_name and user_name.strip() else "Best regards",
        "message_sign": f"– {user_first}" if user_first else "",
    }


FORMAT_WORDS = {"phone": "phone call", "video": "video call", "onsite": "visit", "panel": "panel interview"}


def possessive(name: str) -> str:
    """Harborview Logistics' / Dana's / Lumen & Loom's: the name as written, then the mark."""
    name = name.strip()
    return f"{name}'" if name.endswith(("s", "S")) and not name.endswith(("ss", "SS")) else f"{name}'s"


def _first_name(person) -> str | None:
    if person is None:
        return None
    first = (person.first_name or "").strip()
    name = (person.name or "").strip()
    if not first and name and "@" not in name:
        first = name.split()[0]
    return first or None


def _to_address(person, action: Action) -> str | None:
    """Never a no-reply or ATS address; a team mailbox only when the action says so."""
    given = action.extra.get("to_address") if action.extra else None
    if given and reply_kind(given) == "team":
        return given
    if person is None or not person.email:
        return None
    return person.email if reply_kind(person.email) == "person" else None


def _contact_role(action: Action, history: History, opp, interview) -> str | None:
    if action.person_id is None:
        return None
    if interview is not None and action.person_id in interview.interviewer_ids:
        return "interviewer"
    if opp is not None:
        for pid, role in opp.contacts:
            if pid == action.person_id:
                return role
    return None


def _interview_number(history: History, interview) -> int | None:
    if interview is None:
        return None
    mine = sorted((i for i in history.interviews if i.opportunity_id == interview.opportunity_id and not i.cancelled),
                  key=lambda i: i.starts_at)
    return next((n for n, i in enumerate(mine, 1) if i.id == interview.id), None)


def _specifics(history: History, action: Action) -> tuple[str, ...]:
    items = history.specifics.get(action.key, ()) if history.specifics else ()
    return tuple(" ".join(str(i).split()).rstrip(".") for i in items if str(i).strip())[:2]


def _last_contact(history: History, action: Action) -> str | None:
    """'in August' / 'in March 2025': when the candidate and the person last spoke."""
    if action.person_id is None:
        return None
    mine = [t for t in history.touches if t.person_id == action.person_id]
    if not mine:
        return None
    last = max(mine, key=lambda t: t.at)
    return f"{_local(last.at, history.timezone):%B}"


def _met_in(history: History, person_id: int | None):
    """(opportunity, interview) where the candidate last met the person: the latest interview
    they took part in, else the latest opportunity they are a contact of."""
    if person_id is None:
        return None, None
    interviews = sorted((i for i in history.interviews if person_id in i.interviewer_ids and not i.cancelled),
                        key=lambda i: i.starts_at)
    if interviews:
        return history.opportunities.get(interviews[-1].opportunity_id), interviews[-1]
    opps = [o for o in history.opportunities.values() if any(pid == person_id for pid, _ in o.contacts)]
    return (max(opps, key=lambda o: o.created_at), None) if opps else (None, None)


def _they_wrote_last(history: History, action: Action) -> bool:
    mine = [t for t in history.touches if t.person_id == action.person_id and action.person_id is not None]
    return bool(mine) and max(mine, key=lambda t: t.at).direction == "in"


def _names_and(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


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


def _local(dt, timezone: str):
    try:
        return dt.astimezone(ZoneInfo(timezone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):  # an unknown zone name: keep the stored time
        return dt


def _long_day(dt, timezone: str) -> str:
    local = _local(dt, timezone)
    return f"{local:%A} {local.day} {local:%B}"


def _weekday(dt, timezone: str) -> str:
    return f"{_local(dt, timezone):%A}"


def _long_date(d) -> str:
    return f"{d:%A} {d.day} {d:%B}"

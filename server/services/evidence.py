"""The evidence behind automatic changes, in a job seeker's words: which message (date,
sender, subject, where to open it) and how sure the reading of it was."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.actions import thread_url
from topofmind.store.models import MailAccount, Message, Opportunity, Thread

# At or above this, an automatic reading is "sure"; below it the change waits in Review.
SURE = 0.8

CATEGORY_WORDS = {
    "application_confirmation": "an application confirmation",
    "interview_invitation": "an interview invitation",
    "interview_scheduled": "an interview booked in your calendar",
    "assessment": "an assessment or test to take",
    "rejection": "a rejection",
    "offer": "an offer",
    "status_update": "a status update",
    "recruiter_outreach": "a recruiter reaching out",
    "human_reply": "a personal reply",
    "networking": "a networking message",
    "job_alert_or_newsletter": "a job alert or newsletter",
    "not_job_related": "a message not about your search",
    "outgoing": "a message you sent",
    "referral": "a referral",
}
PROVIDER_WORDS = {"gmail": "Gmail", "outlook": "Outlook"}


def category_words(category: str | None) -> str:
    return CATEGORY_WORDS.get(category or "", (category or "a message").replace("_", " "))


def reason_words(reason: str | None, source: str) -> str:
    """A stage change's stored reason ("first seen: application_confirmation") in plain words."""
    if source == "manual":
        if reason and (reason.startswith("undo") or reason.startswith("undone")):
            return "You undid an earlier change"
        return "You changed it" + (f": {reason}" if reason and reason != "changed by hand" else "")
    if reason and reason.startswith("first seen: "):
        return f"First seen in {category_words(reason.removeprefix('first seen: '))}"
    return f"Read from {category_words(reason)}" if reason else "Changed automatically"


def sureness(confidence: float | None) -> str:
    return "sure" if confidence is None or confidence >= SURE else "not sure"


def messages(session: Session, user_id: int, ids) -> dict[int, dict]:
    """message id -> what a person needs to recognise it and open it."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows = session.execute(
        select(Message, Thread, MailAccount).outerjoin(Thread, Thread.id == Message.thread_id)
        .join(MailAccount, MailAccount.id == Message.account_id)
        .where(Message.user_id == user_id, Message.id.in_(ids)))
    out = {}
    for message, thread, account in rows:
        link = thread_url(thread.provider, thread.provider_thread_id) if thread is not None else None
        if account.provider in PROVIDER_WORDS:
            where = f"in {PROVIDER_WORDS[account.provider]} ({account.address})"
        else:
            where = f"from the imported mailbox file {account.address.rsplit('/', 1)[-1]}"
        out[message.id] = {
            "at": message.sent_at,
            "sender": ("you" if message.direction == "out"
                       else message.from_name or message.from_address or "an unknown sender"),
            "address": message.from_address if message.direction == "in" else None,
            "subject": message.subject or "(no subject)",
            "link": link, "link_label": f"Open it in {'Gmail' if 'google' in (link or '') else 'Outlook'}",
            "where": where,
            "reading": category_words(message.category),
            "reasons": list(message.reasons or [])[:4],
            "sure": sureness(message.confidence),
        }
    return out


def stage_history(session: Session, user_id: int, changes: list[dict], message_ids: list[int | None]) -> list[dict]:
    """The opportunity page's stage history, each change with its words and its message."""
    found = messages(session, user_id, message_ids)
    out = []
    for change, message_id in zip(changes, message_ids, strict=True):
        out.append({**change, "words": reason_words(change.get("reason"), change.get("source", "auto")),
                    "evidence": found.get(message_id)})
    return out


def review_groups(session: Session, user_id: int, items: list[dict]) -> list[dict]:
    """Pending decisions grouped by the opportunity they touch, the group with the newest
    evidence first. Within a group the newest comes first; an older stage decision that a
    newer one contradicts is marked as such, so the later evidence is always beside it."""
    from topofmind.store.models import AuditEntry

    entries = {e.id: e for e in session.scalars(select(AuditEntry).where(
        AuditEntry.user_id == user_id, AuditEntry.id.in_([i["id"] for i in items])))} if items else {}
    found = messages(session, user_id, [e.message_id for e in entries.values()])
    opp_of = _opportunity_of(session, user_id, items)
    opps = {o.id: o for o in session.scalars(select(Opportunity).where(
        Opportunity.user_id == user_id, Opportunity.id.in_([i for i in opp_of.values() if i])))}
    groups: dict[int | None, list[dict]] = {}
    for item in items:
        entry = entries[item["id"]]
        evidence = found.get(entry.message_id)
        groups.setdefault(opp_of.get(item["id"]), []).append({
            **item, "evidence": evidence, "sure": sureness(item.get("confidence")),
            "when": evidence["at"] if evidence else entry.at,
            "stage_to": (entry.after or {}).get("stage") if item["kind"] == "opportunity.stage" else None})
    out = []
    for opp_id, decisions in groups.items():
        decisions.sort(key=lambda d: (d["when"], d["id"]), reverse=True)
        stage_decisions = [d for d in decisions if d["stage_to"]]
        for older in stage_decisions[1:]:
            if older["stage_to"] != stage_decisions[0]["stage_to"]:
                older["superseded_by"] = stage_decisions[0]
        opp = opps.get(opp_id)
        out.append({"opportunity": opp, "decisions": decisions, "newest": decisions[0]["when"]})
    out.sort(key=lambda g: g["newest"], reverse=True)
    return out


def _opportunity_of(session: Session, user_id: int, items: list[dict]) -> dict[int, int | None]:
    out: dict[int, int | None] = {}
    threads = {i["entity_id"] for i in items if i["entity"] == "thread"}
    msgs = {i["entity_id"] for i in items if i["entity"] == "message"}
    thread_opp = dict(session.execute(select(Thread.id, Thread.opportunity_id).where(
        Thread.user_id == user_id, Thread.id.in_(threads))).all()) if threads else {}
    message_opp = dict(session.execute(select(Message.id, Message.opportunity_id).where(
        Message.user_id == user_id, Message.id.in_(msgs))).all()) if msgs else {}
    for item in items:
        entity, entity_id = item["entity"], item["entity_id"]
        out[item["id"]] = (entity_id if entity == "opportunity" else thread_opp.get(entity_id) if entity == "thread"
                           else message_opp.get(entity_id) if entity == "message" else None)
    return out

"""Small record services: the user, mail accounts, hand-logged touches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services.serialize import iso
from topofmind.errors import Invalid, NotFound
from topofmind.store import audit
from topofmind.store.models import MailAccount, Message, Touch, User

# What a hand-logged touch is when the body does not say: a call or a meeting is a
# conversation (it answers, and resets the person's follow-up cycle, as a reply would).
DEFAULT_KIND = {"phone": "call", "meeting": "meeting", "video": "meeting", "letter": "thank_you"}
TOUCH_FIELDS = ("person_id", "opportunity_id", "channel", "direction", "kind", "at", "summary")


def me(user: User, due_count: int) -> dict:
    return {"user": {"id": user.id, "email": user.email, "name": user.name, "timezone": user.timezone},
            "due_count": due_count}


def accounts(session: Session, user_id: int, now: datetime) -> list[dict]:
    counts = dict(session.execute(select(Message.account_id, func.count()).where(Message.user_id == user_id)
                                  .group_by(Message.account_id)).all())
    out = []
    for acct in session.scalars(select(MailAccount).where(MailAccount.user_id == user_id).order_by(MailAccount.id)):
        lag = int((now - acct.last_success_at).total_seconds()) if acct.last_success_at else None
        out.append({
            "id": acct.id, "provider": acct.provider, "address": acct.address, "status": acct.status,
            "last_success_at": iso(acct.last_success_at), "lag_seconds": lag,
            "message_count": int(counts.get(acct.id, 0)), "last_error": acct.last_error,
            "needs_reconnect": acct.status == "needs_reconnect",
        })
    return out


def log_touch(session: Session, user_id: int, body: dict, now: datetime) -> Touch:
    from server.validation import parse_datetime

    person_id, opportunity_id = body.get("person_id"), body.get("opportunity_id")
    if person_id is None and opportunity_id is None:
        raise Invalid("a touch needs a person_id or an opportunity_id", fields={"person_id": "give person_id or opportunity_id"})
    if person_id is not None:
        people_service.get_person(session, user_id, person_id)
    if opportunity_id is not None:
        opp_service.get_opportunity(session, user_id, opportunity_id)
    at = parse_datetime(body["at"]) if body.get("at") else now
    touch = Touch(user_id=user_id, person_id=person_id, opportunity_id=opportunity_id, channel=body["channel"],
                  direction=body.get("direction", "out"),
                  kind=body.get("kind") or DEFAULT_KIND.get(body["channel"], "follow_up"),
                  at=at, summary=body.get("summary"), source="manual")
    if at > now:
        raise Invalid("at: a touch cannot be in the future", fields={"at": "is in the future"})
    session.add(touch)
    session.flush()
    audit.record(session, user_id=user_id, kind="touch.created", entity="touch", entity_id=touch.id,
                 summary=f"Logged a {touch.channel} touch by hand: {touch.summary or touch.kind}"[:500],
                 now=now, actor="user", after=_touch_snapshot(touch))
    session.flush()
    return touch


def _touch_snapshot(touch: Touch) -> dict:
    return {f: iso(v) if f == "at" else v for f in TOUCH_FIELDS for v in [getattr(touch, f)]}


def get_touch(session: Session, user_id: int, touch_id: int) -> Touch:
    touch = session.scalars(select(Touch).where(Touch.user_id == user_id, Touch.id == touch_id)).first()
    if touch is None:
        raise NotFound("touch")
    return touch


def update_touch(session: Session, user_id: int, touch_id: int, body: dict, now: datetime) -> Touch:
    """Edit a touch (a hand-logged one, or correct one found in mail); audited, undoable."""
    from server.validation import parse_datetime

    touch = get_touch(session, user_id, touch_id)
    before = _touch_snapshot(touch)
    if body.get("person_id") is not None:
        people_service.get_person(session, user_id, body["person_id"])
    if body.get("opportunity_id") is not None:
        opp_service.get_opportunity(session, user_id, body["opportunity_id"])
    for field in ("person_id", "opportunity_id", "channel", "direction", "kind", "summary"):
        if field in body:
            setattr(touch, field, body[field])
    if body.get("at"):
        touch.at = parse_datetime(body["at"])
        if touch.at > now:
            raise Invalid("at: a touch cannot be in the future", fields={"at": "is in the future"})
    if touch.person_id is None and touch.opportunity_id is None:
        raise Invalid("a touch needs a person_id or an opportunity_id", fields={"person_id": "give person_id or opportunity_id"})
    audit.record_edit(session, user_id=user_id, entity="touch", entity_id=touch.id, before=before,
                      after=_touch_snapshot(touch), what="a touch", now=now)
    session.flush()
    return touch

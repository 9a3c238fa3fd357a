"""Small record services: the user, mail accounts, hand-logged touches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.services import opportunities as opp_service
from server.services import people as people_service
from server.services.serialize import iso
from topofmind.errors import Invalid
from topofmind.store.models import MailAccount, Message, Touch, User

# What a hand-logged touch is when the body does not say.
DEFAULT_KIND = {"phone": "check_in", "meeting": "meeting", "video": "meeting", "letter": "thank_you"}


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
    session.add(touch)
    session.flush()
    return touch

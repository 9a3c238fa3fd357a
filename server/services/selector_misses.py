"""The extension's selector misses: a page field no source of its selector registry could read
(extension/content/selectors.js), counted per user, site and selector. A count that grows
says a host site changed its markup; the Settings page shows them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.services.serialize import iso
from topofmind.store.models import SelectorMiss

# What each selector list reads, in the words the Settings page uses.
WHAT = {
    "name": "the person's name", "headline": "the headline", "company": "the current company",
    "messageBox": "the message box", "threadHeading": "the open thread", "replyButton": "the Reply button",
    "replyBox": "the reply box", "conversationId": "the open conversation",
}
SITE_NAMES = {"linkedin": "LinkedIn", "gmail": "Gmail", "outlook": "Outlook"}


def record(session: Session, user_id: int, site: str, selector: str, now: datetime) -> SelectorMiss:
    """One more miss of ``selector`` on ``site``."""
    bump = (update(SelectorMiss).where(SelectorMiss.user_id == user_id, SelectorMiss.site == site,
                                       SelectorMiss.selector == selector)
            .values(count=SelectorMiss.count + 1, last_at=now))
    if session.execute(bump).rowcount == 0:
        try:
            with session.begin_nested():  # a concurrent first miss inserts it too: count on its row
                session.add(SelectorMiss(user_id=user_id, site=site, selector=selector, count=1, first_at=now,
                                         last_at=now))
        except IntegrityError:
            session.execute(bump)
    return session.scalars(select(SelectorMiss).where(SelectorMiss.user_id == user_id, SelectorMiss.site == site,
                                                      SelectorMiss.selector == selector)
                           .execution_options(populate_existing=True)).one()


def as_dict(miss: SelectorMiss) -> dict:
    return {"site": miss.site, "selector": miss.selector, "count": miss.count, "first_at": iso(miss.first_at),
            "last_at": iso(miss.last_at)}


def rows(session: Session, user_id: int) -> list[SelectorMiss]:
    """The user's misses, the latest first."""
    return list(session.scalars(select(SelectorMiss).where(SelectorMiss.user_id == user_id)
                                .order_by(SelectorMiss.last_at.desc(), SelectorMiss.id)))


def for_settings(session: Session, user_id: int) -> list[dict]:
    """The misses in the Settings page's words."""
    return [{**as_dict(r), "site_name": SITE_NAMES.get(r.site, r.site), "what": WHAT.get(r.selector, r.selector),
             "last": r.last_at} for r in rows(session, user_id)]

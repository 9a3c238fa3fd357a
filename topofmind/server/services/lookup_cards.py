"""The overlays' lookups served from cards (core/cards.py): one indexed row while nothing
they show has changed, the full computation (services/lookups.py) otherwise; and the
refresher that recomputes the cards a write made stale, so that the next lookup of a page
already seen is a card again."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from topofmind.core import cards
from topofmind.server.services import lookups
from topofmind.server.services.actions import URGENCY_ORDER, Plan, plan_for, urgency_of, user_zone

log = logging.getLogger("topofmind.server")


def profile_question(slug: str, name: str | None, company: str | None) -> dict:
    return {"kind": "profile", "slug": slug, "name": name or None, "company": company or None}


def thread_question(provider: str, thread_id: str) -> dict:
    return {"kind": "thread", "provider": provider, "id": thread_id}


def email_question(address: str) -> dict:
    return {"kind": "email", "address": address.strip().lower()}


def _compute(session: Session, user_id: int, question: dict, deps: set[str], plan: Callable[..., Plan]) -> dict:
    kind = question["kind"]
    if kind == "profile":
        return lookups.profile(session, user_id, question["slug"], question["name"], question["company"], plan, deps)
    if kind == "thread":
        return lookups.thread(session, user_id, question["provider"], question["id"], plan, deps)
    if kind == "email":
        deps.add(cards.address_dep(question["address"]))
        return lookups.email(session, user_id, question["address"], plan)
    raise ValueError(f"unknown lookup kind {kind!r}")


def plan_deps(plan: Plan) -> set[str]:
    """The records a plan's answer was computed from: its history's people, opportunities
    and their companies, and the threads its links point into."""
    h = plan.history
    deps = {f"p{pid}" for pid in h.people} | {f"o{oid}" for oid in h.opportunities}
    deps |= {f"c{p.company_id}" for p in h.people.values() if p.company_id is not None}
    deps |= {f"c{o.company_id}" for o in h.opportunities.values() if o.company_id is not None}
    deps |= {f"t{ref.thread_id}" for refs in plan.threads.values() for ref in refs if ref.thread_id is not None}
    return deps


def present(card: dict, now: datetime) -> dict:
    """A card's body as of ``now``: each action's urgency in the user's timezone, and the
    actions in the order the API gives them (overdue, today, upcoming; then by due date)."""
    body, tz = card["body"], user_zone(card.get("tz"))
    actions = body.get("next_actions") or []
    due = {a["id"]: datetime.fromisoformat(a["due"]) for a in actions}
    for action in actions:
        action["urgency"] = urgency_of(due[action["id"]], now, tz)
    actions.sort(key=lambda a: (URGENCY_ORDER[a["urgency"]], due[a["id"]], a["id"]))
    return body


def _build(session: Session, writer: sessionmaker[Session], user_id: int, now: datetime,
           question: dict) -> tuple[dict, bool]:
    """Compute the answer (reading with ``session``) and keep it as a card (in a transaction
    of a ``writer`` session: ``session`` may be one that only reads); whether it was kept."""
    seen = cards.epoch(session)
    plans: list[Plan] = []

    def recording_plan(*, person_ids=(), opportunity_ids=()) -> Plan:
        plan = plan_for(session, user_id, now, person_ids=list(person_ids), opportunity_ids=list(opportunity_ids))
        plans.append(plan)
        return plan

    deps: set[str] = set()
    body = _compute(session, user_id, question, deps, recording_plan)
    ends = [p.valid_until for p in plans if p.valid_until is not None]
    for plan in plans:
        deps |= plan_deps(plan)
    # Without a plan the answer has no actions, whose urgency is all the zone is for.
    card = {"tz": plans[0].tz.key if plans else None, "body": body}
    with writer() as transaction:
        kept = cards.store(transaction, user_id, question, card, deps, now=now,
                           valid_until=min(ends) if ends else None, seen_epoch=seen)
    return card, kept


def answer(session: Session, writer: sessionmaker[Session], user_id: int, now: datetime, question: dict) -> dict:
    """The card answering ``question`` if there is a valid one, else the computed answer,
    kept as the card."""
    card = cards.fetch(session, user_id, cards.question_key(question), now)
    if card is None:
        card, _kept = _build(session, writer, user_id, now, question)
    return present(card, now)


def refresh_stale(reader: sessionmaker[Session], writer: sessionmaker[Session], now: datetime,
                  limit: int = 20) -> int:
    """Recompute up to ``limit`` stale or expired cards; how many were claimed."""
    with writer() as session:
        claimed = cards.claim_stale(session, now, limit=limit)
    for user_id, question in claimed:
        try:
            with reader() as session:
                kept = _build(session, writer, user_id, now, question)[1]
        except Exception:  # a question that no longer computes must not stop the others
            log.exception("card.refresh_failed")
            kept = False
        if not kept:  # data changed meanwhile, or it failed: the next claim takes it again
            with writer() as session:
                cards.release(session, user_id, question)
    return len(claimed)


class CardRefresher:
    """A thread of the server process that recomputes stale cards soon after a write (from
    this server, another one or the sync daemon): polls every ``interval`` seconds, and
    takes at most ``share`` of the time (it sleeps in proportion to what it did), so that a
    burst of writes slows the refresh, not the lookups; a stale page asked for meanwhile is
    computed by its lookup."""

    def __init__(self, reader: sessionmaker[Session], writer: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), interval: float = 0.5,
                 share: float = 0.5, batch: int = 5):
        self.reader, self.writer, self.now, self.interval = reader, writer, now, interval
        self.share, self.batch = share, batch
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="card-refresher", daemon=True)

    def start(self) -> CardRefresher:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        while not self.stopped.is_set():
            began = time.monotonic()
            try:
                busy = refresh_stale(self.reader, self.writer, self.now(), limit=self.batch)
            except Exception:  # the database away for a while: try again later
                log.exception("card.refresher_failed")
                busy = 0
            spent = time.monotonic() - began
            self.stopped.wait(spent * (1 / self.share - 1) if busy else self.interval)

"""The overlays' lookups served from cards (server/cards/storage.py): one indexed row while nothing
they show has changed, the full computation (services/lookups.py) otherwise; and
``refresh_stale``, which recomputes the cards a write made stale (card_refresher runs it),
so that the next lookup of a page already seen is a card again."""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from server.cards import storage
from server.services import lookups
from server.services.actions import URGENCY_ORDER, Plan, plan_for, urgency_of
from server.services.lookups import PlanSource
from topofmind.mail.timezones import user_zone
from topofmind.store import card_marks

log = logging.getLogger("server")


def profile_question(slug: str, name: str | None, company: str | None) -> dict:
    return {"kind": "profile", "slug": slug, "name": name or None, "company": company or None}


def known_profile_question(slug: str) -> dict:
    """The question a known profile's card answers: its answer does not depend on the name
    and company the page shows (only an unknown profile's suggestions do, and those are
    not kept), so one card serves every way of asking, and the prebuilt card is found."""
    return {"kind": "profile", "slug": slug}


def card_question(question: dict) -> dict:
    """The question of the card that may answer ``question``: a profile's, by its slug alone."""
    return known_profile_question(question["slug"]) if question["kind"] == "profile" else question


def card_key(question: dict) -> str:
    """The key of the card that may answer ``question``."""
    return storage.question_key(card_question(question))


def thread_question(provider: str, thread_id: str) -> dict:
    return {"kind": "thread", "provider": provider, "id": thread_id}


def email_question(address: str) -> dict:
    return {"kind": "email", "address": address.strip().lower()}


def _compute(session: Session, user_id: int, question: dict, deps: set[str], plan: Callable[..., Plan]) -> dict:
    kind = question["kind"]
    if kind == "profile":
        return lookups.profile(session, user_id, question["slug"], question.get("name"), question.get("company"),
                                plan, deps)
    if kind == "thread":
        return lookups.thread(session, user_id, question["provider"], question["id"], plan, deps)
    if kind == "email":
        deps.add(card_marks.address_dep(question["address"]))
        return lookups.email(session, user_id, question["address"], plan)
    raise ValueError(f"unknown lookup kind {kind!r}")


def plan_deps(plan: Plan, people: Iterable[int]) -> set[str]:
    """The records a plan's answer was computed from: its history's opportunities and their
    companies, the threads its links point into, and the people it names (``people``, the
    plan's scope; contacts, interviewers, correspondents). The other people in its history
    are there as people tracked at an opportunity's company (offered as hiring contacts):
    the card shows their people row (name, title, profile), whose every change marks their
    company, old and new; so their company stands for them, and a write about one of them
    does not make stale every card of every page at their company."""
    h = plan.history
    named = set(people) | {t.person_id for t in h.touches if t.person_id is not None}
    named.update(pid for o in h.opportunities.values() for pid, _role in o.contacts)
    named.update(pid for i in h.interviews for pid in i.interviewer_ids)
    deps = {f"p{pid}" for pid in h.people if pid in named} | {f"o{oid}" for oid in h.opportunities}
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


def compute_card(session: Session, user_id: int, question: dict, plan: PlanSource,
                 ) -> tuple[dict | None, dict, set[str], datetime | None]:
    """(the question the card answers, the card, its dependencies, until when it holds),
    computed with ``plan`` giving the plans (plan_for, or card_prebuild's from memory).
    The question is None for an answer that is not kept (``known`` false): a page about
    no record of the user's is two or three indexed reads, cheaper than storing its card
    (a write), and most pages one browses are such pages: kept, they would fill the cards
    table with every profile ever glanced at."""
    plans: list[Plan] = []
    deps: set[str] = set()

    def recording_plan(*, person_ids=(), opportunity_ids=()) -> Plan:
        plans.append(plan(person_ids=list(person_ids), opportunity_ids=list(opportunity_ids)))
        deps.update(plan_deps(plans[-1], person_ids))
        return plans[-1]

    body = _compute(session, user_id, question, deps, recording_plan)
    ends = [p.valid_until for p in plans if p.valid_until is not None]
    # Without a plan the answer has no actions, whose urgency is all the zone is for.
    card = {"tz": plans[0].tz.key if plans else None, "body": body}
    if not body["known"]:
        return None, card, deps, None
    return card_question(question), card, deps, (min(ends) if ends else None)


def build_card(session: Session, writer: sessionmaker[Session], user_id: int, now: datetime,
               question: dict, seen_epoch: int | None = None) -> tuple[dict, bool, dict | None]:
    """Compute the answer (reading with ``session``) and keep it as a card (in a transaction
    of a ``writer`` session: ``session`` may be one that only reads); whether it was kept,
    and the question it was kept for (None: an answer not kept, see compute_card).
    ``seen_epoch``: the card epoch, if the caller read it before reading anything else."""
    seen = card_marks.epoch(session) if seen_epoch is None else seen_epoch
    asked, card, deps, valid_until = compute_card(
        session, user_id, question, partial(plan_for, session, user_id, now))
    if asked is None:
        return card, False, None
    with writer() as transaction:
        kept = storage.store(transaction, user_id, asked, card, deps, now=now, valid_until=valid_until,
                           seen_epoch=seen)
    return card, kept, asked


class RecentUnknowns:
    """The answers about no record of the user's (not kept as cards, see compute_card) that
    this process computed last, each served again while the card epoch is the one read
    before it was computed: every write that could change one (a person, an address, a
    company, a thread...) moves the epoch, in whichever process it happens. An unknown
    profile asked again is then two reads (the token, the card with the epoch) instead
    of three and a summary of the people of the same name."""

    def __init__(self, size: int = 4096):
        self.size, self.lock = size, threading.Lock()
        self.answers: OrderedDict[tuple[int, str], tuple[int, str]] = OrderedDict()

    def get(self, user_id: int, key: str, epoch: int) -> dict | None:
        with self.lock:
            found = self.answers.get((user_id, key))
            if found is None or found[0] != epoch:
                return None
            self.answers.move_to_end((user_id, key))
        return json.loads(found[1])  # a copy: present() changes what it is given

    def put(self, user_id: int, key: str, epoch: int, card: dict) -> None:
        with self.lock:
            self.answers[(user_id, key)] = (epoch, json.dumps(card))
            self.answers.move_to_end((user_id, key))
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)


def answer(session: Session, writer: sessionmaker[Session], user_id: int, now: datetime, question: dict,
           unknowns: RecentUnknowns | None = None) -> dict:
    """The card answering ``question`` if there is a valid one, else the computed answer,
    kept as the card if it is about a record of the user's, else in ``unknowns``."""
    card, seen = storage.fetch(session, user_id, card_key(question), now)
    asked_key = storage.question_key(question) if card is None and unknowns is not None else None
    if asked_key is not None:
        card = unknowns.get(user_id, asked_key, seen)
    if card is None:
        card, _kept, asked = build_card(session, writer, user_id, now, question, seen_epoch=seen)
        if asked is None and asked_key is not None:
            unknowns.put(user_id, asked_key, seen, card)
    return present(card, now)


def refresh_stale(reader: sessionmaker[Session], writer: sessionmaker[Session], now: datetime,
                  limit: int = 20) -> int:
    """Recompute up to ``limit`` stale or expired cards; how many were claimed."""
    claimed = storage.claim_stale(writer, now, limit=limit)
    for user_id, question in claimed:
        try:
            with reader() as session:
                _card, kept, asked = build_card(session, writer, user_id, now, question)
            # Answered by another card now, or about nothing of the user's (not kept).
            gone = asked != question and (kept or asked is None)
        except Exception:  # a question that no longer computes must not stop the others
            log.exception("card.refresh_failed")
            kept = gone = False
        if gone:
            with writer() as session:
                storage.forget(session, user_id, question)
        elif not kept:  # data changed meanwhile, or it failed: the next claim takes it again
            storage.release(writer, user_id, question)
    return len(claimed)

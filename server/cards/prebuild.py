"""Cards built ahead: the lookup card of every page a user may open (each known LinkedIn
profile, each mail thread), built before the extension asks, so that even the first
lookup of a page is one indexed read.

Why not just ask each question (lookup_cards.build_card)? That reads the page's part of the
history from the database, most of it the same rows read again for the next page. Here the user's whole history is read once (HistoryIndex) and each page's
plan is cut from it; the rest of a page's answer (who, which opportunities, what the
thread detected) is read as the lookup reads it. The cards are the same either way (the
tests compare them), and they are stored a batch at a time, each batch only if nothing
changed since the history was read (the card epoch, as for any card); if something did,
the history is read again and the batch computed again.

A page that already has a card, valid or stale, is left alone: the refresher keeps those.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from server.cards import storage
from server.cards.history_index import HistoryIndex
from server.cards.lookup_cards import build_card, compute_card, known_profile_question, thread_question
from server.services.actions import Plan, build_plan, load_threads, playbook_settings
from topofmind.store import card_marks
from topofmind.store.history import load_history
from topofmind.store.leases import claim_rows, release_rows, renew_row
from topofmind.store.models import CardSweep, LookupCard, Person, Thread, User

BATCH = 200
# Fewer missing cards than this are asked one by one: not worth reading a whole history.
ONE_BY_ONE_BELOW = 40
# Give up after the data changed under this many batches in a row (a sync in full flow):
# what is left is built later, or by the lookups themselves.
MAX_RETRIES = 3
# A sweep not renewed for this long (its process died) is taken over.
SWEEP_HOLD = timedelta(minutes=10)


def page_questions(session: Session, user_id: int) -> list[dict]:
    """The questions the overlays may ask about the user's records, once each."""
    slugs = session.scalars(select(Person.linkedin_slug).where(
        Person.user_id == user_id, Person.linkedin_slug.is_not(None)).order_by(Person.id))
    threads = session.execute(select(Thread.provider, Thread.provider_thread_id)
                              .where(Thread.user_id == user_id).order_by(Thread.id))
    questions = [known_profile_question(slug) for slug in slugs]
    questions += [thread_question(provider, thread_id) for provider, thread_id in threads]
    # Once each (two people may share a slug); by their fields: missing() hashes them.
    return list({tuple(q.values()): q for q in questions}.values())


def missing(session: Session, user_id: int, questions: list[dict], few: int = 2000) -> list[dict]:
    """The questions without a card (valid, stale or expired)."""
    by_key = {storage.question_key(q): q for q in questions}
    query = select(LookupCard.key).where(LookupCard.user_id == user_id)
    if len(by_key) <= few:
        query = query.where(LookupCard.key.in_(list(by_key)))
    # Else all the user's keys, in one scan of the (user_id, key) index: an IN of 2,000 keys
    # at a time took PostgreSQL 25 s for the 235,000 pages of the benchmark's user, at every
    # sweep after a write; this takes 0.4 s.
    have = set(session.scalars(query))
    return [q for key, q in by_key.items() if key not in have]


class MemoryPlans:
    """plan_for's plans for one user, cut from the whole history read once."""

    def __init__(self, session: Session, user_id: int, now: datetime):
        self.epoch = card_marks.epoch(session)  # before anything is read
        self.user = session.get(User, user_id)
        self.now, self.settings = now, playbook_settings(self.user)
        self.index = HistoryIndex(load_history(session, user_id))
        self.threads = load_threads(session, user_id)

    def __call__(self, *, person_ids=(), opportunity_ids=()) -> Plan:
        states = self.index.whole.action_states
        return build_plan(
            self.user, self.index.scoped(person_ids=person_ids, opportunity_ids=opportunity_ids), self.now,
            self.settings, states_of=lambda keys: {k: states[k] for k in keys if k in states},
            threads_of=lambda opps: {o: self.threads[o] for o in opps if o in self.threads})


@dataclass
class Prebuilt:
    pages: int = 0  # questions about the user's records
    missing: int = 0  # of which had no card
    built: int = 0  # cards stored
    history_reads: int = 0  # times the whole history was read
    seconds: float = 0.0
    epoch: int | None = None  # the card epoch before the pages were listed

    @property
    def complete(self) -> bool:
        return self.built == self.missing


class Prebuilder:
    """Builds the missing cards of one user's pages a batch per ``step``, so that a caller
    (the refresher) can do other work in between; the history read is kept between steps
    while no data changes."""

    def __init__(self, reader: sessionmaker[Session], writer: sessionmaker[Session], user_id: int, *,
                 batch: int = BATCH, one_by_one_below: int = ONE_BY_ONE_BELOW):
        self.reader, self.writer, self.user_id = reader, writer, user_id
        self.batch, self.one_by_one_below = batch, one_by_one_below
        self.report = Prebuilt()
        self.todo: list[dict] | None = None
        self.done = self.retries = 0
        self.source: MemoryPlans | None = None

    @property
    def finished(self) -> bool:
        """Every missing card was built, or the data kept changing (MAX_RETRIES)."""
        return self.todo is not None and (self.done >= len(self.todo) or self.retries > MAX_RETRIES)

    def step(self, now: datetime) -> None:
        """Find what is missing (the first step), else build the next batch."""
        began = time.monotonic()
        if self.todo is None:
            with self.reader() as session:
                self.report.epoch = card_marks.epoch(session)
                pages = page_questions(session, self.user_id)
                self.todo = missing(session, self.user_id, pages)
            self.report.pages, self.report.missing = len(pages), len(self.todo)
        elif len(self.todo) < self.one_by_one_below:
            with self.reader() as session:
                self.report.built += build_card(session, self.writer, self.user_id, now, self.todo[self.done])[1]
            self.done += 1
        else:
            self._batch(now)
        self.report.seconds += time.monotonic() - began

    def _batch(self, now: datetime) -> None:
        chunk = self.todo[self.done:self.done + self.batch]
        with self.reader() as session:
            if self.source is None:
                self.source = MemoryPlans(session, self.user_id, now)
                self.report.history_reads += 1
            self.source.now = now
            computed = [compute_card(session, self.user_id, question, self.source) for question in chunk]
        # A page about a record gone since the pages were listed answers unknown (not kept):
        # the epoch moved then, and nothing of this batch is stored.
        computed = [c for c in computed if c[0] is not None]
        with self.writer() as transaction:
            kept = storage.store_many(transaction, self.user_id, computed, now=now, seen_epoch=self.source.epoch)
        if kept is None:
            self.retries += 1
            with self.reader() as session:
                if card_marks.epoch(session) != self.source.epoch:  # data changed: read the history again
                    self.source = None
                else:  # another builder (`cards build` beside the server) stored some first
                    self.todo[self.done:self.done + len(chunk)] = missing(session, self.user_id, chunk)
            return
        self.retries, self.done = 0, self.done + len(chunk)
        self.report.built += kept


def prebuild(reader: sessionmaker[Session], writer: sessionmaker[Session], user_id: int, now: datetime, *,
             batch: int = BATCH, one_by_one_below: int = ONE_BY_ONE_BELOW,
             progress: Callable[[int, int], None] = lambda done, total: None) -> Prebuilt:
    """Build the missing cards of the user's pages; ``progress(done, total)`` after each step."""
    builder = Prebuilder(reader, writer, user_id, batch=batch, one_by_one_below=one_by_one_below)
    while not builder.finished:
        before = builder.done
        builder.step(now)
        if builder.done != before:
            progress(builder.done, len(builder.todo))
    return builder.report


# --- who sweeps whom --------------------------------------------------------------------

def claim_sweep(Session: sessionmaker[Session], now: datetime, hold: timedelta = SWEEP_HOLD) -> int | None:
    """A user whose pages may lack cards (no complete sweep since data last changed) and
    whom no one else is sweeping, leased for ``hold`` (committed): their id."""
    with Session() as session:
        current = card_marks.epoch(session)
        _add_sweep_rows(session)
    pending = or_(CardSweep.swept_epoch.is_(None), CardSweep.swept_epoch != current)
    won = claim_rows(Session, CardSweep, now=now, lease_seconds=hold.total_seconds(), where=pending,
                     order_by=(CardSweep.user_id,), lease=CardSweep.leased_until)
    return won[0] if won else None


def _add_sweep_rows(session: Session) -> None:
    """A row (never swept, free) for each user who has none, so that every user can be leased."""
    without = select(User.id).outerjoin(CardSweep, CardSweep.user_id == User.id).where(CardSweep.user_id.is_(None))
    if session.scalar(without.limit(1)) is None:
        return
    try:
        session.execute(insert(CardSweep).from_select(["user_id"], without))
        session.commit()
    except IntegrityError:  # another process added them first
        session.rollback()


def renew_sweep(Session: sessionmaker[Session], user_id: int, now: datetime, hold: timedelta = SWEEP_HOLD) -> None:
    renew_row(Session, CardSweep, user_id, now=now, lease_seconds=hold.total_seconds(), lease=CardSweep.leased_until)


def record_sweep(session: Session, user_id: int, epoch: int) -> None:
    """A complete sweep made outside the refresher (``cards build``): none is needed until
    data changes after ``epoch``."""
    done = session.execute(update(CardSweep).where(CardSweep.user_id == user_id).values(swept_epoch=epoch)
                           .execution_options(synchronize_session=False)).rowcount
    if not done:
        session.add(CardSweep(user_id=user_id, swept_epoch=epoch))
    try:
        session.commit()
    except IntegrityError:  # a refresher began a sweep meanwhile: it will find nothing missing
        session.rollback()


def end_sweep(Session: sessionmaker[Session], user_id: int, epoch: int | None) -> None:
    """Give the lease back; with ``epoch`` (the sweep was complete), none is needed again
    until data changes after it."""
    release_rows(Session, CardSweep, CardSweep.user_id == user_id, lease=CardSweep.leased_until,
                 values={"swept_epoch": epoch} if epoch is not None else None)

"""The thread of each server process that keeps the lookup cards ready: it recomputes the
cards a write made stale (lookup_cards.refresh_stale) soon after the write, and, when
there are none, builds the cards of pages not asked about yet (card_prebuild), a user at a
time, each user held by one process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from server.cards.lookup_cards import refresh_stale
from server.cards.prebuild import Prebuilder, claim_sweep, end_sweep, renew_sweep

log = logging.getLogger("server")


class RequestActivity:
    """The requests a process is serving, for the work that waits until it serves none."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock, self.lock = clock, threading.Lock()
        self.in_flight, self.last = 0, float("-inf")

    def begin(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.last = self.clock()

    def end(self) -> None:
        with self.lock:
            self.in_flight -= 1
            self.last = self.clock()

    def quiet_for(self, seconds: float) -> bool:
        """No request in flight, and none began or ended in the last ``seconds``."""
        with self.lock:
            return self.in_flight == 0 and self.clock() - self.last >= seconds


class CardRefresher:
    """Polls every ``interval`` seconds (writes may come from this server, another one or the
    sync daemon) and takes at most ``share`` of the time (it sleeps in proportion to what it
    did), so that a burst of writes slows the refresh, not the lookups; a stale page asked
    for meanwhile is computed by its lookup. Looks for a user to sweep at most every
    ``sweep_every`` seconds: a sweep that finds nothing missing still lists the user's pages.
    A fifth of the time, because a write makes stale many pages no one is looking at
    (bench/README.md has the measurements).

    With ``traffic``, it works only when its process has served no request for ``quiet``
    seconds: its thread shares the interpreter with the requests' (one runs Python at a
    time), and a request that came in while it computed a card, or listed a user's pages
    for a sweep, waited for it. Under
    unbroken load it waits; the pages asked for meanwhile are computed by their lookups."""

    def __init__(self, reader: sessionmaker[Session], writer: sessionmaker[Session],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC), interval: float = 0.5,
                 share: float = 0.2, batch: int = 5, sweep_every: float = 60.0,
                 traffic: RequestActivity | None = None, quiet: float = 0.05):
        self.reader, self.writer, self.now, self.interval = reader, writer, now, interval
        self.share, self.batch, self.sweep_every = share, batch, sweep_every
        self.traffic, self.quiet = traffic, quiet
        self.sweeping: Prebuilder | None = None
        self.next_sweep = 0.0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="card-refresher", daemon=True)

    def start(self) -> CardRefresher:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)

    def step(self) -> bool:
        """One round: stale cards first, else a step of a sweep; whether there was work."""
        if refresh_stale(self.reader, self.writer, self.now(), limit=self.batch):
            return True
        if self.sweeping is None:
            if time.monotonic() < self.next_sweep:
                return False
            self.next_sweep = time.monotonic() + self.sweep_every
            claimed = claim_sweep(self.writer, self.now())
            if claimed is None:
                return False
            self.sweeping = Prebuilder(self.reader, self.writer, claimed)
        builder = self.sweeping
        try:
            builder.step(self.now())
        except Exception:
            self._end(builder, None)
            raise
        renew_sweep(self.writer, builder.user_id, self.now())
        if builder.finished:
            self._end(builder, builder.report.epoch if builder.report.complete else None)
            log.info("card.sweep user=%s pages=%s built=%s seconds=%.1f", builder.user_id, builder.report.pages,
                     builder.report.built, builder.report.seconds)
            self.next_sweep = 0.0  # another user may be waiting
        return True

    def _end(self, builder: Prebuilder, epoch: int | None) -> None:
        self.sweeping = None
        end_sweep(self.writer, builder.user_id, epoch)

    def _run(self) -> None:
        while not self.stopped.is_set():
            if self.traffic is not None and not self.traffic.quiet_for(self.quiet):
                self.stopped.wait(self.quiet)
                continue
            began = time.monotonic()
            try:
                busy = self.step()
            except Exception:  # the database away for a while: try again later
                log.exception("card.refresher_failed")
                busy = False
            spent = time.monotonic() - began
            self.stopped.wait(spent * (1 / self.share - 1) if busy else self.interval)

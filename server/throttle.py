"""Failure budgets: after too many failed sign-ins or API tokens from one client (or against
one address), further attempts are refused with "try again in N s" until the oldest failure
of the window ages out.

Kept in the process's memory: a server of one process (``topofmind serve``) counts exactly;
under gunicorn with W workers an attacker gets at most W times the budget, still a few
hundred guesses an hour against passwords of at least 10 characters.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class Throttle:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000):
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def _trim(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def wait_seconds(self, *keys: str) -> int:
        """0 if every key may try now, else the whole seconds until one more try is allowed."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._trim(key, now)
                if times is not None and len(times) >= self.limit:
                    wait = max(wait, times[0] + self.window - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) >= self._max_keys:  # a flood of new keys: forget the oldest half
                for key in list(self._failures)[: self._max_keys // 2]:
                    del self._failures[key]
            for key in keys:
                times = self._failures.setdefault(key, deque())
                times.append(now)
                while len(times) > self.limit:
                    times.popleft()

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

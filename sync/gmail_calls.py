"""How a Gmail API call is made: its quota cost, paced under the per-user limit, retried
with backoff, and its errors turned into the sync protocol's (see sync/gmail.py for why).

Gmail answers 429, or 403 with reason rateLimitExceeded / userRateLimitExceeded, to a user
over quota, and 5xx when busy: those are retried. A 401 or a missing permission means the
user must reconnect; a refresh token Google refuses (``invalid_grant``) likewise.
"""

from __future__ import annotations

import http.client
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import BatchError, HttpError

from sync.protocol import AuthorizationRevoked, CursorExpired, RateLimited, SourceUnavailable

RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}
TRANSPORT_ERRORS = (OSError, httplib2.HttpLib2Error, http.client.HTTPException, TransportError, BatchError)
UNITS = {"getProfile": 1, "messages.list": 5, "messages.get": 5, "history.list": 2}  # Google's table


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter; ``attempts`` counts the first try."""

    attempts: int = 6
    base: float = 1.0
    cap: float = 32.0

    def delay(self, attempt: int, retry_after: float = 0.0) -> float:
        backoff = random.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))
        return max(backoff, min(retry_after, self.cap))


class QuotaPacer:
    """Spends quota units at most ``per_minute`` on average, in bursts of a quarter minute's worth.

    Gmail answers 429 to a user above 15,000 units a minute; a first sync that does not pace
    itself reaches that in seconds and then spends its retries on refusals.
    """

    def __init__(self, per_minute: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.rate, self.capacity, self.clock, self.sleep = per_minute / 60.0, per_minute / 4.0, clock, sleep
        self.level, self.at = self.capacity, clock()

    def spend(self, units: float) -> None:
        now = self.clock()
        self.level, self.at = min(self.capacity, self.level + (now - self.at) * self.rate), now
        if self.level < units:
            self.sleep((units - self.level) / self.rate)
            self.level, self.at = units, self.clock()
        self.level -= units


def status_of(exc: HttpError) -> int:
    return int(exc.resp.status)


def reason_of(exc: HttpError) -> str:
    try:
        error = json.loads(exc.content.decode("utf-8"))["error"]
        return error.get("errors", [{}])[0].get("reason") or error.get("status") or ""
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return ""


def retryable(exc: HttpError) -> bool:
    status = status_of(exc)
    return status >= 500 or status == 429 or (status == 403 and reason_of(exc) in RATE_REASONS)


def retry_after(exc: HttpError) -> float:
    try:
        return float(exc.resp.get("retry-after", 0))
    except (TypeError, ValueError):
        return 0.0


def describe(exc: Exception) -> str:
    if isinstance(exc, HttpError):
        return f"HTTP {status_of(exc)} {reason_of(exc)}".strip()
    return f"{type(exc).__name__}: {exc}"[:200]


def refresh_failure(exc: RefreshError) -> Exception:
    text = str(exc.args[0] if exc.args else exc)
    if getattr(exc, "retryable", False) or not any(
            code in text for code in ("invalid_grant", "invalid_client", "unauthorized_client")):
        return SourceUnavailable(f"Google's token endpoint failed: {text[:200]}")
    return AuthorizationRevoked(f"Google refused the stored refresh token ({text.split(':')[0]}): reconnect the account")


def call(request, what: str, *, retry: RetryPolicy, pacer: QuotaPacer | None, sleep: Callable[[float], None],
         expired: tuple[int, ...] = ()) -> dict:
    """One plain API call (``what`` names its quota cost in UNITS), paced and retried; its
    errors become the sync protocol's."""
    last: Exception | None = None
    wait = 0.0
    for attempt in range(retry.attempts):
        if attempt:
            sleep(retry.delay(attempt, wait))
        if pacer:
            pacer.spend(UNITS[what])
        try:
            return request.execute()
        except HttpError as exc:
            if status_of(exc) in expired:
                raise CursorExpired(f"Gmail refused the stored position ({describe(exc)}); "
                                    "a full sync is needed") from exc
            if not retryable(exc):
                if status_of(exc) == 401 or reason_of(exc) in ("insufficientPermissions", "authError"):
                    raise AuthorizationRevoked(f"Gmail refused access ({describe(exc)}): reconnect") from exc
                raise SourceUnavailable(f"Gmail {what} failed: {describe(exc)}") from exc
            last, wait = exc, retry_after(exc)
        except RefreshError as exc:
            raise refresh_failure(exc) from exc
        except TRANSPORT_ERRORS as exc:
            last, wait = exc, 0.0
    if isinstance(last, HttpError) and status_of(last) in (429, 403):
        raise RateLimited(max(retry_after(last), 60.0), f"Gmail {what} is rate limited")
    raise SourceUnavailable(f"Gmail {what} failed {retry.attempts} times: {describe(last)}")

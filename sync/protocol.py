"""The one small protocol every mailbox implements, and the errors it may raise.

A source turns "changes since this cursor" into batches. The engine stores each batch and
its ``cursor`` in one transaction, so after a crash the next pass resumes right after the
last committed batch; because storage is an idempotent upsert keyed by
(account, provider message id), re-delivering a batch is harmless.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from topofmind.mail.raw import RawMessage

__all__ = [
    "RawMessage",
    "Batch",
    "MailSource",
    "SyncError",
    "CursorExpired",
    "AuthorizationRevoked",
    "RateLimited",
    "SourceUnavailable",
]


@dataclass
class Batch:
    """One unit of work: messages to upsert, provider ids that disappeared, the cursor after it.

    ``failed`` lists (provider_id, reason) for messages the provider could not deliver after
    retries; the engine records them in the ledger so nothing is dropped silently.
    ``total`` (when known) is the size of the whole pass, for progress display.
    """

    messages: list[RawMessage]
    cursor: str
    removed: list[str] = field(default_factory=list)
    label_changes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    total: int | None = None


class MailSource(Protocol):
    provider: str

    def changes(self, cursor: str | None) -> Iterator[Batch]:
        """Yield batches of changes since ``cursor`` (None: first sync).

        Raises CursorExpired when the cursor is too old (the engine restarts with None and
        the upsert keeps that from duplicating anything), AuthorizationRevoked when the
        user withdrew consent, RateLimited when the provider asks to wait.
        """
        ...


class SyncError(Exception):
    """Base of the errors a source may raise."""


class CursorExpired(SyncError):
    """The stored cursor can no longer be used: do a full resync."""


class AuthorizationRevoked(SyncError):
    """The refresh token or consent was revoked: the account needs reconnecting."""


class RateLimited(SyncError):
    def __init__(self, retry_after: float, message: str = "rate limited"):
        super().__init__(f"{message}; retry after {retry_after:.0f}s")
        self.retry_after = retry_after


class SourceUnavailable(SyncError):
    """The provider failed (5xx, network) after retries: try again later."""

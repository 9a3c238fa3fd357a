"""What a mailbox hands to the domain: one raw message with the provider's ids.

Defined in core so that ingest (core) and every mail source (sync) speak the same type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawMessage:
    """One message as a provider delivers it.

    provider_id   the provider's own message id (Gmail id, Graph id, an mbox key); together
                  with the account it is the idempotence key.
    thread_id     the provider's thread id: Gmail's hex threadId (= data-legacy-thread-id on
                  the web page), Graph's conversationId, or None (derived from References).
    raw           the RFC 822 bytes.
    labels        Gmail label ids ("SENT", "INBOX", "TRASH") or Graph folder names
                  ("inbox", "sentitems"); "SENT"/"sentitems" marks the user's own messages.
    """

    provider_id: str
    raw: bytes
    thread_id: str | None = None
    labels: tuple[str, ...] = field(default_factory=tuple)
    received_at: datetime | None = None

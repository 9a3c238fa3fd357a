"""Ingest one raw message: ledger (idempotence), privacy, then link it into the pipeline.

mailbox → parse → understand → **ingest** → playbook. The caller (a sync pass) owns the
session and the transaction and commits each batch together with its cursor, so a
message is either fully ingested with its ledger row or not at all.

Privacy (issue 8): every message gets a ledger row (provider id, date, category, content
hash) and nothing else unless it is job-related; only job-related messages keep
headers, a snippet and a bounded, cleaned excerpt of the body (BODY_EXCERPT_LIMIT).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.mail.facts import message_facts
from topofmind.mail.parse import ParseError, parse_message
from topofmind.mail.raw import RawMessage
from topofmind.mail.types import ParsedMessage, Understanding
from topofmind.mail.understand import understand
from topofmind.mail.vendors import is_vendor_domain
from topofmind.people import FREE_MAIL_DOMAINS, domain_of, normalize_company
from topofmind.store import audit, models
from topofmind.store.batch import BatchCache
from topofmind.store.linking import find_thread, link_message

BODY_EXCERPT_LIMIT = 8 * 1024
SNIPPET_LIMIT = 200

_QUOTED_TAIL = re.compile(
    r"(\n\s*On .{3,200}wrote:\s*\n|\n-{2,}\s*Original Message\s*-{2,}|\n_{10,}\s*\nFrom:|\n>.*)",
    re.S,
)


@dataclass(frozen=True)
class Ingested:
    outcome: str  # stored | ledger_only | duplicate | updated | error
    category: str | None = None
    message_id: int | None = None
    held: bool = False  # job mail by a small margin over noise: on the review list, nothing created


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _ledger(session: Session, account: models.MailAccount, provider_id: str) -> models.LedgerEntry | None:
    return session.scalar(
        select(models.LedgerEntry).where(
            models.LedgerEntry.account_id == account.id,
            models.LedgerEntry.provider_message_id == provider_id,
        )
    )


def ingest_message(
    session: Session,
    *,
    account: models.MailAccount,
    message: RawMessage,
    me: frozenset[str],
    now: datetime,
    cache: BatchCache | None = None,
) -> str:
    """Store one message idempotently. Never raises for bad mail: it records the reason.

    ``cache``: shared by the messages of one transaction (``BatchCache.load`` with all their
    provider ids); without it, each message looks up its own ledger row, thread, company and people.
    """
    return ingest(session, account=account, message=message, me=me, now=now, cache=cache).outcome


def ingest(
    session: Session,
    *,
    account: models.MailAccount,
    message: RawMessage,
    me: frozenset[str],
    now: datetime,
    cache: BatchCache | None = None,
) -> Ingested:
    ahead = cache.understood.pop(message.provider_id, None) if cache is not None else None
    if ahead is not None and ahead[0] is not message.raw:
        ahead = None  # another copy under the same id: understood here instead
    digest = ahead[1] if ahead is not None else content_hash(message.raw)
    if cache is None:
        entry = _ledger(session, account, message.provider_id)
    else:
        entry = cache.ledger.get(message.provider_id)
    if _already_ingested(entry, digest):
        if message.labels:
            changed = apply_label_change(
                session, account=account, provider_id=message.provider_id,
                labels=message.labels, now=now, cache=cache,
            )
            return Ingested("updated" if changed else "duplicate", entry.category)
        return Ingested("duplicate", entry.category)

    try:
        parsed, understanding = _understood(message, me) if ahead is None else _unpack(ahead[2])
    except ParseError as exc:
        _record(session, account, message.provider_id, entry, digest, now, error=str(exc),
                cache=cache)
        return Ingested("error")
    except Exception as exc:
        _record(session, account, message.provider_id, entry, digest, now,
                error=f"could not be understood ({type(exc).__name__}); kept for a retry",
                cache=cache)
        return Ingested("error")

    if (understanding.category == "not_job_related" and understanding.direction == "in"
            and in_tracked_thread(session, account=account, message=message, parsed=parsed,
                                  digest=digest, cache=cache)):
        understanding = understand(parsed, me=me, labels=tuple(message.labels),
                                   in_tracked_thread=True)
    sent_at = parsed.date or message.received_at or now
    _record(session, account, message.provider_id, entry, digest, now,
            category=understanding.category, sent_at=sent_at, cache=cache)
    if not understanding.job_related:
        return Ingested("ledger_only", understanding.category)
    if understanding.noise_doubt and not in_tracked_thread(session, account=account, message=message, parsed=parsed,
                                                           digest=digest, cache=cache):
        # A doubt in one of the candidate's job threads is settled by the thread: it stays job mail.
        _hold_for_review(session, account, parsed, understanding, now)
        return Ingested("ledger_only", understanding.category, held=True)

    row = _store_message(session, account, message, parsed, understanding, digest, sent_at)
    link_message(session, account=account, message=row, parsed=parsed,
                 understanding=understanding, provider_thread_id=message.thread_id, me=me, now=now,
                 cache=cache)
    return Ingested("stored", understanding.category, row.id)  # id None until the batch's finish


def _hold_for_review(session: Session, account: models.MailAccount, parsed: ParsedMessage, understanding: Understanding,
                     now: datetime) -> None:
    """A message that may be a newsletter or a receipt as well as job mail creates no person,
    opportunity or action: the Review list asks the user instead (only its subject and sender
    are kept, as for any ledger entry's decision)."""
    sender = parsed.from_.address if parsed.from_ else "an unknown sender"
    audit.record(session, user_id=account.user_id, kind="message.held", entity="message", entity_id=None,
                 summary=f"Is “{(parsed.subject or '(no subject)')[:80]}” from {sender} job mail? It reads like "
                         f"{understanding.category.replace('_', ' ')} ({understanding.confidence:.0%} sure); nothing was created from it",
                 after={"category": understanding.category, "subject": (parsed.subject or "")[:200], "from": sender},
                 confidence=understanding.confidence, now=now).needs_review = True


def _already_ingested(entry: models.LedgerEntry | None, digest: str) -> bool:
    """Stored before, or failed before on these very bytes (a retry would fail the same way)."""
    return entry is not None and (entry.status == "ok" or entry.content_hash == digest)


def _understood(message: RawMessage, me: frozenset[str]) -> tuple[ParsedMessage, Understanding]:
    parsed = parse_message(message.raw)
    return parsed, understand(parsed, me=me, labels=tuple(message.labels))


def _unpack(result):
    if isinstance(result, Exception):
        raise result
    return result


def prepare_batch(session: Session, *, account: models.MailAccount, messages: list[RawMessage],
                  me: frozenset[str], cache: BatchCache) -> None:
    """Parse and understand a batch's new messages before any of them is linked, so that the
    people, companies and opportunities they name are looked up with one query per kind for
    the whole batch (``BatchCache.prefetch``). ``ingest`` then takes each message's result
    from the cache. Pure work and reads: what is stored does not change."""
    addresses: set[str] = set()
    domains: set[str] = set()
    names: set[str] = set()
    for message in messages:
        digest = content_hash(message.raw)
        entry = cache.ledger.get(message.provider_id)
        if _already_ingested(entry, digest):
            continue  # a duplicate: ingest does not parse it
        try:
            result = _understood(message, me)
        except Exception as exc:
            cache.understood[message.provider_id] = (message.raw, digest, exc)
            continue
        cache.understood[message.provider_id] = (message.raw, digest, result)
        parsed, understanding = result
        # Job mail, and mail that may turn out to answer a tracked conversation.
        if not (understanding.job_related or (understanding.category == "not_job_related" and understanding.direction == "in")):
            continue
        named = [parsed.from_, *parsed.reply_to[:1], *parsed.to, *parsed.cc, *understanding.interviewers,
                 *understanding.introduced]
        addresses.update(a.address.lower() for a in named if a is not None and a.address)
        usable = [d for d in [understanding.company_domain, *(domain_of(a.address) for a in understanding.introduced)]
                  if d and d not in FREE_MAIL_DOMAINS and not is_vendor_domain(d)]
        domains.update(usable)
        if understanding.company and understanding.company_domain not in usable:  # found by name (find_or_create_company)
            names.add(normalize_company(understanding.company))
    cache.prefetch(session, user_id=account.user_id, addresses=addresses, domains=domains,
                   company_names=names)


def in_tracked_thread(session: Session, *, account: models.MailAccount, message: RawMessage,
                      parsed: ParsedMessage, digest: str, cache: BatchCache | None = None) -> bool:
    """Whether a message belongs to a conversation already stored (the thread linking would
    put it in). Only job messages are stored, so this is a job conversation."""
    if not (message.thread_id or parsed.references or parsed.in_reply_to):
        return False  # a message that starts a conversation: no query
    thread, _ = find_thread(session, account=account, parsed=parsed,
                            provider_thread_id=message.thread_id, content_hash=digest,
                            cache=cache if cache is not None else BatchCache())
    return thread is not None


def _record(session, account, provider_id, entry, digest, now, *, error=None, category=None,
            sent_at=None, cache: BatchCache | None = None) -> models.LedgerEntry:
    if entry is None:
        entry = models.LedgerEntry(user_id=account.user_id, account_id=account.id,
                              provider_message_id=provider_id, processed_at=now)
        if cache is not None and cache.whole_transaction:
            cache.pending.append(entry)  # see BatchCache.finish
        else:
            session.add(entry)
        if cache is not None:
            cache.ledger[provider_id] = entry  # a second copy later in the batch is a duplicate
    entry.content_hash = digest
    entry.processed_at = now
    entry.status = "error" if error else "ok"
    entry.error = error[:500] if error else None
    entry.category = category
    entry.sent_at = sent_at
    return entry


def clean_excerpt(text: str) -> str:
    """The new part of a body: quoted history and signatures' long tails cut, bounded."""
    text = text.replace("\r\n", "\n")
    cut = _QUOTED_TAIL.search(text)
    if cut and cut.start() > 40:
        text = text[: cut.start()]
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    encoded = text.encode("utf-8")[:BODY_EXCERPT_LIMIT]
    return encoded.decode("utf-8", "ignore")


def _store_message(session, account, message: RawMessage, parsed: ParsedMessage,
                   understanding: Understanding, digest: str, sent_at: datetime) -> models.Message:
    excerpt = clean_excerpt(parsed.text or "")
    snippet = re.sub(r"\s+", " ", excerpt)[:SNIPPET_LIMIT]
    row = models.Message(
        user_id=account.user_id,
        account_id=account.id,
        provider_message_id=message.provider_id,
        rfc_message_id=(parsed.message_id or None) and parsed.message_id[:500],
        in_reply_to=(parsed.in_reply_to or None) and parsed.in_reply_to[:500],
        references=list(parsed.references[-20:]),
        direction=understanding.direction,
        sent_at=sent_at,
        subject=(parsed.subject or "")[:500] or None,
        snippet=snippet or None,
        body_excerpt=excerpt or None,
        from_address=parsed.from_.address if parsed.from_ else None,
        from_name=(parsed.from_.name or None) if parsed.from_ else None,
        to_addresses=[a.address for a in parsed.to][:50],
        cc_addresses=[a.address for a in parsed.cc][:50],
        labels=list(message.labels),
        category=understanding.category,
        outgoing_kind=understanding.outgoing_kind,
        confidence=understanding.confidence,
        reasons=list(understanding.reasons),
        facts=_facts(understanding, parsed),
        content_hash=digest,
        # Set by linking, or left empty: every message has the same columns, so that a
        # batch's messages go in as one multi-row INSERT (BatchCache.finish).
        thread_id=None,
        opportunity_id=None,
        person_id=None,
    )
    return row  # link_message inserts it, once its thread and opportunity are known


def _facts(understanding: Understanding, parsed: ParsedMessage | None = None) -> dict:
    return {k: v for k, v in message_facts(understanding, parsed).items() if v not in (None, [], "")}


def record_failure(session: Session, *, account: models.MailAccount, provider_id: str, reason: str,
                   now: datetime) -> None:
    """A message the provider could not deliver: kept in the ledger so it is never lost silently."""
    entry = _ledger(session, account, provider_id)
    if entry is not None and entry.status == "ok":
        return
    _record(session, account, provider_id, entry, None, now, error=f"not delivered: {reason}")


def record_removal(session: Session, *, account: models.MailAccount, provider_id: str,
                   now: datetime) -> None:
    """The provider deleted the message. Keep what it taught us (touches, stages); mark the ledger."""
    entry = _ledger(session, account, provider_id)
    if entry is None:
        entry = models.LedgerEntry(user_id=account.user_id, account_id=account.id,
                              provider_message_id=provider_id, processed_at=now)
        session.add(entry)
    entry.status = "removed"
    entry.processed_at = now


def apply_label_change(session: Session, *, account: models.MailAccount, provider_id: str,
                       labels: tuple[str, ...], now: datetime, cache: BatchCache | None = None) -> bool:
    """A label or folder change (Gmail SENT/TRASH, an Outlook move). Returns whether anything changed.

    ``cache``: the batch's, whose messages are not inserted yet (a second copy of one of them)."""
    row = cache.messages_by_provider_id.get(provider_id) if cache is not None else None
    if row is None:
        row = session.scalar(
            select(models.Message).where(
                models.Message.account_id == account.id, models.Message.provider_message_id == provider_id
            )
        )
    if row is None or sorted(row.labels or []) == sorted(labels):
        return False
    row.labels = list(labels)
    return True

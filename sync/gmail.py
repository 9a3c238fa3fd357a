"""Gmail as a MailSource, through google-api-python-client: a windowed first sync, then history.

First sync: ``users.getProfile`` records the mailbox's historyId *before* anything is listed,
so whatever arrives while we list is picked up by the next incremental pass (at worst
delivered twice, which the idempotent upsert absorbs; never missed). Then ``messages.list``
with the window as a search (``after:<epoch seconds>``, 500 ids a page) and, per chunk of at
most 50 ids, one batch of ``messages.get``. Incremental: ``history.list`` from the stored
historyId; a 404 means the history is gone and raises CursorExpired (the engine restarts with
a full sync, which the upsert keeps from duplicating anything).

Why ``format=raw`` and not metadata first: every ``messages.get`` costs 5 quota units
whatever its format (official table: messages.list 5, messages.get 5, history.list 2,
threads.get 10, getProfile 1; 15,000 units a minute per user). Raw costs 5 units a message
plus 5 per 500 listed, about 5.01 units a message in all (10,000 messages: about 50,100
units, 3.4 minutes at the per-user limit; 100,000: 33 minutes). Metadata first and the full
message only for the job-related ones costs 10 units for each of those, and the classifier
reads bodies too (an interview invitation is often told apart from a newsletter only by its
text), so "metadata first" saves bytes but never units. Raw also hands the domain the
RFC 822 bytes it parses anyway, charsets and all, instead of Gmail's re-encoded MIME tree.

Quirks:
- The batch endpoint must be given explicitly: ``service.new_batch_http_request()`` ignores
  the configured API root and posts to Google's host. We build ``BatchHttpRequest`` with
  ``batch_uri=<api root>/batch/gmail/v1``.
- Inside a batch the client retries nothing but 401 parts. 429, 403 rateLimitExceeded /
  userRateLimitExceeded and 5xx parts are re-queued here with capped exponential backoff; a
  part that still fails is reported in ``Batch.failed`` (the engine records it in the
  ledger), a 404 part (deleted meanwhile) in ``Batch.removed``. Dropped connections and
  timeouts re-send the whole remaining batch; when even that keeps failing the pass stops
  with SourceUnavailable and resumes from the last stored cursor.
- Calls are paced (QuotaPacer, 12,000 units a minute by default) so a first sync stays
  under the per-user limit instead of collecting 429s; how one call is paced, retried and
  its errors named is sync/gmail_calls.py's.
- A first sync is resumable: the cursor keeps the window, the page token and how far into
  the page we got (count and last id), so a restart lists the same page again and skips
  what was delivered. Page tokens are positions, not offsets, so new mail does not shift them.
- Each draft save is a new message in history; drafts and spam are not fetched. A draft
  that gets sent shows up as "label SENT added" (or "DRAFT removed"): that message is fetched
  then, since the user's own mail is what follow-ups are made of. SENT/TRASH label changes of
  other messages are reported in ``Batch.label_changes`` (message id -> its labels now).
- ``threadId`` is kept as Gmail gives it: 16 hex digits, the ``data-legacy-thread-id`` on
  Gmail's web page, which the extension uses to find a thread.
- A revoked refresh token surfaces as google-auth's RefreshError ``invalid_grant``:
  AuthorizationRevoked. The access token is not stored: it is refreshed once per pass (and
  again on any 401), which costs no quota.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import google_auth_httplib2
import httplib2
from google.auth.exceptions import RefreshError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest

from sync.gmail_calls import (
    TRANSPORT_ERRORS,
    UNITS,
    QuotaPacer,
    RetryPolicy,
    call,
    describe,
    refresh_failure,
    retry_after,
    retryable,
    status_of,
)
from sync.protocol import AuthorizationRevoked, Batch, CursorExpired, RateLimited, SourceUnavailable
from topofmind.mail.raw import RawMessage

SCOPE = "https://www.googleapis.com/auth/gmail.readonly"
REPORTED_LABELS = {"SENT", "TRASH"}
SKIPPED_LABELS = {"DRAFT", "SPAM"}
HISTORY_TYPES = ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"]
GET_FIELDS = "id,threadId,labelIds,internalDate,raw"


def _to_raw(resource: dict) -> RawMessage:
    data, date = resource["raw"], resource.get("internalDate")
    return RawMessage(provider_id=resource["id"], raw=base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)),
                      thread_id=resource.get("threadId"), labels=tuple(resource.get("labelIds", ())),
                      received_at=datetime.fromtimestamp(int(date) / 1000, UTC) if date else None)


class GmailSource:
    provider = "gmail"

    def __init__(self, info: dict, *, api_url: str = "https://gmail.googleapis.com/",
                 token_url: str | None = None, first_sync_days: int = 365, now: datetime | None = None,
                 timeout: float = 60.0, retry: RetryPolicy | None = None, batch_size: int = 50,
                 page_size: int = 500, sleep: Callable[[float], None] = time.sleep,
                 units_per_minute: float | None = 12_000, clock: Callable[[], float] = time.monotonic):
        if not 1 <= batch_size <= 50:
            raise ValueError("Google allows at most 50 calls per Gmail batch")
        # Not Credentials.from_authorized_user_info: it always replaces token_uri with Google's.
        missing = [k for k in ("refresh_token", "client_id", "client_secret") if not info.get(k)]
        if missing:
            raise AuthorizationRevoked(f"stored Gmail credentials lack {', '.join(missing)}: reconnect the account")
        self.credentials = Credentials(
            token=info.get("token"), refresh_token=info["refresh_token"], client_id=info["client_id"],
            client_secret=info["client_secret"], scopes=[SCOPE],
            token_uri=token_url or info.get("token_uri") or "https://oauth2.googleapis.com/token")
        self.api_url = api_url.rstrip("/") + "/"
        self.batch_uri = self.api_url + "batch/gmail/v1"
        self.first_sync_days, self.now = first_sync_days, now
        self.retry, self.batch_size, self.page_size, self.sleep = retry or RetryPolicy(), batch_size, page_size, sleep
        # 80% of Google's per-user limit by default: the user's own Gmail clients share it.
        self.pacer = QuotaPacer(units_per_minute, clock=clock, sleep=sleep) if units_per_minute else None
        self.http = google_auth_httplib2.AuthorizedHttp(self.credentials, http=httplib2.Http(timeout=timeout))
        self.service = build("gmail", "v1", http=self.http, static_discovery=True, cache_discovery=False,
                             client_options={"api_endpoint": self.api_url})
        # Each ``users()``/``messages()`` builds its methods from the discovery document
        # again: built once, not once per message.
        self.users = self.service.users()
        self.messages, self.history = self.users.messages(), self.users.history()

    def mailbox_address(self) -> str:
        """The address Google says these credentials open (getProfile: 1 quota unit)."""
        return self._call(self.users.getProfile(userId="me"), "getProfile")["emailAddress"]

    # --- MailSource ---------------------------------------------------------------------------
    def changes(self, cursor: str | None) -> Iterator[Batch]:
        state = self._parse(cursor)
        if state is None or "full" in state:
            yield from self._first_sync(state)
        else:
            yield from self._incremental(state["history_id"])

    @staticmethod
    def _parse(cursor: str | None) -> dict | None:
        if not cursor:
            return None
        try:
            state = json.loads(cursor)
            if state.get("v") == 1 and str(state["history_id"]).isdigit():
                return state
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
        raise CursorExpired("the stored Gmail cursor is unreadable; a full sync is needed")

    # --- first sync -----------------------------------------------------------------------------
    def _first_sync(self, state: dict | None) -> Iterator[Batch]:
        if state is None:
            history_id = self._call(self.users.getProfile(userId="me"), "getProfile")["historyId"]
            now = self.now or datetime.now(UTC)
            after = int(now.timestamp()) - self.first_sync_days * 86400
            state = {"v": 1, "history_id": history_id, "full": {"after": after, "page": None, "done": 0, "last": None}}
        history_id, full = state["history_id"], state["full"]
        steady = json.dumps({"v": 1, "history_id": history_id})
        page_token, done, last = full.get("page"), full.get("done", 0), full.get("last")

        def position(page, count, last_id):
            inner = {"after": full["after"], "page": page, "done": count, "last": last_id}
            return json.dumps({"v": 1, "history_id": history_id, "full": inner})

        while True:
            request = self.messages.list(
                userId="me", q=f"after:{full['after']}", maxResults=self.page_size, pageToken=page_token,
                fields="messages/id,nextPageToken,resultSizeEstimate")
            # A page token Gmail no longer accepts (400) cannot be resumed: start over.
            answer = self._call(request, "messages.list", expired=(400,) if page_token else ())
            ids = [m["id"] for m in answer.get("messages", [])]
            next_token = answer.get("nextPageToken")
            start = 0
            if done and last:  # resuming inside this page: skip what was delivered
                if done <= len(ids) and ids[done - 1] == last:
                    start = done
                elif last in ids:
                    start = ids.index(last) + 1
            done, last = 0, None
            for begin in range(start, len(ids), self.batch_size):
                chunk = ids[begin:begin + self.batch_size]
                messages, gone, failed = self._fetch(chunk)
                end = begin + len(chunk)
                if end < len(ids):
                    cursor = position(page_token, end, chunk[-1])
                else:
                    cursor = position(next_token, 0, None) if next_token else steady
                yield Batch(messages, cursor=cursor, removed=gone, failed=failed,
                            total=answer.get("resultSizeEstimate"))
            if not next_token:
                if start >= len(ids):  # nothing (left) on the last page: still store the steady cursor
                    yield Batch([], cursor=steady)
                return
            page_token = next_token

    # --- incremental ----------------------------------------------------------------------------
    def _incremental(self, start: str) -> Iterator[Batch]:
        added: dict[str, None] = {}
        removed: dict[str, None] = {}
        label_changes: dict[str, tuple[str, ...]] = {}
        page_token, newest = None, start
        while True:
            request = self.history.list(
                userId="me", startHistoryId=start, historyTypes=HISTORY_TYPES, maxResults=500,
                pageToken=page_token)
            answer = self._call(request, "history.list", expired=(404,))
            for record in answer.get("history", []):
                for item in record.get("messagesAdded", []):
                    msg = item["message"]
                    if not SKIPPED_LABELS & set(msg.get("labelIds", ())):
                        added[msg["id"]] = None
                        removed.pop(msg["id"], None)
                for item in record.get("messagesDeleted", []):
                    mid = item["message"]["id"]
                    removed[mid] = None
                    added.pop(mid, None)
                    label_changes.pop(mid, None)
                for key in ("labelsAdded", "labelsRemoved"):
                    for item in record.get(key, []):
                        msg, changed = item["message"], set(item.get("labelIds", ()))
                        labels = tuple(msg.get("labelIds", ()))
                        if msg["id"] in removed:
                            continue
                        if changed & REPORTED_LABELS:
                            label_changes[msg["id"]] = labels
                        sent_now = key == "labelsAdded" and "SENT" in changed
                        unskipped = key == "labelsRemoved" and changed & SKIPPED_LABELS
                        if (sent_now or unskipped) and not SKIPPED_LABELS & set(labels):
                            added[msg["id"]] = None
            newest = answer.get("historyId", newest)
            page_token = answer.get("nextPageToken")
            if not page_token:
                break
        final = json.dumps({"v": 1, "history_id": str(newest)})
        if not (added or removed or label_changes):
            if str(newest) != str(start):
                yield Batch([], cursor=final)
            return
        # Until the last chunk is stored the cursor stays at ``start``: a crash re-reads history.
        interim = json.dumps({"v": 1, "history_id": str(start)})
        ids = list(added)
        chunks = [ids[i:i + self.batch_size] for i in range(0, len(ids), self.batch_size)] or [[]]
        for n, chunk in enumerate(chunks, 1):
            messages, gone, failed = self._fetch(chunk) if chunk else ([], [], [])
            if n < len(chunks):
                yield Batch(messages, cursor=interim, removed=gone, failed=failed, total=len(ids))
            else:
                changes = {k: v for k, v in label_changes.items() if k not in added}
                yield Batch(messages, cursor=final, removed=gone + list(removed), failed=failed,
                            label_changes=changes, total=len(ids))

    # --- HTTP -------------------------------------------------------------------------------------
    def _call(self, request, what: str, expired: tuple[int, ...] = ()) -> dict:
        return call(request, what, retry=self.retry, pacer=self.pacer, sleep=self.sleep, expired=expired)

    def _fetch(self, ids: list[str]) -> tuple[list[RawMessage], list[str], list[tuple[str, str]]]:
        """Batched messages.get with per-part retries: (messages, gone, failed), in ``ids`` order."""
        got: dict[str, RawMessage] = {}
        gone: list[str] = []
        failed: dict[str, str] = {}
        pending, problems = list(ids), {}
        wait, envelope_error = 0.0, None
        for attempt in range(self.retry.attempts):
            if not pending:
                break
            if attempt:
                self.sleep(self.retry.delay(attempt, wait))
            answers: dict[str, tuple[dict | None, Exception | None]] = {}
            batch = BatchHttpRequest(callback=lambda rid, resp, exc, answers=answers: answers.__setitem__(rid, (resp, exc)),
                                     batch_uri=self.batch_uri)
            for mid in pending:
                batch.add(self.messages.get(userId="me", id=mid, format="raw", fields=GET_FIELDS),
                          request_id=mid)
            if self.pacer:
                self.pacer.spend(UNITS["messages.get"] * len(pending))
            try:
                batch.execute(http=self.http)
            except RefreshError as exc:
                raise refresh_failure(exc) from exc
            except HttpError as exc:  # the whole batch was refused
                if not retryable(exc):
                    raise SourceUnavailable(f"Gmail batch failed: {describe(exc)}") from exc
                envelope_error, wait = exc, retry_after(exc)
                continue
            except TRANSPORT_ERRORS as exc:
                envelope_error, wait = exc, 0.0
                continue
            envelope_error, retry, wait = None, [], 0.0
            for mid in pending:
                resp, exc = answers.get(mid, (None, SourceUnavailable("no answer in the batch")))
                if exc is None:
                    got[mid] = _to_raw(resp)
                elif isinstance(exc, HttpError) and status_of(exc) == 404:
                    gone.append(mid)
                elif not isinstance(exc, HttpError) or retryable(exc):
                    retry.append(mid)
                    problems[mid] = exc
                    wait = max(wait, retry_after(exc) if isinstance(exc, HttpError) else 0.0)
                else:
                    failed[mid] = describe(exc)
            pending = retry
        if pending and envelope_error is not None:
            if isinstance(envelope_error, HttpError) and status_of(envelope_error) in (429, 403):
                raise RateLimited(max(wait, 60.0), "Gmail batch is rate limited")
            raise SourceUnavailable(f"Gmail batch failed {self.retry.attempts} times: {describe(envelope_error)}")
        rate_limited = [m for m in pending if isinstance(problems[m], HttpError) and status_of(problems[m]) in (429, 403)]
        if pending and not got and len(rate_limited) == len(pending):
            # Nothing in this chunk got through: the user's quota is spent, not these messages.
            raise RateLimited(max(wait, 60.0), "Gmail keeps rate limiting every message of a batch")
        for mid in pending:
            failed[mid] = f"gave up after {self.retry.attempts} attempts: {describe(problems[mid])}"
        return [got[m] for m in ids if m in got], gone, [(m, failed[m]) for m in ids if m in failed]


def open_gmail_source(account, credentials: dict, *, config, on_credentials_changed=None,
                      **options) -> GmailSource:
    """The sources registry's factory: stored credentials (decrypted) + the runtime Config.

    Google does not rotate refresh tokens on refresh, so ``on_credentials_changed`` is unused.
    """
    options.setdefault("first_sync_days", config.first_sync_days)
    return GmailSource(credentials, api_url=config.gmail_api_url, token_url=config.google_token_url, **options)

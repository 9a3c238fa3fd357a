"""The fake Gmail's data side: messages, history, search windows and the REST answers.

Pure functions over a ``Mailbox``; ``gmail_server`` puts HTTP, OAuth, quota and faults around them.
"""

from __future__ import annotations

import base64
import re
import secrets
import time
from dataclasses import dataclass, field
from email.parser import BytesParser

UNITS = {"getProfile": 1, "messages.list": 5, "messages.get": 5, "history.list": 2, "threads.get": 10}
ERROR_REASONS = {
    401: ("authError", "UNAUTHENTICATED", "Request had invalid authentication credentials."),
    403: ("rateLimitExceeded", "PERMISSION_DENIED", "Rate Limit Exceeded"),
    404: ("notFound", "NOT_FOUND", "Requested entity was not found."),
    429: ("rateLimitExceeded", "RESOURCE_EXHAUSTED", "Too many concurrent requests for user."),
    500: ("backendError", "INTERNAL", "Backend Error"),
    503: ("backendError", "UNAVAILABLE", "The service is currently unavailable."),
}


def error_body(status: int, reason: str | None = None, message: str | None = None) -> dict:
    default_reason, state, default_message = ERROR_REASONS.get(status, ("badRequest", "INVALID_ARGUMENT", "Bad Request"))
    message = message or default_message
    return {"error": {"code": status, "message": message, "status": state,
                      "errors": [{"message": message, "domain": "global", "reason": reason or default_reason}]}}


@dataclass
class FakeMessage:
    id: str
    thread_id: str
    raw: bytes
    labels: list[str]
    internal_date: int  # ms since the epoch
    history_id: int

    def resource(self, fmt: str, headers: list[str] | None = None) -> dict:
        out = {"id": self.id, "threadId": self.thread_id, "labelIds": list(self.labels),
               "snippet": "", "historyId": str(self.history_id), "internalDate": str(self.internal_date),
               "sizeEstimate": len(self.raw)}
        if fmt == "raw":
            out["raw"] = base64.urlsafe_b64encode(self.raw).decode()
        elif fmt == "metadata":
            msg = BytesParser().parsebytes(self.raw, headersonly=True)
            wanted = {h.lower() for h in headers or []}
            out["payload"] = {"mimeType": msg.get_content_type(), "headers": [
                {"name": k, "value": str(v)} for k, v in msg.items() if not wanted or k.lower() in wanted]}
        return out


@dataclass
class Mailbox:
    address: str
    messages: dict[str, FakeMessage] = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)
    history_id: int = 100_000
    oldest_history_id: int = 0  # startHistoryId below this -> 404

    def _record(self, kind: str, msg: FakeMessage, label_ids: list[str] | None = None) -> None:
        self.history_id += 3  # history ids increase with gaps
        msg.history_id = self.history_id
        self.history.append({"id": self.history_id, "type": kind, "message": msg, "labelIds": label_ids})


def filter_fields(data, spec: str):
    """Google's partial response syntax, loosely: ``a,b/c,d(e,f)``."""
    def parse(s: str) -> dict:
        tree, i, name = {}, 0, ""
        while i < len(s):
            ch = s[i]
            if ch == ",":
                if name:
                    _put(tree, name, None)
                name = ""
            elif ch == "(":
                depth, j = 1, i + 1
                while depth:
                    depth += {"(": 1, ")": -1}.get(s[j], 0)
                    j += 1
                _put(tree, name, parse(s[i + 1:j - 1]))
                name, i = "", j - 1
            else:
                name += ch
            i += 1
        if name:
            _put(tree, name, None)
        return tree

    def _put(tree, path, sub):
        head, _, rest = path.strip().partition("/")
        if rest:
            if head in tree and tree[head] is None:
                return  # the whole field is already selected
            _put(tree.setdefault(head, {}), rest, sub)
        else:
            tree[head] = sub

    def apply(value, tree):
        if tree is None:
            return value
        if isinstance(value, list):
            return [apply(v, tree) for v in value]
        if isinstance(value, dict):
            return {k: apply(v, tree[k]) for k, v in value.items() if k in tree}
        return value

    return apply(data, parse(spec))


def get_profile(box: Mailbox, q, _id) -> tuple[int, dict]:
    return 200, {"emailAddress": box.address, "messagesTotal": len(box.messages),
                 "threadsTotal": len({m.thread_id for m in box.messages.values()}),
                 "historyId": str(box.history_id)}

def list_messages(box: Mailbox, q, _id) -> tuple[int, dict]:
    size = min(int(q.get("maxResults", 100)), 500)
    after, before = search_window(q.get("q", ""))
    hidden = set() if q.get("includeSpamTrash") == "true" else {"SPAM", "TRASH"}
    wanted = [m for m in box.messages.values() if not hidden & set(m.labels)
              and after <= m.internal_date < before]
    wanted.sort(key=lambda m: (m.internal_date, m.id), reverse=True)
    if q.get("pageToken"):  # a position, not an offset: new mail does not shift later pages
        try:
            date, _, mid = base64.urlsafe_b64decode(q["pageToken"]).decode().partition(":")
            int(date)
        except ValueError:
            return 400, error_body(400, "invalidArgument", "Invalid pageToken")
        wanted = [m for m in wanted if (m.internal_date, m.id) < (int(date), mid)]
    page = wanted[:size]
    out = {"messages": [{"id": m.id, "threadId": m.thread_id} for m in page], "resultSizeEstimate": len(wanted)}
    if len(wanted) > size:
        out["nextPageToken"] = base64.urlsafe_b64encode(f"{page[-1].internal_date}:{page[-1].id}".encode()).decode()
    if not page:
        del out["messages"]  # Gmail leaves the key out of an empty answer
    return 200, out

def get_message(box: Mailbox, q, mid) -> tuple[int, dict]:
    msg = box.messages.get(mid)
    fmt = q.get("format", "full")
    if msg is None:
        return 404, error_body(404)
    if fmt not in ("raw", "metadata", "minimal"):
        return 400, error_body(400, "invalidArgument", f"the fake does not implement format={fmt}")
    return 200, msg.resource(fmt, q.get("metadataHeaders") and [q["metadataHeaders"]])

def get_thread(box: Mailbox, q, tid) -> tuple[int, dict]:
    msgs = [m for m in box.messages.values() if m.thread_id == tid]
    if not msgs:
        return 404, error_body(404)
    fmt = q.get("format", "minimal") if q.get("format") in ("metadata", "minimal") else "minimal"
    return 200, {"id": tid, "historyId": str(max(m.history_id for m in msgs)),
                 "messages": [m.resource(fmt) for m in msgs]}

def list_history(box: Mailbox, q, _id) -> tuple[int, dict]:
    if "startHistoryId" not in q:
        return 400, error_body(400, "invalidArgument", "startHistoryId is required")
    start = int(q["startHistoryId"])
    if start < box.oldest_history_id:
        return 404, error_body(404)
    types = set(q.get("historyTypes") or ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"])
    records = [r for r in box.history if r["id"] > start and r["type"] in types
               and (not q.get("labelId") or q["labelId"] in r["message"].labels)]
    if not (q.get("pageToken") or "0").isdigit():
        return 400, error_body(400, "invalidArgument", "Invalid pageToken")
    after = int(q.get("pageToken") or 0)
    records = [r for r in records if r["id"] > after]
    size = min(int(q.get("maxResults", 100)), 500)
    page = records[:size]
    key = {"messageAdded": "messagesAdded", "messageDeleted": "messagesDeleted",
           "labelAdded": "labelsAdded", "labelRemoved": "labelsRemoved"}
    history = []
    for r in page:
        m = r["message"]
        item = {"message": {"id": m.id, "threadId": m.thread_id, "labelIds": list(m.labels)}}
        if r["labelIds"] is not None:
            item["labelIds"] = r["labelIds"]
        history.append({"id": str(r["id"]), "messages": [{"id": m.id, "threadId": m.thread_id}],
                        key[r["type"]]: [item]})
    out = {"historyId": str(box.history_id)}
    if history:
        out["history"] = history
    if len(records) > size:
        out["nextPageToken"] = str(page[-1]["id"])
    return 200, out


def search_window(query: str) -> tuple[int, int]:
    """The ``after:``/``before:``/``newer_than:``/``older_than:`` part of a search, in ms."""
    after, before, now = 0, 2**62, time.time()
    units = {"d": 86400, "m": 30 * 86400, "y": 365 * 86400}
    for op, value in re.findall(r"(after|before|newer_than|older_than):(\S+)", query):
        if op in ("after", "before"):
            seconds = int(value) if value.isdigit() else time.mktime(time.strptime(value.replace("-", "/"), "%Y/%m/%d"))
        else:
            seconds = now - int(value[:-1]) * units[value[-1]]
        if op in ("after", "newer_than"):
            after = max(after, int(seconds * 1000))
        else:
            before = min(before, int(seconds * 1000))
    return after, before


HANDLERS = {"getProfile": get_profile, "messages.list": list_messages, "messages.get": get_message,
            "threads.get": get_thread, "history.list": list_history}


def make_raw(*, sender="dana@northwind-analytics.com", to="sam@example.net", subject="Hello",
             body="Hi Sam,\n\nThanks for applying.\n", date="Mon, 02 Mar 2026 09:00:00 +0000",
             message_id: str | None = None) -> bytes:
    """A small RFC 822 message for tests and the bench."""
    message_id = message_id or f"<{secrets.token_hex(8)}@example.test>"
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n"
            f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}").replace("\r\n", "\n").replace("\n", "\r\n").encode()

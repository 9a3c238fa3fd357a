"""Structured logs: one JSON object per line per event, scrubbed of secrets and mail content.

``log_event(logger, "sync.pass.finished", account_id=3, provider="gmail", stored=12)``
writes ``{"ts": ..., "level": "info", "event": "sync.pass.finished", "account_id": 3, ...}``.

The redaction filter sits on the handler, so it also covers third-party records (the
Google client, MSAL, APScheduler): fields whose name says they hold secrets or content
(token, password, body, subject, address ...) are replaced, and inside any text, e-mail
addresses, bearer tokens, JWTs, Google access/refresh tokens and long opaque strings are
masked. Exceptions are logged as their type and a scrubbed message, never with locals.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

ROOT = "topofmind"
REDACTED = "[redacted]"

_SECRET_KEYS = re.compile(
    r"token|secret|password|passwd|authorization|credential|cookie|api_key|apikey|"
    r"body|raw|subject|snippet|excerpt|address|email|recipient|sender|header",
    re.I,
)
_PATTERNS = [
    (re.compile(r"(?i)\b(bearer|basic)\s+[^\s\"',;]+"), r"\1 " + REDACTED),
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), REDACTED),  # JWT / id_token
    (re.compile(r"\bya29\.[\w.-]+"), REDACTED),  # Google access token
    (re.compile(r"\b1//[\w.-]+"), REDACTED),  # Google refresh token
    (re.compile(r"(?i)((?:access|refresh|id)_token|client_secret|code|password)=[^&\s\"']+"),
     r"\1=" + REDACTED),
    (re.compile(r"[\w.!#$%&'*+^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[address]"),
    (re.compile(r"(?<![\w/])[A-Za-z0-9_+=-]{40,}"), REDACTED),  # long opaque strings
]

_STD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def scrub_text(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def scrub(value: Any, key: str = "") -> Any:
    if key and _SECRET_KEYS.search(key) and value not in (None, "", [], {}):
        return REDACTED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(v) for v in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


class RedactingFilter(logging.Filter):
    """Scrubs every record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = scrub(fields)
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg, record.args = scrub_text(message), None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.exc_summary = f"{type(exc).__name__}: {scrub_text(str(exc))}"[:500]
            record.exc_info, record.exc_text = None, None
        return True


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out["event"] = record.msg
            out.update({k: v for k, v in fields.items() if v is not None})
        else:
            out["event"] = "log"
            out["message"] = record.getMessage()
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and key not in ("fields", "exc_summary"):
                out.setdefault(key, scrub(value, key))
        if getattr(record, "exc_summary", None):
            out["exception"] = record.exc_summary
        return json.dumps(out, default=str, ensure_ascii=False)


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"{ROOT}.{name}")


def log_event(logger: logging.Logger, event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """One structured event. Field values are scrubbed by the handler's filter."""
    logger.log(level, event, extra={"fields": fields})


def configure_logging(stream=None, level: str | int = "INFO") -> logging.Handler:
    """JSON lines on ``stream`` (stderr) for our loggers and the libraries'; idempotent."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(RedactingFilter())
    handler.set_name("topofmind-json")
    root = logging.getLogger()
    for old in list(root.handlers):
        if old.get_name() == "topofmind-json":
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    # APScheduler logs every job run at INFO; its warnings (missed runs) still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return handler

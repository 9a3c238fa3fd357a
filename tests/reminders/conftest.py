"""Real receivers for reminders: an SMTP server (aiosmtpd) and an HTTP endpoint that collects
Apprise's json:// posts (and can be told to fail), both on free loopback ports."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from sync.reminders import ReminderJob
from sync.secrets import SecretBox


@dataclass
class Inbox:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    inbox.port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    inbox.url = f"mailto://127.0.0.1:{inbox.port}?from=topofmind@example.org&to=sam@example.net&mode=insecure"
    yield inbox
    controller.stop()


class Hook:
    """json:// receiver; ``fail_next`` posts are answered 500."""

    def __init__(self):
        self.posts: list[tuple[str, dict]] = []
        self.fail_next = 0
        self.lock = threading.Lock()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with hook.lock:
                    failing = hook.fail_next > 0
                    hook.fail_next -= 1 if failing else 0
                    if not failing:
                        try:
                            parsed = json.loads(body)
                        except ValueError:
                            parsed = {"raw": body.decode("utf-8", "replace"), "headers": dict(self.headers)}
                        hook.posts.append((self.path, parsed))
                self.send_response(500 if failing else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def to(self, path: str) -> list[dict]:
        return [body for p, body in self.posts if p == "/" + path]


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.server.shutdown()


@pytest.fixture
def box_key() -> str:
    return SecretBox.generate_key()


@pytest.fixture
def box(box_key):
    return SecretBox(box_key)


BASE = "http://topofmind.test:8765"


def make_job(Session, box, *, worker="w1", **kw) -> ReminderJob:
    """The daemon's job as `topofmind sync` builds it: digests composed several at a time."""
    from server.services.digest import compose, compose_digests

    kw.setdefault("compose_digests", lambda s, uids, now: compose_digests(s, uids, now, public_url=BASE))
    return ReminderJob(Session, box, lambda s, uid, kind, now: compose(s, uid, kind, now, public_url=BASE),
                       worker, **kw)

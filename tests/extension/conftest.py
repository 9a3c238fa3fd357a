"""Harness for the extension tests: the real backend, real Chromium, fixture host pages.

- ``backend``: ``server.app.create_app`` over a SQLite file, served by werkzeug on
  127.0.0.1 (port 0) in a thread, its clock fixed at ``world.NOW``.
- ``world``: empties the database and seeds ``world.seed`` plus an API token, per test.
- ``browser``: one persistent Chromium context with the unpacked extension for the session
  (with ``--disable-extensions-except``, or Playwright disables it), fixture pages served at
  the real LinkedIn/Gmail/Outlook URLs by ``context.route``; everything else is refused, so
  nothing leaves the machine.
- ``ext``: the extension's service worker (configure storage, read the badge).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from sync.config import Config
from tests.conftest import _empty_tables
from tests.extension.world import NOW, fixture_data, seed
from topofmind.store.database import make_engine, session_factory, upgrade
from topofmind.store.models import User


def pytest_collection_modifyitems(items):
    # Everything here drives Chromium: `-m "not browser"` skips it on machines without one.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)

REPO = Path(__file__).resolve().parents[2]
EXTENSION_DIR = REPO / "extension"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = REPO / "test-artifacts" / "extension"
CHROMIUM = os.environ.get("TOPOFMIND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic",
]
MAIL_HOSTS = ("outlook.office.com", "outlook.office365.com", "outlook.live.com", "outlook.cloud.microsoft")


@dataclass
class Backend:
    url: str
    engine: Engine
    Session: object
    app: object = None

    def api(self, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        """Call the API the way the extension does; (status, JSON)."""
        req = urllib.request.Request(self.url + "/api/v1" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")


@pytest.fixture(scope="session")
def backend(tmp_path_factory):
    from server.app import create_app

    tmp = tmp_path_factory.mktemp("backend")
    db_url = f"sqlite:///{tmp / 'extension.sqlite3'}"
    engine = make_engine(db_url)
    upgrade(engine)
    sessions = session_factory(engine)
    app = create_app(Config(data_dir=tmp, database_url=db_url), session_factory=sessions, now=lambda: NOW)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="extension-test-backend", daemon=True)
    thread.start()
    yield Backend(url=f"http://127.0.0.1:{server.server_port}", engine=engine, Session=sessions, app=app)
    server.shutdown()
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture
def world(backend):
    from server.auth import create_token

    _empty_tables(backend.engine)
    # Emptied tables restart the card epoch, which the process's answers about unknown pages
    # are keyed on (a real server's epoch only grows): forget the previous test's answers.
    backend.app.extensions["topofmind"].unknown_answers.answers.clear()
    with backend.Session() as session:
        w = seed(session)
        w.token = create_token(session, session.get(User, w.user_id), "extension", NOW)
        session.commit()
    return w


def _fixture_page(name: str) -> str:
    data = json.dumps(fixture_data()).replace("</", "<\\/")  # safe inside <script>
    return (FIXTURES / name).read_text().replace('"__FIXTURE_DATA__"', data)


# Each site's page layouts, the current one first; every layout is kept beside the older ones.
LAYOUTS = {
    "linkedin": {"2026": "linkedin_profile_2026.html", "old": "linkedin_profile.html",
                 "public": "linkedin_profile_public.html", "changed": "linkedin_profile_changed.html"},
    "gmail": {"2026": "gmail_thread_2026.html", "old": "gmail_thread.html"},
    "outlook": {"2026": "outlook_thread_2026.html", "old": "outlook_thread.html"},
}
# The layout each site's pages are served in now (``use_layout``); the older ones by default.
SERVED = {"linkedin": "old", "gmail": "old", "outlook": "old"}


def _serve_host_pages(route, request):
    """Answer https://<real host>/… with the fixture page for that site, in its served layout."""
    url = urlsplit(request.url)
    if url.path == "/__fixture/input_log.js":
        return route.fulfill(status=200, content_type="text/javascript",
                             body=(FIXTURES / "input_log.js").read_text())
    if url.hostname == "www.linkedin.com":
        page = LAYOUTS["linkedin"][SERVED["linkedin"]] if url.path.startswith("/in/") else "linkedin_feed.html"
    elif url.hostname == "mail.google.com":
        page = LAYOUTS["gmail"][SERVED["gmail"]]
    elif url.hostname in MAIL_HOSTS:
        page = LAYOUTS["outlook"][SERVED["outlook"]]
    else:
        return route.abort()
    return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=_fixture_page(page))


def _refuse_the_internet(route, request):
    url = urlsplit(request.url)
    if url.scheme not in ("http", "https", "ws", "wss") or url.hostname in ("127.0.0.1", "localhost"):
        return route.continue_()
    return route.abort()


@pytest.fixture
def use_layout():
    """``use_layout("linkedin", "2026")``: serve that site's pages in that layout for this test."""
    before = dict(SERVED)

    def use(site: str, layout: str) -> None:
        assert layout in LAYOUTS[site], f"no {layout!r} fixture for {site}"
        SERVED[site] = layout

    yield use
    SERVED.update(before)


@pytest.fixture(scope="session")
def browser(tmp_path_factory, request):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    pw = request.getfixturevalue("playwright_session")
    context = pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, viewport={"width": 1280, "height": 800},
        args=[f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}",
              *CHROMIUM_ARGS])
    # Routes run in reverse registration order: the catch-all refusal is the last resort.
    context.route("**/*", _refuse_the_internet)
    for host in ("www.linkedin.com", "mail.google.com", *MAIL_HOSTS):
        context.route(f"https://{host}/**", _serve_host_pages)
    yield context
    context.close()


class Extension:
    """The extension as loaded in ``browser``: its service worker, storage and badge."""

    def __init__(self, context):
        self.context = context

    @property
    def worker(self):
        # MV3 workers stop when idle; Chromium restarts them on the next event.
        workers = self.context.service_workers
        return workers[0] if workers else self.context.wait_for_event("serviceworker")

    @property
    def id(self) -> str:
        return self.worker.url.split("/")[2]

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def configure(self, server_url: str | None, token: str | None, sites: dict | None = None) -> None:
        settings = {k: v for k, v in {"serverUrl": server_url, "token": token, "sites": sites}.items() if v is not None}
        self.worker.evaluate("s => chrome.storage.local.clear().then(() => chrome.storage.local.set(s))", settings)

    def badge_text(self, refresh: bool = True) -> str:
        if refresh:
            self.worker.evaluate("() => refreshBadge()")  # the worker's own function, as the alarm calls it
        return self.worker.evaluate("() => chrome.action.getBadgeText({})")


@pytest.fixture
def ext(browser):
    extension = Extension(browser)
    yield extension
    for page in browser.pages[1:]:  # keep the initial tab so the context stays open
        page.close()


@pytest.fixture
def configured(ext, backend, world):
    """The extension pointed at the test backend with the seeded user's token."""
    ext.configure(backend.url, world.token)
    return ext


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (the 'server unreachable' state)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


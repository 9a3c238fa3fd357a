"""The pages in real headless Chromium, on the demo's job search: the demo is built once
(``topofmind demo --no-serve`` on a fixed day) and each test serves its own copy of it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from server.cli import main
from sync.config import Config
from topofmind.store.database import make_engine, session_factory

CHROMIUM = os.environ.get("TOPOFMIND_CHROMIUM", "/usr/bin/chromium")
DEMO_DAY = "2026-12-07"
# Mid-morning in New York (the demo's home) on the demo's day.
NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


@dataclass
class Site:
    url: str
    Session: object  # noqa: N815 - a session factory


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "demo"
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--data-dir", str(folder), "--today", DEMO_DAY],
                                env={"TOPOFMIND_DATABASE_URL": "", "TOPOFMIND_DATA_DIR": str(folder.parent)})
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def site(demo_database, tmp_path):
    from server.app import create_app

    shutil.copy(demo_database / "secret.key", tmp_path / "secret.key")
    # SQLite's backup reads the WAL too: the demo's in-process engine may still hold it.
    with closing(sqlite3.connect(demo_database / "topofmind.sqlite3")) as source, \
            closing(sqlite3.connect(tmp_path / "topofmind.sqlite3")) as copy:
        source.backup(copy)
    url = f"sqlite:///{tmp_path / 'topofmind.sqlite3'}"
    engine = make_engine(url)
    sessions = session_factory(engine)
    app = create_app(Config(data_dir=tmp_path, database_url=url), session_factory=sessions, now=lambda: NOW)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="pages-test-server", daemon=True)
    thread.start()
    yield Site(url=f"http://127.0.0.1:{server.server_port}", Session=sessions)
    server.shutdown()
    thread.join(timeout=10)
    engine.dispose()


# The process's one Playwright driver (tests/conftest.py): a second sync_playwright() in the
# same worker refuses to start while the first is open.
@pytest.fixture(scope="module")
def chromium(playwright_session):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-background-networking",
                                                       "--no-first-run"])
    yield browser
    browser.close()


# What #18 serves: no inline script or style. The pages must work under it.
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'"


def _local_only_with_csp(route, request):
    if not request.url.startswith("http://127.0.0.1"):
        return route.abort()
    if request.resource_type != "document":
        return route.continue_()
    answer = route.fetch(max_redirects=0)  # the browser follows redirects itself
    return route.fulfill(response=answer, headers={**answer.headers, "content-security-policy": STRICT_CSP})


@pytest.fixture
def page(chromium):
    """A tab that reaches only the test server, under a strict CSP; ``csp_violations`` collects
    what the browser blocked (asserted empty after each test)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_only_with_csp)
    tab = context.new_page()
    tab.csp_violations = []
    tab.on("console", lambda message: tab.csp_violations.append(f"{tab.url}: {message.text}")
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert not tab.csp_violations, tab.csp_violations

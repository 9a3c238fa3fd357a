"""The upload on the Accounts page in real headless Chromium: upload.js, the stream, the import."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from server.app import create_app
from sync.config import Config
from tests.builders import make_user
from tests.sync.mailgen import generate_messages, write_mbox
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory, upgrade

CHROMIUM = os.environ.get("TOPOFMIND_CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture
def live(tmp_path, now):
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    Session = session_factory(engine)  # noqa: N806
    with Session() as s:
        make_user(s, email="alex.morgan@example.com")
        s.commit()
    app = create_app(Config(data_dir=tmp_path, database_url=url), session_factory=Session, now=lambda: now)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", Session
    server.shutdown()
    thread.join(10)
    engine.dispose()


def test_a_chosen_mbox_uploads_shows_progress_and_lands_in_the_database(live, tmp_path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import expect, sync_playwright

    base, Session = live  # noqa: N806
    mbox = tmp_path / "my export.mbox"
    write_mbox(mbox, generate_messages(400, seed=8))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(base + "/accounts")
            page.set_input_files("#u-file", str(mbox))
            page.click("#upload-form button[type=submit]")
            expect(page.locator("#u-status")).to_have_text("Importing 1 mailbox file(s).", timeout=30_000)
            # The bar appears while it runs; when none is left the page reloads with the account listed.
            expect(page.locator("table.grid")).to_contain_text("upload: my export.mbox", timeout=60_000)
        finally:
            browser.close()
    with Session() as s:
        assert s.scalar(select(func.count()).select_from(models.LedgerEntry)) == 400

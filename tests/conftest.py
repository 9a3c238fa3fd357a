"""Shared fixtures: a database on SQLite and on PostgreSQL, a fixed ``now``, a user.

``db`` is parametrized: every test that takes it runs twice, once per backend. PostgreSQL
is the server on 127.0.0.1:5432 (trust auth); each test process gets its own database,
migrated once with Alembic, and tables are emptied between tests.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from topofmind.store import card_marks
from topofmind.store.database import make_engine, session_factory, upgrade
from topofmind.store.models import Base

# As in the app factory and the CLI: sessions made by the tests mark the cards their writes touch.
card_marks.listen()

PG_ADMIN_URL = os.environ.get("TOPOFMIND_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> bool:
    try:
        eng = make_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver per test process: a second sync_playwright() while the first
    is open (the extension's session browser) fails with "Sync API inside the asyncio loop"."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def pg_url():
    """URL of a fresh, migrated PostgreSQL database for this test process."""
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is not reachable; .ci/run should have started it")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    name = f"tom_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    eng = make_engine(url)
    upgrade(eng)
    eng.dispose()
    yield url
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_tables(engine):
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for t in reversed(Base.metadata.sorted_tables):
                conn.execute(t.delete())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        eng = make_engine(url)
        upgrade(eng)
        eng.dispose()
        yield url
    else:
        url = request.getfixturevalue("pg_url")
        eng = make_engine(url)
        _empty_tables(eng)
        eng.dispose()
        yield url


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def Session(engine):
    return session_factory(engine)


@pytest.fixture
def session(Session):
    with Session() as s:
        yield s


@pytest.fixture
def cli_database(tmp_path):
    """A fresh SQLite database with the schema, as a CLI command finds it: the environment
    that points the command at it, and sessions on it to put the test's rows in."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    eng = make_engine(url)
    upgrade(eng)
    yield {"TOPOFMIND_DATABASE_URL": url, "TOPOFMIND_DATA_DIR": str(tmp_path / "data")}, session_factory(eng)
    eng.dispose()


@pytest.fixture
def now():
    """A fixed Wednesday, mid-morning UTC. Tests pass it in; nothing patches the clock."""
    return datetime(2026, 3, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def ms(tmp_path, monkeypatch):
    """The Microsoft identity platform and Graph fakes, with their own CA (trusted via ``verify``)."""
    from tests.fakes.graph_server import MicrosoftFakes

    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    fakes = MicrosoftFakes(tmp_path)
    yield fakes
    fakes.close()



@pytest.fixture
def dovecot_server(tmp_path):
    """Start real Dovecot IMAP servers (Debian's dovecot-imapd): ``dovecot_server(condstore=False)``.

    Each on free loopback ports in its own temp dir, TLS certificate by trustme; stopped after the test.
    """
    from tests.fakes.dovecot import Dovecot, available

    if not available():
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed; .ci/run should have installed dovecot-imapd")
        pytest.skip("dovecot-imapd is not installed")
    started = []

    def start(**options):
        server = Dovecot(tmp_path / f"dovecot{len(started)}", **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def dovecot(dovecot_server):
    return dovecot_server()

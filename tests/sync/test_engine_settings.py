"""What make_engine sets on every connection, because the code relies on it."""

from __future__ import annotations

import time

from sqlalchemy import text

from topofmind.store.database import make_engine


def test_connections_come_with_the_settings_the_code_relies_on(engine):
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # Prepared statements planned for their parameters, not once for all (see make_engine).
            assert conn.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        else:  # cascades need foreign keys; the server reads while the daemon writes (WAL)
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_connection_the_database_dropped_while_idle_is_replaced_unseen(pg_url):
    engine = make_engine(pg_url, ping_after_idle=0.05)
    admin = make_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            before = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.connect() as conn:  # as a database restart or an idle timeout would
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": before}).scalar()
        time.sleep(0.1)
        with engine.connect() as conn:  # the next request's checkout
            after = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        assert after != before
    finally:
        engine.dispose()
        admin.dispose()


def test_a_connection_in_steady_use_is_not_pinged(pg_url):
    """The check costs a round trip: a connection back in the pool a moment ago skips it."""
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        pings = []
        original = engine.dialect.do_ping
        engine.dialect.do_ping = lambda dbapi_conn: pings.append(1) or original(dbapi_conn)
        for _ in range(20):
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        assert pings == []
    finally:
        engine.dispose()

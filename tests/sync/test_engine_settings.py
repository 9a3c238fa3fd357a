"""What make_engine sets on every connection, because the code relies on it."""

from __future__ import annotations

from sqlalchemy import text


def test_connections_come_with_the_settings_the_code_relies_on(engine):
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # Prepared statements planned for their parameters, not once for all (see make_engine).
            assert conn.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        else:  # cascades need foreign keys; the server reads while the daemon writes (WAL)
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"

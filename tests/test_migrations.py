"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from topofmind.store.models import Base


def test_the_migrated_database_matches_the_models(engine):
    with engine.connect() as conn, warnings.catch_warnings():
        # Alembic cannot compare expression indexes on SQLite; they are checked by name below.
        warnings.filterwarnings("ignore", message="autogenerate skipping")
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_every_index_the_models_declare_exists_after_migrating(engine):
    # Read the catalogue directly: SQLAlchemy's reflection skips expression indexes on SQLite.
    query = ("SELECT name FROM sqlite_master WHERE type = 'index'" if engine.dialect.name == "sqlite"
             else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
    with engine.connect() as conn:
        present = set(conn.execute(text(query)).scalars())
    declared = {ix.name for table in Base.metadata.sorted_tables for ix in table.indexes}
    assert declared and declared <= present, f"missing: {sorted(declared - present)}"

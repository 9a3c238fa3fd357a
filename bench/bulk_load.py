"""Writing a generated data set into a fresh database fast (bench/api_dataset.py and the
tests' long search): the database recreated, rows in with PostgreSQL's COPY or SQLite's
executemany, the secondary indexes built once after the load."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import JSON, insert, make_url, text
from sqlalchemy.engine import Engine

from topofmind.store import models
from topofmind.store.database import make_engine


class Loader:
    """Writes rows of one table: COPY on PostgreSQL, Core insert() executemany on SQLite."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.counts: dict[str, int] = defaultdict(int)

    def write(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        table = model.__table__
        self.counts[table.name] += len(rows)
        if not self.pg:
            with self.engine.connect() as conn:
                # The generator keeps references consistent; checking each row costs the load.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.execute(insert(table), rows)
                conn.commit()
            return
        cols = [c for c in table.columns if c.name in rows[0]]
        json_cols = {c.name for c in cols if isinstance(getattr(c.type, "impl", c.type), JSON)}
        names = [c.name for c in cols]
        with self.engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")  # no FK triggers per row
            raw = conn.connection.driver_connection
            quoted = ", ".join(f'"{n}"' for n in names)
            with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([json.dumps(row[n]) if n in json_cols and row[n] is not None else row[n]
                                    for n in names])

    def drop_indexes(self) -> list:
        """Secondary indexes are built once after the load: faster than maintained row by row."""
        dropped = [ix for table in models.Base.metadata.sorted_tables for ix in table.indexes]
        with self.engine.begin() as conn:
            for index in dropped:
                index.drop(conn)
        return dropped

    def create_indexes(self, indexes: list) -> None:
        with self.engine.begin() as conn:
            for index in indexes:
                index.create(conn)

    def fix_sequences(self) -> None:
        if not self.pg:
            return
        with self.engine.begin() as conn:
            for table in models.Base.metadata.sorted_tables:
                if "id" in table.c and self.counts.get(table.name):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT max(id) FROM \"{table.name}\"))"))


def database_size(engine: Engine) -> int:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    path = Path(engine.url.database)
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def recreate(url: str) -> None:
    """Drop and create the database (PostgreSQL) or delete the file (SQLite)."""
    parsed = make_url(url)
    if "bench" not in (parsed.database or ""):
        raise SystemExit(f"refusing to recreate {parsed.database!r}: the database name must contain 'bench'")
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False),
                        isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()

"""Engine, sessions and schema upgrades (Alembic), for SQLite and PostgreSQL alike."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# A PostgreSQL connection idle this long is checked before use (see _ping_when_idle).
PING_AFTER_IDLE = 2.0


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # WAL lets the server read while the daemon writes; foreign keys are off by
            # default in SQLite and our cascades rely on them. synchronous=NORMAL: in WAL
            # mode a commit then skips its fsync (the WAL is synced at checkpoints); a crash
            # of the process cannot lose a commit or corrupt the database, a power cut can
            # lose the last commits, which the next sync reads again (the cursor is
            # committed with the ledger, so they are redone, never half done).
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    ping_after = kwargs.pop("ping_after_idle", PING_AFTER_IDLE)
    # psycopg prepares a statement run five times; PostgreSQL then plans it once for any
    # parameters (a generic plan), and for ``user_id = $1 AND id = ANY($2)`` that plan walks
    # the user's index and filters every row of the user (8,000 companies, 100,000 people)
    # instead of fetching the few ids: an overlay lookup took twice as long. Planning each
    # execution for its parameters costs microseconds on these small statements.
    connect_args = kwargs.setdefault("connect_args", {})
    connect_args["options"] = (connect_args.get("options", "") + " -c plan_cache_mode=force_custom_plan").strip()
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine, ping_after)
    return engine


def _ping_when_idle(engine: Engine, seconds: float) -> None:
    """Check a pooled connection before use if it sat idle ``seconds`` or more (the
    database may have restarted or dropped it meanwhile): a dead one is replaced, and the
    request that takes it never sees the error. SQLAlchemy's ``pool_pre_ping`` checks at
    every checkout, a round trip more for every request: a tenth of a card lookup's time,
    for connections that were in use a millisecond ago (SQLAlchemy's "custom pessimistic
    ping" recipe)."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_conn, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_conn, record, _proxy):
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool discards this connection and checks out another (a new one if need be).
            raise DisconnectionError("a pooled connection was dead") from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine_or_url):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if isinstance(engine_or_url, str):
        cfg.set_main_option("sqlalchemy.url", engine_or_url.replace("%", "%%"))
    else:
        cfg.attributes["engine"] = engine_or_url
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (idempotent; safe for several processes at start)."""
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several daemons and the server may start together: one migrates at a time.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)

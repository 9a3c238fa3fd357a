"""The Flask application factory, as in Flask's tutorial: settings in, app out.

``create_app`` never reads the environment: the CLI (``serve``) and ``wsgi.py`` build the
Config and pass it in; tests pass a session factory and a fixed clock. Blueprints come
from ``BLUEPRINTS`` — the API today; the server-rendered pages add their factory there.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from flask import Blueprint, Flask, g
from sqlalchemy.orm import Session, sessionmaker

from server import web_security
from server.api import create_api_blueprint
from server.api.context import IdConverter, close_db
from server.cards.lookup_cards import RecentUnknowns
from server.errors import RetryOnAFreshConnection, register_error_handler
from server.pages import create_pages_blueprint
from server.pages.feed import create_feed_blueprint
from sync.config import Config
from sync.secrets import SecretBox, load_secret_box
from topofmind.store import card_marks
from topofmind.store.database import make_engine
from topofmind.store.database import session_factory as make_session_factory

MAX_BODY_BYTES = 256 * 1024

# Factories of the blueprints the app serves, in registration order.
BLUEPRINTS: list[Callable[[], Blueprint]] = [create_api_blueprint, create_pages_blueprint,
                                             create_feed_blueprint]


class ServerApp(Flask):
    """Flask, plus one retry of a read whose pooled database connection turned out dead (the
    database restarted, a proxy dropped it): the pool has replaced it by then, and the user
    gets the page instead of an error. Writes are never retried; they answer 503."""

    def full_dispatch_request(self):
        try:
            return super().full_dispatch_request()
        except RetryOnAFreshConnection:
            try:
                close_db()
            except Exception:
                g.pop("db_session", None)
            g.retried_on_a_fresh_connection = True
            return super().full_dispatch_request()


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppState:
    """What the routes need from the composition root (``app.extensions['topofmind']``)."""

    config: Config
    Session: sessionmaker[Session]
    now: Callable[[], datetime] = _utcnow
    _secrets: SecretBox | None = field(default=None, repr=False)
    _read_session: sessionmaker[Session] | None = field(default=None, repr=False)
    # This process's answers about pages of no record (see lookup_cards.RecentUnknowns).
    unknown_answers: RecentUnknowns = field(default_factory=RecentUnknowns, repr=False)

    @cached_property
    def ReadSession(self) -> sessionmaker[Session]:
        """Sessions that read without a transaction of their own (each statement commits, as
        under READ COMMITTED anyway): no BEGIN and ROLLBACK round trips for a lookup that is
        two SELECTs. Whatever must be atomic opens a ``Session`` instead. The app built from
        its settings has a pool of such connections; given only a session factory, its
        connections are switched to autocommit at each checkout (and back at checkin)."""
        if self._read_session is not None:
            return self._read_session
        engine = self.Session.kw["bind"].execution_options(isolation_level="AUTOCOMMIT")
        return sessionmaker(engine, expire_on_commit=False)

    @cached_property
    def secrets(self) -> SecretBox:
        # Loaded on first use: most requests never decrypt anything.
        return self._secrets or load_secret_box(self.config.secret_key, self.config.data_dir)


def freeze_startup_objects() -> None:
    """Leave what the process made to start (modules, the app, SQLAlchemy's mappings and
    compiled statements: 110,000 objects) out of the garbage collector's full passes: they
    live as long as the process, and each full pass scanned them all, 50-80 ms every few
    hundred lookups, which every request queued behind it waited for (bench/README.md).
    Call it once the app is built, in the process that serves it."""
    gc.freeze()


def _start_refresher_in_each_process(app: Flask) -> None:
    from server.cards.refresher import CardRefresher, RequestActivity

    started: dict[int, RequestActivity] = {}

    @app.before_request
    def start_card_refresher():
        if g.get("counted_in_traffic"):  # the request runs again (ServerApp): counted already
            return
        if os.getpid() not in started:
            state = app.extensions["topofmind"]
            traffic = started[os.getpid()] = RequestActivity()
            CardRefresher(state.ReadSession, state.Session, state.now, traffic=traffic).start()
        started[os.getpid()].begin()
        g.counted_in_traffic = True

    @app.teardown_request
    def count_the_end(_exc=None):
        if g.pop("counted_in_traffic", False):
            started[os.getpid()].end()


def create_app(config: Config, *, session_factory: sessionmaker[Session] | None = None,
               secrets: SecretBox | None = None, now: Callable[[], datetime] | None = None,
               blueprints: list[Callable[[], Blueprint]] | None = None, refresh_cards: bool = False) -> Flask:
    """``refresh_cards``: each process serving the app runs a thread that recomputes the
    lookup cards writes made stale (started on its first request: after gunicorn forks)."""
    card_marks.listen()  # every write the app makes turns the cards it touches stale
    app = ServerApp("server", static_folder="static", template_folder="templates")
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False
    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False
    read_sessions = None
    if session_factory is None:
        session_factory = make_session_factory(make_engine(config.resolved_database_url))
        # A pool of its own for the lookups: switching a connection to autocommit and back
        # at every checkout was a tenth of a card lookup's time.
        read_sessions = make_session_factory(make_engine(config.resolved_database_url, isolation_level="AUTOCOMMIT"))
    app.extensions["topofmind"] = AppState(config=config, Session=session_factory, now=now or _utcnow,
                                           _secrets=secrets, _read_session=read_sessions)
    if refresh_cards:
        _start_refresher_in_each_process(app)
    register_error_handler(app)
    web_security.install(app, config)
    app.teardown_appcontext(close_db)
    for factory in blueprints if blueprints is not None else BLUEPRINTS:
        app.register_blueprint(factory())
    return app

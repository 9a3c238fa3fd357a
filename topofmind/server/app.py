"""The Flask application factory, as in Flask's tutorial: settings in, app out.

``create_app`` never reads the environment: the CLI (``serve``) and ``wsgi.py`` build the
Config and pass it in; tests pass a session factory and a fixed clock. Blueprints come
from ``BLUEPRINTS`` — the API today; the server-rendered pages add their factory there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from flask import Blueprint, Flask
from sqlalchemy.orm import Session, sessionmaker

from topofmind.server.api import create_api_blueprint
from topofmind.server.api.context import IdConverter, close_db
from topofmind.server.errors import register_error_handler
from topofmind.server.pages import create_pages_blueprint
from topofmind.sync.config import Config
from topofmind.sync.database import make_engine
from topofmind.sync.database import session_factory as make_session_factory
from topofmind.sync.secrets import SecretBox, load_secret_box

MAX_BODY_BYTES = 256 * 1024

# Factories of the blueprints the app serves, in registration order.
BLUEPRINTS: list[Callable[[], Blueprint]] = [create_api_blueprint, create_pages_blueprint]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppState:
    """What the routes need from the composition root (``app.extensions['topofmind']``)."""

    config: Config
    Session: sessionmaker[Session]  # noqa: N815 - a session factory, named like SQLAlchemy's
    now: Callable[[], datetime] = _utcnow
    _secrets: SecretBox | None = field(default=None, repr=False)

    @cached_property
    def secrets(self) -> SecretBox:
        # Loaded on first use: most requests never decrypt anything.
        return self._secrets or load_secret_box(self.config.secret_key, self.config.data_dir)


def create_app(config: Config, *, session_factory: sessionmaker[Session] | None = None,
               secrets: SecretBox | None = None, now: Callable[[], datetime] | None = None,
               blueprints: list[Callable[[], Blueprint]] | None = None) -> Flask:
    app = Flask("topofmind.server", static_folder="static", template_folder="templates")
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False
    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False
    if session_factory is None:
        session_factory = make_session_factory(make_engine(config.resolved_database_url))
    app.extensions["topofmind"] = AppState(config=config, Session=session_factory, now=now or _utcnow,
                                           _secrets=secrets)
    register_error_handler(app)
    app.teardown_appcontext(close_db)
    for factory in blueprints if blueprints is not None else BLUEPRINTS:
        app.register_blueprint(factory())
    return app

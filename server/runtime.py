"""The composition root's wiring: config -> engine, sessions, secrets. Built once per process.

Configuration problems (a database URL nobody can use, a database that does not answer)
surface here as ``ConfigurationError``: one sentence saying what is wrong and what to do,
which the CLI prints without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import click
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from sync.config import Config
from sync.secrets import SecretBox, load_secret_box
from topofmind.store.database import make_engine, session_factory, upgrade

# Phrases of a driver's error that mean "could not connect", not a fault in a query.
CONNECT_FAILURES = ("connection", "could not translate host", "unable to open database", "timeout expired",
                    "name or service not known", "password authentication failed", "does not exist")


class ConfigurationError(click.ClickException):
    """A setting the user must change; its message is one sentence ending with what to do."""


class NoUserYet(click.ClickException):
    def __init__(self) -> None:
        super().__init__("no user yet")


@dataclass
class Runtime:
    config: Config

    @cached_property
    def engine(self) -> Engine:
        url = self.config.resolved_database_url
        try:
            return make_engine(url)
        except (ArgumentError, ValueError) as exc:
            raise ConfigurationError(
                f"TOPOFMIND_DATABASE_URL is not a database URL ({_first_line(exc)}); set it like "
                "postgresql://user@host/dbname, or unset it to use the SQLite file in the data folder.") from None
        except OSError as exc:  # the SQLite file's folder cannot be made
            raise self._data_dir_problem(exc) from None
        except (NoSuchModuleError, ModuleNotFoundError):
            raise ConfigurationError(
                f"TOPOFMIND_DATABASE_URL asks for a {_scheme(url)!r} database, which topofmind cannot use; "
                "use postgresql://… or sqlite:///…, or unset it to use the SQLite file in the data folder.") from None

    @cached_property
    def Session(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def secrets(self) -> SecretBox:
        return load_secret_box(self.config.secret_key, self.config.data_dir)

    def upgrade(self) -> None:
        upgrade(self.engine)

    def _data_dir_problem(self, exc: OSError) -> ConfigurationError:
        return ConfigurationError(f"Cannot create the database in {self.config.data_dir} ({exc.strerror}); "
                                  "set TOPOFMIND_DATA_DIR to a folder you can write to.")

    def database_words(self) -> str:
        """Where the database is, without any password."""
        url = self.config.resolved_database_url
        try:
            parsed = make_url(url)
        except ArgumentError:
            return "the configured database"
        if parsed.get_backend_name() == "sqlite":
            return f"the SQLite file {parsed.database}"
        return f"the database {parsed.database or ''} at {parsed.host or 'localhost'}:{parsed.port or 5432}"

    def connection_problem(self, exc: Exception) -> ConfigurationError | None:
        """A driver's OperationalError at connect time, as one sentence; None for other faults."""
        first = _first_line(getattr(exc, "orig", None) or exc)
        if not any(phrase in first.lower() for phrase in CONNECT_FAILURES):
            return None
        if self.config.resolved_database_url.startswith("sqlite"):
            return ConfigurationError(f"Cannot open {self.database_words()} ({first}); point TOPOFMIND_DATA_DIR "
                                      "at a folder you can write to.")
        reason = first.rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip().rstrip(".")
        if "password" in reason or "role" in reason:
            advice = "correct the user or password in TOPOFMIND_DATABASE_URL"
        elif "does not exist" in reason:
            advice = "create it (createdb) or correct TOPOFMIND_DATABASE_URL"
        elif "resolve" in reason or "not known" in reason:
            advice = "correct the host name in TOPOFMIND_DATABASE_URL"
        else:
            advice = "start PostgreSQL there or correct TOPOFMIND_DATABASE_URL"
        return ConfigurationError(f"Cannot reach {self.database_words()} ({reason}); {advice}.")

    def no_user_message(self) -> str:
        """No user in this database: say where the demo's is, if there is one."""
        demo = Path(self.config.data_dir) / "demo"
        if not self.config.database_url and (demo / "topofmind.sqlite3").exists():
            return (f"no user in {self.database_words()}, but the demo's database is in {demo}: run "
                    f"`export TOPOFMIND_DATA_DIR={demo}` and try again.")
        return ("no user yet in " + self.database_words() + ": run `topofmind demo`, or `topofmind import-mbox "
                "FILE`, or connect a mailbox first.")


def _first_line(exc) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else type(exc).__name__


def _scheme(url: str) -> str:
    return url.split(":", 1)[0]

"""The composition root's wiring: config -> engine, sessions, secrets. Built once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from sync.config import Config
from sync.secrets import SecretBox, load_secret_box
from topofmind.store.database import make_engine, session_factory, upgrade


@dataclass
class Runtime:
    config: Config

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.config.resolved_database_url)

    @cached_property
    def Session(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def secrets(self) -> SecretBox:
        return load_secret_box(self.config.secret_key, self.config.data_dir)

    def upgrade(self) -> None:
        upgrade(self.engine)

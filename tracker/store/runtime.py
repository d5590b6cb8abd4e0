"""The process's database handles, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from tracker.store import migrate
from tracker.store.db import make_engine, make_session_factory, transaction
from tracker.store.settings import Settings


@dataclass
class Runtime:
    """Settings plus the engine and session factory derived from them."""

    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def write_sessions(self) -> sessionmaker[Session]:
        """Sessions for writing: on SQLite they take the write lock when they begin."""
        return make_session_factory(self.engine.execution_options(sqlite_immediate=True))

    def transaction(self):
        """A session in one transaction: committed on success, rolled back on error."""
        return transaction(self.sessions)

    def write_transaction(self):
        """Like transaction(), for work that writes: waits for other writers instead of failing."""
        return transaction(self.write_sessions)

    def schema_is_current(self) -> bool:
        """Whether the database exists and is migrated to the newest revision."""
        if not inspect(self.engine).has_table("alembic_version"):
            return False
        return migrate.current_revision(self.engine) == migrate.head_revision(
            self.settings.database_url
        )

"""Shared fixtures: a fresh database per test, on SQLite or (TRACKER_TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from tracker.store import migrate
from tracker.store.db import make_engine, make_session_factory
from tracker.store.models import Base
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")


def _normalise(url: str) -> str:
    return Settings.from_env({"TRACKER_DATABASE_URL": url}).database_url


def reset_postgres(url: str) -> None:
    """Drop everything in the public schema so each test starts empty."""
    engine = make_engine(url)
    with engine.begin() as conn:
        # a previous test may have left a connection in a transaction (an unread streamed
        # response keeps its request's session open); end them so DROP SCHEMA cannot wait forever
        conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ))
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def initialised_runtime(tmp: Path) -> Runtime:
    """A runtime over a freshly initialised database (schema + bundled dataset), for module fixtures."""
    if PG_URL:
        url = _normalise(PG_URL)
        reset_postgres(url)
    else:
        url = f"sqlite:///{tmp / 'test.sqlite3'}"
    rt = Runtime(Settings.from_env(
        {"TRACKER_DATABASE_URL": url, "TRACKER_INSTANCE_PATH": str(tmp / "instance"), "TRACKER_SECRET_KEY": "test"}
    ))
    from tracker.cli import bootstrap
    bootstrap.initialise(rt)
    return rt


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or the reset PostgreSQL test database."""
    if PG_URL:
        url = _normalise(PG_URL)
        reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        {"TRACKER_DATABASE_URL": db_url, "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"), "TRACKER_SECRET_KEY": "test"}
    )


@pytest.fixture
def runtime(settings: Settings):
    rt = Runtime(settings)
    yield rt
    rt.engine.dispose()


@pytest.fixture
def engine(db_url: str):
    """An engine on a schema created from the models (unit tests; the app itself always migrates)."""
    eng = make_engine(db_url)
    Base.metadata.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    factory = make_session_factory(engine)
    with factory() as s:
        yield s
        s.rollback()


@pytest.fixture
def migrated_runtime(runtime: Runtime) -> Runtime:
    """A runtime whose database is migrated to head (empty of data)."""
    migrate.upgrade(runtime.settings.database_url)
    return runtime

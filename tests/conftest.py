"""Shared fixtures: a fresh database per test, on SQLite or (TRACKER_TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import atexit
import fcntl
import gc
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.replay import ReplayServer
from tracker.store import migrate
from tracker.store.db import make_engine, make_session_factory
from tracker.store.models import Base
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

# scripts/test.sh runs the files on one worker more than there are cores with `--dist loadfile
# --no-loadscope-reorder`: each file runs whole on one worker, so a module fixture (a built static
# site, an app with its account) is made once, not once per worker. The files that take longest
# (measured, CPU and waits: the fuzzers, Chromium, real processes waiting out a busy timeout,
# Hypothesis properties) are handed out first, so no worker is left running a long file alone at the
# end. The order changes nothing else: every test is independent of the others.
LONG_FIRST = (
    "tests/badinput/test_query_parameters.py",
    "tests/browser/test_reach.py",
    "tests/web/test_static_site.py",
    "tests/faults/test_sqlite_busy.py",
    "tests/faults/test_cli_errors.py",
    "tests/status/test_history_uncertain.py",
    "tests/status/test_review_state_machine.py",
    "tests/faults/test_disk_faults.py",
    "tests/browser/test_xss_canary.py",
    "tests/web/test_sessions.py",
    "tests/status/test_history_properties.py",
    "tests/faults/test_crash_during_accept.py",
    "tests/status/test_superseded_beliefs.py",
    "tests/ingest/test_evaluate.py",
    "tests/web/test_home.py",
    "tests/ingest/test_scrape.py",
    "tests/browser/test_home.py",
    "tests/faults/test_job_timeout_and_healthcheck.py",
    "tests/web/test_security.py",
    "tests/web/test_curator.py",
    "tests/reports/test_release.py",
    "tests/ingest/test_scrape_processes.py",
)


# Template databases (`init`'s result, the migrated schema) are made once per run, not once per
# worker: the first process to need one makes it under a lock in this folder, the others wait for
# it and copy it. The pytest process sets the folder up before pytest-xdist starts its workers
# (they inherit the environment) and removes it at the end (pytest_configure, pytest_unconfigure).
SHARED_TEMPLATES = "KRATOM_TEST_TEMPLATES"
_OWN_TEMPLATES: list[str] = []


def pytest_configure(config) -> None:
    # The tests make millions of short-lived objects (ORM rows, requests, templates); Python's cyclic
    # collector ran over the young ones every 700 allocations and over everything imported at start-up
    # again and again, about a tenth of the suite's CPU. Freeze what start-up made and collect less
    # often. Only the test processes: `python -m tracker` started by a test keeps the defaults.
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    if not os.environ.get("PYTEST_XDIST_WORKER") and not os.environ.get(SHARED_TEMPLATES):
        folder = tempfile.mkdtemp(prefix="tracker-templates-")
        os.environ[SHARED_TEMPLATES] = folder  # before pytest-xdist starts its workers
        _OWN_TEMPLATES.append(folder)


def pytest_unconfigure(config) -> None:
    for folder in _OWN_TEMPLATES:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(SHARED_TEMPLATES, None)


def pytest_collection_modifyitems(items) -> None:
    rank = {path: n for n, path in enumerate(LONG_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))  # stable


def _per_worker(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets its own PostgreSQL database (created on first use), so
    workers never reset each other's schema; without xdist the configured database is used as is."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


PG_URL = _per_worker(os.environ.get("TRACKER_TEST_DATABASE_URL"))


def _normalise(url: str) -> str:
    return Settings.from_env({"TRACKER_DATABASE_URL": url}).database_url


def reset_postgres(url: str) -> None:
    """Drop everything in the public schema so each test starts empty."""
    engine = make_engine(url)
    with engine.begin() as conn:
        # a previous test may have left a connection in a transaction (an unread streamed
        # response keeps its request's session open); end them so DROP SCHEMA cannot wait forever
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


_TEMPLATE: dict[str, str] = {}


def _run_init_into(url: str, tmp: Path) -> None:
    from tracker.cli import bootstrap

    rt = Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": url,
                "TRACKER_INSTANCE_PATH": str(tmp / "instance"),
                "TRACKER_SECRET_KEY": "test",
            }
        )
    )
    bootstrap.initialise(rt)
    rt.engine.dispose()


def _make_template(kind: str, make) -> str:
    """The path of this run's template database of this kind, made by make(url, folder) by the
    first process that asks (the others wait on the lock, then find it made)."""
    shared = os.environ.get(SHARED_TEMPLATES)
    if not shared or not Path(shared).is_dir():  # run without the session hook: one per process
        tmp = Path(tempfile.mkdtemp(prefix="tracker-template-"))
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        make(f"sqlite:///{tmp / 'template.sqlite3'}", tmp)
        return str(tmp / "template.sqlite3")
    done = Path(shared) / f"{kind}.sqlite3"
    with open(Path(shared) / f"{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.is_file():
            tmp = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=shared))
            make(f"sqlite:///{tmp / 'template.sqlite3'}", tmp)
            os.replace(tmp / "template.sqlite3", done)
    return str(done)


def _copy_sqlite_template(kind: str, make, url: str) -> None:
    """Copy this run's template database of this kind (made by make(url, folder) on first use)
    to url's file. The caller has disposed of the engine on url."""
    if kind not in _TEMPLATE:
        _TEMPLATE[kind] = _make_template(kind, make)
    target = Path(make_url(url).database)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_TEMPLATE[kind], target)


def _pg_admin(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def initialise(rt: Runtime) -> None:
    """Leave rt's database as `init` leaves it (schema, bundled dataset, articles).

    `init` costs seconds, so it runs once into a template (on SQLite once per run, shared by the
    workers; on PostgreSQL once per worker); every later call copies the template (a file copy on
    SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL). Tests of `init` itself call
    tracker.cli.bootstrap.initialise directly.
    """
    url = rt.settings.database_url
    rt.engine.dispose()
    if url.startswith("sqlite"):
        _copy_sqlite_template("sqlite", _run_init_into, url)
        return
    name = make_url(url).database
    template = _TEMPLATE.get("pg", f"{name}_template")  # made once, for the first database asked
    admin = _pg_admin(url)
    with admin.connect() as conn:
        if "pg" not in _TEMPLATE:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{template}"'))
            _run_init_into(
                make_url(url).set(database=template).render_as_string(hide_password=False),
                Path(tempfile.mkdtemp()),
            )
            _TEMPLATE["pg"] = template
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()


def initialised_runtime(tmp: Path) -> Runtime:
    """A runtime over a freshly initialised database (schema + bundled dataset), for module fixtures."""
    if PG_URL:
        url = _normalise(PG_URL)
        reset_postgres(url)
    else:
        url = f"sqlite:///{tmp / 'test.sqlite3'}"
    rt = Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": url,
                "TRACKER_INSTANCE_PATH": str(tmp / "instance"),
                "TRACKER_SECRET_KEY": "test",
            }
        )
    )
    initialise(rt)
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
        {
            "TRACKER_DATABASE_URL": db_url,
            "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"),
            "TRACKER_SECRET_KEY": "test",
        }
    )


@pytest.fixture
def runtime(settings: Settings):
    rt = Runtime(settings)
    yield rt
    rt.engine.dispose()


def _create_all_into(url: str, _tmp: Path) -> None:
    eng = make_engine(url)
    Base.metadata.create_all(eng)
    eng.dispose()


@pytest.fixture
def engine(db_url: str):
    """An engine on a schema created from the models (unit tests; the app itself always migrates).
    On SQLite a copy of a database this run created the schema in once (create_all costs ~15 ms)."""
    if db_url.startswith("sqlite"):
        _copy_sqlite_template("schema", _create_all_into, db_url)
        eng = make_engine(db_url)
    else:
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
    """A runtime whose database is migrated to head (empty of data). On SQLite a copy of a database
    this run migrated once (the migrations cost ~60 ms a test); tests of the migrations
    themselves call tracker.store.migrate directly."""
    url = runtime.settings.database_url
    if url.startswith("sqlite"):
        runtime.engine.dispose()
        _copy_sqlite_template("migrated", lambda u, _tmp: migrate.upgrade(u), url)
    else:
        migrate.upgrade(url)
    return runtime


@pytest.fixture
def replay():
    """A replay server on 127.0.0.1 for one test (tests/replay.py); no test touches the internet."""
    server = ReplayServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def world(replay, settings, tmp_path):
    """An initialised tracker whose sources all point at the replay server: (runtime, environment).
    (The web tests have their own `world`: tests/web/conftest.py.)"""
    from tests.upstream import serve_all

    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": settings.database_url,
        "TRACKER_INSTANCE_PATH": str(tmp_path / "inst"),
        **serve_all(replay, tmp_path),
    }
    rt = Runtime(Settings.from_env(env))
    initialise(rt)
    yield rt, env
    rt.engine.dispose()

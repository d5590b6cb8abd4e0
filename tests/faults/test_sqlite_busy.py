"""F12: SQLite locked by another writer for longer than the busy timeout.

Another connection holds BEGIN IMMEDIATE (the write lock) for the whole test. Cron jobs must give up
after the busy timeout with exit 75 (EX_TEMPFAIL: try again later) and one clear line, not a traceback,
and the database must be unchanged.
"""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import initialise
from tests.faults.helpers import (
    PG,
    assert_clean_failure,
    env_for,
    kratom_tracker,
    startup_seconds,
    summary,
)
from tracker.ingest import locks
from tracker.store import migrate
from tracker.store.db import LOCK_WAIT_MS

pytestmark = pytest.mark.skipif(
    PG, reason="SQLite busy timeout: PostgreSQL has row locks and lock_timeout instead"
)


@pytest.fixture
def write_lock(runtime):
    """Hold SQLite's write lock from another connection until the test ends."""

    def hold():
        conn = sqlite3.connect(
            make_url(runtime.settings.database_url).database, isolation_level=None, timeout=1
        )
        conn.execute("BEGIN IMMEDIATE")
        held.append(conn)

    held: list[sqlite3.Connection] = []
    yield hold
    for conn in held:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_scrape_while_another_process_holds_the_write_lock_exits_75_with_one_clear_line(
    runtime, write_lock, tmp_path
):
    initialise(runtime)  # `init`'s result, copied from the per-worker template
    before = summary(runtime)
    runtime.engine.dispose()
    write_lock()
    # loopback only, even if the lock were (wrongly) granted: the page source's watchlist is a local file
    (tmp_path / "watchlist.yaml").write_text("pages: []\n")
    # the process and an in-process lock insert wait out the busy timeout side by side
    with ThreadPoolExecutor(max_workers=1) as pool:
        process = pool.submit(
            kratom_tracker,
            env_for(runtime, TRACKER_WATCHLIST=str(tmp_path / "watchlist.yaml")),
            "scrape",
            "page",
            cwd=tmp_path,
        )
        started = time.monotonic()
        with pytest.raises(locks.LockHeld):
            locks.acquire(runtime.sessions, "scrape", "in-process")
        waited = time.monotonic() - started
        ran = process.result()
    print(
        f"\nF12 scrape under a held write lock: exit {ran.code}, process gave up after {ran.seconds:.1f} s "
        f"(startup {startup_seconds():.1f} s); the lock insert waited {waited:.2f} s "
        f"(busy timeout {LOCK_WAIT_MS / 1000:.0f} s); stderr: {ran.err.strip()}"
    )
    assert LOCK_WAIT_MS / 1000 - 0.5 <= waited < LOCK_WAIT_MS / 1000 + 5
    assert ran.code == 75
    assert_clean_failure(ran)
    assert "database busy" in ran.err and "database is locked" in ran.err
    assert ran.seconds < LOCK_WAIT_MS / 1000 + 30
    assert summary(runtime).differences(before) == []


@pytest.mark.parametrize("state", ["empty", "migrated"])
def test_init_while_another_process_holds_the_write_lock_exits_75_without_a_traceback(
    runtime, write_lock, tmp_path, state
):
    if state == "migrated":  # schema there, dataset not yet loaded: init must write rows
        migrate.upgrade(runtime.settings.database_url)
    else:  # an empty file: init must create the schema
        sqlite3.connect(make_url(runtime.settings.database_url).database).close()
    before = summary(runtime)
    runtime.engine.dispose()
    write_lock()
    ran = kratom_tracker(env_for(runtime), "init", cwd=tmp_path)
    print(
        f"\nF12 init on a {state} database under a held write lock: exit {ran.code}, process gave up after "
        f"{ran.seconds:.1f} s (startup {startup_seconds():.1f} s); "
        f"stderr: {ran.err.strip()}"
    )
    assert ran.code == 75
    assert_clean_failure(ran)
    assert "database is locked" in ran.err and "try again later" in ran.err
    assert summary(runtime).differences(before) == []


def test_init_on_a_current_database_reads_only_and_succeeds_under_a_held_write_lock(
    runtime, write_lock, tmp_path
):
    """WAL lets readers through: nothing to write means nothing to wait for."""
    initialise(runtime)  # a current database: `init`'s result, copied from the per-worker template
    runtime.engine.dispose()
    write_lock()
    ran = kratom_tracker(env_for(runtime), "init", cwd=tmp_path)
    print(
        f"\nF12 init with nothing to change under a held write lock: exit {ran.code} in {ran.seconds:.1f} s"
    )
    assert ran.code == 0, ran.err
    assert ran.out.strip().endswith("0 changes")

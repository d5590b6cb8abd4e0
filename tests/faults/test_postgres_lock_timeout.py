"""PostgreSQL: a writer blocked by another transaction's lock gives up after LOCK_WAIT_MS.

The SQLite twin is test_sqlite_busy.py. Without a lock_timeout a PostgreSQL writer waits forever
behind a long import or a stuck session: the curator's request hangs and cron runs pile up. With
it, the write fails with "lock timeout", the web answers 503 and the CLI exits 75 (try again later),
and nothing is half-written.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.faults.helpers import PG, assert_clean_failure, env_for, kratom_tracker, summary
from tracker.store import migrate
from tracker.store.db import database_busy
from tracker.store.models import AuditEntry, utcnow

pytestmark = pytest.mark.skipif(not PG, reason="PostgreSQL lock_timeout (SQLite: busy timeout)")


@pytest.fixture
def table_lock(runtime):
    """Hold an EXCLUSIVE lock on a table (others may read it, not write it) until the test ends."""
    engine = create_engine(runtime.settings.database_url)
    held = []

    def hold(table: str) -> None:
        conn = engine.connect()
        conn.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))
        held.append(conn)

    yield hold
    for conn in held:
        conn.rollback()
        conn.close()
    engine.dispose()


def _write_audit_entry(runtime) -> None:
    with runtime.write_transaction() as session:
        session.add(AuditEntry(at=utcnow(), actor="t", action="t", entity="t", detail={}))


def test_a_write_behind_another_transactions_lock_fails_as_busy_while_reads_go_on(
    migrated_runtime, table_lock
):
    runtime = migrated_runtime
    table_lock("audit_log")
    # on a thread not waited for, so a missing lock_timeout fails this test instead of hanging it
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        write = pool.submit(_write_audit_entry, runtime)
        with runtime.transaction() as session:  # a reader is not blocked meanwhile
            assert session.scalar(select(func.count(AuditEntry.id))) == 0
        with pytest.raises(Exception) as failed:
            write.result(timeout=60)
    finally:
        pool.shutdown(wait=False)
    assert database_busy(failed.value), failed.value
    assert "lock timeout" in str(failed.value)
    with runtime.transaction() as session:
        assert session.scalar(select(func.count(AuditEntry.id))) == 0


def test_init_behind_another_transactions_lock_exits_75_saying_try_again_later(
    runtime, table_lock, tmp_path
):
    migrate.upgrade(runtime.settings.database_url)  # schema there, dataset not loaded: init writes
    before = summary(runtime)
    runtime.engine.dispose()
    table_lock("jurisdictions")
    ran = kratom_tracker(env_for(runtime), "init", cwd=tmp_path)
    assert ran.code == 75, ran.err
    assert_clean_failure(ran)
    assert "lock timeout" in ran.err and "try again later" in ran.err
    assert summary(runtime).differences(before) == []

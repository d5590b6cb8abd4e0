"""The store's small services: the data version that keys the page cache, and the liveness ping."""

from __future__ import annotations

from tests.factories import jurisdiction, period
from tracker.status import history
from tracker.store.db import data_version, ping


def test_the_data_version_is_stable_without_writes_and_changes_after_a_history_write(
    migrated_runtime,
):
    with migrated_runtime.transaction() as s:
        before = data_version(s)
        assert data_version(s) == before and len(before) == 20
    with migrated_runtime.transaction() as s:
        history.record_history(
            s,
            jurisdiction(s, "US-NH", "New Hampshire"),
            [period(None, leaf="unregulated")],
            recorded_by="test",
        )
    with migrated_runtime.transaction() as s:
        assert data_version(s) != before


def test_ping_answers_on_a_reachable_database(migrated_runtime):
    with migrated_runtime.transaction() as s:
        assert ping(s) is None


def test_options_in_a_postgresql_url_are_kept_beside_the_lock_timeout():
    from tracker.store.db import LOCK_WAIT_MS, pg_session_options

    base = "postgresql+psycopg://u@h/db"
    assert pg_session_options(base) == f"-c lock_timeout={LOCK_WAIT_MS}"
    own = pg_session_options(base + "?options=-c%20default_transaction_read_only%3Don")
    assert own == f"-c default_transaction_read_only=on -c lock_timeout={LOCK_WAIT_MS}"
    # a lock_timeout the operator chose in the URL wins
    assert pg_session_options(base + "?options=-c%20lock_timeout%3D100") == "-c lock_timeout=100"

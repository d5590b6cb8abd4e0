"""F17: a read-only or full disk. `kratom-tracker init` must exit non-zero with one clear line, and
the database must pass PRAGMA integrity_check with its previous rows intact.

Root ignores file modes, so the read-only cases use what really refuses root too: a SQLite URI
opened with mode=ro, and (when the test may mount) a tmpfs remounted read-only. The full disk is a
small tmpfs filled up by a file (needs mount rights), and everywhere a database capped with
PRAGMA max_page_count, which fails the same way SQLite fails on a full disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from tests.faults.helpers import PG, assert_clean_failure, env_for, kratom_tracker, summary
from tracker.store import migrate
from tracker.store.models import AuditEntry, Source, utcnow
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings, get_settings

sqlite_only = pytest.mark.skipif(PG, reason="SQLite file faults (the SQLite job runs them)")


def _runtime(url: str, tmp_path: Path) -> Runtime:
    return Runtime(
        Settings.from_env(
            {"TRACKER_DATABASE_URL": url, "TRACKER_INSTANCE_PATH": str(tmp_path / "inst")}
        )
    )


def seeded_sqlite(path: Path, tmp_path: Path) -> Runtime:
    """A migrated database holding a few rows of its own (the dataset not yet loaded, so init must write)."""
    rt = _runtime(f"sqlite:///{path}", tmp_path)
    migrate.upgrade(rt.settings.database_url)
    with rt.transaction() as s:
        s.add(Source(name="seed-source", state={"cursor": "abc"}, consecutive_failures=2))
        s.add(
            AuditEntry(
                at=utcnow(),
                actor="seed",
                action="seed",
                entity="test",
                entity_id="1",
                detail={"k": "v"},
            )
        )
    rt.engine.dispose()
    return rt


def _can_mount() -> bool:
    return (
        hasattr(os, "geteuid")
        and os.geteuid() == 0
        and shutil.which("mount") is not None
        and sys.platform == "linux"
    )


@contextmanager
def tmpfs(where: Path, size: str):
    """Mount a small tmpfs at `where` for the block (skips the test when mounting is not allowed)."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True, capture_output=True)


needs_mount = pytest.mark.skipif(
    not _can_mount(), reason="needs root and mount(8) to make a real read-only or full filesystem"
)


@sqlite_only
def test_init_on_a_database_opened_read_only_exits_1_and_leaves_it_intact(tmp_path):
    path = tmp_path / "ro.sqlite3"
    rt = seeded_sqlite(path, tmp_path)
    before = summary(rt)
    rt.engine.dispose()
    env = env_for(rt, TRACKER_DATABASE_URL=f"sqlite:///file:{path}?mode=ro&uri=true")
    ran = kratom_tracker(env, "init", cwd=tmp_path)
    after = summary(rt)
    print(
        f"\nF17 read-only (mode=ro) init: exit {ran.code}; integrity_check {after.integrity}; "
        f"stderr: {ran.err.strip()}"
    )
    assert ran.code == 1
    assert_clean_failure(ran)
    assert "readonly database" in ran.err
    assert after.integrity == "ok" and after.differences(before) == []
    assert not (tmp_path / "file:").exists(), "a SQLite URI must not create a stray ./file: folder"


@sqlite_only
@needs_mount
def test_init_on_a_read_only_filesystem_exits_1_and_leaves_the_database_intact(tmp_path):
    with tmpfs(tmp_path / "mnt", "8m") as mnt:
        rt = seeded_sqlite(mnt / "tracker.sqlite3", tmp_path)
        before = summary(rt)
        rt.engine.dispose()
        _remount(mnt, "ro")
        ran = kratom_tracker(env_for(rt), "init", cwd=tmp_path)
        _remount(mnt, "rw")
        after = summary(rt)
        rt.engine.dispose()
    print(
        f"\nF17 read-only filesystem init: exit {ran.code}; integrity_check {after.integrity}; stderr: {ran.err.strip()}"
    )
    assert ran.code == 1
    assert_clean_failure(ran)
    assert after.integrity == "ok" and after.differences(before) == []


@sqlite_only
@needs_mount
def test_init_on_a_full_disk_exits_1_then_succeeds_once_space_is_freed(tmp_path):
    with tmpfs(tmp_path / "mnt", "4m") as mnt:
        rt = seeded_sqlite(mnt / "tracker.sqlite3", tmp_path)
        before = summary(rt)
        rt.engine.dispose()
        filler = mnt / "filler"
        with open(filler, "wb") as fh:  # take every free block
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        free = shutil.disk_usage(mnt).free
        ran = kratom_tracker(env_for(rt), "init", cwd=tmp_path)
        filler.unlink()
        after = summary(rt)
        rt.engine.dispose()
        again = kratom_tracker(env_for(rt), "init", cwd=tmp_path)
        loaded = summary(rt)
        rt.engine.dispose()
    print(
        f"\nF17 full disk ({free} bytes free) init: exit {ran.code}; integrity_check {after.integrity}; "
        f"stderr: {ran.err.strip()}; after freeing space: exit {again.code}, "
        f"{loaded.counts['status_periods']} periods loaded"
    )
    assert ran.code == 1
    assert_clean_failure(ran)
    assert after.integrity == "ok" and after.differences(before) == []
    assert again.code == 0 and loaded.counts["status_periods"] > 100


@sqlite_only
def test_init_on_a_database_that_cannot_grow_exits_1_with_a_clear_line(
    tmp_path, monkeypatch, capsys
):
    """PRAGMA max_page_count caps the file: SQLite reports SQLITE_FULL exactly as for a full disk."""
    from tracker.cli import main as cli_module
    from tracker.store import runtime as runtime_module

    path = tmp_path / "capped.sqlite3"
    rt = seeded_sqlite(path, tmp_path)
    before = summary(rt)
    rt.engine.dispose()
    pages = os.path.getsize(path) // 4096
    make_engine = runtime_module.make_engine

    def capped(url, **kwargs):
        engine = make_engine(url, **kwargs)
        event.listen(
            engine, "connect", lambda conn, _r: conn.execute(f"PRAGMA max_page_count={pages + 8}")
        )
        return engine

    monkeypatch.setattr(runtime_module, "make_engine", capped)
    monkeypatch.setenv("TRACKER_DATABASE_URL", rt.settings.database_url)
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setattr(sys, "argv", ["kratom-tracker", "init"])
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as exited:
            cli_module.main()
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    after = summary(rt)
    rt.engine.dispose()
    print(
        f"\nF17 database capped at {pages + 8} pages: init exit {exited.value.code}; integrity_check {after.integrity}; "
        f"stderr: {err.strip()}"
    )
    assert exited.value.code == 1
    assert "database or disk is full" in err and "Traceback" not in err and "[SQL:" not in err
    assert after.integrity == "ok" and after.differences(before) == []


@pytest.mark.skipif(
    not PG, reason="PostgreSQL read-only transactions (set TRACKER_TEST_DATABASE_URL)"
)
def test_init_on_a_read_only_postgresql_database_exits_1_without_dumping_sql(
    migrated_runtime, tmp_path
):
    rt = migrated_runtime
    before = summary(rt)
    rt.engine.dispose()
    sep = "&" if "?" in rt.settings.database_url else "?"
    url = rt.settings.database_url + sep + "options=-c%20default_transaction_read_only%3Don"
    ran = kratom_tracker(env_for(rt, TRACKER_DATABASE_URL=url), "init", cwd=tmp_path)
    after = summary(rt)
    print(
        f"\nF17 read-only PostgreSQL init: exit {ran.code}; stderr ({len(ran.err)} bytes): {ran.err.strip()}"
    )
    assert ran.code == 1
    assert_clean_failure(ran)
    assert "read-only transaction" in ran.err and len(ran.err) < 600
    assert after.differences(before) == []

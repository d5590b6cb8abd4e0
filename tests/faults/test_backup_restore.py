"""F16: `kratom-tracker backup` and `restore` round-trip with matching row counts and checksums.

SQLite always; PostgreSQL when TRACKER_TEST_DATABASE_URL is set and pg_dump / pg_restore exist.
"""

from __future__ import annotations

import re
import shutil
import threading
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import initialise
from tests.faults.helpers import PG, populate, summary
from tracker.cli.main import cli
from tracker.store import backup as backups
from tracker.store.models import AuditEntry, utcnow
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

needs_pg_tools = pytest.mark.skipif(
    PG and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="PostgreSQL backups need pg_dump and pg_restore",
)
CHECKSUM = re.compile(r"^history checksum .*: ([0-9a-f]{64})$", re.M)
ROWS = re.compile(r"^  (\w+)\s+(\d+) rows", re.M)


def run(rt: Runtime, *args: str):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt})


@pytest.fixture
def target(runtime, tmp_path):
    """A second, empty database of the same kind to restore into."""
    if not PG:
        rt = Runtime(
            Settings.from_env(
                {
                    "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
                    "TRACKER_INSTANCE_PATH": str(tmp_path / "inst2"),
                }
            )
        )
        yield rt
        rt.engine.dispose()
        return
    url = make_url(runtime.settings.database_url)
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    rt = Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": url.set(database=name).render_as_string(
                    hide_password=False
                ),
                "TRACKER_INSTANCE_PATH": str(tmp_path / "inst2"),
            }
        )
    )
    yield rt
    rt.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _figures(output: str) -> tuple[str, dict[str, int]]:
    return CHECKSUM.search(output).group(1), {
        m.group(1): int(m.group(2)) for m in ROWS.finditer(output)
    }


@needs_pg_tools
def test_a_backup_restored_into_an_empty_database_has_the_same_row_counts_and_checksums(
    runtime, target, tmp_path
):
    populate(runtime)
    source = summary(runtime)
    path = tmp_path / "tracker.store.backup"
    t = time.monotonic()
    made = run(runtime, "backup", str(path))
    backup_s = time.monotonic() - t
    assert made.exit_code == 0, made.output
    t = time.monotonic()
    restored = run(target, "restore", str(path))
    restore_s = time.monotonic() - t
    assert restored.exit_code == 0, restored.output
    (sum_b, rows_b), (sum_r, rows_r) = _figures(made.output), _figures(restored.output)
    target.engine.dispose()
    independent = summary(target)
    print(
        f"\nF16 [{runtime.engine.dialect.name}] backup {backup_s:.2f} s, restore {restore_s:.2f} s, "
        f"{path.stat().st_size:,} bytes; {sum(rows_b.values())} rows in {len(rows_b)} tables; "
        f"history checksum {sum_b[:16]} -> {sum_r[:16]} match {'Y' if sum_b == sum_r else 'N'}; "
        f"integrity_check {independent.integrity}"
    )
    assert sum_b == sum_r == source.checksum == independent.checksum
    assert rows_b == rows_r == source.counts == independent.counts
    assert independent.revision == source.revision and independent.integrity == "ok"
    assert "verified: row counts and history checksums match the backup" in restored.output
    manifest = backups.read_manifest(path)
    assert manifest["checksum"] == sum_b and manifest["sha256"] == backups.file_sha256(path)


@needs_pg_tools
def test_restore_refuses_a_database_that_holds_data_unless_forced(runtime, target, tmp_path):
    populate(runtime)
    path = tmp_path / "tracker.store.backup"
    assert run(runtime, "backup", str(path)).exit_code == 0
    initialise(target)  # `init`'s result, copied from the per-worker template
    with target.transaction() as s:
        s.add(AuditEntry(at=utcnow(), actor="other", action="note", entity="test", detail={}))
    before = summary(target)
    refused = run(target, "restore", str(path))
    after_refusal = summary(target)
    forced = run(target, "restore", "--force", str(path))
    target.engine.dispose()
    print(
        f"\nF16 restore onto a non-empty database: exit {refused.exit_code} ({refused.output.strip()[:100]}...); "
        f"with --force: exit {forced.exit_code}"
    )
    assert refused.exit_code == 2 and "not empty" in refused.output and "--force" in refused.output
    assert after_refusal.differences(before) == []
    assert forced.exit_code == 0, forced.output
    assert summary(target).checksum == summary(runtime).checksum


@needs_pg_tools
def test_a_damaged_backup_is_refused_before_the_database_is_touched(runtime, target, tmp_path):
    populate(runtime)
    path = tmp_path / "tracker.store.backup"
    assert run(runtime, "backup", str(path)).exit_code == 0
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    result = run(target, "restore", str(path))
    target.engine.dispose()
    print(
        f"\nF16 restore of a backup with one flipped byte: exit {result.exit_code}: {result.output.strip()}"
    )
    assert result.exit_code == 1 and "does not match its manifest" in result.output
    assert summary(target).counts == {}


@pytest.mark.skipif(PG, reason="SQLite online backup under a concurrent writer")
def test_a_sqlite_backup_taken_while_a_writer_commits_is_one_consistent_snapshot(
    runtime, target, tmp_path
):
    populate(runtime)
    stop = threading.Event()
    written = []

    def writer():
        while not stop.is_set():
            with runtime.transaction() as s:
                s.add(
                    AuditEntry(at=utcnow(), actor="writer", action="tick", entity="test", detail={})
                )
            written.append(1)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        time.sleep(0.2)
        made = run(runtime, "backup", str(tmp_path / "live.sqlite3"))
    finally:
        stop.set()
        thread.join(timeout=30)
    assert made.exit_code == 0, made.output
    restored = run(target, "restore", str(tmp_path / "live.sqlite3"))
    backed_up = _figures(made.output)[1]["audit_log"]
    print(
        f"\nF16 backup during {len(written)} concurrent commits: audit_log {backed_up} rows in the backup, "
        f"{summary(runtime).counts['audit_log']} in the live database afterwards; restore exit {restored.exit_code}"
    )
    assert restored.exit_code == 0, (
        restored.output
    )  # restore verifies the copy against its own manifest
    assert len(written) > 0


def test_a_postgresql_backup_without_pg_dump_names_the_tools_to_install(tmp_path, monkeypatch):
    rt = Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",
                "TRACKER_INSTANCE_PATH": str(tmp_path / "inst"),
            }
        )
    )
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    made = run(rt, "backup", str(tmp_path / "x.dump"))
    monkeypatch.undo()
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP" + b"\0" * 64)
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    restored = run(rt, "restore", str(dump))
    print(
        f"\nF16 without the PostgreSQL client tools: backup exit {made.exit_code}, restore exit {restored.exit_code}: "
        f"{made.output.strip()}"
    )
    for result in (made, restored):
        assert result.exit_code == 1
        assert (
            "pg_dump" in result.output
            and "pg_restore" in result.output
            and "Traceback" not in result.output
        )


def test_backup_will_not_overwrite_a_file_unless_forced(runtime, tmp_path):
    if PG and not shutil.which("pg_dump"):
        pytest.skip("needs pg_dump")
    populate(runtime)
    path = tmp_path / "tracker.store.backup"
    path.write_text("precious")
    refused = run(runtime, "backup", str(path))
    assert (
        refused.exit_code == 2
        and "already exists" in refused.output
        and path.read_text() == "precious"
    )
    forced = run(runtime, "backup", "--force", str(path))
    assert forced.exit_code == 0, forced.output
    print(
        f"\nF16 backup onto an existing file: exit {refused.exit_code}; with --force: exit {forced.exit_code}"
    )


def test_a_backup_of_the_wrong_kind_is_refused(runtime, tmp_path):
    wrong = tmp_path / "wrong.backup"
    wrong.write_bytes((b"SQLite format 3\x00" if PG else b"PGDMP") + b"\0" * 100)
    result = run(runtime, "restore", str(wrong))
    assert result.exit_code == 1 and "restore it into a database of the same kind" in result.output
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"hello")
    result = run(runtime, "restore", str(garbage))
    assert result.exit_code == 1 and "neither a SQLite database nor a pg_dump" in result.output


@pytest.mark.skipif(PG, reason="SQLite backups carry their summary inside the file")
def test_a_damaged_sqlite_backup_without_its_manifest_is_refused_from_the_file_itself(
    runtime, target, tmp_path
):
    """Issue #10: without the manifest the damage check was skipped and the restore said "verified".
    A flipped byte inside a row's text passes PRAGMA integrity_check (SQLite has no page checksums);
    the summary stored inside the backup catches it."""
    import sqlite3

    populate(runtime)
    path = tmp_path / "tracker.sqlite3.bak"
    assert run(runtime, "backup", str(path)).exit_code == 0
    backups.manifest_path(path).unlink()
    data = bytearray(path.read_bytes())
    at = data.find(b"Kratom", len(data) // 4)
    assert at > 0
    data[at] = ord("Q")  # one flipped letter in some history row
    path.write_bytes(bytes(data))
    check = sqlite3.connect(path)
    assert (
        check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    )  # invisible to SQLite itself
    check.close()
    result = run(target, "restore", str(path))
    target.engine.dispose()
    print(
        f"\nF16/L3: damaged backup, no manifest -> exit {result.exit_code}: {result.output.strip()[:200]}"
    )
    assert (
        result.exit_code == 1 and "is damaged" in result.output and "verified" not in result.output
    )
    assert summary(target).counts == {}


@pytest.mark.skipif(PG, reason="SQLite backups carry their summary inside the file")
def test_an_intact_sqlite_backup_without_its_manifest_is_verified_from_itself_and_a_foreign_file_is_refused(
    runtime, target, tmp_path
):
    import sqlite3

    populate(runtime)
    path = tmp_path / "tracker.sqlite3.bak"
    assert run(runtime, "backup", str(path)).exit_code == 0
    backups.manifest_path(path).unlink()
    restored = run(target, "restore", str(path))
    assert restored.exit_code == 0 and "verified" in restored.output, restored.output
    assert backups.EMBEDDED_MANIFEST not in summary(target).counts
    assert summary(target).checksum == summary(runtime).checksum
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    refused = run(target, "restore", "--force", str(foreign))
    assert refused.exit_code == 1 and "cannot be checked for damage" in refused.output

"""Issue #10 (Low): where the CLI promises one `Error:` line and exit 2 (or 1 for a full disk), it
gave a traceback. Each case runs the real entry point (`python -m tracker`) as a process."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import initialise
from tests.faults.helpers import assert_clean_failure, env_for, kratom_tracker
from tests.faults.test_disk_faults import needs_mount, tmpfs


@pytest.fixture
def env(runtime, tmp_path):
    return env_for(runtime)


@pytest.fixture
def ready_env(runtime):
    initialise(runtime)  # `init`'s result, copied from the per-worker template
    return env_for(runtime)


def check(ran, code: int, words: str) -> None:
    print(f"\nL5: exit {ran.code}: {ran.err.strip()[:160]}")
    assert_clean_failure(ran)
    assert ran.code == code and words in ran.err, ran.err


def test_serve_on_a_busy_port_is_an_error_line_and_exit_2(ready_env, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        ran = kratom_tracker(ready_env, "serve", "--port", str(port), cwd=tmp_path, timeout=60)
    check(ran, 2, f"cannot listen on 127.0.0.1:{port}")


@pytest.mark.parametrize("args", [("db", "upgrade", "nosuchrev"), ("db", "downgrade", "nosuchrev")])
def test_a_bad_revision_is_an_error_line_and_exit_2(env, tmp_path, args):
    check(kratom_tracker(env, *args, cwd=tmp_path), 2, "revision 'nosuchrev'")


def test_an_unsupported_database_url_is_an_error_line_and_exit_2(env, tmp_path):
    ran = kratom_tracker(
        {**env, "TRACKER_DATABASE_URL": "mysql://u:p@localhost/tracker"},
        "status",
        "US-AL",
        cwd=tmp_path,
    )
    check(ran, 2, "TRACKER_DATABASE_URL must be a sqlite:/// or postgresql:// URL")
    assert "u:p" not in ran.err


def test_db_downgrade_minus_1_works_as_its_help_says_and_is_an_error_on_an_empty_database(
    env, ready_env, tmp_path
):
    empty = kratom_tracker(
        {**env, "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"},
        "db",
        "downgrade",
        "-1",
        cwd=tmp_path,
    )
    check(empty, 2, "revision '-1'")
    step = kratom_tracker(ready_env, "db", "downgrade", "-1", cwd=tmp_path)
    assert step.code == 0 and "downgraded to -1" in step.out, step.err


def test_db_downgrade_base_needs_yes_and_drops_nothing_without_it(ready_env, tmp_path, runtime):
    from sqlalchemy import inspect

    ran = kratom_tracker(ready_env, "db", "downgrade", "base", cwd=tmp_path)
    check(ran, 2, "add --yes to confirm")
    runtime.engine.dispose()
    assert "status_periods" in inspect(runtime.engine).get_table_names()
    assert kratom_tracker(ready_env, "db", "downgrade", "base", "--yes", cwd=tmp_path).code == 0


def test_article_import_of_a_url_with_an_empty_label_is_an_error_line_and_exit_2(
    ready_env, tmp_path
):
    check(
        kratom_tracker(ready_env, "article", "import", "http://a..b/x", cwd=tmp_path),
        2,
        "http://a..b/x",
    )


@needs_mount
@pytest.mark.skipif(
    bool(__import__("tests.conftest", fromlist=["PG_URL"]).PG_URL), reason="SQLite backup file"
)
def test_backup_onto_a_full_disk_is_an_error_line_and_leaves_no_partial_file(ready_env, tmp_path):
    with tmpfs(tmp_path / "mnt", "1m") as mnt:
        (mnt / "filler").write_bytes(
            b"\0" * 700_000
        )  # leaves less room than the 0.7 MB backup needs
        ran = kratom_tracker(ready_env, "backup", str(mnt / "tracker.sqlite3.bak"), cwd=tmp_path)
        left = sorted(p.name for p in mnt.iterdir())
    check(ran, 1, "the disk is full")
    assert left == ["filler"]  # no partial copy, no -journal file

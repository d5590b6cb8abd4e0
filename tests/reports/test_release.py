"""`kratom-tracker release`: a valid Frictionless Data Package, versioned, licensed, checksummed, reproducible."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from frictionless import validate
from sqlalchemy import select

from tests.conftest import initialise, initialised_runtime
from tests.factories import period
from tracker.cli.main import cli
from tracker.reports import release
from tracker.status import history
from tracker.store.models import Jurisdiction

TODAY = datetime.now(UTC).date()
VERSION = release.version_of(TODAY)


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = initialised_runtime(tmp_path_factory.mktemp("db"))
    yield runtime
    runtime.engine.dispose()


def _release(rt, out: Path, *args: str):
    result = CliRunner().invoke(
        cli, ["release", str(out), *args], obj={"runtime": rt}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def package(rt, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("releases") / VERSION
    result = CliRunner().invoke(
        cli, ["release", str(out)], obj={"runtime": rt}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "valid Frictionless Data Package" in result.output
    return out


def test_a_release_on_a_fresh_install_is_a_valid_frictionless_data_package(package):
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])
    names = {task.name for task in report.tasks}
    assert {
        "status",
        "history",
        "citations",
        "jurisdictions",
        "changes",
        "status-json",
        "history-json",
    } <= names


def test_the_package_names_its_date_version_licence_and_how_to_cite_it(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == VERSION
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert (
        descriptor["cite"]["dataset_version"] == VERSION
        and "CC BY 4.0" in descriptor["cite"]["text"]
    )
    status = next(r for r in descriptor["resources"] if r["name"] == "status")
    assert status["schema"]["primaryKey"] == ["code"]
    assert {f["name"]: f["type"] for f in status["schema"]["fields"]}["licensing"] == "boolean"
    assert "CC BY 4.0" in (package / "LICENSE.txt").read_text(encoding="utf-8")


def test_every_file_is_in_sha256sums_and_each_csv_hash_is_in_the_descriptor(package):
    sums = dict(
        reversed(line.split("  ")) for line in (package / "SHA256SUMS").read_text().splitlines()
    )
    assert set(sums) == {p.name for p in package.iterdir()} - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((package / name).read_bytes()).hexdigest() == digest, name
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        if r["format"] == "csv":
            assert r["hash"] == "sha256:" + sums[r["path"]]


def test_a_tampered_file_fails_validation(package, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for name, data in _files(package).items():
        (copy / name).write_bytes(data)
    (copy / "status.csv").write_bytes(
        (package / "status.csv").read_bytes().replace(b"banned", b"legal", 1)
    )
    assert not validate(str(copy / "datapackage.json")).valid


def test_running_it_twice_gives_identical_files(rt, package, tmp_path):
    before = _files(package)
    _release(rt, package)  # again into the same folder
    assert _files(package) == before
    elsewhere = tmp_path / VERSION
    _release(rt, elsewhere, "--version", VERSION)
    assert _files(elsewhere) == before


def test_csv_booleans_are_true_false_and_json_timestamps_are_iso_8601_with_t(package):
    with (package / "history.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["licensing"] for r in rows} <= {"true", "false", ""} and "false" in {
        r["licensing"] for r in rows
    }
    data = json.loads((package / "history.json").read_text(encoding="utf-8"))
    assert data["cite"]["dataset_version"] == VERSION
    stamp = data["rows"][0]["recorded_at"]
    assert "T" in stamp and stamp.endswith("Z") and datetime.fromisoformat(stamp)
    assert isinstance(data["rows"][0]["licensing"], bool)


def test_the_history_is_bitemporal_and_the_status_is_the_one_in_force(package):
    with (package / "history.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert {"effective_from", "effective_to", "recorded_at", "superseded_at"} <= set(header)
    with (package / "status.csv").open(encoding="utf-8", newline="") as f:
        status = {r["code"]: r for r in csv.DictReader(f)}
    assert status["US-LA"]["category"] == "banned"  # Act 2025 in force since 2025-08-01
    assert (
        status["AQ"]["category"] == "unknown" and status["AQ"]["period_id"] == ""
    )  # no file: never researched


def test_a_malformed_version_is_a_usage_error(rt, tmp_path):
    result = CliRunner().invoke(
        cli, ["release", str(tmp_path / "x"), "--version", "2026-12-07"], obj={"runtime": rt}
    )
    assert result.exit_code == 2 and "YYYY.MM.DD" in result.output


def test_the_changelog_lists_what_changed_since_the_previous_release_and_old_releases_rebuild_exactly(
    db_url, tmp_path
):
    from tracker.store.runtime import Runtime
    from tracker.store.settings import Settings

    rt = Runtime(
        Settings.from_env(
            {"TRACKER_DATABASE_URL": db_url, "TRACKER_INSTANCE_PATH": str(tmp_path / "i")}
        )
    )
    try:
        initialise(rt)  # `init`'s result, copied from the per-worker template
        releases = tmp_path / "releases"
        _release(rt, releases / VERSION, "--no-validate")
        later = TODAY + timedelta(days=2)
        with rt.transaction() as s:
            j = s.scalar(select(Jurisdiction).where(Jurisdiction.code == "AT"))
            history.record_history(
                s,
                j,
                [period(date(2026, 12, 8), leaf="controlled", seven_oh="controlled")],
                recorded_by="test curator",
                now=datetime.combine(later, datetime.min.time(), tzinfo=UTC) + timedelta(hours=1),
            )
        newer = release.version_of(later)
        _release(
            rt, releases / newer, "--version", newer, "--no-validate"
        )  # finds the older release beside it
        changelog = (releases / newer / "CHANGELOG.md").read_text(encoding="utf-8")
        assert f"Changes since dataset {VERSION}." in changelog
        assert "- AT (Austria): " in changelog and "category: legal → banned" in changelog
        assert "recorded by test curator" in changelog
        descriptor = json.loads((releases / newer / "datapackage.json").read_text(encoding="utf-8"))
        assert descriptor["previous_version"] == VERSION
        # the older release, rebuilt after the change was recorded, is still the same bytes
        rebuilt = tmp_path / "rebuilt" / VERSION
        _release(rt, rebuilt, "--no-validate")
        assert _files(rebuilt) == _files(releases / VERSION)
    finally:
        rt.engine.dispose()

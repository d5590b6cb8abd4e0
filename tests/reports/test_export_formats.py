"""Export formats: true/false in CSV, ISO 8601 timestamps with a T in JSON, a `cite` object in every JSON export."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from tests.conftest import initialised_runtime
from tests.web.apiexport_support import client_for
from tracker.cli.main import cli, json_value
from tracker.reports.export import neutralise_cell


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = initialised_runtime(tmp_path_factory.mktemp("db"))
    yield runtime
    runtime.engine.dispose()


def _run(rt, *args):
    result = CliRunner().invoke(cli, list(args), obj={"runtime": rt}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args", [("export", "--format", "csv"), ("export", "--format", "csv", "--history")]
)
def test_csv_booleans_are_true_and_false(rt, args):
    rows = list(csv.DictReader(io.StringIO(_run(rt, *args))))
    assert {r["licensing"] for r in rows} <= {"true", "false", ""} and "false" in {
        r["licensing"] for r in rows
    }


def test_the_web_csv_export_writes_the_same_booleans(rt):
    body = client_for(rt).get("/export/status.csv").get_data(as_text=True)
    assert ",False," not in body and ",True," not in body and ",false," in body


def test_a_bool_cell_is_lower_case():
    assert (neutralise_cell(True), neutralise_cell(False), neutralise_cell("True")) == (
        "true",
        "false",
        "True",
    )


@pytest.mark.parametrize(
    "args", [("export", "--format", "json"), ("export", "--format", "json", "--history")]
)
def test_every_json_export_of_the_cli_starts_with_a_cite_object(rt, args):
    doc = json.loads(_run(rt, *args))
    assert next(iter(doc)) == "cite"
    assert doc["cite"]["dataset_version"] and doc["cite"]["known_on"] and doc["cite"]["text"]


@pytest.mark.parametrize("path", ["/export/status.json", "/export/history.json"])
def test_every_json_export_of_the_dashboard_starts_with_a_cite_object(rt, path):
    doc = json.loads(client_for(rt).get(path).get_data())
    assert next(iter(doc)) == "cite"


def test_json_timestamps_are_iso_8601_with_a_t(rt):
    history = _run(rt, "export", "--format", "json", "--history")
    stamps = re.findall(r'"(?:recorded_at|exported_at)": "([^"]+)"', history)
    assert stamps and all("T" in s and " " not in s for s in stamps)
    assert json_value(datetime(2026, 12, 7, 7, 30, tzinfo=UTC)) == "2026-12-07T07:30:00+00:00"


def test_version_prints_the_package_version():
    from importlib.metadata import version

    result = CliRunner().invoke(cli, ["--version"], prog_name="kratom-tracker")
    assert (
        result.exit_code == 0
        and result.output.strip() == f"kratom-tracker, version {version('kratom-tracker')}"
    )

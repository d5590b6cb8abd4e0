"""Every CLI command through click's runner, including the error paths."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import initialise
from tracker.cli.main import cli

STATUS_KEYS = {
    "code",
    "name",
    "kind",
    "category",
    "leaf",
    "seven_oh",
    "min_age",
    "effective_from",
    "effective_to",
    "citations",
    "confidence",
    "verified_on",
}


@pytest.fixture
def run(runtime):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), obj={"runtime": runtime}, catch_exceptions=False)

    return invoke


@pytest.fixture
def initialised(run, runtime):
    """The commands after `init`: its result, copied from the per-worker template (`init` itself
    runs in test_init_twice_reports_no_changes_the_second_time)."""
    initialise(runtime)
    return run


def test_init_twice_reports_no_changes_the_second_time(run):
    first = run("init")
    assert first.exit_code == 0 and "schema upgraded" in first.output
    assert not first.output.strip().endswith("\n0 changes")
    second = run("init")
    assert second.exit_code == 0
    assert second.output.strip().splitlines()[-1] == "0 changes"


def test_status_json_prints_the_documented_keys(initialised):
    result = initialised("status", "US-AL", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert STATUS_KEYS <= set(data)
    assert data["code"] == "US-AL" and data["category"] == "banned"
    assert all({"kind", "label", "url"} <= set(c) for c in data["citations"])


def test_louisiana_changes_on_the_first_of_august_2025(initialised):
    before = json.loads(initialised("status", "US-LA", "--as-of", "2025-07-31", "--json").output)
    after = json.loads(initialised("status", "US-LA", "--as-of", "2025-08-01", "--json").output)
    assert before["category"] != after["category"]
    assert after["category"] == "banned" and after["effective_from"] == "2025-08-01"


def test_thailand_differs_between_2020_and_2023(initialised):
    old = json.loads(initialised("status", "TH", "--as-of", "2020-01-01", "--json").output)
    new = json.loads(initialised("status", "TH", "--as-of", "2023-01-01", "--json").output)
    assert old["category"] == "banned" and new["category"] != "banned"


def test_status_in_text_names_the_date_and_the_citation(initialised):
    result = initialised("status", "us-al", "--as-of", "2020-01-01")
    assert result.exit_code == 0
    assert "Status on 2020-01-01 (as known now): banned" in result.output
    assert "http" in result.output


def test_an_unknown_code_exits_2_and_suggests_close_matches(initialised):
    result = initialised("status", "US-ZZ")
    assert result.exit_code == 2
    assert "US-ZZ" in result.output and "Did you mean" in result.output


def test_a_malformed_date_exits_2_naming_the_option(initialised):
    result = initialised("status", "US-AL", "--as-of", "2025-02-30")
    assert result.exit_code == 2
    assert "--as-of" in result.output


def test_known_on_before_the_dataset_was_loaded_shows_nothing_known(initialised):
    data = json.loads(initialised("status", "US-AL", "--known-on", "2000-01-01", "--json").output)
    assert data["category"] == "unknown" and data["citations"] == []


def test_history_json_lists_periods_in_valid_time_order(initialised):
    data = json.loads(initialised("history", "US-LA", "--json").output)
    starts = [p["effective_from"] for p in data["periods"]]
    assert len(starts) >= 2 and starts[-1] == "2025-08-01"
    assert data["superseded"] == []


def test_history_in_text_shows_one_line_per_period(initialised):
    result = initialised("history", "TH")
    assert result.exit_code == 0 and "2021-08-24" in result.output


def test_export_csv_gives_one_row_per_jurisdiction_with_the_status_on_the_date(initialised):
    result = initialised("export", "--format", "csv", "--as-of", "2025-03-15")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    by_code = {r["code"]: r for r in rows}
    assert len(rows) > 300
    assert by_code["US-LA"]["category"] != "banned" and by_code["US-AL"]["category"] == "banned"


def test_export_json_carries_the_dataset_version_and_statuses(initialised, tmp_path):
    out = tmp_path / "export.json"
    result = initialised("export", "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["dataset"]["version"] and doc["as_of"]
    us = [
        j
        for j in doc["jurisdictions"]
        if j["code"] == "US" or j["code"].startswith("US-") and "/" not in j["code"]
    ]
    assert len(us) >= 53
    assert all(STATUS_KEYS <= set(j) for j in doc["jurisdictions"])


def test_export_refuses_an_unknown_format(initialised):
    assert initialised("export", "--format", "xlsx").exit_code == 2


def test_db_commands_report_and_move_the_revision(run):
    assert "none (empty database)" in run("db", "current").output
    assert run("db", "upgrade").exit_code == 0
    current = run("db", "current").output
    assert (
        "current: " in current
        and current.split("current: ")[1].split(";")[0] == current.split("head: ")[1].strip()
    )
    refused = run("db", "downgrade", "base")  # drops every table: not without --yes (issue #10)
    assert refused.exit_code == 2 and "add --yes to confirm" in refused.output
    assert "none" not in run("db", "current").output
    assert run("db", "downgrade", "base", "--yes").exit_code == 0
    assert "none" in run("db", "current").output


def test_commands_that_read_refuse_an_uninitialised_database(run):
    result = run("status", "US-AL")
    assert result.exit_code == 1 and "kratom-tracker init" in result.output


def test_every_command_has_help_with_an_example(run):
    for command in (
        ["init"],
        ["serve"],
        ["status"],
        ["history"],
        ["export"],
        ["db", "upgrade"],
        ["db", "downgrade"],
        ["db", "current"],
        ["scrape"],
        ["sources"],
        ["parse"],
        ["review", "list"],
        ["review", "show"],
        ["review", "accept"],
        ["review", "reject"],
    ):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output, command


FR_FIXTURE = str(
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "sources"
    / "federal_register"
    / "documents_mitragynine.json"
)


def test_parse_prints_one_json_line_per_federal_register_document_with_its_own_field_names(run):
    result = run("parse", "federal_register", FR_FIXTURE)
    assert result.exit_code == 0
    items = [json.loads(line) for line in result.output.splitlines()]
    assert len(items) == 2
    for item in items:
        assert {"document_number", "title", "type", "publication_date", "html_url"} <= set(item)
    assert {i["document_number"] for i in items} == {"2016-20803", "2016-24659"}


def test_parse_reports_an_unrecognisable_response_and_exits_1(run, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("")
    result = run("parse", "federal_register", str(empty))
    assert result.exit_code == 1 and "LayoutChanged" in result.output


def test_parse_refuses_an_unknown_source(run):
    result = run("parse", "myspace", FR_FIXTURE)
    assert result.exit_code == 2 and "unknown source" in result.output


def test_parse_legiscan_reads_a_get_search_raw_response(run):
    from pathlib import Path

    path = (
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "sources"
        / "legiscan"
        / "search_raw_kratom.json"
    )
    result = run("parse", "legiscan", str(path))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["bill_id"], r["change_hash"], r["kind"]) for r in rows] == [
        (1903541, "8c1f0d7e2b4a9e63f5d2c1b0a9876543", "search_hit"),
        (1957730, "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a", "search_hit"),
    ]

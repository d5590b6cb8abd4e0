"""`kratom-tracker evaluate proposals [DIR]`: figures with budgets, any directory, usage errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.ingest.test_evaluate import _set
from tracker.cli import evaluate
from tracker.cli.main import cli


def test_the_evaluate_group_is_the_one_the_cli_runs():
    assert cli.commands["evaluate"] is evaluate.evaluate_group


def test_the_cli_prints_the_figures_with_budgets_and_reads_any_directory(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", "proposals", str(_set(tmp_path)), "--json"])
    data = json.loads(result.output)
    assert result.exit_code == (0 if data["passed"] else 1)
    assert data["budgets"] == {
        "precision": 0.9,
        "recall": 0.95,
        "category": 0.9,
        "effective_date": 0.8,
    }
    text = CliRunner().invoke(cli, ["evaluate", "proposals", str(tmp_path / "cases")]).output
    assert "recall of enacted status changes" in text and "budget >= 95 %" in text


def test_a_malformed_case_is_a_usage_error_naming_its_file(tmp_path):
    bad = tmp_path / "bad" / "x"
    bad.mkdir(parents=True)
    (bad / "case.yaml").write_text("id: x\n")
    result = CliRunner().invoke(cli, ["evaluate", "proposals", str(tmp_path / "bad")])
    assert result.exit_code == 2 and "case.yaml" in result.output

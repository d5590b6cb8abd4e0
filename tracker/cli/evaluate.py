"""`kratom-tracker evaluate proposals [DIR]`: the proposals' figures on a labelled set (issue #12).

The replay and the figures are tracker.ingest.evaluate; this module only reads the arguments and
prints."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.ingest.evaluate import (
    BUDGETS,
    DEFAULT_DIR,
    CaseError,
    evaluate,
    passed,
    report,
)

# ---------------------------------------------------------------- command line


@click.group("evaluate")
def evaluate_group() -> None:
    """Measure the tracker against labelled evaluation sets (no network, temporary databases)."""


@evaluate_group.command("proposals")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures and every run as JSON.")
def proposals_cmd(directory: Path | None, as_json: bool) -> None:
    """Replay every case in DIRECTORY (default: the bundled set) and print precision, recall,
    category, exact-suggestion and effective-date figures against their budgets; exit 1 on a miss."""
    folder = directory or DEFAULT_DIR
    try:
        result = evaluate(folder)
    except CaseError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(2) from None
    if not result["cases"]:
        click.echo(f"Error: {folder}: no case folders (each needs a case.yaml)", err=True)
        raise SystemExit(2)
    if as_json:
        click.echo(
            json.dumps(
                {**result, "budgets": BUDGETS, "passed": passed(result)}, indent=2, default=str
            )
        )
    else:
        click.echo(report(result))
    raise SystemExit(0 if passed(result) else 1)

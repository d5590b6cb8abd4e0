"""`kratom-tracker evaluate proposals DIR` on a small case set built from the recorded fixtures (#12)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from tracker.ingest import evaluate
from tracker.status import history, jurisdictions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def _case(
    root: Path, case_id: str, source: str, files: list[tuple[str, str]], expected: dict, same=None
) -> None:
    folder = root / case_id
    folder.mkdir(parents=True)
    payloads = []
    for i, (fixture, role) in enumerate(files):
        name = f"{i}-{Path(fixture).name}"
        shutil.copyfile(FIXTURES / fixture, folder / name)
        payloads.append({"file": name, "role": role})
    (folder / "case.yaml").write_text(
        yaml.safe_dump(
            {
                "id": case_id,
                "source": source,
                "description": "test",
                "found_at": [],
                "synthetic_fields": [],
                "payloads": payloads,
                "same_event_as": same,
                "expected": expected,
            }
        )
    )


def _set(tmp_path: Path) -> Path:
    root = tmp_path / "cases"
    la = {
        "outcome": "status_change",
        "jurisdiction": "US-LA",
        "enacted": True,
        "effective_from": None,
        "attributes": {"leaf": "controlled", "seven_oh": "controlled"},
        "category": "banned",
        "official_citation": "https://legis.la.gov/legis/BillInfo.aspx?s=25RS&b=SB154&sbi=y",
        "already_in_dataset": True,
    }
    _case(
        root, "la-openstates", "openstates", [("openstates/bills_kratom_page1.json", "after")], la
    )
    _case(
        root,
        "la-legiscan",
        "legiscan",
        [("legiscan/bill_1903541.json", "after")],
        la,
        same="la-openstates",
    )
    _case(
        root,
        "ecfr-zero",
        "ecfr",
        [("ecfr/count_mitragynine.json", "after")],
        {"outcome": "none", "jurisdiction": "US"},
    )
    return root


def test_the_evaluator_replays_cases_and_links_the_same_bill_from_two_sources(tmp_path):
    result = evaluate.evaluate(_set(tmp_path))
    figures = result["figures"]
    assert result["cases"] == 3
    assert figures["already_recorded"] == 1.0  # Louisiana's ban is in the bundled dataset
    assert figures["linked_one_proposal"] == 1.0 and figures["counts"]["raised_noise"] == 0


def test_a_held_out_split_is_measured_and_printed_on_its_own(tmp_path):
    root = _set(tmp_path)
    case = root / "ecfr-zero" / "case.yaml"
    case.write_text(case.read_text() + "split: fresh\n")
    result = evaluate.evaluate(root)
    assert set(result["splits"]) == {"fresh", "main"}
    assert result["splits"]["fresh"]["cases"] == 1 and result["splits"]["main"]["cases"] == 2
    assert result["splits"]["main"]["figures"]["linked_one_proposal"] == 1.0
    text = evaluate.report(result)
    assert "split fresh: 1 cases" in text and "split main: 2 cases" in text


def test_the_default_directory_is_the_bundled_set():
    assert (
        evaluate.DEFAULT_DIR.is_dir()
        and (evaluate.DEFAULT_DIR / "us-la-sb154-2025-openstates" / "case.yaml").is_file()
    )


def test_a_history_cut_inside_a_period_whose_end_is_only_a_year_opens_that_period():
    # US-TN's first period ends in "2018" (an EDTF year); cutting before 1 January 2018 keeps it and
    # opens it, and the year it stated as its end must go with the end (it failed validation before)
    dbs = evaluate.Databases()
    try:
        rt = dbs.fresh(("US-TN", date(2018, 1, 1)))
        with rt.transaction() as session:
            current = history.current_periods(session, jurisdictions.get(session, "US-TN"))
        assert current and current[-1].effective_to is None
        assert current[-1].effective_to_edtf is None
        rt.engine.dispose()
    finally:
        dbs.close()


def test_a_figure_no_case_measures_is_shown_as_nothing_to_measure_not_as_a_failure():
    figures = {
        "precision": 1.0,
        "recall": None,
        "category": 0.5,
        "counts": {"raised_real": 2},
        "misses": [],
    }
    lines = evaluate._figure_lines(figures)
    recall = next(line for line in lines if line.startswith("recall"))
    assert recall.endswith("(nothing to measure)") and "FAIL" not in recall
    assert next(line for line in lines if line.startswith("precision")).endswith("PASS")
    assert next(line for line in lines if line.startswith("suggested category")).endswith("FAIL")

"""The bundled dataset: its contents, and the loader's refusals of bad files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.status import dataset
from tracker.store.models import StatusPeriod
from tracker.status.periods import ValidationError

GOOD = """\
code: US-AL
periods:
  - effective_from: null
    effective_to: 2016-05-10
    leaf: unregulated
    seven_oh: unregulated
    confidence: medium
    verified_on: 2026-11-27
    citations:
      - kind: statute
        label: "Act 2016-279"
        url: https://arc-sos.state.al.us/PAC/SOSACPDF.001/A0011871.PDF
  - effective_from: 2016-05-10
    effective_to: null
    leaf: controlled
    seven_oh: controlled
    substances: [mitragynine, 7-hydroxymitragynine]
    confidence: high
    verified_on: 2026-11-27
    citations:
      - kind: statute
        label: "Act 2016-279"
        url: https://arc-sos.state.al.us/PAC/SOSACPDF.001/A0011871.PDF
"""


def _root(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "data"
    (root / "jurisdictions" / "us").mkdir(parents=True)
    (root / "dataset.yaml").write_text('version: "test"\nas_of: 2026-11-27\n')
    for name, text in files.items():
        (root / "jurisdictions" / "us" / name).write_text(text)
    return root


def test_a_valid_file_loads_two_periods(tmp_path, session):
    report = dataset.load_dataset(session, _root(tmp_path, {"US-AL.yaml": GOOD}))
    assert report.periods_inserted == 2
    assert session.scalar(select(func.count()).select_from(StatusPeriod)) == 2


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda t: t.replace("effective_from: 2016-05-10", "effective_from: 2015-01-01"), "periods[1].effective_from"),
        (lambda t: t.replace("effective_to: 2016-05-10", "effective_to: 2015-01-01").replace("effective_from: null", "effective_from: 2016-01-01"), "periods[0].effective_to"),
        (lambda t: t.replace("url: https://arc-sos.state.al.us/PAC/SOSACPDF.001/A0011871.PDF\n  - effective_from: 2016", "url:\n  - effective_from: 2016"), "periods[0].citations[0].url"),
        (lambda t: t.replace("    citations:\n      - kind: statute\n        label: \"Act 2016-279\"\n        url: https://arc-sos.state.al.us/PAC/SOSACPDF.001/A0011871.PDF\n  - effective_from: 2016", "  - effective_from: 2016"), "periods[0].citations"),
        (lambda t: t.replace("leaf: controlled", "leaf: illegal-ish"), "periods[1].leaf"),
        (lambda t: t.replace("confidence: high", "confidence: high\n    colour: red"), "periods[1].colour"),
        (lambda t: t.replace("effective_to: 2016-05-10", "effective_to: 2016-13-45"), "periods[0].effective_to"),
        (lambda t: t.replace("substances: [mitragynine", "substances: [caffeine"), "periods[1].substances"),
    ],
    ids=["overlap", "to-before-from", "citation-without-url", "no-citation", "leaf-outside-codebook",
         "attribute-outside-codebook", "invalid-date", "substance-outside-codebook"],
)
def test_a_bad_file_is_refused_naming_file_and_field_and_nothing_is_written(tmp_path, session, edit, field):
    bad = edit(GOOD)
    assert bad != GOOD
    root = _root(tmp_path, {"US-AL.yaml": bad})
    with pytest.raises(ValidationError) as err:
        dataset.load_dataset(session, root)
    assert err.value.field == field
    assert "US-AL.yaml" in str(err.value) and field in str(err.value)
    assert session.scalar(select(func.count()).select_from(StatusPeriod)) == 0


def test_an_unknown_code_is_refused(tmp_path, session):
    root = _root(tmp_path, {"US-ZZ.yaml": GOOD.replace("US-AL", "US-ZZ")})
    with pytest.raises(ValidationError, match=r"US-ZZ\.yaml: code: unknown code 'US-ZZ'"):
        dataset.load_dataset(session, root)


def test_a_code_that_does_not_match_its_file_name_is_refused(tmp_path, session):
    root = _root(tmp_path, {"US-AK.yaml": GOOD})
    with pytest.raises(ValidationError, match="does not match the file name"):
        dataset.load_dataset(session, root)


def test_one_bad_file_among_good_ones_writes_nothing_at_all(tmp_path, session):
    root = _root(tmp_path, {"US-AL.yaml": GOOD, "US-AK.yaml": GOOD.replace("US-AL", "US-AK").replace("leaf: controlled", "leaf: nope")})
    with pytest.raises(ValidationError, match="US-AK.yaml"):
        dataset.load_dataset(session, root)
    assert session.scalar(select(func.count()).select_from(StatusPeriod)) == 0


def test_the_bundled_dataset_parses_and_covers_every_state_dc_pr_and_federal():
    files = dataset.parse_dataset()
    codes = {f.code for f in files}
    import pycountry

    states = {s.code for s in pycountry.subdivisions.get(country_code="US") if s.type in ("State", "District")}
    assert len(states) == 51
    assert states | {"US-PR", "US"} <= codes


def test_every_researched_period_in_the_bundled_dataset_is_cited_and_dated():
    for f in dataset.parse_dataset():
        for p in f.periods:
            if p.leaf == "unknown":
                continue
            assert p.citations and all(c.url.startswith(("http://", "https://")) for c in p.citations), f.path
            assert p.verified_on is not None and p.confidence in ("high", "medium", "low"), f.path


def test_the_bundled_dataset_meets_the_coverage_the_project_promises():
    files = dataset.parse_dataset()
    kinds = Counter(f.kind for f in files if any(p.leaf != "unknown" for p in f.periods))
    assert kinds["locality"] >= 15
    assert kinds["country"] >= 60
    assert sum(1 for f in files if len(f.periods) >= 2) >= 25

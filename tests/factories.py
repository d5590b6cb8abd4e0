"""Small builders for periods and jurisdictions used across tests."""

from __future__ import annotations

from datetime import date

from tracker.models import Jurisdiction
from tracker.periods import CitationInput, PeriodInput

CITE = CitationInput("statute", "Test Act § 1", "https://legislature.example.gov/act/1", date(2026, 11, 27))


def period(start: date | None, end: date | None = None, leaf: str = "regulated", **kw) -> PeriodInput:
    """A valid period with one citation; override any field by keyword."""
    values = dict(
        effective_from=start,
        effective_to=end,
        leaf=leaf,
        seven_oh=kw.pop("seven_oh", "unregulated"),
        confidence=kw.pop("confidence", "high"),
        citations=kw.pop("citations", (CITE,)),
        verified_on=kw.pop("verified_on", date(2026, 11, 27)),
    )
    values.update(kw)
    return PeriodInput(**values)


def jurisdiction(session, code: str = "US-AL", name: str = "Alabama", kind: str = "subdivision") -> Jurisdiction:
    """Insert and return a jurisdiction."""
    j = Jurisdiction(code=code, name=name, kind=kind)
    session.add(j)
    session.flush()
    return j

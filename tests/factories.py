"""Small builders for periods and jurisdictions used across tests."""

from __future__ import annotations

from datetime import date

from tracker.status.periods import CitationInput, PeriodInput
from tracker.store.models import Jurisdiction

CITE = CitationInput(
    "statute", "Test Act § 1", "https://legislature.example.gov/act/1", date(2026, 11, 27)
)


def period(
    start: date | None, end: date | None = None, leaf: str = "regulated", **kw
) -> PeriodInput:
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


def jurisdiction(
    session, code: str = "US-AL", name: str = "Alabama", kind: str = "subdivision"
) -> Jurisdiction:
    """Insert and return a jurisdiction."""
    j = Jurisdiction(code=code, name=name, kind=kind)
    session.add(j)
    session.flush()
    return j


def add_bill(
    s, code, session, identifier, title, stage, intent, actions=(), *, at, url=None, relevant=True
):
    """Insert a bill (as a scraper would have) with (date, text) actions."""
    from tracker.status import jurisdictions
    from tracker.store.models import Bill, BillAction

    j = jurisdictions.find(s, code)
    b = Bill(
        source="test",
        external_id=f"{code}:{session}:{identifier}",
        jurisdiction_id=j.id,
        session=session,
        identifier=identifier,
        title=title,
        url=url or f"https://legis.example.gov/{code}/{identifier.replace(' ', '')}",
        stage=stage,
        intent=intent,
        relevant=relevant,
        matched_terms=["kratom"],
        content_hash="x",
        first_seen_at=at,
        last_changed_at=at,
    )
    b.actions = [
        BillAction(position=i, date=d, description=t, classification=[])
        for i, (d, t) in enumerate(actions)
    ]
    s.add(b)


def examples(default: int) -> int:
    """Hypothesis examples for a property: `default` locally, at least 500 under HYPOTHESIS_PROFILE=ci
    (set by .ci/run), as the research's test matrix asks of CI (row B15)."""
    import os

    return max(default, 500) if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else default

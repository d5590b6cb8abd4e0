"""Shared set-up for the API, export and feed tests: one initialised database per test module.

bootstrap.initialise loads the whole dataset, so each module loads it once (module scope) on
SQLite, or on the PostgreSQL test database when TRACKER_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

from datetime import date

from tests.conftest import initialised_runtime
from tracker.status import history, jurisdictions
from tracker.status.periods import CitationInput, PeriodInput
from tracker.store.runtime import Runtime
from tracker.web import create_app


def module_runtime(tmp_path_factory) -> Runtime:
    """A runtime over a freshly initialised database (schema + bundled dataset)."""
    return initialised_runtime(tmp_path_factory.mktemp("db"))


def client_for(rt: Runtime):
    app = create_app(rt)
    app.testing = True
    return app.test_client()


def record(
    rt: Runtime,
    code: str,
    *,
    start: date | None,
    end: date | None = None,
    leaf: str = "regulated",
    seven_oh: str = "unregulated",
    summary: str | None = None,
    notes: str | None = None,
    label: str = "Test Act § 1",
    **extra,
) -> None:
    """Record one period through the write path (as a curator or a dataset release would)."""
    cite = CitationInput(
        "statute", label, "https://legislature.example.gov/act/1", date(2026, 11, 27)
    )
    p = PeriodInput(
        effective_from=start,
        effective_to=end,
        leaf=leaf,
        seven_oh=seven_oh,
        confidence="high",
        citations=(cite,),
        verified_on=date(2026, 11, 27),
        summary=summary,
        notes=notes,
        **extra,
    )
    with rt.transaction() as session:
        j = jurisdictions.find(session, code)
        history.record_history(session, j, [p], recorded_by="test")

"""B17: date and time edges. effective_from is inclusive, effective_to exclusive; a future effective
date applies from that day only; known_on as an instant is strict on recorded_at (a row recorded at T
is not yet known at T) and as a date means the end of that UTC day; local times compare as instants.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import jurisdiction, period
from tracker.status import history
from tracker.status.periods import ValidationError

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
T1 = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT, an hour after the US DST change
CHECKS: list[tuple[str, object, object]] = []


def check(label: str, got, want) -> None:
    CHECKS.append((label, got, want))


def leaf(p) -> str | None:
    return p.leaf if p is not None else None


@pytest.fixture
def j(session):
    j = jurisdiction(session)
    history.record_history(
        session,
        j,
        [
            period(None, date(2025, 8, 1), leaf="regulated"),
            period(date(2025, 8, 1), None, leaf="controlled"),
        ],
        recorded_by="test",
        now=T0,
    )
    # a correction recorded at T1: from 2030-01-01 (the future) the sale is prohibited
    history.record_history(
        session,
        j,
        [period(date(2030, 1, 1), None, leaf="sale_prohibited")],
        recorded_by="test",
        now=T1,
    )
    session.flush()
    return j


def test_as_of_boundaries_known_on_boundaries_and_future_dates_return_the_documented_side(
    session, j
):
    on = lambda d, k=None: leaf(history.status_on(session, j, d, k))  # noqa: E731
    # valid time: from inclusive, to exclusive
    check("day before effective_from", on(date(2025, 7, 31)), "regulated")
    check("exactly on effective_from (inclusive)", on(date(2025, 8, 1)), "controlled")
    check("exactly on the old effective_to (exclusive)", on(date(2025, 8, 1)), "controlled")
    check("day before a future effective_from", on(date(2029, 12, 31)), "controlled")
    check("exactly on a future effective_from", on(date(2030, 1, 1)), "sale_prohibited")
    check(
        "today, before the future change",
        on(date.today()) if date.today() < date(2030, 1, 1) else "controlled",
        "controlled",
    )
    check("open start reaches far back", on(date(1900, 1, 1)), "regulated")
    # transaction time: a row recorded at T is known strictly after T
    check("known_on = T1 exactly (not yet known)", on(date(2030, 6, 1), T1), "controlled")
    check(
        "known_on = T1 + 1 microsecond",
        on(date(2030, 6, 1), T1 + timedelta(microseconds=1)),
        "sale_prohibited",
    )
    check("known_on = T0 exactly (nothing known)", on(date(2025, 8, 1), T0), None)
    check(
        "known_on = T0 + 1 microsecond",
        on(date(2025, 8, 1), T0 + timedelta(microseconds=1)),
        "controlled",
    )
    # a date means the end of that UTC day
    check(
        "known_on = the day before T1 (date)",
        on(date(2030, 6, 1), T1.date() - timedelta(days=1)),
        "controlled",
    )
    check("known_on = the day of T1 (date)", on(date(2030, 6, 1), T1.date()), "sale_prohibited")
    # the same instant in local time: before and after the DST change in New York
    ny = ZoneInfo("America/New_York")
    check(
        "known_on = T1 in New York time (EDT)",
        on(date(2030, 6, 1), T1.astimezone(ny)),
        "controlled",
    )
    check(
        "known_on = 1 µs after T1 in New York time",
        on(date(2030, 6, 1), (T1 + timedelta(microseconds=1)).astimezone(ny)),
        "sale_prohibited",
    )
    check(
        "known_on = 01:59 EST, just before the DST jump",
        on(date(2030, 6, 1), datetime(2026, 3, 8, 1, 59, tzinfo=ny)),
        "controlled",
    )
    # the history and statuses_on views agree with status_on on the boundary
    check(
        "statuses_on on effective_from",
        leaf(history.statuses_on(session, date(2025, 8, 1)).get(j.id)),
        "controlled",
    )
    check("history as known at T1 (instant) has 2 periods", len(history.history(session, j, T1)), 2)
    check(
        "history as known after T1 has 3 periods",
        len(history.history(session, j, T1 + timedelta(seconds=1))),
        3,
    )
    mismatches = [(label, got, want) for label, got, want in CHECKS if got != want]
    print(f"\nB17 {len(CHECKS)} boundary cases checked, {len(mismatches)} mismatches")
    assert mismatches == []


def test_an_empty_or_reversed_period_is_refused(session):
    j = jurisdiction(session, code="US-AK", name="Alaska")
    for start, end in ((date(2025, 8, 1), date(2025, 8, 1)), (date(2025, 8, 2), date(2025, 8, 1))):
        with pytest.raises(ValidationError, match="effective_to"):
            history.record_history(session, j, [period(start, end)], recorded_by="test")


def test_a_naive_datetime_is_refused_rather_than_guessed(session):
    j = jurisdiction(session, code="US-AZ", name="Arizona")
    with pytest.raises(Exception, match="naive datetime"):
        history.record_history(
            session, j, [period(date(2025, 1, 1))], recorded_by="test", now=datetime(2026, 1, 1, 12)
        )
        session.flush()

"""Property tests: the bitemporal history against a brute-force, day-by-day reference."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.factories import period
from tracker import history
from tracker.models import AuditEntry, Citation, Jurisdiction, StatusPeriod
from tracker.periods import overlaps

DAY0 = date(2020, 1, 1)
DAYS = 40  # the reference paints days 0..DAYS-1; every finite bound lies inside
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
LEAVES = ("unregulated", "regulated", "controlled", "sale_prohibited")


@st.composite
def writes(draw):
    """A random write: one period with random bounds (maybe open) and attributes."""
    a = draw(st.one_of(st.none(), st.integers(0, DAYS - 2)))
    lo = 0 if a is None else a + 1
    b = draw(st.one_of(st.none(), st.integers(lo, DAYS - 1)))
    leaf = draw(st.sampled_from(LEAVES))
    age = draw(st.sampled_from([None, 18, 21]))
    start = None if a is None else DAY0 + timedelta(a)
    end = None if b is None else DAY0 + timedelta(b)
    return period(start, end, leaf=leaf, min_age=age)


def _paint(timeline: list, p) -> list:
    """Reference semantics: a write overwrites exactly the days it covers."""
    out = list(timeline)
    lo = 0 if p.effective_from is None else (p.effective_from - DAY0).days
    hi = DAYS if p.effective_to is None else (p.effective_to - DAY0).days
    for d in range(lo, hi):
        out[d] = (p.leaf, p.min_age)
    return out


def _fresh(session) -> Jurisdiction:
    for model in (Citation, AuditEntry, StatusPeriod, Jurisdiction):
        session.execute(delete(model))
    j = Jurisdiction(code="US-AL", name="Alabama", kind="subdivision")
    session.add(j)
    session.flush()
    return j


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(writes(), min_size=1, max_size=6), data=st.data())
def test_as_of_known_on_queries_equal_a_brute_force_reference(session, ops, data):
    j = _fresh(session)
    snapshots = []  # the reference timeline after each write
    timeline = [None] * DAYS
    for k, p in enumerate(ops):
        history.record_history(session, j, [p], recorded_by="prop", now=T0 + timedelta(hours=k))
        timeline = _paint(timeline, p)
        snapshots.append(timeline)
        current = history.history(session, j)
        for x, y in zip(current, current[1:]):
            assert not overlaps(x.effective_from, x.effective_to, y.effective_from, y.effective_to)

    for _ in range(8):
        k = data.draw(st.integers(0, len(ops) - 1), label="known after write")
        day = data.draw(st.integers(0, DAYS - 1), label="as-of day")
        known = T0 + timedelta(hours=k, minutes=30)
        found = history.status_on(session, j, DAY0 + timedelta(day), known_on=known)
        got = None if found is None else (found.leaf, found.min_age)
        assert got == snapshots[k][day]
    # and "now" equals the last snapshot
    for day in range(DAYS):
        found = history.status_on(session, j, DAY0 + timedelta(day))
        assert (None if found is None else (found.leaf, found.min_age)) == snapshots[-1][day]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(writes(), min_size=1, max_size=5))
def test_re_recording_the_current_history_changes_nothing(session, ops):
    j = _fresh(session)
    for k, p in enumerate(ops):
        history.record_history(session, j, [p], recorded_by="prop", now=T0 + timedelta(hours=k))
    current = [history.as_input(p) for p in history.history(session, j)]
    before = len(history.all_beliefs(session, j))
    result = history.record_history(session, j, current, recorded_by="again", replace_all=True, now=T0 + timedelta(days=1))
    assert not result.changed
    assert len(history.all_beliefs(session, j)) == before

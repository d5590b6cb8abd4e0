"""Property tests: the bitemporal history against a brute-force, day-by-day reference."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.factories import examples, period
from tracker.status import history
from tracker.status.periods import overlaps
from tracker.store.models import AuditEntry, Citation, Jurisdiction, StatusPeriod

DAY0 = date(2020, 1, 1)
DAYS = 40  # the reference paints days 0..DAYS-1; every finite bound lies inside
T0 = datetime(2026, 1, 1, tzinfo=UTC)
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


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
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


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(writes(), min_size=1, max_size=5))
def test_re_recording_the_current_history_changes_nothing(session, ops):
    j = _fresh(session)
    for k, p in enumerate(ops):
        history.record_history(session, j, [p], recorded_by="prop", now=T0 + timedelta(hours=k))
    current = [history.as_input(p) for p in history.history(session, j)]
    before = len(history.all_beliefs(session, j))
    result = history.record_history(
        session, j, current, recorded_by="again", replace_all=True, now=T0 + timedelta(days=1)
    )
    assert not result.changed
    assert len(history.all_beliefs(session, j)) == before


def _reference_changes(session, start, end):
    """Brute force: every believed period of every jurisdiction, paired with the one before it."""
    by_j: dict[int, list] = {}
    for p in session.query(StatusPeriod).filter(StatusPeriod.superseded_at.is_(None)):
        by_j.setdefault(p.jurisdiction_id, []).append(p)
    out = []
    for periods in by_j.values():
        periods.sort(key=lambda p: p.effective_from or date.min)
        for before, after in zip([None, *periods], periods):
            if after.effective_from is None or not start <= after.effective_from <= end:
                continue
            if before is not None and before.effective_to != after.effective_from:
                before = None
            out.append(
                (after.jurisdiction.code, after.effective_from, before and before.id, after.id)
            )
    return sorted(out, key=lambda c: (c[1], c[0]))


def _fresh_places(session, n: int) -> list[Jurisdiction]:
    for model in (Citation, AuditEntry, StatusPeriod, Jurisdiction):
        session.execute(delete(model))
    places = [
        Jurisdiction(code=f"US-X{i}", name=f"Place {i}", kind="subdivision") for i in range(n)
    ]
    session.add_all(places)
    session.flush()
    return places


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    ops=st.lists(
        st.tuples(st.integers(0, 2), writes(), st.integers(0, 4), st.booleans()),
        min_size=1,
        max_size=10,
    ),
    data=st.data(),
)
def test_bounded_change_listings_equal_the_whole_listing_cut_to_size(session, ops, data):
    from tracker.reports import feeds

    places = _fresh_places(session, 3)
    for k, (which, p, day, recheck) in enumerate(ops):
        now = T0 + timedelta(
            days=day, hours=k
        )  # several recording days, in any order of effective dates
        history.record_history(session, places[which], [p], recorded_by="prop", now=now)
        if recheck:  # a correction of confidence only: the same change, recorded again later
            current = [
                history.as_input(x, confidence="low")
                for x in history.history(session, places[which])
            ]
            history.record_history(
                session,
                places[which],
                current,
                recorded_by="prop",
                replace_all=True,
                now=now + timedelta(days=3),
            )
    start = DAY0 + timedelta(data.draw(st.integers(0, DAYS - 1), label="from"))
    end = start + timedelta(data.draw(st.integers(0, DAYS), label="length"))
    whole = history.changes_between(session, start, end)
    assert [
        (c.jurisdiction.code, c.effective, c.before and c.before.id, c.after.id) for c in whole
    ] == _reference_changes(session, start, end)
    assert history.count_changes(session, start, end) == len(whole)
    n = data.draw(st.integers(1, 6), label="newest")
    assert [c.after.id for c in history.changes_between(session, start, end, newest=n)] == [
        c.after.id for c in whole[-n:]
    ]

    every = feeds.recorded_changes(session)
    for limit in (1, 2, 3, 5, 100):
        with patch.object(
            feeds, "WINDOW_MIN", 1
        ):  # windows of `limit` rows: early stops and several windows
            cut = feeds.recorded_changes(session, limit=limit)
        assert [(c.entry_id, c.after.id, c.before and c.before.id) for c in cut] == [
            (c.entry_id, c.after.id, c.before and c.before.id) for c in every[:limit]
        ]

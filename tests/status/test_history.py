"""The one write path and the read services of the bitemporal history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import jurisdiction, period
from tracker.status import history
from tracker.status.periods import ValidationError
from tracker.store.models import AuditEntry, StatusPeriod

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_recording_a_period_derives_its_category_and_writes_an_audit_entry(session):
    j = jurisdiction(session)
    result = history.record_history(
        session,
        j,
        [period(date(2016, 5, 10), leaf="controlled", seven_oh="controlled")],
        recorded_by="test",
    )
    assert result.inserted == 1 and result.superseded == 0
    row = session.scalars(select(StatusPeriod)).one()
    assert row.category == "banned"
    audit = session.scalars(select(AuditEntry)).one()
    assert audit.entity_id == "US-AL" and audit.detail["inserted"] == [row.id]


def test_re_recording_an_identical_period_is_a_no_op(session):
    j = jurisdiction(session)
    p = period(date(2019, 7, 1))
    history.record_history(session, j, [p], recorded_by="a", now=T0)
    again = history.record_history(session, j, [p], recorded_by="b", now=T0 + timedelta(days=1))
    assert not again.changed
    assert session.scalar(select(func.count()).select_from(StatusPeriod)) == 1


def test_a_new_law_splits_the_period_it_overlaps_and_keeps_the_remainder(session):
    j = jurisdiction(session)
    history.record_history(session, j, [period(None, leaf="unregulated")], recorded_by="a", now=T0)
    history.record_history(
        session,
        j,
        [period(date(2025, 8, 1), leaf="controlled")],
        recorded_by="b",
        now=T0 + timedelta(days=1),
    )
    current = history.history(session, j)
    assert [(p.effective_from, p.effective_to, p.leaf) for p in current] == [
        (None, date(2025, 8, 1), "unregulated"),
        (date(2025, 8, 1), None, "controlled"),
    ]
    assert history.status_on(session, j, date(2025, 7, 31)).category == "legal"
    assert history.status_on(session, j, date(2025, 8, 1)).category == "banned"


def test_a_correction_keeps_the_old_belief_visible_at_the_old_known_on_date(session):
    j = jurisdiction(session)
    history.record_history(
        session, j, [period(date(2014, 7, 1), leaf="controlled")], recorded_by="a", now=T0
    )
    history.record_history(
        session,
        j,
        [period(date(2014, 7, 1), leaf="regulated", min_age=18)],
        recorded_by="b",
        now=T0 + timedelta(days=10),
    )
    old = history.status_on(session, j, date(2020, 1, 1), known_on=date(2026, 1, 5))
    new = history.status_on(session, j, date(2020, 1, 1))
    assert old.leaf == "controlled" and new.leaf == "regulated"
    assert history.status_on(session, j, date(2020, 1, 1), known_on=date(2025, 12, 31)) is None
    superseded = [p for p in history.all_beliefs(session, j) if p.superseded_at]
    assert len(superseded) == 1 and superseded[0].superseded_at == T0 + timedelta(days=10)


def test_replace_all_retires_periods_that_are_no_longer_stated(session):
    j = jurisdiction(session)
    history.record_history(
        session,
        j,
        [period(None, date(2020, 1, 1), leaf="unregulated"), period(date(2020, 1, 1))],
        recorded_by="a",
        now=T0,
    )
    result = history.record_history(
        session,
        j,
        [period(None, leaf="unregulated")],
        recorded_by="b",
        replace_all=True,
        now=T0 + timedelta(1),
    )
    assert result.superseded == 2 and result.inserted == 1
    assert [p.leaf for p in history.history(session, j)] == ["unregulated"]


def test_overlapping_periods_in_one_write_are_refused_with_the_field_named(session):
    j = jurisdiction(session)
    with pytest.raises(ValidationError, match=r"periods\[1\]\.effective_from"):
        history.record_history(
            session, j, [period(date(2020, 1, 1)), period(date(2021, 1, 1))], recorded_by="a"
        )


def test_a_period_without_a_citation_is_refused(session):
    j = jurisdiction(session)
    with pytest.raises(ValidationError, match=r"periods\[0\]\.citations"):
        history.record_history(
            session, j, [period(date(2020, 1, 1), citations=())], recorded_by="a"
        )


def test_an_unknown_period_needs_no_citation(session):
    j = jurisdiction(session)
    history.record_history(
        session,
        j,
        [period(None, leaf="unknown", seven_oh="unknown", citations=(), verified_on=None)],
        recorded_by="a",
    )
    assert history.status_on(session, j, date(2020, 1, 1)).category == "unknown"


def test_changes_between_lists_each_change_with_its_field_diff(session):
    j = jurisdiction(session, "US-LA", "Louisiana")
    history.record_history(
        session,
        j,
        [
            period(None, date(2025, 8, 1), leaf="regulated", min_age=18),
            period(date(2025, 8, 1), leaf="controlled", seven_oh="controlled"),
        ],
        recorded_by="a",
    )
    changes = history.changes_between(session, date(2025, 1, 1), date(2025, 12, 31))
    assert len(changes) == 1
    change = changes[0]
    assert change.effective == date(2025, 8, 1) and change.jurisdiction.code == "US-LA"
    fields = {c.field: (c.before, c.after) for c in change.fields}
    assert fields["category"] == ("regulated", "banned")
    assert fields["leaf"] == ("regulated", "controlled")
    assert fields["min_age"] == (18, None)
    assert history.changes_between(session, date(2024, 1, 1), date(2024, 12, 31)) == []


def test_diff_of_identical_periods_is_empty(session):
    j = jurisdiction(session)
    history.record_history(session, j, [period(date(2020, 1, 1))], recorded_by="a")
    p = history.history(session, j)[0]
    assert history.diff_periods(p, p) == []

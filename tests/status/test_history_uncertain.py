"""Uncertain dates, recorded_on as transaction time, and rule F, on the history read path (#13)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.factories import jurisdiction, period
from tracker.reports import status_table
from tracker.status import history
from tracker.status.periods import parse_when
from tracker.store.models import Jurisdiction, StatusPeriod


def _year_ban(session, code="US-RI", name="Rhode Island"):
    """Unknown before a ban dated only to '2017', as the Rhode Island file has it."""
    j = jurisdiction(session, code, name)
    when = parse_when("2017", "effective_from")
    before = period(
        None,
        when.earliest,
        leaf="unknown",
        seven_oh="unknown",
        citations=(),
        effective_to_edtf="2017",
    )
    ban = period(
        when.earliest,
        date(2026, 4, 1),
        leaf="controlled",
        seven_oh="controlled",
        effective_from_edtf="2017",
        summary="Schedule I listing.",
    )
    history.record_history(session, j, [before, ban], recorded_by="test")
    return j


def test_a_ban_dated_to_a_year_does_not_answer_before_that_year(session):
    j = _year_ban(session)
    answered = history.status_on(session, j, date(2000, 1, 1))
    assert answered.category == "unknown" and answered.effective_to == date(2017, 1, 1)


def test_inside_the_year_the_answer_is_unknown_with_the_reason_and_the_law_in_the_notes(session):
    j = _year_ban(session)
    answered = history.status_on(session, j, date(2017, 6, 1))
    assert (answered.category, answered.leaf, answered.seven_oh) == (
        "unknown",
        "unknown",
        "unknown",
    )
    assert answered.summary == "law dated 2017; exact day not established"
    assert answered.notes == "From 2017-12-31 the tracker records banned: Schedule I listing."
    assert answered.id is None and answered.answers_for.category == "banned"
    assert [c.label for c in answered.citations] == [
        "Test Act § 1"
    ]  # the law's citations stay visible
    assert answered not in session  # a stand-in, never written


def test_from_the_latest_possible_start_the_ban_answers(session):
    j = _year_ban(session)
    assert history.status_on(session, j, date(2017, 12, 30)).category == "unknown"
    assert history.status_on(session, j, date(2017, 12, 31)).category == "banned"
    assert history.statuses_on(session, date(2017, 12, 31))[j.id].category == "banned"
    assert history.statuses_on(session, date(2017, 3, 1))[j.id].category == "unknown"


def test_the_sql_status_table_answers_by_the_same_rule_and_filters_by_the_answered_category(
    session,
):
    j = _year_ban(session)
    for day, expected in (
        (date(2000, 1, 1), "unknown"),
        (date(2017, 6, 1), "unknown"),
        (date(2018, 1, 1), "banned"),
    ):
        _, rows = status_table.status_table(session, day, limit=10)
        (row,) = [r for r in rows if r["code"] == j.code]
        assert row["category"] == expected, day
        assert row["effective_from_edtf"] == (None if day.year == 2000 else "2017")
        orm = history.status_on(session, j, day)
        assert (orm.category, orm.summary) == (row["category"], row["summary"]), day
        banned = status_table.status_table(session, day, category="banned", limit=10)[1]
        assert (j.code in {r["code"] for r in banned}) == (expected == "banned"), day


def test_a_month_precision_start_with_a_tilde_reads_as_about_that_month():
    from tracker.status.periods import when_text

    assert when_text(date(2017, 3, 1), "2017-03~") == "about March 2017"
    assert when_text(date(2012, 1, 1), "2012?") == "2012 (uncertain)"
    assert when_text(date(2017, 1, 1), "2017") == "2017"
    assert when_text(date(2017, 3, 15), None) == "2017-03-15"
    assert parse_when("2026-02~", "x").latest == date(2026, 2, 28)  # "~" widens nothing


def test_a_period_with_recorded_on_is_recorded_at_midnight_utc_of_that_day_and_others_at_the_clock(
    session,
):
    j = jurisdiction(session)
    old = period(
        date(2016, 5, 10), leaf="controlled", seven_oh="controlled", recorded_on=date(2026, 11, 27)
    )
    history.record_history(session, j, [old], recorded_by="dataset")
    (row,) = session.scalars(select(StatusPeriod)).all()
    assert row.recorded_at == datetime(2026, 11, 27, tzinfo=UTC) and row.recorded_on == date(
        2026, 11, 27
    )
    assert history.status_on(session, j, date(2020, 1, 1), known_on=date(2026, 11, 26)) is None
    assert (
        history.status_on(session, j, date(2020, 1, 1), known_on=date(2026, 11, 27)).category
        == "banned"
    )
    # a later dataset version restates the period differently: new recorded_on, the old belief superseded then
    new = period(
        date(2016, 5, 10),
        leaf="controlled",
        seven_oh="controlled",
        recorded_on=date(2026, 12, 7),
        summary="restated",
    )
    history.record_history(session, j, [new], recorded_by="dataset", replace_all=True)
    session.flush()
    rows = session.scalars(select(StatusPeriod).order_by(StatusPeriod.id)).all()
    assert rows[0].superseded_at == rows[1].recorded_at == datetime(2026, 12, 7, tzinfo=UTC)
    assert (
        history.status_on(session, j, date(2020, 1, 1), known_on=date(2026, 12, 1)).summary is None
    )
    assert history.status_on(session, j, date(2020, 1, 1)).summary == "restated"
    # a curator's change (no recorded_on) keeps its real time: after everything before it
    history.record_history(
        session, j, [period(date(2027, 1, 1), leaf="regulated")], recorded_by="curator"
    )
    latest = session.scalars(select(StatusPeriod).order_by(StatusPeriod.recorded_at.desc())).first()
    assert latest.recorded_at > datetime(2026, 12, 7, tzinfo=UTC) and latest.recorded_on is None


def _follower(session, automatic=True):
    j = jurisdiction(session, "US-KY", "Kentucky")
    j.federal_scheduling = {
        "automatic": automatic,
        "scope": "Schedule I follows 21 C.F.R. 1308.11, temporary listings included",
        "citation": {
            "kind": "agency_rule",
            "label": "902 KAR 55:015",
            "url": "https://apps.legislature.ky.gov/law/kar/",
            "accessed": "2026-12-07",
            "source_date": None,
        },
    }
    history.record_history(
        session,
        j,
        [
            period(
                date(2024, 7, 15),
                leaf="regulated",
                seven_oh="capped",
                seven_oh_threshold="2%",
                min_age=21,
            )
        ],
        recorded_by="test",
    )
    us = jurisdiction(session, "US", "United States", kind="federal")
    history.record_history(
        session,
        us,
        [
            period(None, date(2027, 3, 1), leaf="unregulated"),
            period(
                date(2027, 3, 1),
                leaf="unregulated",
                seven_oh="controlled",
                summary="DEA temporary order on 7-OH.",
            ),
        ],
        recorded_by="test",
    )
    return j


def test_a_state_that_follows_federal_scheduling_takes_a_federal_7_oh_order_on_its_date(session):
    j = _follower(session)
    before = history.status_on(session, j, date(2027, 2, 1))
    assert (before.category, before.seven_oh, before.federal_order) == ("regulated", "capped", None)
    after = history.status_on(session, j, date(2027, 3, 1))
    assert (after.category, after.seven_oh, after.seven_oh_threshold) == (
        "restricted",
        "controlled",
        None,
    )
    assert after.federal_order.startswith(
        "follows federal scheduling automatically: a federal order applies here"
    )
    assert "DEA temporary order on 7-OH." in after.notes and after.id is None
    assert history.statuses_on(session, date(2027, 3, 1))[j.id].category == "restricted"
    _, rows = status_table.status_table(session, date(2027, 3, 1), limit=10)
    row = next(r for r in rows if r["code"] == "US-KY")
    assert (
        row["category"] == "restricted"
        and row["federal_scheduling"]["federal_order"] == after.federal_order
    )
    restricted = status_table.status_table(
        session, date(2027, 3, 1), category="restricted", limit=10
    )[1]
    assert "US-KY" in {r["code"] for r in restricted}
    stored = session.scalars(select(StatusPeriod).where(StatusPeriod.jurisdiction_id == j.id)).one()
    assert stored.category == "regulated"  # derived on the date asked, never written


def test_a_state_that_must_act_itself_does_not_take_the_federal_order(session):
    j = _follower(session, automatic=False)
    assert history.status_on(session, j, date(2027, 6, 1)).category == "regulated"
    assert session.scalar(select(Jurisdiction).where(Jurisdiction.code == "US")) is not None


def _by_the_grammar(text: str):
    """The bounds the edtf package gives (its strict ones), or None where it refuses the text."""
    from edtf import parse_edtf, struct_time_to_date
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
        return (
            struct_time_to_date(parsed.lower_strict()),
            struct_time_to_date(parsed.upper_strict()),
        )
    except (EDTFParseException, ValueError, OverflowError):
        return None


@contextmanager
def _unbounded_packrat():
    """The edtf grammar with pyparsing's packrat cache unbounded for the length of each parse
    (edtf turns it on with 128 entries, which its alternatives outgrow): the same results, about
    a quarter less time. The cache is emptied at each parse either way; the bound is put back."""
    import pyparsing
    from edtf.parser import grammar  # noqa: F401 - turns its own 128-entry cache on first

    pyparsing.ParserElement.enable_packrat(None, force=True)
    try:
        yield
    finally:
        pyparsing.ParserElement.enable_packrat(128, force=True)


def test_years_and_months_are_bounded_exactly_as_the_edtf_grammar_bounds_them():
    """parse_when computes a year's or a month's bounds itself (the grammar costs milliseconds a
    parse); every year or month text, qualified or not, gets the bounds the grammar gives, and
    what the grammar refuses (month 13, year 0) is still refused."""
    years = ("0000", "0001", "0999", "1000", "1582", "1900", "2000", "2016", "2017", "2100", "9999")
    months = [f"{m:02d}" for m in (0, *range(1, 14), 20, 21, 24, 25, 99)]
    texts = [
        y + part + mark
        for y in years
        for part in ("", *(f"-{m}" for m in months))
        for mark in ("", "~", "?", "%")
    ]
    outcomes = {"bounded": 0, "refused": 0}
    with _unbounded_packrat():
        wanted = [_by_the_grammar(text) for text in texts]
    for text, want in zip(texts, wanted, strict=True):
        try:
            when = parse_when(text, "x")
            got = (when.earliest, when.latest)
        except ValueError:
            got = None
        assert got == want, text
        if got is not None:
            assert when.edtf == text
        outcomes["bounded" if got else "refused"] += 1
    print(f"\n{len(texts)} EDTF texts: {outcomes}")
    assert outcomes["bounded"] > 500 and outcomes["refused"] > 100  # both sides were exercised

"""The bundled dataset on a fresh install: no period answers before its law existed, dated
assertions on the 2026 changes, reproducible "as the tracker knew it", and how it is sourced (#13)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from tests.conftest import initialised_runtime
from tracker.cli.main import cli
from tracker.reports import status_table
from tracker.status import dataset, history, jurisdictions
from tracker.status.serialize import status_json

GRID = [date(y, m, 1) for y in range(1990, 2028) for m in (1, 7)]


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = initialised_runtime(tmp_path_factory.mktemp("db"))
    yield runtime
    runtime.engine.dispose()


def _answer(rt, code: str, as_of: date, known_on=None) -> dict:
    with rt.sessions() as s:
        j = jurisdictions.find(s, code)
        return status_json(j, history.status_on(s, j, as_of, known_on))


def test_no_jurisdiction_answers_a_date_before_its_law_existed_on_a_grid_of_dates(rt):
    """Every Jan 1 and Jul 1 1990-2027: a researched answer only on or after the latest possible start."""
    latest = {}
    for f in dataset.parse_dataset():
        for p in f.periods:
            latest[(f.code, p.effective_from)] = p.effective_from_latest
    checked = 0
    with rt.sessions() as s:
        for day in GRID:
            for row in status_table.iter_status(s, day):
                if row["category"] == "unknown" or row["effective_from"] is None:
                    continue  # unknown, or an open start (only allowed with no kratom-specific law)
                start = date.fromisoformat(row["effective_from"])
                assert latest[(row["code"], start)] <= day, (row["code"], day, row["category"])
                assert row["category"] == "legal" or start <= day
                checked += 1
    assert checked > 1000


def test_rhode_island_on_the_grid_answers_unknown_then_unknown_with_the_reason_then_banned(rt):
    assert _answer(rt, "US-RI", date(2000, 1, 1))["category"] == "unknown"
    inside = _answer(rt, "US-RI", date(2017, 7, 1))
    assert (
        inside["category"] == "unknown"
        and inside["summary"] == "law dated 2017; exact day not established"
    )
    assert _answer(rt, "US-RI", date(2018, 1, 1))["category"] == "banned"
    assert _answer(rt, "US-RI", date(2018, 1, 1))["effective_from_edtf"] == "2017"
    assert (
        _answer(rt, "US-TN", date(2000, 1, 1))["category"] == "unknown"
    )  # 21+ only from the 2018 law


def test_louisiana_is_banned_as_the_tracker_knew_it_on_2026_11_27_on_every_install(rt, tmp_path):
    first = _answer(rt, "US-LA", date(2026, 11, 27), known_on=date(2026, 11, 27))
    assert first["category"] == "banned" and first["effective_from"] == "2025-08-01"
    second_rt = initialised_runtime(tmp_path)  # a second fresh install, at another time
    try:
        with second_rt.sessions() as s:
            j = jurisdictions.find(s, "US-LA")
            second = status_json(j, history.status_on(s, j, date(2026, 11, 27), date(2026, 11, 27)))
            recorded = history.status_on(s, j, date(2026, 11, 27)).recorded_at
    finally:
        second_rt.engine.dispose()
    assert second == first
    assert recorded == datetime(
        2026, 11, 27, tzinfo=UTC
    )  # the dataset's recorded_on, not the clock


def test_facts_first_stated_on_2026_12_07_are_not_known_on_2026_11_27(rt):
    # Oklahoma SB 891 (in force 2025-11-01) entered the dataset on 2026-12-07; on 2026-11-27 the
    # tracker still stated the 2024 act's period for 2026 (kept in US-OK.yaml's superseded list)
    then = _answer(rt, "US-OK", date(2026, 1, 1), known_on=date(2026, 11, 27))
    now = _answer(rt, "US-OK", date(2026, 1, 1), known_on=date(2026, 12, 7))
    assert (then["category"], then["effective_from"]) == ("regulated", "2024-11-01")
    assert "SB 891" not in (then["summary"] or "")
    assert (now["category"], now["effective_from"]) == ("regulated", "2025-11-01")
    assert "SB 891" in now["summary"]


def test_florida_emergency_rule_2er26_1_applies_from_2026_06_22_and_the_2025_rule_before_it(rt):
    june = _answer(rt, "US-FL", date(2026, 6, 1))
    july = _answer(rt, "US-FL", date(2026, 7, 1))
    assert (june["category"], june["seven_oh"], june["effective_from"]) == (
        "restricted",
        "controlled",
        "2025-08-13",
    )
    assert (july["category"], july["seven_oh"], july["min_age"]) == ("restricted", "controlled", 21)
    assert july["effective_from"] == "2026-06-22" and "2ER26-1" in july["summary"]
    assert july["confidence"] == "low" and july["official_search"].startswith("none found")


def test_oklahoma_sb_891_is_in_force_from_2025_11_01_with_the_1_percent_cap(rt):
    before = _answer(rt, "US-OK", date(2025, 10, 31))
    after = _answer(rt, "US-OK", date(2025, 11, 1))
    assert after["effective_from"] == "2025-11-01" and after["enacted_on"] == "2025-05-22"
    assert "SB 891" in after["summary"] and "SB 891" not in (before["summary"] or "")
    assert after["seven_oh"] == "capped" and after["seven_oh_threshold"].startswith(
        "1% of the alkaloid"
    )
    assert after["min_age"] == 18 and after["labelling"] is True
    assert after["citations"][0]["official"] and after["citations"][0]["kind"] == "session_law"


def test_louisiana_went_from_an_18_plus_rule_to_a_ban_on_2025_08_01(rt):
    assert _answer(rt, "US-LA", date(2025, 7, 31))["min_age"] == 18
    assert _answer(rt, "US-LA", date(2025, 7, 31))["category"] == "regulated"
    assert _answer(rt, "US-LA", date(2025, 8, 1))["category"] == "banned"


def test_thailand_was_banned_until_2021_08_24_and_regulated_18_plus_since_2022_08_27(rt):
    assert _answer(rt, "TH", date(2000, 1, 1))["category"] == "banned"
    assert _answer(rt, "TH", date(2021, 8, 24))["category"] != "banned"
    assert _answer(rt, "TH", date(2023, 1, 1))["min_age"] == 18
    assert _answer(rt, "TH", date(2026, 12, 7))["leaf"] == "regulated"


def test_canada_is_coded_by_rule_r0_as_no_kratom_specific_law(rt):
    canada = _answer(rt, "CA", date(2026, 12, 7))
    assert canada["leaf"] == "unregulated" and canada["category"] == "legal"
    assert "general food/drug law" in canada["notes"].lower()


def test_kentucky_and_wisconsin_record_that_they_follow_federal_scheduling(rt):
    ky = _answer(rt, "US-KY", date(2026, 12, 7))
    assert (
        ky["federal_scheduling"]["automatic"] is True
        and ky["federal_scheduling"]["citation"]["official"]
    )
    assert (
        ky["federal_scheduling"]["federal_order"] is None
    )  # no federal order on kratom or 7-OH in the data
    assert _answer(rt, "US-WI", date(2026, 12, 7))["federal_scheduling"]["automatic"] is True


def test_the_json_export_of_a_fresh_install_dates_and_kinds_every_citation_and_reports_its_sourcing(
    rt,
):
    result = CliRunner().invoke(
        cli,
        ["export", "--format", "json", "--as-of", "2026-12-07"],
        obj={"runtime": rt},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    citations = [c for row in doc["jurisdictions"] for c in row["citations"]]
    assert citations and all(c["kind"] and c["accessed"] for c in citations)
    for row in doc["jurisdictions"]:
        flags = [c["official"] for c in row["citations"]]
        assert flags == sorted(flags, reverse=True), row["code"]  # official kinds first
    sourcing = doc["sourcing"]
    # Floors at the 2026.12.07 figures, so they cannot silently drop. Issue #13 asks for >= 80 %
    # official and 0 resting only on vendor/advocacy/aggregator pages: not reached yet.
    assert sourcing["researched_statuses"] >= 120
    assert sourcing["with_official_citation"] >= 50 and sourcing["official_share"] >= 0.41
    assert sourcing["interested_only"] <= 15 and sourcing["aggregator_only"] <= 4
    assert len(sourcing["interested_only_codes"]) == sourcing["interested_only"]

"""/changes (by effective or recorded date, by range and region) and /bills (filters, reappearance)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from tests.conftest import initialised_runtime
from tests.factories import add_bill
from tracker.reports import bills, timeline
from tracker.reports.bills import Peer, find_reappearances, normalise_identifier
from tracker.status import history, jurisdictions
from tracker.web import create_app

FAR = datetime(
    2031, 3, 3, 9, 30, tzinfo=UTC
)  # after the bundled dataset was recorded, whenever that was


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = initialised_runtime(tmp_path_factory.mktemp("changes"))
    with runtime.transaction() as s:
        _correct_mississippi(s)
        _add_bills(s)
    yield runtime
    runtime.engine.dispose()


def _correct_mississippi(s) -> None:
    """A correction recorded later: the newest row by recorded date."""
    ms = jurisdictions.find(s, "US-MS")
    last = history.history(s, ms)[-1]
    result = history.record_history(
        s,
        ms,
        [history.as_input(last, summary="Corrected summary for the test.", confidence="low")],
        recorded_by="test curator",
        now=FAR,
        reason="a test correction",
    )
    assert result.superseded == 1


def _bill(s, *args, **kw):
    add_bill(s, *args, at=FAR, **kw)


def _add_bills(s) -> None:
    ban = "Adds mitragynine and 7-hydroxymitragynine to Schedule I"
    _bill(
        s,
        "US-LA",
        "2014 Regular Session",
        "HB 19",
        ban,
        "failed",
        "ban",
        [("2014-06-02", "Died at sine die")],
    )
    _bill(
        s,
        "US-LA",
        "2015 Regular Session",
        "HB 210",
        ban + " of the controlled dangerous substances law",
        "in_committee",
        "ban",
        [("2015-04-13", "Referred to committee")],
    )
    _bill(
        s,
        "US-LA",
        "2025 Regular Session",
        "SB 154",
        "Provides relative to kratom",
        "enacted",
        "ban",
        [
            ("2025-03-01", "Introduced"),
            ("2025-06-04", "Signed by the Governor. Becomes Act No. 41."),
        ],
    )
    _bill(
        s,
        "US-FL",
        "2024",
        "HB 1",
        "Kratom Consumer Protection Act; age limit of 21",
        "enacted",
        "regulate",
        [("2024-03-01", "Passed"), ("2024-05-01", "Approved by Governor")],
    )
    _bill(
        s,
        "US-FL",
        "2026",
        "H.B. 0001",
        "Relating to kratom products; 7-hydroxymitragynine limits",
        "introduced",
        "7-OH",
        [("2026-01-13", "Filed")],
    )
    _bill(
        s,
        "US-OH",
        "136th General Assembly",
        "HB 3",
        "Creates a study committee on kratom",
        "introduced",
        "study",
    )
    _bill(
        s,
        "US-TX",
        "89(R) 2025",
        "HB 999",
        "<script>alert(1)</script> kratom bill",
        "introduced",
        "regulate",
        [("2025-02-01", "<b>Filed</b>")],
        url="javascript:alert(1)",
    )
    _bill(
        s,
        "US-TX",
        "89(R) 2025",
        "HB 1000",
        "An unrelated bill about kratom-flavoured tea",
        "introduced",
        None,
        relevant=False,
    )


@pytest.fixture(scope="module")
def client(rt):
    app = create_app(rt)
    app.testing = True
    return app.test_client()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    assert ' style="' not in html and "<script" not in html
    return html


def bill_id(row: str) -> str:
    """The bill number in a /bills row (the second cell, linked or not)."""
    return re.search(r"(H\.B\. 0001|HB \d+|SB \d+)", row.split("<td>")[2]).group(1)


def rows(html: str) -> list[str]:
    """The rows of the bills table, or the cards of the changes page (one string each)."""
    if '<ol class="change-cards"' in html:
        body = html.split('<ol class="change-cards"')[1].split("</ol>")[0]
        return [re.sub(r"\s+", " ", r) for r in body.split('<li class="after-')[1:]]
    body = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return [re.sub(r"\s+", " ", r) for r in body.split("<tr>")[1:]]


# --- /changes -----------------------------------------------------------------------------------


def test_changes_by_effective_date_list_the_louisiana_ban_with_its_diff_and_a_link(client):
    html = page(client, "/changes")
    la = [r for r in rows(html) if "Louisiana" in r and "2025-08-01" in r]
    assert len(la) == 1
    assert 'href="/j/US-LA?as_of=2025-08-01#period-' in la[0]
    assert "regulated → banned, effective 2025-08-01" in la[0]
    assert "<li>category: regulated → banned</li>" in la[0]
    assert "SB 154 (2025 Regular Session), Act 41 of 2025" in la[0]
    dates = [
        m for r in rows(html) for m in re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', r)[:1]
    ]
    assert dates == sorted(dates, reverse=True)  # newest first
    for label in ('for="by"', 'for="from"', 'for="to"', 'for="region"'):
        assert label in html


def test_changes_are_filtered_by_date_range_and_region(client):
    day = page(client, "/changes?from=2025-08-01&to=2025-08-01")
    assert any("Louisiana" in r for r in rows(day))
    assert all('datetime="2025-08-01"' in r for r in rows(day))
    us = page(client, "/changes?region=us&from=2025-01-01")
    assert any("Louisiana" in r for r in rows(us))
    assert not any("(TH)" in r for r in rows(us))
    countries = page(client, "/changes?region=countries")
    assert rows(countries) and not any("(US-" in r for r in rows(countries))
    localities = page(client, "/changes?region=localities")
    assert rows(localities) and all(
        re.search(r"\(US-[A-Z]{2}/[a-z0-9-]+\)", r) for r in rows(localities)
    )
    empty = page(client, "/changes?from=1900-01-01&to=1900-01-02")
    assert "No changes match these filters." in empty


def test_changes_by_recorded_date_show_when_the_tracker_learned_it_newest_first(client):
    html = page(client, "/changes?by=recorded")
    found = rows(html)
    assert (
        "Mississippi" in found[0]
        and "correction" in found[0]
        and "2031-03-03 09:30 UTC" in found[0]
    )
    assert (
        "test curator" in found[0] and "<li>confidence: " in found[0] and "→ low</li>" in found[0]
    )
    assert any(
        "Louisiana" in r and "regulated → banned" in r for r in found
    )  # the dataset rows, recorded earlier
    only_then = page(client, "/changes?by=recorded&from=2031-03-03&to=2031-03-03")
    assert len(rows(only_then)) == 1 and "Mississippi" in rows(only_then)[0]
    none_then = page(client, "/changes?by=recorded&from=2031-03-04")
    assert "No changes match these filters." in none_then
    countries = page(client, "/changes?by=recorded&region=countries&to=2031-01-01")
    assert rows(countries) and not any("(US" in r for r in rows(countries))


@pytest.mark.parametrize(
    "query, name",
    [
        ("by=popularity", "by"),
        ("from=2025-13-01", "from"),
        ("to=soon", "to"),
        ("region=mars", "region"),
        ("from=2025-02-01&to=2025-01-01", "to"),
    ],
)
def test_bad_changes_parameters_are_400_naming_the_parameter(client, query, name):
    response = client.get(f"/changes?{query}")
    assert response.status_code == 400
    assert f"{name}:" in response.get_data(as_text=True)


def test_the_change_services_work_on_a_session(rt):
    with rt.sessions() as s:
        eff = timeline.changes_by_effective(s, date(2025, 8, 1), date(2025, 8, 1), "us")
        la = next(r for r in eff if r.jurisdiction.code == "US-LA")
        assert (
            la.kind == "change"
            and la.before.category == "regulated"
            and la.after.category == "banned"
        )
        assert "Act 41" in la.citation.label
        rec, truncated = timeline.changes_by_recorded(s, date(2031, 3, 3), None, "all")
        assert not truncated and [(r.jurisdiction.code, r.kind) for r in rec] == [
            ("US-MS", "correction")
        ]
        assert rec[0].headline.startswith("corrected: ")
        capped, truncated = timeline.changes_by_recorded(s, None, None, "all", limit=3)
        assert truncated and len(capped) == 3
        with pytest.raises(ValueError):
            timeline.region_condition("mars")


# --- /bills -------------------------------------------------------------------------------------


def test_bills_list_tracked_bills_with_their_last_action_and_flag_reappearances(client):
    html = page(client, "/bills")
    found = rows(html)
    assert len(found) == 7  # the irrelevant bill is left out
    by_id = {bill_id(r): r for r in found}
    assert "Signed by the Governor. Becomes Act No. 41." in by_id["SB 154"]
    assert "enacted" in by_id["SB 154"] and "flag" not in by_id["SB 154"]
    assert (
        'class="flag"' in by_id["HB 210"]
        and "Earlier: HB 19 (2014 Regular Session): similar title (5 of 5 key words shared)"
        in by_id["HB 210"]
    )
    assert (
        'class="flag"' in by_id["H.B. 0001"]
        and "Earlier: HB 1 (2024): same bill number" in by_id["H.B. 0001"]
    )
    assert 'class="flag"' not in by_id["HB 19"] and 'class="flag"' not in by_id["HB 3"]
    hostile = by_id["HB 999"]
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile and "&lt;b&gt;Filed&lt;/b&gt;" in hostile
    )
    assert "javascript:" not in html
    for label in ('for="stage"', 'for="jurisdiction"', 'for="intent"'):
        assert label in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("stage=enacted", {"SB 154", "HB 1"}),
        ("intent=7-OH", {"H.B. 0001"}),
        ("intent=study", {"HB 3"}),
        ("jurisdiction=US-LA", {"HB 19", "HB 210", "SB 154"}),
        ("jurisdiction=us-la&intent=ban&stage=failed", {"HB 19"}),
        ("jurisdiction=US-CA", set()),
    ],
)
def test_bills_are_filtered_by_stage_jurisdiction_and_intent(client, query, expected):
    html = page(client, f"/bills?{query}")
    shown = {bill_id(r) for r in rows(html)}
    assert shown == expected
    if not expected:  # no scraped bill; bills the dataset cites are listed apart, marked as such
        assert (
            "No tracked bills match these filters." in html
            or "No scraped bill matches these filters" in html
        )


@pytest.mark.parametrize(
    "query, name",
    [
        ("stage=signed", "stage"),
        ("intent=legalise", "intent"),
        ("jurisdiction=US-ZZ", "jurisdiction"),
        ("jurisdiction=" + "x" * 200, "jurisdiction"),
    ],
)
def test_bad_bill_filters_are_400_naming_the_parameter(client, query, name):
    response = client.get(f"/bills?{query}")
    assert response.status_code == 400
    assert f"{name}:" in response.get_data(as_text=True)


def test_reappearance_needs_the_same_place_and_a_later_session():
    def peer(i, j, session, ident, title, start="2020-01-01"):
        return Peer(i, j, session, ident, title, start)

    flags = find_reappearances(
        [
            peer(1, 10, "2019", "SB 5", "Kratom Consumer Protection Act"),
            peer(
                2, 10, "2021", "HB 77", "The Kratom Consumer Protection Act"
            ),  # same words without boilerplate
            peer(3, 11, "2021", "SB 5", "Kratom Consumer Protection Act"),  # another state
            peer(4, 10, "2019", "HB 8", "Kratom Consumer Protection Act"),  # the same session
            peer(5, 10, "2023", "SB 5", "Appropriations for the state budget"),  # same number
            peer(6, None, "2023", "SB 5", "Kratom Consumer Protection Act"),  # no jurisdiction
            peer(
                7,
                10,
                "2025",
                "HB 500",
                "Kratom retail licensing, testing and labelling requirements",
            ),  # a different bill
        ]
    )
    assert {r.bill_id for r in flags[2]} == {1, 4}
    assert all(r.reason == "similar title (3 of 3 key words shared)" for r in flags[2])
    assert not {1, 3, 4, 6, 7} & set(flags)
    assert [(r.bill_id, r.reason) for r in flags[5]] == [(1, "same bill number")]
    assert normalise_identifier("S.B. 0154") == normalise_identifier("SB154") == "SB154"
    assert bills.stage_words("passed_one") == "passed one chamber"

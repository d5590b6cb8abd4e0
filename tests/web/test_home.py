"""The home page: the status table (filters, sort, paging), both maps, the landscape and recent changes."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from tracker.reports import landscape, table
from tracker.status import regions
from tracker.status.dataset import parse_dataset
from tracker.store.models import StatusPeriod
from tracker.web.maps import load_map

# Place counts follow the bundled data: every ISO country and US subdivision (308) plus one row per
# locality file, so adding a researched locality does not break these tests (#13).


@cache
def locality_count() -> int:
    """How many localities the bundled dataset holds (read when a test asks, not at collection:
    every pytest process collects this module)."""
    return sum(1 for f in parse_dataset() if f.code.count("/") == 1)


def place_count() -> int:
    return 308 + locality_count()


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def table_rows(page: BeautifulSoup) -> list[dict]:
    """The status table's rows as {code, name, kind, category, source, leaf, seven_oh, min_age, ...}."""
    out = []
    for tr in page.select("table.home-status tbody tr"):
        cell = {
            c: tr.select_one(f".col-{c}")
            for c in (
                "name",
                "cat",
                "since",
                "source",
                "kind",
                "leaf",
                "7oh",
                "age",
                "verified",
                "conf",
            )
        }
        out.append(
            {
                "name": cell["name"].a.get_text(),
                "code": cell["name"].select_one(".code").get_text(),
                "href": cell["name"].a["href"],
                "category": cell["cat"].get_text(strip=True).lower(),
                "effective_from": cell["since"].get_text(strip=True),
                "source": cell["source"],
                "kind": cell["kind"].get_text(strip=True),
                "leaf": cell["leaf"].get_text(strip=True),
                "seven_oh": cell["7oh"].get_text(" ", strip=True),
                "min_age": cell["age"].get_text(strip=True),
                "verified_on": cell["verified"].get_text(strip=True),
                "confidence": cell["conf"].get_text(strip=True),
            }
        )
    return out


def test_the_home_page_leads_with_the_maps_and_the_table_and_summarises_the_article(client):
    page = soup(client.get("/"))
    statement = page.select_one("#as-of-statement").get_text()
    assert "Showing the law in force on" in statement and date.today().isoformat() in statement
    # a skip link to the table comes before the maps
    main = str(page.select_one("main"))
    assert (
        main.index('href="#status-table"')
        < main.index('class="home-maps"')
        < main.index('id="status-table"')
    )
    # the table: first page of 100, researched places first (by name), then the unknown ones
    rows = table_rows(page)
    assert len(rows) == 100 and all(r["category"] != "unknown" for r in rows)
    assert [table.name_key(r["name"]) for r in rows] == sorted(
        table.name_key(r["name"]) for r in rows
    )
    assert "US-LA" in {r["code"] for r in rows}
    headers = [
        th.get_text(" ", strip=True).replace(" ▲", "")
        for th in page.select("table.home-status thead th")
    ]
    assert headers[:4] == ["Name code", "Category", "In force since", "Source (official first)"]
    assert headers[4:] == [
        "Type",
        "Leaf",
        "7-OH rule",
        "Minimum age",
        "Last verified",
        "Confidence",
    ]
    # plain words, never the codebook's field names
    table_text = page.select_one("table.home-status").get_text()
    for raw in ("seven_oh", "min_age", "sale_prohibited", "subdivision"):
        assert raw not in table_text
    la = next(r for r in rows if r["code"] == "US-LA")
    assert la["category"] == "banned" and la["kind"] == "US state"
    assert (
        la["source"].a["href"].startswith("https://") and "(2025-07-31)" in la["source"].get_text()
    )
    assert "Showing 1–100 of" in page.select_one("#table-summary").get_text()
    # the US tile grid: a labelled, linked tile per state, DC and territory
    tiles = page.select("ul.tilegrid li a")
    codes = [a["href"].split("/j/")[1] for a in tiles]
    assert len(codes) == len(set(codes)) >= 52 and {"US-DC", "US-RI", "US-DE", "US-PR"} <= set(
        codes
    )
    ri = page.select_one('ul.tilegrid a[href="/j/US-RI"]')
    assert (
        ri.get_text(" ", strip=True).startswith("RI")
        and "Rhode Island" in ri.select_one(".visually-hidden").get_text()
    )
    # the world map is a group of named links (not one picture), with dots for small countries
    world = page.select_one("svg#map-world")
    assert world["role"] == "group" and all(a.get("aria-label") for a in world.select("a.map-link"))
    world_codes = {a.find(["path", "circle"])["data-code"] for a in world.select("a.map-link")}
    expected = {s["code"] for s in load_map("world")["shapes"] if s["code"]}
    assert expected <= world_codes and {"SG", "HK", "MT", "BH"} <= world_codes
    assert world.select_one('circle[data-code="SG"]')["fill"] == "#D55E00"  # Singapore: banned
    # the legend defines every category
    legend = page.select("#legend li")
    assert [li.select_one(".cat").get_text() for li in legend] == [
        "Banned",
        "Restricted",
        "Regulated",
        "Legal",
        "Unknown",
    ]
    assert all(li.select_one(".legend-def").get_text(strip=True) for li in legend)
    # landscape: two charts, each with a table alternative; recent changes: ten, newest first
    assert page.select_one("svg#landscape-us") and page.select_one("svg#landscape-countries")
    assert len(page.select(".home-landscape details table.counts")) == 2
    recent = page.select(".home-recent ol.changes li")
    dates = [li.time["datetime"] for li in recent]
    assert len(recent) == 10 and dates == sorted(dates, reverse=True)
    # the article's check has its own page; the home page has a summary and the link
    article = page.select_one("section.home-article")
    assert article.select_one('a[href="/articles/kratom-for-chronic-pain"]').get_text(strip=True)
    assert "3 legal claims checked" in article.get_text() and not article.select("ol.claims")
    assert "Dataset 2026.12.07 verified 2026-12-07" in page.select_one("footer").get_text()


def test_the_maps_colour_by_the_date_shown_and_links_keep_a_past_as_of(client):
    page = soup(client.get("/?as_of=2025-03-15"))
    la = page.select_one('ul.tilegrid a[href^="/j/US-LA"]')
    assert la["title"].startswith("Louisiana: Regulated") and "cat-regulated" in la["class"]
    assert la["href"] == "/j/US-LA?as_of=2025-03-15"
    now = soup(client.get("/"))
    la_now = now.select_one('ul.tilegrid a[href^="/j/US-LA"]')
    assert la_now["title"].startswith("Louisiana: Banned") and "cat-banned" in la_now["class"]
    th = now.select_one('svg#map-world path[data-code="TH"]')
    assert th.parent["href"] == "/j/TH" and th["fill"]
    assert "2025-03-15 (a past date)" in page.select_one("#as-of-statement").get_text()


def test_filters_narrow_the_table_and_live_in_the_url(client):
    us = table_rows(soup(client.get("/?region=us&per=500")))
    assert len(us) == 58  # US federal, 50 states, DC, Puerto Rico and the five other territories
    assert {"US", "US-DC", "US-PR", "US-GU", "US-VI"} <= {r["code"] for r in us}
    banned_states = table_rows(soup(client.get("/?region=us&category=banned")))
    assert {r["code"] for r in banned_states} >= {
        "US-AL",
        "US-AR",
        "US-IN",
        "US-LA",
        "US-VT",
        "US-WI",
    }
    assert all(r["category"] == "banned" for r in banned_states)
    then = table_rows(soup(client.get("/?region=us&category=banned&as_of=2025-03-15")))
    assert "US-LA" not in {r["code"] for r in then} and "US-RI" in {r["code"] for r in then}
    localities = table_rows(soup(client.get("/?region=localities&per=500")))
    assert len(localities) == locality_count() >= 40 and all(
        r["kind"] == "locality" for r in localities
    )
    assert "/j/US-CA/san-diego" in {r["href"] for r in localities}
    countries = table_rows(soup(client.get("/?kind=country&category=restricted")))
    assert {"GB", "NZ"} <= {r["code"] for r in countries} and "CA" not in {
        r["code"] for r in countries
    }  # R0
    with_rule = table_rows(soup(client.get("/?seven_oh=yes&per=500")))
    assert with_rule and all(r["seven_oh"].startswith(("capped", "controlled")) for r in with_rule)
    without = table_rows(soup(client.get("/?seven_oh=no&per=500")))
    assert len(with_rule) + len(without) == place_count()
    by_text = table_rows(soup(client.get("/?q=louis")))
    assert [r["code"] for r in by_text] == ["US-LA"]
    by_code = table_rows(soup(client.get("/?q=US-CA/")))
    assert {r["code"] for r in by_code} == {
        c for c in (r["code"] for r in localities) if c.startswith("US-CA/")
    }
    nothing = soup(client.get("/?q=atlantis"))
    assert (
        table_rows(nothing) == []
        and "No place matches" in nothing.select_one("#table-summary").get_text()
    )
    # the filter form is a labelled GET form that carries a past date along
    page = soup(client.get("/?as_of=2025-03-15&region=us"))
    form = page.select_one("form.filters")
    assert form["method"] == "get"
    assert form.select_one("input#as_of[name=as_of]")["value"] == "2025-03-15"
    for control in form.select("select, input:not([type=hidden])"):
        assert page.select_one(f'label[for="{control["id"]}"]'), control
    assert form.select_one("#f-region option[selected]")["value"] == "us"
    assert table_rows(page)[0]["href"].endswith("?as_of=2025-03-15")


def test_sorting_by_any_column_in_either_direction(client):
    by_age = table_rows(soup(client.get("/?region=us&sort=min_age&dir=desc&per=500")))
    ages = [int(r["min_age"]) for r in by_age if r["min_age"] != "—"]
    assert ages == sorted(ages, reverse=True) and ages[0] == 21
    assert by_age[len(ages)]["min_age"] == "—"  # no age: after every age, whatever the direction
    asc = table_rows(soup(client.get("/?region=us&sort=min_age&dir=asc&per=500")))
    assert [int(r["min_age"]) for r in asc if r["min_age"] != "—"] == sorted(ages)
    names_desc = table_rows(soup(client.get("/?sort=name&dir=desc")))
    assert (
        names_desc[0]["name"] == "Wyoming"
    )  # the last researched name; unknown places (Zimbabwe) come after
    cats = table_rows(soup(client.get("/?region=us&sort=category&per=500")))
    order = ["banned", "restricted", "regulated", "legal", "unknown"]
    assert [order.index(r["category"]) for r in cats] == sorted(
        order.index(r["category"]) for r in cats
    )
    effective = table_rows(soup(client.get("/?region=us&sort=effective_from&dir=desc&per=500")))
    dated = [
        r["effective_from"]
        for r in effective
        if re.match(r"\d{4}-", r["effective_from"]) and r["category"] != "unknown"
    ]
    assert dated == sorted(dated, reverse=True)
    assert (
        effective[-1]["category"] == "unknown"
    )  # researched as unknown, or not at all: after the rest
    for key, direction in (("code", "desc"), ("confidence", "asc")):
        page = soup(client.get(f"/?sort={key}&dir={direction}&per=20"))
        assert len(table_rows(page)) == 20
        assert page.select_one("th[aria-sort]")["aria-sort"] == (
            "ascending" if direction == "asc" else "descending"
        )
    assert (
        table_rows(soup(client.get("/?sort=code&dir=desc&per=1")))[0]["code"] == "US-WY"
    )  # VN…ZW: unknown, last
    # the sorted column's header link flips the direction
    page = soup(client.get("/?sort=code"))
    link = page.select_one("th[aria-sort] a.code-sort")["href"]
    assert "sort=code" in link and "dir=desc" in link


def test_paging_is_server_side_and_bounded(client):
    page2 = soup(client.get("/?per=50&page=2"))
    rows2 = table_rows(page2)
    assert (
        len(rows2) == 50
        and f"Showing 51–100 of {place_count()}" in page2.select_one("#table-summary").get_text()
    )
    all_rows = table_rows(soup(client.get("/?per=500")))
    assert [r["code"] for r in rows2] == [r["code"] for r in all_rows[50:100]]
    pages = -(-place_count() // 50)  # the last page holds the remainder
    last = soup(client.get(f"/?per=50&page={pages}"))
    assert len(table_rows(last)) == place_count() - 50 * (pages - 1)
    pager = last.select_one("nav.pager")
    assert pager.select_one('[aria-current="page"]').get_text() == str(pages)
    assert f"page={pages - 1}" in pager.select_one("a[rel=prev]")["href"] and not pager.select_one(
        "a[rel=next]"
    )
    assert client.get(f"/?per=50&page={pages + 1}").status_code == 400


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("sort=population", "sort"),
        ("dir=up", "dir"),
        ("page=0", "page"),
        ("page=99999999999", "page"),
        ("page=999999", "page"),
        ("per=501", "per"),
        ("per=0", "per"),
        ("per=ten", "per"),
        ("region=mars", "region"),
        ("kind=planet", "kind"),
        ("category=maybe", "category"),
        ("seven_oh=perhaps", "seven_oh"),
        ("q=" + "x" * 101, "q"),
        ("as_of=2025-13-01", "as_of"),
        ("known_on=soon", "known_on"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, query, parameter):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert f"{parameter}:" in response.get_data(as_text=True)


def test_the_table_service_filters_sorts_and_pages(rt):
    with rt.sessions() as s:
        q = table.TableQuery(as_of=date(2025, 3, 15), region="us", category="banned", sort="code")
        page = table.table_page(s, q)
        assert [r.jurisdiction.code for r in page.rows] == [
            "US-AL",
            "US-AR",
            "US-IN",
            "US-RI",
            "US-VT",
            "US-WI",
        ]
        assert page.total == 6 and page.category_counts["banned"] == 6 and page.pages == 1
        q = table.TableQuery(as_of=date(2026, 11, 27), seven_oh="yes", per=5, page=2, sort="name")
        page = table.table_page(s, q)
        assert (
            len(page.rows) == 5
            and page.first == 6
            and all(table.has_seven_oh_rule(r.period) for r in page.rows)
        )
        rows = table.all_rows(s, date(2026, 11, 27))
        for key in table.SORT_KEYS:
            for direction in table.DIRECTIONS:
                page = table.table_page(
                    s,
                    table.TableQuery(as_of=date(2026, 11, 27), sort=key, dir=direction, per=500),
                    rows,
                )
                known = [r for r in page.rows if r.category != "unknown"]
                assert page.rows[: len(known)] == known, (
                    key
                )  # places with an unknown status come last, always
                for group in (known, page.rows[len(known) :]):
                    values = [table.SORTERS[key](r) for r in group]
                    present = [v for v in values if v is not None]
                    assert present == sorted(present, reverse=direction == "desc"), key
                    assert all(v is None for v in values[len(present) :]), (
                        key
                    )  # missing values last
    with pytest.raises(ValueError):
        table.TableQuery(as_of=date(2026, 1, 1), sort="nonsense")


def test_the_landscape_counts_agree_with_the_status_on_each_sampled_month(rt):
    with rt.sessions() as s:
        scape = landscape.landscape(s, end=date(2026, 11, 27))
        us, countries = scape.series
        assert scape.first_state_law == date(2012, 8, 1) and scape.start == date(2012, 8, 1)
        assert (
            us.members == 51 and countries.members == 197
        )  # every country has a file (#13), researched or unknown
        assert us.months[0] == date(2012, 8, 1) and us.months[-1] == date(2026, 11, 1)
        researched = set(
            s.scalars(
                select(StatusPeriod.jurisdiction_id).where(StatusPeriod.superseded_at.is_(None))
            )
        )
        for month in (
            date(2012, 8, 1),
            date(2014, 5, 1),
            date(2019, 1, 1),
            date(2025, 3, 1),
            date(2025, 9, 1),
            date(2026, 11, 1),
        ):
            i = us.months.index(month)
            rows = table.all_rows(s, month)
            states = [
                r
                for r in rows
                if regions.is_us_state(r.jurisdiction.code, r.jurisdiction.kind, with_dc=True)
            ]
            expected = {c: sum(1 for r in states if r.category == c) for c in us.counts}
            assert us.at(i) == expected, month
            countries_rows = [
                r
                for r in rows
                if r.jurisdiction.kind == "country" and r.jurisdiction.id in researched
            ]
            assert countries.at(i) == {
                c: sum(1 for r in countries_rows if r.category == c) for c in countries.counts
            }
        # Louisiana's ban: one more banned state from August 2025
        assert (
            us.at(us.months.index(date(2025, 8, 1)))["banned"]
            == us.at(us.months.index(date(2025, 7, 1)))["banned"] + 1
        )
        # the chart: one area per non-empty category, escaped text, no inline style
        svg = str(landscape.chart_svg(us, "landscape-us"))
        assert svg.count("<polygon") == sum(1 for c in us.counts if any(us.counts[c]))
        assert "style=" not in svg and "<title" in svg and "<desc" in svg


def test_the_home_page_needs_a_bounded_number_of_queries(rt, client):
    from sqlalchemy import event

    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    client.application.extensions["page_cache"].items.clear()  # measure the views, not the cache
    event.listen(rt.engine, "before_cursor_execute", count)
    try:
        assert client.get("/?per=500").status_code == 200
        many = counter["n"]
        counter["n"] = 0
        assert client.get("/?per=10").status_code == 200
    finally:
        event.remove(rt.engine, "before_cursor_execute", count)
    assert many == counter["n"] <= 30  # no query per row: 500 rows cost what 10 rows cost

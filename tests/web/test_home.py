"""The home page: the status table (filters, sort, paging), both maps, the landscape and recent changes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from sqlalchemy import select

from tracker.reports import landscape
from tracker.reports import table
from tracker.web.maps import load_map
from tracker.store.models import StatusPeriod
from tracker.status.dataset import parse_dataset

# Place counts follow the bundled data: every ISO country and US subdivision (308) plus one row per
# locality file, so adding a researched locality does not break these tests (#13).
LOCALITIES = sum(1 for f in parse_dataset() if f.code.count("/") == 1)
PLACES = 308 + LOCALITIES


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def table_rows(page: BeautifulSoup) -> list[dict]:
    """The status table's rows as {code, name, kind, category, leaf, seven_oh, min_age, ...}."""
    out = []
    for tr in page.select("table.home-status tbody tr"):
        cells = tr.find_all(["th", "td"])
        out.append({
            "name": cells[0].a.get_text(), "code": cells[0].select_one(".code").get_text(), "href": cells[0].a["href"],
            "kind": cells[1].get_text(strip=True), "category": cells[2].get_text(strip=True),
            "leaf": cells[3].get_text(strip=True), "seven_oh": cells[4].get_text(" ", strip=True).split(" ")[0],
            "min_age": cells[5].get_text(strip=True), "effective_from": cells[6].get_text(strip=True),
            "verified_on": cells[7].get_text(strip=True), "confidence": cells[8].get_text(strip=True),
        })
    return out


def test_the_home_page_shows_the_table_both_maps_the_landscape_recent_changes_and_the_article(client):
    page = soup(client.get("/"))
    assert "Showing the law in force on" in page.select_one("#as-of-statement").get_text()
    assert date.today().isoformat() in page.select_one("#as-of-statement").get_text()
    # a GET date form with labelled controls
    form = page.select_one("form.date-form")
    assert form["method"] == "get"
    assert page.select_one("label[for=as_of]") and page.select_one("input#as_of")["type"] == "date"
    # the table: first page of 100, every column, sorted by name
    rows = table_rows(page)
    assert len(rows) == 100
    assert [table.name_key(r["name"]) for r in rows] == sorted(table.name_key(r["name"]) for r in rows)
    assert "Åland Islands" in [r["name"] for r in rows[:5]]
    headers = [th.a.get_text(" ", strip=True).rstrip(" ▲▼") for th in page.select("table.home-status thead th")]
    assert headers == ["Name", "Kind", "Category", "Leaf status", "7-OH rule", "Minimum age", "Effective since",
                       "Last verified", "Confidence"]
    assert f"Showing 1–100 of {PLACES}" in page.select_one("#table-summary").get_text()
    # both maps, one linked shape per state (50 + DC) and per country on the world map
    us = page.select_one("svg#map-us-states")
    us_codes = [a.path["data-code"] for a in us.select("a.map-link")]
    assert len(us_codes) == 51 and len(set(us_codes)) == 51 and "US-DC" in us_codes
    assert all(a["href"] == f"/j/{a.path['data-code']}" for a in us.select("a.map-link"))
    assert all(a.path.title.get_text() for a in us.select("a.map-link"))
    world = page.select_one("svg#map-world")
    world_codes = [a.path["data-code"] for a in world.select("a.map-link")]
    expected = {s["code"] for s in load_map("world")["shapes"] if s["code"]}
    assert len(world_codes) == len(expected) == len(set(world_codes)) and {"TH", "US", "GB"} <= set(world_codes)
    # the legend: every category with its colour and its counts; US counts add up to 51
    legend = page.select("#legend tbody tr")
    assert [tr.th.get_text(strip=True) for tr in legend] == ["banned", "restricted", "regulated", "legal", "unknown"]
    assert sum(int(tr.find_all("td")[0].get_text()) for tr in legend) == 51
    # landscape: two charts, each with a table alternative
    assert page.select_one("svg#landscape-us") and page.select_one("svg#landscape-countries")
    assert len(page.select(".home-landscape details table.counts")) == 2
    # recent changes: ten, newest first, linked
    recent = page.select(".home-recent ol.changes li")
    assert len(recent) == 10
    dates = [li.time["datetime"] for li in recent]
    assert dates == sorted(dates, reverse=True) and all(li.a["href"].startswith("/j/") for li in recent)
    # the article alongside, beside the table in the same grid
    aside = page.select_one(".home-grid > aside.home-article")
    assert "Is Kratom Safe and Legal for Chronic Pain Management?" in aside.get_text()
    assert "Dataset 2026.12.07" in page.select_one(".home-when .dataset").get_text()


def test_the_maps_colour_by_the_date_shown_and_links_keep_a_past_as_of(client):
    page = soup(client.get("/?as_of=2025-03-15"))
    la = page.select_one('svg#map-us-states path[data-code="US-LA"]')
    assert la.title.get_text().startswith("Louisiana: regulated")
    assert la.parent["href"] == "/j/US-LA?as_of=2025-03-15"
    assert la["fill"] == "#56B4E9"
    now = soup(client.get("/"))
    la_now = now.select_one('svg#map-us-states path[data-code="US-LA"]')
    assert la_now.title.get_text().startswith("Louisiana: banned") and la_now["fill"] == "#D55E00"
    assert la_now.parent["href"] == "/j/US-LA"
    assert "2025-03-15 (a past date)" in page.select_one("#as-of-statement").get_text()


def test_filters_narrow_the_table_and_live_in_the_url(client):
    us = table_rows(soup(client.get("/?region=us&per=500")))
    assert len(us) == 58  # 50 states, DC, Puerto Rico, AS, GU, MP, VI, UM and US federal
    assert {"US", "US-DC", "US-PR", "US-GU"} <= {r["code"] for r in us}  # territories have files (#13)
    banned_states = table_rows(soup(client.get("/?region=us&category=banned")))
    assert {r["code"] for r in banned_states} >= {"US-AL", "US-AR", "US-IN", "US-LA", "US-VT", "US-WI"}
    assert all(r["category"] == "banned" for r in banned_states)
    then = table_rows(soup(client.get("/?region=us&category=banned&as_of=2025-03-15")))
    assert "US-LA" not in {r["code"] for r in then} and "US-RI" in {r["code"] for r in then}
    localities = table_rows(soup(client.get("/?region=localities&per=500")))
    assert len(localities) == LOCALITIES >= 40 and all(r["kind"] == "locality" for r in localities)
    assert "/j/US-CA/san-diego" in {r["href"] for r in localities}
    countries = table_rows(soup(client.get("/?kind=country&category=restricted")))
    assert {"GB", "NZ"} <= {r["code"] for r in countries} and "CA" not in {r["code"] for r in countries}  # R0
    with_rule = table_rows(soup(client.get("/?seven_oh=yes&per=500")))
    assert with_rule and all(r["seven_oh"] in ("capped", "controlled") for r in with_rule)
    without = table_rows(soup(client.get("/?seven_oh=no&per=500")))
    assert len(with_rule) + len(without) == PLACES
    by_text = table_rows(soup(client.get("/?q=louis")))
    assert [r["code"] for r in by_text] == ["US-LA"]
    by_code = table_rows(soup(client.get("/?q=US-CA/")))
    assert {r["code"] for r in by_code} == {c for c in (r["code"] for r in localities) if c.startswith("US-CA/")}
    nothing = soup(client.get("/?q=atlantis"))
    assert table_rows(nothing) == [] and "No place matches" in nothing.select_one("#table-summary").get_text()
    # the filter form is a labelled GET form that carries a past date along
    page = soup(client.get("/?as_of=2025-03-15&region=us"))
    form = page.select_one("form.filters")
    assert form["method"] == "get"
    assert form.select_one('input[type=hidden][name=as_of]')["value"] == "2025-03-15"
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
    assert names_desc[0]["name"] == "Zimbabwe"
    cats = table_rows(soup(client.get("/?region=us&sort=category&per=500")))
    order = ["banned", "restricted", "regulated", "legal", "unknown"]
    assert [order.index(r["category"]) for r in cats] == sorted(order.index(r["category"]) for r in cats)
    effective = table_rows(soup(client.get("/?region=us&sort=effective_from&dir=desc&per=500")))
    dated = [r["effective_from"] for r in effective if re.match(r"\d{4}-", r["effective_from"])]
    assert dated == sorted(dated, reverse=True)
    for key, direction in (("code", "desc"), ("confidence", "asc")):
        page = soup(client.get(f"/?sort={key}&dir={direction}&per=20"))
        assert len(table_rows(page)) == 20
        assert page.select_one("th[aria-sort]")["aria-sort"] == ("ascending" if direction == "asc" else "descending")
    assert table_rows(soup(client.get("/?sort=code&dir=desc&per=1")))[0]["code"] == "ZW"
    # the sorted column's header link flips the direction
    page = soup(client.get("/?sort=code"))
    link = page.select_one("th[aria-sort] a.code-sort")["href"]
    assert "sort=code" in link and "dir=desc" in link


def test_paging_is_server_side_and_bounded(client):
    page2 = soup(client.get("/?per=50&page=2"))
    rows2 = table_rows(page2)
    assert len(rows2) == 50 and f"Showing 51–100 of {PLACES}" in page2.select_one("#table-summary").get_text()
    all_rows = table_rows(soup(client.get("/?per=500")))
    assert [r["code"] for r in rows2] == [r["code"] for r in all_rows[50:100]]
    last = soup(client.get("/?per=50&page=7"))
    assert len(table_rows(last)) == PLACES - 300
    pager = last.select_one("nav.pager")
    assert pager.select_one('[aria-current="page"]').get_text() == "7"
    assert "page=6" in pager.select_one("a[rel=prev]")["href"] and not pager.select_one("a[rel=next]")
    assert client.get("/?per=50&page=8").status_code == 400


@pytest.mark.parametrize("query, parameter", [
    ("sort=population", "sort"), ("dir=up", "dir"), ("page=0", "page"), ("page=99999999999", "page"),
    ("page=999999", "page"), ("per=501", "per"), ("per=0", "per"), ("per=ten", "per"), ("region=mars", "region"),
    ("kind=planet", "kind"), ("category=maybe", "category"), ("seven_oh=perhaps", "seven_oh"),
    ("q=" + "x" * 101, "q"), ("as_of=2025-13-01", "as_of"), ("known_on=soon", "known_on"),
])
def test_a_bad_parameter_is_a_400_that_names_it(client, query, parameter):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert f"{parameter}:" in response.get_data(as_text=True)


def test_the_table_service_filters_sorts_and_pages(rt):
    with rt.sessions() as s:
        q = table.TableQuery(as_of=date(2025, 3, 15), region="us", category="banned", sort="code")
        page = table.table_page(s, q)
        assert [r.jurisdiction.code for r in page.rows] == ["US-AL", "US-AR", "US-IN", "US-RI", "US-VT", "US-WI"]
        assert page.total == 6 and page.category_counts["banned"] == 6 and page.pages == 1
        q = table.TableQuery(as_of=date(2026, 11, 27), seven_oh="yes", per=5, page=2, sort="name")
        page = table.table_page(s, q)
        assert len(page.rows) == 5 and page.first == 6 and all(table.has_seven_oh_rule(r.period) for r in page.rows)
        rows = table.all_rows(s, date(2026, 11, 27))
        for key in table.SORT_KEYS:
            for direction in table.DIRECTIONS:
                page = table.table_page(s, table.TableQuery(as_of=date(2026, 11, 27), sort=key, dir=direction, per=500), rows)
                values = [table.SORTERS[key](r) for r in page.rows]
                present = [v for v in values if v is not None]
                assert present == sorted(present, reverse=direction == "desc"), key
                assert all(v is None for v in values[len(present):]), key  # missing values last
    with pytest.raises(ValueError):
        table.TableQuery(as_of=date(2026, 1, 1), sort="nonsense")


def test_the_landscape_counts_agree_with_the_status_on_each_sampled_month(rt):
    with rt.sessions() as s:
        scape = landscape.landscape(s, end=date(2026, 11, 27))
        us, countries = scape.series
        assert scape.first_state_law == date(2012, 8, 1) and scape.start == date(2012, 8, 1)
        assert us.members == 51 and countries.members == 197  # every country has a file (#13), researched or unknown
        assert us.months[0] == date(2012, 8, 1) and us.months[-1] == date(2026, 11, 1)
        researched = set(s.scalars(select(StatusPeriod.jurisdiction_id).where(StatusPeriod.superseded_at.is_(None))))
        for month in (date(2012, 8, 1), date(2014, 5, 1), date(2019, 1, 1), date(2025, 3, 1), date(2025, 9, 1), date(2026, 11, 1)):
            i = us.months.index(month)
            rows = table.all_rows(s, month)
            states = [r for r in rows if landscape._is_state(r.jurisdiction.code, r.jurisdiction.kind)]
            expected = {c: sum(1 for r in states if r.category == c) for c in us.counts}
            assert us.at(i) == expected, month
            countries_rows = [r for r in rows if r.jurisdiction.kind == "country" and r.jurisdiction.id in researched]
            assert countries.at(i) == {c: sum(1 for r in countries_rows if r.category == c) for c in countries.counts}
        # Louisiana's ban: one more banned state from August 2025
        assert us.at(us.months.index(date(2025, 8, 1)))["banned"] == us.at(us.months.index(date(2025, 7, 1)))["banned"] + 1
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
    assert many == counter["n"] <= 25  # no query per row: 500 rows cost what 10 rows cost

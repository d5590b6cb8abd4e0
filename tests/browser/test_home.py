"""In Chromium: filter the status table, click a state on the map, read the article's checked claims."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot


def test_the_home_page_shows_both_maps_the_table_and_the_article(site, page):
    page.goto(site["url"] + "/")
    assert page.locator("ul.tilegrid a[href*='/j/US-LA']").count() == 1
    assert page.locator("svg a[href*='/j/TH']").count() == 1
    assert page.locator("#status-table table tbody tr").count() == 100
    assert (
        page.locator("section.home-article a[href='/articles/kratom-for-chronic-pain']").count()
        >= 1
    )
    screenshot(page, "home-page")
    assert not page.problems


def test_filtering_the_table_to_banned_us_states_keeps_the_filters_in_the_url(site, page):
    page.goto(site["url"] + "/")
    page.select_option("#f-region", "us")
    page.select_option("#f-category", "banned")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"category=banned"))
    assert "region=us" in page.url
    rows = page.locator("#status-table table tbody tr")
    text = rows.all_inner_texts()
    assert any("Louisiana" in t for t in text) and any("Alabama" in t for t in text)
    assert all("banned" in t.lower() for t in text)
    assert not any("California" in t for t in text)


def test_clicking_a_state_on_the_map_lands_on_its_page(site, page):
    page.goto(site["url"] + "/")
    page.locator("ul.tilegrid a[href*='/j/US-LA']").click()
    page.wait_for_url(re.compile(r"/j/US-LA"))
    assert page.locator("h1").inner_text().startswith("Louisiana")


def test_the_article_claims_are_checked_for_its_date_and_today(site, page):
    page.goto(site["url"] + "/articles/kratom-for-chronic-pain")
    text = page.locator("main").inner_text()
    assert "2025-03-15" in text
    assert re.match(r"3 claims: \d+ hold today", page.locator("#article-summary").inner_text())
    assert page.locator("table.article-claims tr[data-verdict-now]").count() >= 1
    assert "Changed since this article was published" in text
    assert page.locator("a.jlink[href*='/j/US?as_of=2025-03-15']").count() >= 1

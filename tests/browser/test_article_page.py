"""In Chromium: an imported article's page shows its summary line, highlights coloured and labelled by
verdict, and links each verdict to the jurisdiction page on the right date (issue #14)."""

from __future__ import annotations

import re
from datetime import date

from tests.browser.conftest import screenshot
from tracker.articles import importer

TEXT = (
    "Kratom Laws in the United States\nStates Where Kratom is Illegal:\nAlabama\nLouisiana\n"
    "Other rules\nKratom is not banned in California. It is banned for those under 18 in Illinois.\n"
)


def test_the_article_page_shows_the_summary_labelled_highlights_and_dated_verdict_links(site, page):
    with site["runtime"].transaction() as s:
        importer.store_article(
            s,
            slug="browser-article",
            title="Kratom laws",
            text=TEXT,
            published_on=date(2025, 3, 15),
            url=None,
        )
    page.goto(site["url"] + "/articles/browser-article")
    assert page.locator("#article-summary").inner_text() == "4 claims: 4 hold today"
    marks = page.locator(".article-text mark.v")
    assert marks.count() == 4
    # colour and a text label: each highlight is followed by "[n: verdict]"
    colours = {marks.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(4)}
    assert colours == {"rgb(205, 236, 205)"}  # holds: green
    assert page.locator(".article-text .vlabel").all_inner_texts()[:2] == [
        "[1: holds]",
        "[2: holds]",
    ]
    legend = page.locator(".legend mark")
    assert {
        legend.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(4)
    } >= {"rgb(205, 236, 205)", "rgb(247, 198, 198)"}
    screenshot(page, "article-page")
    # Louisiana on the article's date: the verdict links to its page on that date
    row = page.locator("tr#claim-2")
    assert "does not hold on 2025-03-15" in re.sub(r"\s+", " ", row.inner_text())
    row.locator("a.jlink", has_text="2025-03-15").click()
    page.wait_for_url(re.compile(r"/j/US-LA\?as_of=2025-03-15"))
    assert "2025-03-15" in page.content()
    assert not page.problems

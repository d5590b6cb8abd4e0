"""Issue #15: a dashboard journalists link to — compression, feeds, sharing tags, relations, embeds, contrast."""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from tracker.status.codebook import CATEGORY_COLOURS


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_the_home_page_is_served_compressed_and_under_100_kb_on_the_wire(client):
    plain = client.get("/").get_data()
    for encoding, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        response = client.get("/", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        wire = response.get_data()
        assert len(wire) <= 100_000, (encoding, len(wire))
        assert decode(wire) == plain
    assert (
        client.get("/").headers.get("Content-Encoding") is None
    )  # a client that asks for nothing gets plain


@pytest.mark.parametrize(
    "url, feed",
    [
        ("/", "/changes.atom"),
        ("/changes", "/changes.atom"),
        ("/changes?jurisdiction=US-LA", "/j/US-LA/changes.atom"),
        ("/j/US-LA", "/j/US-LA/changes.atom"),
        ("/j/TH", "/j/TH/changes.atom"),
        ("/bills", "/bills.atom"),
    ],
)
def test_every_page_with_a_feed_advertises_it_for_feed_readers(client, url, feed):
    link = soup(client, url).select_one('head link[rel=alternate][type="application/atom+xml"]')
    assert link is not None and link["href"] == feed
    assert client.get(feed).status_code == 200


def test_changes_filter_by_jurisdiction_with_csv_and_the_place_feed_linked(client):
    page = soup(client, "/changes?jurisdiction=US-LA")
    cards = page.select("ol.change-cards > li")
    assert cards and all("Louisiana" in li.h2.get_text() for li in cards)
    assert page.select_one('a[href="/j/US-LA/changes.atom"]')
    csv_link = page.select_one('a[href^="/changes.csv"]')["href"]
    assert "jurisdiction=US-LA" in csv_link
    response = client.get(csv_link)
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["code"] for r in rows} == {"US-LA"} and len(rows) == len(cards)
    ban = next(r for r in rows if r["effective"] == "2025-08-01")
    assert (
        ban["after"] == "banned"
        and "SB 154" in ban["citation_label"]
        and ban["place_type"] == "US state"
    )
    assert client.get("/changes?jurisdiction=atlantis").status_code == 400


def test_pages_describe_themselves_for_link_previews_with_a_canonical_address(client):
    page = soup(client, "/j/US-LA")
    description = page.select_one("meta[name=description]")["content"]
    assert "Louisiana" in description and "banned" in description
    assert page.select_one("link[rel=canonical]")["href"] == "http://localhost/j/US-LA"
    assert page.select_one('meta[property="og:title"]')["content"].startswith("Louisiana (US-LA)")
    assert page.select_one('meta[property="og:description"]')["content"] == description
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary"
    home = soup(client, "/")
    assert "every US state and country" in home.select_one("meta[name=description]")["content"]
    redirect = client.get("/j/us-la?as_of=2025-03-15")
    assert redirect.status_code == 301 and redirect.headers["Location"].endswith(
        "/j/US-LA?as_of=2025-03-15"
    )


def test_a_jurisdiction_page_gives_a_cite_this_line_with_the_permalink_and_dataset_version(client):
    cite = (
        soup(client, "/j/US-LA?as_of=2025-03-15").select_one(".cite-this").get_text(" ", strip=True)
    )
    assert "Louisiana (US-LA)" in cite and "2025-03-15" in cite and "Dataset 2026.12.07" in cite
    assert "http://localhost/j/US-LA?as_of=2025-03-15" in cite


def test_the_status_and_its_first_official_source_come_before_everything_else(client):
    main = str(soup(client, "/j/US-LA").select_one("main"))
    status, source = main.index('id="status-h"'), main.index('class="first-source"')
    assert status < source < main.index('class="travel"') < main.index('id="strip-h"')
    # Louisiana's Act 41 is cited through news and an aggregator's copy of SB 154 (no official page was
    # read): the first source says "Source", not "Official source"; Thailand's first is its official text
    first = soup(client, "/j/US-LA").select_one(".first-source")
    assert first.get_text(" ", strip=True).startswith("Source: ")
    assert (
        soup(client, "/j/TH")
        .select_one(".first-source")
        .get_text(" ", strip=True)
        .startswith("Official source: ")
    )
    # the federal page: its status before the curator's note, which is folded away
    federal = str(soup(client, "/j/US").select_one("main"))
    assert federal.index('id="status-h"') < federal.index('class="notes-box"')


def test_a_name_is_sent_to_its_code_and_a_misspelt_one_gets_a_helpful_404(client):
    assert client.get("/j/louisiana").headers["Location"].endswith("/j/US-LA")
    response = client.get("/j/lousiana")
    assert response.status_code == 404
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert page.title.get_text().startswith("No such place (404)")
    assert page.select_one('ul.suggestions a[href="/j/US-LA"]').get_text() == "Louisiana (US-LA)"
    assert page.select_one("form[role=search] input[name=q]")


def test_states_link_their_localities_and_the_federal_page_lists_the_states(client):
    la = soup(client, "/j/US-LA")
    children = [a["href"] for a in la.select("ul.children a")]
    assert children and all(h.startswith("/j/US-LA/") for h in children)
    us = soup(client, "/j/US")
    states = {a["href"] for a in us.select("ul.children a")}
    assert {"/j/US-LA", "/j/US-CA", "/j/US-DC", "/j/US-PR"} <= states and len(states) >= 51


def test_bills_cited_by_the_dataset_show_before_any_scrape_marked_as_such(client):
    la = soup(client, "/j/US-LA")
    cited = la.select("ul.dataset-bills li")
    assert any("SB 154" in li.get_text() and "from the dataset" in li.get_text() for li in cited)
    bills = soup(client, "/bills")
    assert any(
        "Louisiana" in li.get_text() and "SB 154" in li.get_text()
        for li in bills.select("ul.dataset-bills li")
    )


def test_the_footer_says_when_the_dataset_was_verified_and_that_scrapers_are_not_configured(client):
    page = soup(client, "/changes")
    footer = page.select_one("footer").get_text(" ", strip=True)
    assert "Dataset 2026.12.07 verified 2026-12-07 · last scrape not configured" in footer
    nav = [a.get_text() for a in page.select("header nav[aria-label=Main] a")]
    assert nav == ["Status", "Changes", "Bills"]  # Sources and Curators live in the footer
    assert page.select_one('footer a[href="/sources"]') and page.select_one(
        'footer a[href="/review"]'
    )


@pytest.mark.parametrize("which", ["us", "world"])
def test_the_embeds_may_be_framed_anywhere_and_nothing_else_may(client, which):
    response = client.get(f"/embed/map/{which}?as_of=2025-03-15")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert "2025-03-15" in page.h1.get_text() and page.select("#legend li")
    source = page.select_one(".embed-source")
    assert source.a["href"] == "http://localhost/?as_of=2025-03-15" and source.a["target"] == "_top"
    home = client.get("/")
    assert (
        home.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in home.headers["Content-Security-Policy"]
    )


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_category_label_has_at_least_4_5_to_1_contrast_on_its_okabe_ito_fill():
    css = (Path(__file__).resolve().parents[2] / "tracker/static/site.css").read_text()
    for category, fill in CATEGORY_COLOURS.items():
        rule = re.search(rf"\.cat-{category} \{{([^}}]*)\}}", css).group(1)
        assert fill.lower() in rule.lower()
        colour = re.search(r"(?<!-)color:\s*(#[0-9A-Fa-f]{3,6})", rule)
        text = colour.group(1) if colour else "#000000"
        text = "#000000" if text.lower() == "#000" else text
        assert _contrast(fill, text) >= 4.5, (category, fill, text)

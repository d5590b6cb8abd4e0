"""Watched pages: selector extraction, normalisation across encodings, robots.txt, conditional GET."""

from __future__ import annotations

import pytest

from scrapers.errors import LayoutChanged, RobotsDisallowed
from scrapers.sources import page
from scrapers.textnorm import normalise, text_hash
from tests.replay import Reply, fixture
from tests.scrapers.helpers import fixture_bytes

SEL = "#main-content"


def _text(name: str, content_type: str | None = "text/html; charset=utf-8") -> str:
    return page.parse(
        fixture_bytes(f"page/{name}"),
        "https://example.gov/n",
        selector=SEL,
        content_type=content_type,
    )[0].text


def test_the_selected_text_is_extracted_and_matched():
    [item] = page.parse(
        fixture_bytes("page/statement.html"),
        "https://example.gov/n",
        selector=SEL,
        jurisdiction="US-FL",
    )
    assert item.text.startswith("Notice on kratom products") and "Home | About" not in item.text
    assert item.jurisdiction == "US-FL" and item.key == "https://example.gov/n"
    assert set(item.matched_terms) == {"kratom", "7-hydroxymitragynine", "Mitragyna speciosa"}


@pytest.mark.parametrize(
    "variant",
    ["statement_cp1252_mislabelled.html", "statement_bom_nfd.html", "statement_noise_changed.html"],
)
def test_the_same_text_hashes_the_same_across_encodings_bom_nfd_and_outside_noise(variant):
    assert text_hash(_text(variant)) == text_hash(_text("statement.html"))


def test_a_real_text_change_changes_the_hash():
    assert text_hash(_text("statement_text_changed.html")) != text_hash(_text("statement.html"))


def test_normalisation_is_idempotent():
    once = normalise(_text("statement_bom_nfd.html"))
    assert normalise(once) == once


def test_a_selector_matching_nothing_is_layout_changed():
    with pytest.raises(LayoutChanged, match="matched nothing"):
        _text("statement_changed_layout.html")


def test_an_empty_body_is_layout_changed():
    with pytest.raises(LayoutChanged):
        page.parse(b"", "https://example.gov/n", selector=SEL)


def test_a_watchlist_loads_from_yaml_and_toml(tmp_path):
    yml = tmp_path / "w.yaml"
    yml.write_text(
        "pages:\n  - url: https://example.gov/a\n    selector: '#x'\n    jurisdiction: US-FL\n"
    )
    tml = tmp_path / "w.toml"
    tml.write_text('[[pages]]\nurl = "https://example.gov/a"\nselector = "#x"\n')
    assert page.load_watchlist(yml)[0]["jurisdiction"] == "US-FL"
    assert page.load_watchlist(tml)[0]["selector"] == "#x"


def test_the_packaged_default_watchlist_loads():
    assert isinstance(page.load_watchlist(page.DEFAULT_WATCHLIST), list)


def _watch(replay):
    return [{"url": replay.url + "/notices/kratom.html", "selector": SEL, "jurisdiction": "US-FL"}]


def test_a_page_disallowed_by_robots_is_not_fetched(replay, make_fetcher):
    replay.route("/robots.txt", fixture("page/robots_disallow_all.txt"))
    replay.route("/notices/kratom.html", fixture("page/statement.html"))
    with pytest.raises(RobotsDisallowed):
        page.poll(make_fetcher(), {}, watchlist=_watch(replay))
    assert replay.requests_to("/notices/kratom.html") == []


def test_a_second_poll_gets_a_304_and_costs_one_request(replay, make_fetcher):
    replay.route("/robots.txt", fixture("page/robots_allow_public.txt"))
    replay.route("/notices/kratom.html", fixture("page/statement.html", etag='"abc"'))
    first = page.poll(make_fetcher(), {}, watchlist=_watch(replay))
    assert first.outcome == "ok" and len(first.items) == 1 and first.requests == 2
    second = page.poll(make_fetcher(), first.state, watchlist=_watch(replay))
    assert second.requests == 1 and second.outcome == "unchanged" and second.items == []
    assert replay.requests_to("/notices/kratom.html")[-1].headers["If-None-Match"] == '"abc"'


def test_a_page_whose_noise_changed_but_text_did_not_is_unchanged(replay, make_fetcher):
    replay.route("/robots.txt", Reply(404))
    replay.route(
        "/notices/kratom.html",
        [fixture("page/statement.html"), fixture("page/statement_noise_changed.html")],
    )
    first = page.poll(make_fetcher(), {}, watchlist=_watch(replay))
    second = page.poll(make_fetcher(), first.state, watchlist=_watch(replay))
    assert second.outcome == "unchanged" and second.requests == 1


def test_one_broken_page_does_not_hide_the_others(replay, make_fetcher):
    replay.route("/robots.txt", Reply(404))
    replay.route("/notices/kratom.html", fixture("page/statement.html"))
    replay.route("/notices/old.html", fixture("page/statement_changed_layout.html"))
    watch = _watch(replay) + [{"url": replay.url + "/notices/old.html", "selector": SEL}]
    result = page.poll(make_fetcher(), {}, watchlist=watch)
    assert len(result.items) == 1 and result.outcome == "ok"
    assert any("matched nothing" in note for note in result.notes)


def test_a_page_nested_20000_deep_is_refused_fast_as_hostile_html_not_read_for_minutes():
    """Issue #10: 220 KB of <div> nested 20,000 deep took 18.7 s in the page scraper."""
    from bench.cases.hostile import nested
    from scrapers.errors import HostileHtml, LayoutChanged

    with pytest.raises(HostileHtml, match="nested more than 200 deep") as err:
        page.parse(nested(20_000, 220_000).encode(), "https://example.org/deep", selector="body")
    assert isinstance(err.value, LayoutChanged)  # a failed source, recorded as such


def test_text_extraction_has_a_deadline_and_does_not_rewrite_the_tree():
    from bs4 import BeautifulSoup

    from scrapers.errors import HostileHtml
    from scrapers.textnorm import Deadline, html_to_text

    html = (
        "<body>"
        + "<p>kratom <b>is</b> legal</p><table><tr><td>a</td><td>b</td></tr></table>" * 3000
        + "</body>"
    )
    tree = BeautifulSoup(html, "lxml")
    before = str(tree)
    assert html_to_text(tree.body).splitlines()[:2] == ["kratom is legal", "a | b"]
    assert str(tree) == before  # nothing inserted, replaced or removed
    with pytest.raises(HostileHtml, match="took longer than 0s"):
        html_to_text(tree.body, Deadline(0, "document"))

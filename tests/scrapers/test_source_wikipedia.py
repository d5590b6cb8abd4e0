"""Wikipedia: revision check, legal-section discovery, section text and jurisdiction splitting."""

from __future__ import annotations

import pytest

from scrapers.errors import Deferred, LayoutChanged
from scrapers.sources import wikipedia
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes

API = "/w/api.php"


def test_the_latest_revision_is_read_from_a_formatversion_2_response():
    assert wikipedia.latest_revision(fixture_bytes("wikipedia/revisions.json")) == (
        "1279334811",
        "2025-03-14T09:21:37Z",
    )


def test_legal_sections_are_found_by_heading_and_nested_ones_are_not_fetched_twice():
    sections = wikipedia.legal_sections(fixture_bytes("wikipedia/sections.json"))
    assert [(s["index"], s["line"]) for s in sections] == [("5", "Legal status")]


def test_the_section_text_is_plain_without_edit_links_or_reference_marks():
    [section] = wikipedia.parse(
        fixture_bytes("wikipedia/section_5_legal_status.json"),
        heading="Legal status",
        anchor="Legal_status",
    )
    assert section.key == "Kratom#legal-status" and section.revision_id == "1279334811"
    assert section.url.endswith("oldid=1279334811#Legal_status")
    assert "[edit]" not in section.text and "[1]" not in section.text
    assert "Australia | Banned (Schedule 9)" in section.text
    assert "Schedule I" in section.text and "\u00a0" not in section.text
    assert section.relevant and "kratom" in section.matched_terms


def test_section_lines_are_split_by_jurisdiction():
    [section] = wikipedia.parse(fixture_bytes("wikipedia/section_5_legal_status.json"))
    by_place = wikipedia.split_lines_by_jurisdiction(section.text)
    assert by_place["AU"] == ["Australia | Banned (Schedule 9)"]
    assert "GB" in by_place and "TH" in by_place and "MY" in by_place
    assert by_place["US-AL"][0].startswith("Alabama lists mitragynine")
    assert by_place["US-LA"] and by_place["US-GA"] and "GE" not in by_place


def test_an_article_without_a_legal_heading_is_layout_changed_in_a_poll(replay, make_fetcher):
    replay.route(API, fixture("wikipedia/revisions.json"), query={"action": "query"})
    replay.route(
        API,
        fixture("wikipedia/sections_no_legal.json"),
        query={"action": "parse", "prop": "sections"},
    )
    with pytest.raises(LayoutChanged):
        wikipedia.poll(make_fetcher(), {}, base_url=replay.url + API)


def test_a_maxlag_error_defers_the_source():
    with pytest.raises(Deferred):
        wikipedia.latest_revision(fixture_bytes("wikipedia/maxlag.json"))


def test_empty_section_html_is_layout_changed():
    with pytest.raises(LayoutChanged):
        wikipedia.parse('{"parse": {"title": "Kratom", "revid": 1, "text": ""}}')


def _serve(replay):
    replay.route(API, fixture("wikipedia/revisions.json"), query={"action": "query"})
    replay.route(
        API, fixture("wikipedia/sections.json"), query={"action": "parse", "prop": "sections"}
    )
    replay.route(
        API,
        fixture("wikipedia/section_5_legal_status.json"),
        query={"action": "parse", "section": "5"},
    )


def test_a_poll_resolves_the_section_index_and_fetches_its_text(replay, make_fetcher):
    _serve(replay)
    result = wikipedia.poll(make_fetcher(), {}, base_url=replay.url + API)
    assert result.requests == 3 and [s.key for s in result.items] == ["Kratom#legal-status"]
    assert result.state["revid"] == "1279334811"
    text_request = replay.requests[-1]
    assert text_request.param("prop") == "text|revid" and text_request.param("formatversion") == "2"
    assert text_request.param("maxlag") == "5"


def test_a_second_poll_with_the_same_revid_makes_one_request(replay, make_fetcher):
    _serve(replay)
    first = wikipedia.poll(make_fetcher(), {}, base_url=replay.url + API)
    second = wikipedia.poll(make_fetcher(), first.state, base_url=replay.url + API)
    assert second.requests == 1 and second.outcome == "unchanged" and second.items == []

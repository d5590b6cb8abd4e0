"""eCFR: count / versions / results / XML parsers, hostile XML, and the amendment-gated poll."""

from __future__ import annotations

import pytest

from scrapers.errors import LayoutChanged
from scrapers.sources import ecfr
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes

COUNT_URL = "https://www.ecfr.gov/api/search/v1/count?query={}&hierarchy%5Btitle%5D=21&hierarchy%5Bpart%5D=1308&date=current"


def test_a_zero_count_says_mitragynine_is_not_listed_in_part_1308():
    [section] = ecfr.parse(
        fixture_bytes("ecfr/count_mitragynine.json"), COUNT_URL.format("mitragynine")
    )
    assert section.key == "21 CFR 1308/mitragynine" and "not listed" in section.text
    assert section.matched_terms == ("mitragynine",)


def test_a_positive_count_says_listed():
    [section] = ecfr.parse(
        fixture_bytes("ecfr/count_tetrahydrocannabinols.json"),
        COUNT_URL.format("tetrahydrocannabinols"),
    )
    assert "3 match" in section.text and "- listed" in section.text and not section.relevant


def test_content_versions_become_notices_that_raise_nothing_by_themselves():
    notices = ecfr.parse(fixture_bytes("ecfr/versions_title21_part1308.json"))
    assert len(notices) == 4
    assert [n.relevant for n in notices] == [
        False,
        False,
        False,
        False,
    ]  # the substance counts decide (#12)
    assert (
        notices[2].external_id == "21 CFR 1308.12@2024-03-22"
        and notices[2].effective_on == "2024-03-22"
    )
    assert notices[2].title == "§ 1308.12 Schedule II."
    assert notices[2].url == "https://www.ecfr.gov/on/2024-03-22/title-21/section-1308.12"


def test_an_empty_version_list_is_a_failure_not_nothing_new():
    with pytest.raises(LayoutChanged, match="version list is empty"):
        ecfr.parse('{"content_versions": [], "meta": {}}')


def test_a_count_names_the_title_and_part_it_searched_and_carries_the_count():
    url = "https://www.ecfr.gov/api/search/v1/count?query=mitragynine&hierarchy%5Btitle%5D=42&hierarchy%5Bpart%5D=8"
    [section] = ecfr.parse(fixture_bytes("ecfr/count_mitragynine.json"), url)
    assert section.key == "42 CFR 8/mitragynine" and "42 CFR part 8" in section.text
    assert (
        section.native["count"] == 0
        and section.url == "https://www.ecfr.gov/current/title-42/part-8"
    )


def test_search_results_become_sections():
    [section] = ecfr.parse(fixture_bytes("ecfr/search_results_tetrahydrocannabinols.json"))
    assert (
        section.key == "21 CFR 1308.11"
        and "Tetrahydrocannabinols" in section.text
        and "<strong>" not in section.text
    )
    assert (
        section.url == "https://www.ecfr.gov/current/title-21/section-1308.11"
        and "<" not in section.title
    )


def test_section_xml_is_read_with_defusedxml():
    [section] = ecfr.parse(fixture_bytes("ecfr/section_1308_11.xml"))
    assert section.key == "21 CFR 1308.11" and "Schedule I" in section.text and not section.relevant


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_hostile_xml_is_refused(name):
    with pytest.raises(LayoutChanged, match="hostile XML"):
        ecfr.parse(fixture_bytes(f"ecfr/{name}"))


def test_an_unknown_json_shape_is_layout_changed():
    with pytest.raises(LayoutChanged):
        ecfr.parse(fixture_bytes("ecfr/wrong_shape.json"))


def _serve(replay):
    replay.route(
        "/api/versioner/v1/versions/title-21.json", fixture("ecfr/versions_title21_part1308.json")
    )
    replay.route(
        "/api/search/v1/count",
        fixture("ecfr/count_mitragynine.json"),
        query={"query": "mitragynine"},
    )
    replay.route(
        "/api/search/v1/count",
        fixture("ecfr/count_7-hydroxymitragynine.json"),
        query={"query": "7-hydroxymitragynine"},
    )


def test_the_first_poll_reads_the_amendments_and_both_substance_counts(replay, make_fetcher):
    _serve(replay)
    result = ecfr.poll(make_fetcher(), {}, base_url=replay.url)
    assert result.requests == 3 and result.outcome == "ok"
    keys = {getattr(i, "key", None) for i in result.items}
    assert {"21 CFR 1308/mitragynine", "21 CFR 1308/7-hydroxymitragynine"} <= keys
    assert result.state["latest_amendment"] == "2024-03-22"
    count = replay.requests_to("/api/search/v1/count")[0]
    assert count.param("hierarchy[title]") == "21" and count.param("hierarchy[part]") == "1308"
    assert count.param("date") == "current"


def test_a_second_poll_with_no_new_amendment_makes_one_request(replay, make_fetcher):
    _serve(replay)
    first = ecfr.poll(make_fetcher(), {}, base_url=replay.url)
    second = ecfr.poll(make_fetcher(), first.state, base_url=replay.url)
    assert second.requests == 1 and second.outcome == "unchanged" and second.items == []


def test_a_new_amendment_re_runs_the_counts(replay, make_fetcher):
    _serve(replay)
    result = ecfr.poll(
        make_fetcher(), {"latest_amendment": "2023-12-07", "counts": {}}, base_url=replay.url
    )
    assert result.requests == 3
    notices = [i for i in result.items if i.kind == "notice"]
    assert [n.external_id for n in notices] == ["21 CFR 1308.12@2024-03-22"]

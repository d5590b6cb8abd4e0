"""Congress.gov: list parser, local title match, pagination and the fromDateTime watermark."""

from __future__ import annotations

import pytest

from scrapers.errors import LayoutChanged, MissingApiKey
from scrapers.sources import congress
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes


def test_every_row_is_parsed_and_relevance_comes_from_the_title():
    bills = congress.parse(fixture_bytes("congress/bills_page1.json"))
    assert [b.identifier for b in bills] == ["HR 4411", "HR 4402", "S 2290"]
    assert [b.relevant for b in bills] == [True, False, True]
    kratom = bills[0]
    assert (
        kratom.external_id == "119-HR-4411"
        and kratom.jurisdiction == "US"
        and kratom.session == "119"
    )
    assert kratom.url == "https://www.congress.gov/bill/119th-congress/house-bill/4411"
    assert kratom.sources == ("https://api.congress.gov/v3/bill/119/hr/4411",)
    assert bills[2].url.endswith("/senate-bill/2290")


def test_an_error_body_without_bills_is_layout_changed():
    with pytest.raises(LayoutChanged):
        congress.parse(fixture_bytes("congress/error_invalid_key.json"))


def test_ordinals_follow_english_rules():
    assert congress.public_url(111, "HR", "1").startswith(
        "https://www.congress.gov/bill/111th-congress/"
    )
    assert congress.public_url(102, "S", "1").startswith(
        "https://www.congress.gov/bill/102nd-congress/"
    )


def test_a_poll_follows_pagination_next_and_keeps_only_title_matches(replay, make_fetcher):
    replay.route("/v3/bill", fixture("congress/bills_page1.json"))
    replay.route("/v3/bill", fixture("congress/bills_page2.json"), query={"offset": "3"})
    result = congress.poll(
        make_fetcher(), {"from_datetime": "2025-07-01T00:00:00Z"}, api_key="k", base_url=replay.url
    )
    assert [b.identifier for b in result.items] == ["HR 4411", "S 2290"] and result.requests == 2
    first, second = replay.requests_to("/v3/bill")
    assert (
        first.param("fromDateTime") == "2025-07-01T00:00:00Z"
        and first.param("sort") == "updateDate desc"
    )
    assert second.param("offset") == "3" and second.param("api_key") == "k"


def test_a_second_poll_with_nothing_updated_makes_one_request(replay, make_fetcher):
    replay.route("/v3/bill", fixture("congress/bills_empty.json"))
    first = congress.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    second = congress.poll(make_fetcher(), first.state, api_key="k", base_url=replay.url)
    assert second.requests == 1 and second.outcome == "unchanged"
    assert replay.requests[-1].param("fromDateTime") == first.state["from_datetime"]


def test_a_poll_without_a_key_is_skipped(make_fetcher):
    with pytest.raises(MissingApiKey):
        congress.poll(make_fetcher(), {}, api_key=None, base_url="http://127.0.0.1:9")

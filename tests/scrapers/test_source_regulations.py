"""Regulations.gov: JSON:API parser and the lastModifiedDate watermark poll."""

from __future__ import annotations

import pytest

from scrapers.errors import MissingApiKey, ScrapeError
from scrapers.sources import regulations
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes

QUERIES = len(regulations.AGENCIES) * len(regulations.QUERY_TERMS)


def test_json_api_documents_parse_as_notices_with_local_relevance():
    notices = regulations.parse(fixture_bytes("regulations/documents_dea_kratom.json"))
    assert [n.external_id for n in notices] == [
        "DEA-2016-0015-0001",
        "DEA-2016-0015-0002",
        "DEA-2016-0015-23455",
    ]
    first = notices[0]
    assert (
        first.doc_type == "Proposed Rule"
        and first.agencies == ("DEA",)
        and first.publication_date == "2016-08-31"
    )
    assert first.url == "https://www.regulations.gov/document/DEA-2016-0015-0001" and first.relevant
    assert notices[2].matched_terms == ("kratom",)


def test_an_api_error_body_is_a_scrape_error():
    with pytest.raises(ScrapeError, match="OVER_RATE_LIMIT"):
        regulations.parse(fixture_bytes("regulations/error_over_rate_limit.json"))


def _serve(replay):
    replay.route("/v4/documents", fixture("regulations/documents_empty.json"))
    replay.route(
        "/v4/documents",
        fixture("regulations/documents_dea_kratom.json", content_type="application/vnd.api+json"),
        query={"filter[searchTerm]": "kratom", "filter[agencyId]": "DEA"},
    )


def test_a_poll_queries_each_agency_and_term_with_the_key_in_a_header(replay, make_fetcher):
    _serve(replay)
    result = regulations.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    assert len(result.items) == 3 and result.requests == QUERIES
    assert (
        result.state["last_modified_utc"] == "2016-12-02T15:44:03Z"
    )  # the newest lastModifiedDate, in UTC
    req = replay.requests_to("/v4/documents")[0]
    assert req.headers["X-Api-Key"] == "k" and "api_key" not in req.query


def test_a_second_poll_with_nothing_modified_makes_one_request_per_query(replay, make_fetcher):
    _serve(replay)
    first = regulations.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    second = regulations.poll(make_fetcher(), first.state, api_key="k", base_url=replay.url)
    assert second.requests <= QUERIES and second.outcome == "unchanged"
    assert (
        replay.requests[-1].param("filter[lastModifiedDate][ge]") == "2016-12-02 09:44:03"
    )  # 10:44 EST, an hour early


def test_a_poll_without_a_key_is_skipped(make_fetcher):
    with pytest.raises(MissingApiKey):
        regulations.poll(make_fetcher(), {}, api_key=None, base_url="http://127.0.0.1:9")


def test_the_watermark_is_sent_in_us_eastern_time_an_hour_early_in_winter_and_summer(
    replay, make_fetcher
):
    replay.route("/v4/documents", fixture("regulations/documents_empty.json"))
    for utc, eastern in (
        ("2025-01-15T12:00:00Z", "2025-01-15 06:00:00"),  # EST: UTC-5, less the hour's overlap
        ("2025-07-15T03:30:00Z", "2025-07-14 22:30:00"),
    ):  # EDT: UTC-4, across midnight
        regulations.poll(
            make_fetcher(), {"last_modified_utc": utc}, api_key="k", base_url=replay.url
        )
        assert replay.requests[-1].param("filter[lastModifiedDate][ge]") == eastern


def test_a_watermark_stored_by_an_older_version_is_read_as_the_utc_time_it_was(
    replay, make_fetcher
):
    replay.route("/v4/documents", fixture("regulations/documents_empty.json"))
    result = regulations.poll(
        make_fetcher(),
        {"last_modified_ge": "2016-12-02 15:44:03"},
        api_key="k",
        base_url=replay.url,
    )
    assert replay.requests[-1].param("filter[lastModifiedDate][ge]") == "2016-12-02 09:44:03"
    assert (
        result.state["last_modified_utc"] == "2016-12-02T15:44:03Z"
    )  # nothing newer seen: the watermark holds


def test_a_document_modified_just_after_the_last_run_is_asked_for_again_not_skipped(
    replay, make_fetcher
):
    _serve(replay)
    first = regulations.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    sent = replay.requests_to("/v4/documents")
    regulations.poll(make_fetcher(), first.state, api_key="k", base_url=replay.url)
    ge = replay.requests_to("/v4/documents")[len(sent)].param("filter[lastModifiedDate][ge]")
    # the newest row was modified 2016-12-02 15:44:03 UTC = 10:44:03 Eastern; the filter starts before it
    assert ge < "2016-12-02 10:44:03"

"""Federal Register: documents and public-inspection parsers, and the watermark poll."""

from __future__ import annotations

import pytest

from scrapers.errors import LayoutChanged
from scrapers.sources import federal_register as fr
from scrapers.terms import TERMS
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes


def test_the_2016_dea_notice_and_its_withdrawal_parse_as_notices():
    withdrawal, intent = fr.parse(fixture_bytes("federal_register/documents_mitragynine.json"))
    assert intent.external_id == "2016-20803" and intent.publication_date == "2016-08-31"
    assert intent.doc_type == "Proposed Rule" and intent.jurisdiction == "US"
    assert intent.agencies == ("Justice Department", "Drug Enforcement Administration")
    assert intent.url.startswith("https://www.federalregister.gov/documents/2016/08/31/2016-20803/")
    assert intent.relevant and {"mitragynine", "kratom", "Mitragyna speciosa"} <= set(
        intent.matched_terms
    )
    assert withdrawal.external_id == "2016-24659" and withdrawal.publication_date == "2016-10-13"


def test_a_public_inspection_document_parses_like_a_published_one():
    [doc] = fr.parse(fixture_bytes("federal_register/public_inspection_mitragynine.json"))
    assert doc.external_id == "2016-20803" and doc.publication_date == "2016-08-31" and doc.relevant


def test_a_search_with_no_matches_and_no_results_key_is_empty_not_an_error():
    assert fr.parse(fixture_bytes("federal_register/documents_empty.json")) == []


@pytest.mark.parametrize("name", ["documents_truncated.json", "documents_wrong_shape.json"])
def test_truncated_or_reshaped_bodies_are_layout_changed(name):
    with pytest.raises(LayoutChanged):
        fr.parse(fixture_bytes(f"federal_register/{name}"))


def _serve(replay):
    replay.route("/api/v1/documents.json", fixture("federal_register/documents_empty.json"))
    replay.route(
        "/api/v1/documents.json",
        fixture("federal_register/documents_mitragynine.json"),
        query={"conditions[term]": "mitragynine"},
    )
    replay.route(
        "/api/v1/documents.json",
        fixture("federal_register/documents_kratom_page1.json"),
        query={"conditions[term]": "kratom"},
    )
    replay.route(
        "/api/v1/documents.json",
        fixture("federal_register/documents_kratom_page2.json"),
        query={"conditions[term]": "kratom", "page": "2"},
    )
    replay.route(
        "/api/v1/public-inspection-documents.json",
        fixture("federal_register/public_inspection_empty.json"),
    )
    replay.route(
        "/api/v1/public-inspection-documents.json",
        fixture("federal_register/public_inspection_mitragynine.json"),
        query={"conditions[term]": "mitragynine"},
    )


def test_a_poll_follows_next_page_url_on_the_configured_host(replay, make_fetcher):
    _serve(replay)
    result = fr.poll(make_fetcher(), {}, base_url=replay.url + "/api/v1")
    assert sorted(n.external_id for n in result.items) == ["2016-20803", "2016-24659"]
    assert len(replay.requests_to("/api/v1/documents.json")) == len(TERMS) + 1
    assert result.state["publication_date_gte"] == "2016-10-13"
    first = replay.requests_to("/api/v1/documents.json")[0]
    assert first.param("order") == "newest" and "document_number" in first.query["fields[]"]


def test_a_second_poll_with_nothing_new_makes_one_request_per_query(replay, make_fetcher):
    replay.route("/api/v1/documents.json", fixture("federal_register/documents_empty.json"))
    replay.route(
        "/api/v1/documents.json",
        fixture("federal_register/documents_mitragynine.json"),
        query={"conditions[term]": "mitragynine"},
    )
    replay.route(
        "/api/v1/public-inspection-documents.json",
        fixture("federal_register/public_inspection_empty.json"),
    )
    first = fr.poll(make_fetcher(), {}, base_url=replay.url + "/api/v1")
    second = fr.poll(make_fetcher(), first.state, base_url=replay.url + "/api/v1")
    queries = 2 * len(TERMS)  # documents + public inspection, per term
    assert second.requests <= queries and second.outcome == "unchanged"
    assert (
        replay.requests_to("/api/v1/documents.json")[-1].param("conditions[publication_date][gte]")
        == "2016-10-13"
    )

"""LegiScan: getSearchRaw / getBill parsers and the change_hash poll."""

from __future__ import annotations

import pytest

from scrapers.errors import LayoutChanged, MissingApiKey, ScrapeError
from scrapers.sources import legiscan
from scrapers.terms import TERMS
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes


def test_get_search_raw_rows_are_read_from_numeric_keys_beside_the_summary():
    hashes, summary = legiscan.parse_search_raw(fixture_bytes("legiscan/search_raw_kratom.json"))
    assert hashes == {
        "1903541": "8c1f0d7e2b4a9e63f5d2c1b0a9876543",
        "1957730": "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a",
    }
    assert summary["page_total"] == 1


def test_an_empty_search_has_a_summary_and_no_rows():
    assert legiscan.parse_search_raw(fixture_bytes("legiscan/search_raw_empty.json"))[0] == {}


def test_get_bill_maps_the_louisiana_bill_with_history_progress_and_texts():
    [bill] = legiscan.parse(fixture_bytes("legiscan/bill_1903541.json"))
    assert (
        bill.jurisdiction == "US-LA"
        and bill.identifier == "SB 154"
        and bill.external_id == "1903541"
    )
    assert bill.session == "2025 Regular Session" and bill.status_hint == "enacted"
    assert bill.actions[-1].classification == ("executive-signature",)
    assert bill.actions[3].chamber == "lower"
    assert bill.versions[0] == "https://legis.la.gov/legis/ViewDocument.aspx?d=1401001"
    assert bill.relevant and set(bill.matched_terms) >= {
        "kratom",
        "mitragynine",
        "Mitragyna speciosa",
    }
    assert bill.updated_at == "2025-06-20"


def test_a_bare_dataset_bill_record_parses_like_get_bill():
    import json

    record = json.loads(fixture_bytes("legiscan/bill_1957730.json"))["bill"]
    [bill] = legiscan.parse(json.dumps(record))
    assert (
        bill.jurisdiction == "US-WA"
        and bill.identifier == "HB 2291"
        and bill.status_hint == "introduced"
    )


def test_an_error_envelope_is_a_scrape_error():
    with pytest.raises(ScrapeError, match="Unknown API key"):
        legiscan.parse(fixture_bytes("legiscan/error.json"))


def test_a_truncated_bill_is_layout_changed():
    with pytest.raises(LayoutChanged):
        legiscan.parse(fixture_bytes("legiscan/bill_truncated.json"))


def _serve(replay):
    replay.route("/", fixture("legiscan/search_raw_empty.json"), query={"op": "getSearchRaw"})
    replay.route(
        "/",
        fixture("legiscan/search_raw_kratom.json"),
        query={"op": "getSearchRaw", "query": "kratom"},
    )
    replay.route(
        "/", fixture("legiscan/bill_1903541.json"), query={"op": "getBill", "id": "1903541"}
    )
    replay.route(
        "/", fixture("legiscan/bill_1957730.json"), query={"op": "getBill", "id": "1957730"}
    )


def test_the_first_poll_fetches_every_bill_it_has_not_seen(replay, make_fetcher):
    _serve(replay)
    result = legiscan.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    assert sorted(b.external_id for b in result.items) == ["1903541", "1957730"]
    assert result.requests == len(TERMS) + 2
    first = replay.requests[0]
    assert (
        first.param("state") == "ALL" and first.param("year") == "2" and first.param("key") == "k"
    )


def test_a_second_poll_with_unchanged_hashes_makes_one_request_per_term_and_no_get_bill(
    replay, make_fetcher
):
    _serve(replay)
    first = legiscan.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    second = legiscan.poll(make_fetcher(), first.state, api_key="k", base_url=replay.url)
    assert second.requests == len(TERMS) and second.items == [] and second.outcome == "unchanged"


def test_only_bills_whose_change_hash_moved_are_fetched_again(replay, make_fetcher):
    _serve(replay)
    state = {"hashes": {"1903541": "8c1f0d7e2b4a9e63f5d2c1b0a9876543", "1957730": "stale"}}
    result = legiscan.poll(make_fetcher(), state, api_key="k", base_url=replay.url)
    assert [b.external_id for b in result.items] == ["1957730"]


def test_a_poll_without_a_key_is_skipped(make_fetcher):
    with pytest.raises(MissingApiKey):
        legiscan.poll(make_fetcher(), {}, api_key=None, base_url="http://127.0.0.1:9")


def test_a_weekly_dataset_bill_record_parses_like_get_bill():
    import json

    envelope = json.loads(fixture_bytes("legiscan/bill_1903541.json"))
    [from_dataset] = legiscan.parse(
        json.dumps({"bill": envelope["bill"]})
    )  # a file of the weekly dataset ZIP
    [from_api] = legiscan.parse(fixture_bytes("legiscan/bill_1903541.json"))
    assert from_dataset == from_api and from_dataset.identifier == "SB 154"


@pytest.mark.parametrize(
    "status, events, stage",
    [
        (4, [1, 2, 3, 4, 9], "enacted"),  # a late referral event does not undo a passed bill
        (1, [1, 4], "introduced"),  # an event claiming passage does not outrank the status
        (1, [1, 9], "in_committee"),  # a referral refines "introduced"
        (6, [1, 9], "failed"),
        (None, [1, 8], "enacted"),  # no status: the last event stands in
        (3, [], "passed_both"),
    ],
)
def test_a_bills_stage_comes_from_its_status_code(status, events, stage):
    import json

    raw = json.loads(fixture_bytes("legiscan/bill_1957730.json"))["bill"]
    raw = {
        **raw,
        "status": status,
        "progress": [{"date": f"2026-01-{i + 1:02d}", "event": e} for i, e in enumerate(events)],
    }
    [bill] = legiscan.parse(json.dumps({"bill": raw}))
    assert bill.status_hint == stage


def test_parse_reads_a_get_search_raw_response_as_one_hit_per_row():
    hits = legiscan.parse(fixture_bytes("legiscan/search_raw_kratom.json"))
    assert [(h.external_id, h.change_hash, h.relevance, h.kind) for h in hits] == [
        ("1903541", "8c1f0d7e2b4a9e63f5d2c1b0a9876543", 100, "search_hit"),
        ("1957730", "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a", 87, "search_hit"),
    ]
    assert legiscan.parse(fixture_bytes("legiscan/search_raw_empty.json")) == []

"""Open States: parser over fixtures, and polls over the replay server."""

from __future__ import annotations

import datetime as dt

import pytest

from scrapers.errors import LayoutChanged, MissingApiKey
from scrapers.sources import openstates
from scrapers.terms import TERMS
from tests.replay import fixture
from tests.scrapers.helpers import fixture_bytes


def test_the_louisiana_kratom_bill_parses_with_actions_versions_and_a_stage():
    [bill] = openstates.parse(fixture_bytes("openstates/bills_kratom_page1.json"))
    assert bill.jurisdiction == "US-LA" and bill.identifier == "SB 154" and bill.session == "2025"
    assert bill.external_id.startswith("ocd-bill/")
    assert (
        bill.relevant
        and "kratom" in bill.matched_terms
        and "7-hydroxymitragynine" in bill.matched_terms
    )
    assert [a.date for a in bill.actions] == [
        "2025-04-04",
        "2025-05-06",
        "2025-06-04",
        "2025-06-20",
    ]
    assert bill.actions[1].chamber == "upper" and bill.actions[2].chamber == "lower"
    assert bill.status_hint == "enacted"
    assert bill.versions[-1].endswith("d=1401777")
    assert bill.sources == ("https://legis.la.gov/legis/BillInfo.aspx?s=25RS&b=SB154&sbi=y",)
    assert bill.url == "https://openstates.org/la/bills/2025/SB154/"


def test_a_full_text_hit_without_a_term_in_the_title_is_kept_but_marked_not_relevant():
    [bill] = openstates.parse(fixture_bytes("openstates/bills_kratom_page2.json"))
    assert bill.jurisdiction == "US-NY" and not bill.relevant and bill.matched_terms == ()
    assert bill.status_hint == "in_committee"


def test_items_are_json_safe():
    import json

    [bill] = openstates.parse(fixture_bytes("openstates/bills_kratom_page1.json"))
    data = json.loads(json.dumps(bill.to_json()))
    assert data["kind"] == "bill" and data["actions"][0]["classification"] == [
        "filing",
        "referral-committee",
    ]


def test_an_empty_result_page_is_an_empty_list_not_an_error():
    assert openstates.parse(fixture_bytes("openstates/bills_empty.json")) == []


@pytest.mark.parametrize("name", ["bills_truncated.json", "bills_wrong_shape.json"])
def test_truncated_or_reshaped_responses_are_layout_changed(name):
    with pytest.raises(LayoutChanged):
        openstates.parse(fixture_bytes(f"openstates/{name}"))


def _serve(replay):
    replay.route("/bills", fixture("openstates/bills_empty.json"))
    replay.route(
        "/bills", fixture("openstates/bills_kratom_page1.json"), query={"q": "kratom", "page": "1"}
    )
    replay.route(
        "/bills", fixture("openstates/bills_kratom_page2.json"), query={"q": "kratom", "page": "2"}
    )


def test_a_poll_without_a_key_is_skipped_with_missing_api_key(make_fetcher):
    with pytest.raises(MissingApiKey):
        openstates.poll(make_fetcher(), {}, api_key=None, base_url="http://127.0.0.1:9")


def test_a_poll_follows_every_page_and_sends_the_key_as_a_header(replay, make_fetcher):
    _serve(replay)
    result = openstates.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    assert {b.identifier for b in result.items} == {"SB 154", "A 4521"}
    assert result.requests == len(TERMS) + 1 and result.outcome == "ok"
    first = replay.requests_to("/bills")[0]
    assert first.headers["X-API-KEY"] == "k" and first.param("sort") == "updated_asc"
    assert set(first.query["include"]) >= {"actions", "sources", "versions"}
    assert result.state["updated_since"] == "2025-06-21T04:31:09.448201+00:00"


def test_a_second_poll_with_nothing_changed_costs_one_request_per_term(replay, make_fetcher):
    replay.route("/bills", fixture("openstates/bills_empty.json"))
    replay.route("/bills", fixture("openstates/bills_ny_single_page.json"), query={"q": "kratom"})
    first = openstates.poll(make_fetcher(), {}, api_key="k", base_url=replay.url)
    second = openstates.poll(make_fetcher(), first.state, api_key="k", base_url=replay.url)
    assert second.requests <= len(TERMS) and second.outcome == "unchanged"
    assert replay.requests[-1].param("updated_since") == first.state["updated_since"]


def test_an_explicit_since_date_overrides_the_stored_watermark(replay, make_fetcher):
    _serve(replay)
    openstates.poll(
        make_fetcher(),
        {"updated_since": "2030-01-01"},
        since=dt.date(2025, 1, 1),
        api_key="k",
        base_url=replay.url,
    )
    assert replay.requests[0].param("updated_since") == "2025-01-01"


def _one_bill_page(page: int, max_page: int) -> str:
    import json

    [raw] = json.loads(fixture_bytes("openstates/bills_kratom_page1.json"))["results"]
    raw = {**raw, "id": f"ocd-bill/{page:08d}", "updated_at": f"2025-06-{page:02d}T00:00:00+00:00"}
    return json.dumps(
        {
            "results": [raw],
            "pagination": {
                "per_page": 20,
                "page": page,
                "max_page": max_page,
                "total_items": max_page,
            },
        }
    )


def test_a_search_longer_than_the_page_limit_is_noted_and_the_next_run_resumes_where_it_stopped(
    replay, make_fetcher, monkeypatch
):
    from tests.replay import Reply

    monkeypatch.setattr(openstates, "MAX_PAGES", 2)
    for page in (1, 2, 3, 4, 5):
        replay.route("/bills", Reply(body=_one_bill_page(page, 5)), query={"page": str(page)})
    result = openstates.poll(
        make_fetcher(), {"updated_since": "2025-05-01"}, api_key="k", base_url=replay.url
    )
    assert sorted(b.external_id for b in result.items) == ["ocd-bill/00000001", "ocd-bill/00000002"]
    assert len(replay.requests_to("/bills")) == 2 * len(
        TERMS
    )  # two pages per term, never the third
    assert any(n.startswith("truncated: ") and "3 more page(s) after 2" in n for n in result.notes)
    assert (
        result.state["updated_since"] == "2025-06-02T00:00:00+00:00"
    )  # the last bill read, oldest first
    assert replay.requests_to("/bills")[0].param("sort") == "updated_asc"
    openstates.poll(make_fetcher(), result.state, api_key="k", base_url=replay.url)
    assert replay.requests_to("/bills")[-1].param("updated_since") == "2025-06-02T00:00:00+00:00"

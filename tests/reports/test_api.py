"""tracker.reports.api: the API's read models (paging arithmetic, jurisdiction lists)."""

from __future__ import annotations

from tests.conftest import initialise
from tracker.reports.api import list_jurisdictions, page_info


def test_page_info_rounds_pages_up_and_an_empty_list_still_has_one_page():
    assert page_info(total=201, page=3, per=100) == {
        "page": 3,
        "per": 100,
        "total": 201,
        "pages": 3,
    }
    assert page_info(total=0, page=1, per=100)["pages"] == 1


def test_listing_us_jurisdictions_gives_states_with_codes_and_names(runtime):
    initialise(runtime)
    with runtime.transaction() as s:
        rows = list_jurisdictions(s, region="us")
    codes = {r["code"] for r in rows}
    assert {"US-LA", "US-DC", "US"} <= codes
    assert all(c == "US" or c.startswith("US-") for c in codes)

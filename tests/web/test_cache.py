"""Anonymous pages are served from a cache keyed by the data's version, never stale."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import period
from tests.conftest import initialise
from tracker.status import history
from tracker.status import jurisdictions
from tracker.web import create_app


def test_a_cached_page_is_replaced_as_soon_as_the_history_changes(runtime):
    initialise(runtime)
    app = create_app(runtime)
    client = app.test_client()
    first = client.get("/j/US-NH")
    assert first.status_code == 200 and "banned" not in first.get_data(as_text=True).split("Status on")[1][:400]
    again = client.get("/j/US-NH")
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert client.get("/j/US-NH", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert len(app.extensions["page_cache"].items) >= 1

    with runtime.transaction() as s:
        nh = jurisdictions.get(s, "US-NH")
        history.record_history(s, nh, [period(date(2026, 1, 1), leaf="controlled", seven_oh="controlled")], recorded_by="test")
    fresh = client.get("/j/US-NH")
    assert fresh.headers["ETag"] != first.headers["ETag"]
    assert "banned" in fresh.get_data(as_text=True)


def test_responses_that_set_cookies_or_fail_are_not_cached(runtime):
    initialise(runtime)
    app = create_app(runtime)
    client = app.test_client()
    assert client.get("/j/US-ZZ").status_code == 404
    assert client.get("/?sort=drop+table").status_code == 400
    assert app.extensions["page_cache"].items == {}


def test_the_page_cache_can_be_turned_off_and_pages_are_then_built_every_time(runtime):
    from dataclasses import replace

    from tracker.store.runtime import Runtime
    from tracker.store.settings import ConfigError, Settings

    initialise(runtime)
    off = Runtime(replace(runtime.settings, page_cache_entries=0))
    app = create_app(off)
    client = app.test_client()
    first, again = client.get("/j/US-NH"), client.get("/j/US-NH")
    assert first.status_code == again.status_code == 200 and "page_cache" not in app.extensions
    assert "ETag" not in again.headers  # no cache key, so no validator either
    assert Settings.from_env({"TRACKER_PAGE_CACHE_ENTRIES": "0"}).page_cache_entries == 0
    assert Settings.from_env({}).page_cache_entries == 512
    with pytest.raises(ConfigError, match="TRACKER_PAGE_CACHE_ENTRIES"):
        Settings.from_env({"TRACKER_PAGE_CACHE_ENTRIES": "-1"})

"""Anonymous pages are served from a cache keyed by the data's version, never stale."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import initialise
from tests.factories import period
from tracker.status import history, jurisdictions
from tracker.web import create_app
from tracker.web.cache import CACHEABLE


def test_a_cached_page_is_replaced_as_soon_as_the_history_changes(runtime):
    initialise(runtime)
    app = create_app(runtime)
    client = app.test_client()
    first = client.get("/j/US-NH")
    assert (
        first.status_code == 200
        and "banned" not in first.get_data(as_text=True).split("Status on")[1][:400]
    )
    again = client.get("/j/US-NH")
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert (
        client.get("/j/US-NH", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    )
    assert len(app.extensions["page_cache"].items) >= 1

    with runtime.transaction() as s:
        nh = jurisdictions.get(s, "US-NH")
        history.record_history(
            s,
            nh,
            [period(date(2026, 1, 1), leaf="controlled", seven_oh="controlled")],
            recorded_by="test",
        )
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


# -- issue #10: the cache cannot be bypassed or grown without bound ----------------------------------


def test_unknown_query_parameters_are_a_400_naming_them_and_make_no_cache_entry(runtime):
    initialise(runtime)
    app = create_app(runtime)
    client = app.test_client()
    for n in range(20):
        resp = client.get(f"/j/US-NH?z={n}")
        assert resp.status_code == 400 and "z: is not a parameter of this page" in resp.get_data(
            as_text=True
        )
    assert client.get("/?utm_source=x").status_code == 400
    assert client.get("/articles/kratom?x=1").status_code in (400, 404)
    print(f"\nM7: 20 requests with ?z=N -> {len(app.extensions['page_cache'].items)} cache entries")
    assert app.extensions["page_cache"].items == {}


def test_raw_accept_values_share_the_entry_of_the_media_type_they_negotiate(runtime):
    initialise(runtime)
    app = create_app(runtime)
    client = app.test_client()
    accepts = [
        "text/html",
        "text/html;q=0.9",
        "text/html, */*;q=0.1",
        "text/html;a=1",
        "text/html;b=2",
    ]
    for accept in accepts:
        assert client.get("/j/US-NH", headers={"Accept": accept}).status_code == 200
    assert len(app.extensions["page_cache"].items) == 1
    html = client.get("/api/v1/", headers={"Accept": "text/html;q=1, */*;q=0.1"})
    json_ = client.get("/api/v1/", headers={"Accept": "application/json;x=1"})
    json2 = client.get("/api/v1/", headers={"Accept": "*/*"})
    assert html.mimetype == "text/html" and json_.mimetype == json2.mimetype == "application/json"
    assert (
        len(app.extensions["page_cache"].items) == 3
    )  # one page + the API index as HTML and as JSON


def test_head_is_answered_from_the_get_entry_and_vary_is_kept_on_hits(runtime):
    initialise(runtime)
    app = create_app(runtime)
    client = app.test_client()
    head = client.head("/j/US-NH")
    get = client.get("/j/US-NH")
    again = client.get("/j/US-NH")
    assert head.status_code == get.status_code == 200 and head.get_data() == b""
    assert len(app.extensions["page_cache"].items) == 1
    assert head.headers["ETag"] == get.headers["ETag"] == again.headers["ETag"]
    assert again.headers["Vary"] == get.headers["Vary"] and {"Cookie", "Accept"} <= {
        v.strip() for v in get.headers["Vary"].split(",")
    }


def test_the_cache_is_bounded_in_bytes(runtime):
    from dataclasses import replace

    from tracker.store.runtime import Runtime

    initialise(runtime)
    app = create_app(Runtime(replace(runtime.settings, page_cache_bytes=60_000)))
    client = app.test_client()
    for code in (
        "US-NH",
        "US-LA",
        "US-AL",
        "US-CA",
        "US-TX",
        "US-FL",
        "US-NY",
        "US-WA",
        "US-OR",
        "US-VT",
    ):
        assert client.get(f"/j/{code}").status_code == 200
    cache = app.extensions["page_cache"]
    print(
        f"\nM7: 10 pages into a 60,000-byte cache -> {len(cache.items)} entries, {cache.bytes} bytes"
    )
    assert 0 < cache.bytes <= 60_000 and len(cache.items) < 10
    assert cache.bytes == sum(cache._cost(k, v) for k, v in cache.items.items())


def test_the_declared_page_parameters_are_exactly_the_ones_each_view_reads():
    import inspect
    import re

    from tracker.web import changes, home, jurisdiction, sources
    from tracker.web.params import PAGE_PARAMETERS

    reads = re.compile(r"""_arg\(\s*["']([a-z_]+)["']""")
    for endpoint, module in (
        ("home.index", home),
        ("jurisdiction.show", jurisdiction),
        ("sources.index", sources),
    ):
        assert set(reads.findall(inspect.getsource(module))) == PAGE_PARAMETERS[endpoint], endpoint
    read = set(reads.findall(inspect.getsource(changes)))
    assert read == PAGE_PARAMETERS["changes.index"] | PAGE_PARAMETERS["changes.bills"]


def test_only_public_read_pages_are_cacheable_never_the_curators_or_the_health_check():
    assert {"home.index", "jurisdiction.show", "api.status"} <= CACHEABLE
    assert not {e for e in CACHEABLE if e.startswith(("review", "auth", "curator"))}
    assert "home.healthz" not in CACHEABLE

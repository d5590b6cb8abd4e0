"""Issue #10 (Medium): absolute URLs come from TRACKER_PUBLIC_URL when it is set; without it a
forged Host header cannot poison the page cache; TRACKER_PROXY_FIX trusts one reverse proxy."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tracker.store.runtime import Runtime
from tracker.store.settings import ConfigError, Settings
from tracker.web import create_app

EVIL = "evil.example"
# every page, feed and API document that builds an absolute URL or is served from the page cache
PAGES = (
    "/",
    "/j/US-LA",
    "/changes",
    "/bills",
    "/sources",
    "/changes.atom",
    "/bills.atom",
    "/j/US-LA/changes.atom",
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/status?per=2",
    "/api/v1/sources",
)


def app_for(rt, **changes):
    app = create_app(Runtime(replace(rt.settings, **changes)) if changes else rt)
    app.testing = True
    return app


@pytest.mark.parametrize("public_url", [None, "https://kratom.example.org"])
def test_one_request_with_a_forged_host_changes_nothing_another_client_is_served(rt, public_url):
    app = app_for(rt, public_url=public_url)
    attacker, visitor = app.test_client(), app.test_client()
    for path in PAGES:  # the attacker goes first, so anything it could plant is in the cache
        for accept in ("text/html", "application/json"):
            assert (
                attacker.get(path, headers={"Host": EVIL, "Accept": accept}).status_code == 200
            ), path
    leaked = [
        path
        for path in PAGES
        for accept in ("text/html", "application/json")
        if EVIL in visitor.get(path, headers={"Accept": accept}).get_data(as_text=True)
    ]
    print(
        f"\nM1 (public_url={public_url}): {len(PAGES) * 2} pages after a forged Host, {len(leaked)} with {EVIL}"
    )
    assert leaked == []
    if public_url:  # and the attacker's own copies use the configured address too
        feed = attacker.get("/changes.atom", headers={"Host": EVIL}).get_data(as_text=True)
        assert EVIL not in feed and "https://kratom.example.org/j/" in feed
        servers = attacker.get("/api/v1/openapi.json", headers={"Host": EVIL}).get_json()["servers"]
        assert EVIL not in str(servers) and "https://kratom.example.org" in str(servers)


def test_a_public_url_with_a_path_prefix_is_used_for_links(rt):
    app = app_for(rt, public_url="https://example.org/kratom")
    feed = app.test_client().get("/changes.atom").get_data(as_text=True)
    assert "https://example.org/kratom/j/" in feed


def test_behind_a_reverse_proxy_feeds_are_https_and_the_login_throttle_sees_the_client(rt):
    app = app_for(rt, proxy_fix=1)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    proxied = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "tracker.example.org",
        "X-Forwarded-For": "203.0.113.9",
    }
    feed = client.get("/changes.atom", headers=proxied).get_data(as_text=True)
    assert "https://tracker.example.org/j/" in feed and "http://localhost" not in feed
    limiter = app.extensions["login_limiter"]
    for i in range(6):
        client.post(
            "/login",
            data={"email": f"nobody{i}@example.org", "password": "x" * 12},
            headers={**proxied, "X-Forwarded-For": "203.0.113.9"},
        )
    assert "ip:203.0.113.9" in limiter._hits  # the client's address, not the proxy's (127.0.0.1)
    assert "ip:127.0.0.1" not in limiter._hits
    # without TRACKER_PROXY_FIX the forwarded headers are not believed
    plain = app_for(rt).test_client().get("/changes.atom", headers=proxied).get_data(as_text=True)
    assert "tracker.example.org" not in plain


@pytest.mark.parametrize(
    "raw",
    ["ftp://x.example", "https://", "https://x.example/?a=1", "x.example", "https://u:p@x.example"],
)
def test_a_malformed_public_url_is_a_configuration_error_naming_it(raw):
    with pytest.raises(ConfigError, match="TRACKER_PUBLIC_URL"):
        Settings.from_env({"TRACKER_PUBLIC_URL": raw})


def test_the_settings_read_public_url_proxy_fix_and_cache_bytes_once():
    s = Settings.from_env(
        {
            "TRACKER_PUBLIC_URL": "https://Kratom.Example.org/",
            "TRACKER_PROXY_FIX": "1",
            "TRACKER_PAGE_CACHE_BYTES": "1000",
        }
    )
    assert (s.public_url, s.proxy_fix, s.page_cache_bytes) == (
        "https://kratom.example.org",
        1,
        1000,
    )
    assert Settings.from_env({}).public_url is None and Settings.from_env({}).proxy_fix == 0

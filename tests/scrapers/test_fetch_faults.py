"""Fetcher behaviour over real HTTP against the local replay server, with injected faults."""

from __future__ import annotations

import time

import pytest

from scrapers.errors import BlockedAddress, Deferred, FetchError, LayoutChanged, ResponseTooLarge
from scrapers.sources import openstates
from tests.replay import Reply, fixture
from tests.scrapers.helpers import fixture_bytes

OK = Reply(body=b'{"ok": true}')


def test_a_503_three_times_then_200_succeeds_on_the_fourth_attempt(
    replay, make_fetcher, fake_sleep
):
    replay.route("/data", [Reply(503), Reply(503), Reply(503), OK])
    fetcher = make_fetcher(retries=3, backoff=0.5)
    resp = fetcher.get(replay.url + "/data")
    assert resp.status == 200 and resp.body == b'{"ok": true}'
    assert len(replay.requests_to("/data")) == 4 and fetcher.requests == 4
    assert fake_sleep.retry_waits == [0.5, 1.0, 2.0]


def test_a_503_that_never_recovers_fails_after_the_configured_retries(replay, make_fetcher):
    replay.route("/data", Reply(503))
    with pytest.raises(FetchError) as err:
        make_fetcher(retries=2).get(replay.url + "/data")
    assert err.value.http_status == 503
    assert len(replay.requests_to("/data")) == 3


def test_a_429_with_a_short_retry_after_is_waited_out_then_retried(
    replay, make_fetcher, fake_sleep
):
    replay.route("/data", [Reply(429, headers={"Retry-After": "7"}), OK])
    resp = make_fetcher(retry_after_cap=120).get(replay.url + "/data")
    assert resp.status == 200
    assert 7.0 in fake_sleep.calls
    assert len(replay.requests_to("/data")) == 2


def test_a_429_with_a_retry_after_beyond_the_cap_defers_at_once_without_waiting(
    replay, make_fetcher, fake_sleep
):
    replay.route("/data", [Reply(429, headers={"Retry-After": "86400"}), OK])
    with pytest.raises(Deferred) as err:
        make_fetcher(retry_after_cap=120).get(replay.url + "/data")
    assert err.value.retry_after == 86400
    assert fake_sleep.retry_waits == []
    assert len(replay.requests_to("/data")) == 1


def test_a_503_with_an_http_date_retry_after_beyond_the_cap_defers(replay, make_fetcher):
    replay.route("/data", Reply(503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}))
    with pytest.raises(Deferred):
        make_fetcher().get(replay.url + "/data")


def test_a_connect_timeout_to_a_blackhole_port_fails_within_the_timeout_budget(
    blackhole, make_fetcher
):
    fetcher = make_fetcher(timeout=(0.2, 0.2), retries=1)
    started = time.monotonic()
    with pytest.raises(FetchError):
        fetcher.get(blackhole.url + "/data")
    assert time.monotonic() - started < 0.2 * 2 + 1.0
    assert fetcher.requests == 2


def test_a_read_timeout_is_retried_and_then_reported(replay, make_fetcher):
    replay.route("/slow", Reply(body=b"{}", delay=0.6))
    fetcher = make_fetcher(timeout=(0.5, 0.2), retries=1)
    with pytest.raises(FetchError):
        fetcher.get(replay.url + "/slow")
    assert fetcher.requests == 2


def test_a_connection_closed_without_a_reply_is_retried(replay, make_fetcher):
    replay.route("/flaky", [Reply(close=True), OK])
    resp = make_fetcher().get(replay.url + "/flaky")
    assert resp.status == 200 and len(replay.requests_to("/flaky")) == 2


def test_a_body_cut_short_of_its_content_length_is_a_fetch_error(replay, make_fetcher):
    replay.route("/cut", Reply(body=b'{"results": [1, 2, 3]}' * 100, truncate=50))
    with pytest.raises(FetchError):
        make_fetcher(retries=1).get(replay.url + "/cut")


def test_truncated_json_served_whole_is_layout_changed_not_an_empty_result(replay, make_fetcher):
    replay.route("/bills", fixture("openstates/bills_truncated.json"))
    resp = make_fetcher().get(replay.url + "/bills")
    with pytest.raises(LayoutChanged):
        openstates.parse(resp.body)


def test_an_empty_200_body_is_layout_changed(replay, make_fetcher):
    replay.route("/bills", Reply(body=b""))
    resp = make_fetcher().get(replay.url + "/bills")
    assert resp.body == b""
    with pytest.raises(LayoutChanged):
        openstates.parse(resp.body)


def test_a_changed_json_layout_is_layout_changed(replay, make_fetcher):
    replay.route("/bills", fixture("openstates/bills_wrong_shape.json"))
    with pytest.raises(LayoutChanged):
        openstates.parse(make_fetcher().get(replay.url + "/bills").body)


def test_a_304_to_a_conditional_get_returns_not_modified_without_a_body(replay, make_fetcher):
    replay.route(
        "/doc",
        Reply(
            body=b'{"v": 1}',
            etag='"v1"',
            headers={"Last-Modified": "Tue, 01 Jul 2025 00:00:00 GMT"},
        ),
    )
    validators: dict = {}
    fetcher = make_fetcher(validators=validators)
    first = fetcher.get(replay.url + "/doc", conditional=True)
    assert first.status == 200 and not first.not_modified
    assert validators[replay.url + "/doc"]["etag"] == '"v1"'
    second = fetcher.get(replay.url + "/doc", conditional=True)
    assert second.not_modified and second.status == 304 and second.body == b""
    last = replay.requests_to("/doc")[-1]
    assert last.headers["If-None-Match"] == '"v1"'
    assert last.headers["If-Modified-Since"] == "Tue, 01 Jul 2025 00:00:00 GMT"


def test_a_declared_body_over_the_cap_is_refused(replay, make_fetcher):
    replay.route("/big", Reply(body=b"x" * 5000))
    with pytest.raises(ResponseTooLarge):
        make_fetcher(max_bytes=1000).get(replay.url + "/big")


def test_an_endless_streamed_body_stops_at_the_cap(replay, make_fetcher):
    replay.route("/endless", Reply(endless=True))
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge):
        make_fetcher(max_bytes=300_000).get(replay.url + "/endless")
    assert time.monotonic() - started < 5


def test_redirects_are_followed_up_to_the_limit(replay, make_fetcher):
    replay.route("/a", Reply(302, redirect="/b"))
    replay.route("/b", Reply(301, redirect=replay.url + "/c"))
    replay.route("/c", OK)
    resp = make_fetcher().get(replay.url + "/a")
    assert resp.status == 200 and resp.url.endswith("/c")
    replay.route("/loop", Reply(302, redirect="/loop"))
    with pytest.raises(FetchError):
        make_fetcher(max_redirects=3).get(replay.url + "/loop")
    assert len(replay.requests_to("/loop")) == 4


def test_a_redirect_to_a_private_address_is_blocked_before_connecting(replay, make_fetcher):
    target = replay.url.replace("127.0.0.1", "localhost") + "/internal"
    replay.route("/public", Reply(302, redirect=target))
    replay.route("/internal", OK)
    fetcher = make_fetcher(allow_private=False, allow_hosts=["127.0.0.1"])
    with pytest.raises(BlockedAddress):
        fetcher.get(replay.url + "/public")
    assert replay.requests_to("/internal") == []


def test_a_private_address_is_refused_outright_when_private_addresses_are_not_allowed(
    replay, make_fetcher
):
    replay.route("/x", OK)
    with pytest.raises(BlockedAddress):
        make_fetcher(allow_private=False).get(replay.url + "/x")
    assert replay.requests == []


def test_credentials_are_not_carried_to_another_host_on_redirect(replay, make_fetcher):
    other = replay.url.replace("127.0.0.1", "localhost")
    replay.route("/start", Reply(302, redirect=other + "/landing"))
    replay.route("/landing", OK)
    make_fetcher().get(replay.url + "/start", headers={"X-API-KEY": "secret"})
    assert replay.requests_to("/start")[0].headers.get("X-API-KEY") == "secret"
    assert "X-API-KEY" not in replay.requests_to("/landing")[0].headers


def test_api_keys_in_the_query_never_reach_the_evidence(replay, make_fetcher):
    replay.route("/v3/bill", OK)
    resp = make_fetcher().get(replay.url + "/v3/bill", params={"api_key": "s3cret", "limit": "1"})
    assert "s3cret" not in resp.evidence.url and "api_key=%2A%2A%2A" in resp.evidence.url.replace(
        "***", "%2A%2A%2A"
    )


def test_a_4xx_is_a_fetch_error_carrying_the_status(replay, make_fetcher):
    replay.route("/gone", Reply(404, body=b"{}"))
    with pytest.raises(FetchError) as err:
        make_fetcher().get(replay.url + "/gone")
    assert err.value.http_status == 404 and len(replay.requests_to("/gone")) == 1


def test_every_request_carries_the_identifying_user_agent(replay, make_fetcher):
    replay.route("/ua", OK)
    make_fetcher().get(replay.url + "/ua")
    assert "mailto:" in replay.requests_to("/ua")[0].headers["User-Agent"]


def test_requests_to_one_host_are_spaced_by_the_rate_limit(replay, make_fetcher, fake_sleep):
    replay.route("/r", OK)
    fetcher = make_fetcher(rate_per_minute=6)  # one request per 10 s
    fetcher.get(replay.url + "/r")
    fetcher.get(replay.url + "/r")
    assert any(9.0 < s <= 10.0 for s in fake_sleep.calls)


def test_evidence_records_the_status_hash_and_content_type(replay, make_fetcher):
    replay.route("/e", fixture("openstates/bills_empty.json"))
    resp = make_fetcher().get(replay.url + "/e")
    import hashlib

    assert (
        resp.evidence.sha256
        == hashlib.sha256(fixture_bytes("openstates/bills_empty.json")).hexdigest()
    )
    assert resp.evidence.status == 200 and resp.evidence.content_type == "application/json"
    assert resp.evidence.fetched_at.endswith("+00:00")


def test_robots_disallow_is_honoured_and_cached_per_host(replay, make_fetcher):
    replay.route("/robots.txt", fixture("page/robots_allow_public.txt"))
    fetcher = make_fetcher()
    assert fetcher.robots_allowed(replay.url + "/public/notice.html")
    assert not fetcher.robots_allowed(replay.url + "/private/notice.html")
    assert len(replay.requests_to("/robots.txt")) == 1


def test_a_missing_robots_txt_allows_everything(replay, make_fetcher):
    assert make_fetcher().robots_allowed(replay.url + "/anything")


def test_a_body_that_drips_past_the_whole_body_deadline_is_abandoned(replay, make_fetcher):
    replay.route("/drip", Reply(endless=True))
    with pytest.raises(FetchError, match="longer than"):
        make_fetcher(max_seconds=0.05, max_bytes=10**9, retries=0).get(replay.url + "/drip")


def test_validators_are_kept_per_url_and_sent_only_for_conditional_requests(replay, make_fetcher):
    replay.route("/doc", Reply(body=b"{}", etag='"e1"'))
    validators: dict = {}
    fetcher = make_fetcher(validators=validators)
    fetcher.get(replay.url + "/doc")
    fetcher.get(replay.url + "/doc")
    assert "If-None-Match" not in replay.requests_to("/doc")[-1].headers
    assert validators == {replay.url + "/doc": {"etag": '"e1"', "last_modified": None}}


def test_a_slow_drip_under_the_read_timeout_is_abandoned_at_the_whole_body_deadline(
    replay, make_fetcher
):
    """Issue #10: one byte every 20 ms never trips the 0.5 s read timeout, and the deadline used to
    be checked only after each 64 KiB read, so this 2,000-byte body held the fetcher for 40 s."""
    reply = Reply(body=b"{" + b" " * 1998 + b"}", drip=0.02)
    replay.route("/drip-slow", reply)
    fetcher = make_fetcher(max_seconds=0.3, retries=0)
    with pytest.raises(FetchError, match="longer than 0.3s"):
        fetcher.get(replay.url + "/drip-slow")
    import time

    time.sleep(0.1)  # let the server notice the closed connection
    print(
        f"\nM4: slow drip (1 byte / 20 ms, 2,000 bytes) -> abandoned after {reply.dripped[0]} bytes"
    )
    assert reply.dripped[0] < 200  # ~15 bytes fit in 0.3 s; the whole body is 2,000

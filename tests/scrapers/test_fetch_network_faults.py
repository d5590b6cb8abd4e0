"""Fetcher behaviour when the network itself fails (research matrix F7, F8): a robots.txt
Crawl-delay, a host name that does not resolve, and a server with a self-signed certificate.

Each prints its figure (`-s` shows them): the smallest gap between requests, the attempts made.
"""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

import pytest

from scrapers import netsafety
from scrapers.errors import BlockedAddress, FetchError
from tests.replay import Reply, fixture

TLS = Path(__file__).resolve().parents[1] / "fixtures" / "tls"


class VirtualClock:
    """A monotonic clock that moves only when the fetcher sleeps: gaps are measured, not waited."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += max(seconds, 0.0)


def test_a_robots_crawl_delay_spaces_every_request_to_that_host(replay, make_fetcher):
    replay.route("/robots.txt", fixture("page/robots_crawl_delay.txt"))
    replay.route("/public/a.html", Reply(body="<p>a</p>", content_type="text/html"))
    clock = VirtualClock()
    fetcher = make_fetcher(
        rate_per_minute=60_000, sleep=clock.sleep, clock=clock
    )  # rate alone: 1 ms apart
    assert fetcher.robots_allowed(replay.url + "/public/a.html")
    assert not fetcher.robots_allowed(replay.url + "/private/b.html")
    sent_at = []
    for _ in range(3):
        fetcher.get(replay.url + "/public/a.html")
        sent_at.append(clock())
    gaps = [b - a for a, b in zip(sent_at, sent_at[1:])]
    print(f"\nF7: gaps between requests to a host with Crawl-delay: 10 -> {gaps}")
    assert min(gaps) >= 10.0
    assert len(replay.requests_to("/public/a.html")) == 3
    assert replay.requests_to("/private/b.html") == []  # asking robots.txt never fetches the page


def test_a_host_name_that_does_not_resolve_is_refused_before_any_request(make_fetcher, monkeypatch):
    def no_such_host(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(netsafety.socket, "getaddrinfo", no_such_host)
    fetcher = make_fetcher(
        allow_private=False
    )  # production setting: every host is resolved and checked
    with pytest.raises(BlockedAddress, match="cannot resolve 'kratom-source.invalid'"):
        fetcher.get("https://kratom-source.invalid/api/bills")
    print(f"\nF8: DNS failure -> BlockedAddress, {fetcher.requests} requests sent")
    assert fetcher.requests == 0 and fetcher.evidence == []


class TLSServer:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate; counts the connections it accepts."""

    def __init__(self) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(TLS / "selfsigned-cert.pem", TLS / "selfsigned-key.pem")
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.served = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            try:
                with self.context.wrap_socket(conn, server_side=True) as tls:
                    tls.settimeout(2)
                    tls.recv(65536)
                    tls.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                    )
                    self.served += 1
            except (ssl.SSLError, OSError):
                conn.close()  # the client refused our certificate

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def tls_server():
    server = TLSServer()
    try:
        yield server
    finally:
        server.close()


def test_a_self_signed_certificate_is_a_tls_error_that_is_neither_retried_nor_bypassed(
    tls_server, make_fetcher
):
    fetcher = make_fetcher(retries=3)
    with pytest.raises(FetchError, match="TLS error"):
        fetcher.get(tls_server.url + "/api/bills")
    print(
        f"\nF8: self-signed certificate -> FetchError (TLS), {tls_server.accepted} connection(s), "
        f"{tls_server.served} answered"
    )
    assert tls_server.accepted == 1  # one attempt: a certificate does not get better by retrying
    assert tls_server.served == 0  # nothing was sent over the unverified connection
    assert fetcher.session.verify is True and fetcher.evidence == []


def test_a_refused_connection_is_retried_then_reported_with_the_attempt_count(
    make_fetcher, fake_sleep
):
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # bound then closed: nothing listens there any more
    fetcher = make_fetcher(retries=2)
    with pytest.raises(FetchError, match="ConnectionError .* after 3 attempts"):
        fetcher.get(f"http://127.0.0.1:{port}/api/bills")
    print(f"\nF8: connection refused -> FetchError after {fetcher.requests} attempts")
    assert fetcher.requests == 3
    assert fake_sleep.retry_waits == [0.01, 0.02]  # exponential backoff between attempts


def test_a_name_that_rebinds_to_loopback_after_the_check_is_never_connected_to_loopback(
    replay, make_fetcher, monkeypatch
):
    """Issue #10 (DNS rebinding): the check resolves the name once and the connection uses that
    address; a second lookup (which would answer 127.0.0.1) is never made."""
    import urllib3.util.connection as u3conn

    replay.route("/secret", Reply(body=b'{"secret": "loopback"}'))
    port = int(replay.url.rsplit(":", 1)[1])
    lookups = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, *args, **kwargs)
        lookups.append(host)
        address = (
            "93.184.216.34" if len(lookups) == 1 else "127.0.0.1"
        )  # public first, loopback after
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    connected = []
    real_create = u3conn.create_connection

    def recording_create(address, *args, **kwargs):
        connected.append(address[0])
        if address[0] == "93.184.216.34":  # no internet in tests: the vetted public address refuses
            raise ConnectionRefusedError("refused")
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(netsafety.socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(u3conn, "create_connection", recording_create)
    fetcher = make_fetcher(allow_private=False, retries=0)
    with pytest.raises(FetchError, match="ConnectionError"):
        fetcher.get(f"http://rebind.example:{port}/secret")
    print(
        f"\nM5: DNS rebinding -> {len(lookups)} lookup(s), connected to {connected}, "
        f"{len(replay.requests_to('/secret'))} request(s) reached loopback"
    )
    assert connected == ["93.184.216.34"] and lookups == ["rebind.example"]
    assert replay.requests_to("/secret") == []


def test_a_pinned_https_connection_still_verifies_the_certificate_for_the_original_host_name(
    tls_server, make_fetcher
):
    """Pinning the address must not weaken TLS: the certificate (for 127.0.0.1 only) is checked
    against the name in the URL, and a name it does not cover is a TLS error."""
    fetcher = make_fetcher(retries=0)
    fetcher._adapter.pins[("kratom-source.test", tls_server.port)] = "127.0.0.1"
    fetcher.session.verify = str(TLS / "selfsigned-cert.pem")  # trust the test certificate itself
    with pytest.raises(FetchError, match="TLS error.*(hostname|match|doesn't match)"):
        fetcher.get(f"https://kratom-source.test:{tls_server.port}/x")
    assert tls_server.served == 0
    ok = fetcher.get(
        tls_server.url + "/x"
    )  # the same certificate is valid for the name it was made for
    assert ok.status == 200 and ok.body == b"{}"

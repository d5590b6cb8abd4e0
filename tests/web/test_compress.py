"""tracker.web.compress: pages are sent compressed to clients that ask for it."""

from __future__ import annotations

from tracker.web.compress import MIMETYPES


def test_the_home_page_is_gzipped_for_a_client_that_accepts_only_gzip(client):
    assert any(m.startswith("text/html") for m in MIMETYPES)
    reply = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert reply.status_code == 200 and reply.headers["Content-Encoding"] == "gzip"

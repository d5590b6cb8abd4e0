"""tracker.web.embed: the embeddable maps may be framed by other sites; other pages may not."""

from __future__ import annotations

from tracker.web.embed import EMBED_CSP


def test_the_embedded_maps_may_be_framed_anywhere_but_the_home_page_nowhere(client):
    assert "frame-ancestors *" in EMBED_CSP
    for path in ("/embed/map/us", "/embed/map/world"):
        reply = client.get(path)
        assert reply.status_code == 200
        assert "frame-ancestors *" in reply.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]

"""A response cache for anonymous GET pages, keyed by the data's version.

Every public page is a pure function of (path, query, today's date, the data). The data
version is one cheap query over the tables that can change (status history, events, scrape
runs, articles), so a cached page can never show stale data: any write changes the key.
Responses that set cookies, stream, or are not 200 are never stored.

The key holds only what the page depends on (issue #10): the site's address (scheme and host,
unless TRACKER_PUBLIC_URL fixes it, so a forged Host header cannot poison other visitors' links),
the path, the parameters the page reads (an unknown one is a 400, so `?z=N` cannot mint entries),
the negotiated media type (not the raw Accept header), the date and the data version. HEAD is
answered from the GET entry. The cache is bounded by entries and by bytes (TRACKER_PAGE_CACHE_BYTES).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date

from flask import Flask, Response, g, request
from flask_login import current_user

from tracker.store.db import data_version

CACHEABLE = frozenset(
    {
        "home.index",
        "home.article",
        "home.articles",
        "jurisdiction.show",
        "changes.index",
        "changes.bills",
        "sources.index",
        "api.index",
        "api.openapi_document",
        "api.list_jurisdictions",
        "api.status",
        "api.status_one",
        "api.history",
        "api.changes",
        "api.bills",
        "api.sources",
    }
)
MAX_BODY = 2_000_000
# Pages whose body depends on Accept, and the media types they can answer with.
NEGOTIATED = {"api.index": ("application/json", "text/html")}
VARY = "Cookie, Accept"


class _LRU:
    def __init__(self, size: int, max_bytes: int = 64_000_000):
        self.size, self.max_bytes, self.items, self.lock = (
            size,
            max_bytes,
            OrderedDict(),
            threading.Lock(),
        )
        self.bytes = 0

    @staticmethod
    def _cost(key, value) -> int:
        body, mimetype, headers = value
        return len(body) + len(repr(key)) + sum(len(k) + len(v) for k, v in headers.items()) + 200

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        cost = self._cost(key, value)
        if cost > self.max_bytes:
            return
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.bytes -= self._cost(key, old)
            self.items[key] = value
            self.bytes += cost
            while len(self.items) > self.size or self.bytes > self.max_bytes:
                k, v = self.items.popitem(last=False)
                self.bytes -= self._cost(k, v)


def page_key(version: str) -> tuple:
    """What a cached page depends on; never a raw header a client can vary at will."""
    media = ""
    if request.endpoint in NEGOTIATED:  # /api/v1/ answers HTML to browsers and JSON to programs
        media = (
            request.accept_mimetypes.best_match(NEGOTIATED[request.endpoint])
            or NEGOTIATED[request.endpoint][0]
        )
    params = tuple(sorted(request.args.items(multi=True)))
    return (request.host_url, request.path, params, media, date.today().isoformat(), version)


def init_app(app: Flask, entries: int, max_bytes: int = 64_000_000) -> None:
    """Serve cached copies of anonymous GET pages; store fresh ones after the view ran (entries=0: off)."""
    if entries <= 0 or max_bytes <= 0:
        return
    cache = _LRU(entries, max_bytes)
    app.extensions["page_cache"] = cache

    @app.before_request
    def _serve_cached():
        if (
            request.method not in ("GET", "HEAD")
            or request.endpoint not in CACHEABLE
            or current_user.is_authenticated
        ):
            return None
        key = page_key(data_version(g.db))
        g.page_cache_key = key
        hit = cache.get(key)
        if hit is None:
            return None
        g.pop("page_cache_key")
        body, mimetype, headers = hit
        etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
        response = Response(body, 200, headers=headers, mimetype=mimetype)
        response.set_etag(etag)
        response.headers["Vary"] = VARY
        return response.make_conditional(request)

    @app.after_request
    def _store(response: Response) -> Response:
        key = g.pop("page_cache_key", None)
        if (
            key is None
            or response.status_code != 200
            or response.is_streamed
            or "Set-Cookie" in response.headers
        ):
            return response
        body = response.get_data()
        if len(body) <= MAX_BODY:
            headers = {
                k: v
                for k, v in response.headers.items()
                if k.lower() not in ("content-length", "set-cookie", "etag")
            }
            cache.put(key, (body, response.mimetype, headers))
        response.set_etag(hashlib.sha256(repr(key).encode()).hexdigest()[:32])
        response.headers["Vary"] = VARY
        return response.make_conditional(request)

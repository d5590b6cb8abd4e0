"""A response cache for anonymous GET pages, keyed by the data's version.

Every public page is a pure function of (path, query, today's date, the data). The data
version is one cheap query over the tables that can change (status history, events, scrape
runs, articles), so a cached page can never show stale data: any write changes the key.
Responses that set cookies, stream, or are not 200 are never stored.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date

from flask import Flask, Response, g, request
from flask_login import current_user
from sqlalchemy import func, select

from tracker.store.db import maxima
from tracker.store.models import (
    Article, AuditEntry, Bill, JurisdictionEvent, Notice, Proposal, ScrapeRun, Snapshot, StatusPeriod,
)

CACHEABLE = frozenset({
    "home.index", "home.article", "home.articles", "jurisdiction.show", "changes.index", "changes.bills", "sources.index",
    "api.index", "api.openapi_document", "api.list_jurisdictions", "api.status", "api.status_one",
    "api.history", "api.changes", "api.bills", "api.sources",
})
MAX_BODY = 2_000_000


class _LRU:
    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def data_version(session) -> str:
    """A token that changes whenever anything a public page shows could have changed."""
    # Only maxima of indexed columns, each its own subquery (one index look-up; a count, an
    # unindexed max, or two aggregates in one SELECT scan the table on every request), so the
    # key costs the same at any size. Every history write, review decision and dataset load
    # that changed anything adds an audit entry; rows are never deleted, so new ids reveal
    # inserts; every scraped write (bills, notices, snapshots, proposals) commits with its run's
    # finished_at; an updated bill also moves last_changed_at. Articles are a handful of rows.
    values = [
        func.max(AuditEntry.id), func.max(StatusPeriod.id), func.max(Bill.id), func.max(Bill.last_changed_at),
        func.max(Notice.id), func.max(Snapshot.id), func.max(Proposal.id), func.max(ScrapeRun.id),
        func.max(ScrapeRun.finished_at), func.max(Article.id), func.max(Article.imported_at),
        func.max(JurisdictionEvent.id),
    ]
    return hashlib.sha256(repr(maxima(session, *(select(v) for v in values))).encode()).hexdigest()[:20]


def init_app(app: Flask, entries: int) -> None:
    """Serve cached copies of anonymous GET pages; store fresh ones after the view ran (entries=0: off)."""
    if entries <= 0:
        return
    cache = _LRU(entries)
    app.extensions["page_cache"] = cache

    @app.before_request
    def _serve_cached():
        if request.method != "GET" or request.endpoint not in CACHEABLE or current_user.is_authenticated:
            return None
        # Accept is part of the key: /api/v1/ answers HTML to browsers and JSON to programs.
        key = (request.path, request.query_string, request.headers.get("Accept", ""), date.today().isoformat(),
               data_version(g.db))
        g.page_cache_key = key
        hit = cache.get(key)
        if hit is None:
            return None
        g.pop("page_cache_key")
        body, mimetype, headers = hit
        etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
        response = Response(body, 200, headers=headers, mimetype=mimetype)
        response.set_etag(etag)
        return response.make_conditional(request)

    @app.after_request
    def _store(response: Response) -> Response:
        key = g.pop("page_cache_key", None)
        if key is None or response.status_code != 200 or response.is_streamed or "Set-Cookie" in response.headers:
            return response
        body = response.get_data()
        if len(body) <= MAX_BODY:
            headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie", "etag")}
            cache.put(key, (body, response.mimetype, headers))
        response.set_etag(hashlib.sha256(repr(key).encode()).hexdigest()[:32])
        response.headers["Vary"] = "Cookie, Accept"
        return response.make_conditional(request)

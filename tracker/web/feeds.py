"""Atom feeds: all changes, one jurisdiction's changes, new bills; with ETag / Last-Modified and 304."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, g, request

from tracker.reports import feeds
from tracker.status import jurisdictions

bp = Blueprint("feeds", __name__)
ATOM = "application/atom+xml; charset=utf-8"


def _conditional(validator: feeds.Validator, build: Callable[[], bytes]) -> Response:
    """A 304 when the client's copy is current (If-None-Match wins over If-Modified-Since), else the feed."""
    headers = {"ETag": f'"{validator.etag}"', "Cache-Control": "public, max-age=300"}
    if request.if_none_match:
        fresh = request.if_none_match.contains(validator.etag) or request.if_none_match.star_tag
    else:
        since = request.if_modified_since
        fresh = since is not None and validator.last_modified <= since
    if fresh:
        resp = Response(status=304, headers=headers)
    else:
        resp = Response(build(), status=200, headers=headers, content_type=ATOM)
    resp.last_modified = validator.last_modified
    return resp


@bp.get("/changes.atom")
def changes():
    """The newest 100 changes in every jurisdiction."""
    base = request.url_root
    v = feeds.changes_validator(g.db, base)
    return _conditional(
        v, lambda: feeds.changes_feed(g.db, base, request.base_url, v.last_modified)
    )


@bp.get("/j/<path:code>/changes.atom")
def jurisdiction_changes(code: str):
    """Every change in one jurisdiction (newest 100)."""
    j = jurisdictions.find(g.db, code)
    if j is None:
        abort(404, description=f"no jurisdiction has the code {code[:80]!r}")
    base = request.url_root
    v = feeds.changes_validator(g.db, base, j)
    return _conditional(
        v, lambda: feeds.changes_feed(g.db, base, request.base_url, v.last_modified, jurisdiction=j)
    )


@bp.get("/bills.atom")
def bills():
    """The newest 100 relevant bills, by when the tracker first saw them."""
    base = request.url_root
    v = feeds.bills_validator(g.db, base)
    return _conditional(v, lambda: feeds.bills_feed(g.db, base, request.base_url, v.last_modified))

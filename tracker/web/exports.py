"""Exports: the status table on a date and the full history, as streamed CSV or JSON.

CSV carries its "cite this" block in response headers (Link rel="cite-as" to the permalink,
rel="describedby" to the JSON twin, whose top-level "cite" object is the companion), never as
comment lines inside the file.

A streamed body is read after the view has returned and the request's session (g.db) has been
closed, so each export streams from a session of its own, opened when the first row is needed
and closed when the last is sent or the client goes away. (Reading through the closed request
session silently reopened a connection that nobody closed: the pool ran dry after 15 exports.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from sqlalchemy.orm import Session

from tracker.reports import export, table
from tracker.status.codebook import CATEGORIES, JURISDICTION_KINDS
from tracker.web.params import choice_arg, date_arg, text_arg

bp = Blueprint("exports", __name__)
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


FILTERS = ("region", "kind", "category", "seven_oh", "q")


def _url(path: str, **params) -> str:
    query = urlencode(
        {k: v if isinstance(v, str) else v.isoformat() for k, v in params.items() if v is not None}
    )
    return f"{request.url_root.rstrip('/')}{path}" + (f"?{query}" if query else "")


def _response(
    what: str,
    fmt: str,
    chunks,
    as_of: date | None,
    known: date,
    known_on: date | None,
    filters: dict[str, str] | None = None,
) -> Response:
    params = {"as_of": as_of, "known_on": known, **(filters or {})}
    permalink = _url(f"/export/{what}.{fmt}", **params)
    headers = {
        "Content-Disposition": f'attachment; filename="{export.filename(what, fmt, as_of, known)}"',
        "Cache-Control": "public, max-age=300",
        "X-Dataset-Version": export.dataset_meta()["version"],
        "X-Known-On": known.isoformat(),
    }
    if as_of:
        headers["X-As-Of"] = as_of.isoformat()
    if fmt == "csv":
        headers["Link"] = (
            f'<{permalink}>; rel="cite-as", '
            f'<{_url(f"/export/{what}.json", **params)}>; rel="describedby"; type="application/json"'
        )
    return Response(chunks, status=200, headers=headers, content_type=MEDIA[fmt])


def _own_session(make: Callable[[Session], Iterator[str]]) -> Iterator[str]:
    """The chunks `make` yields from a session that lives exactly as long as the stream."""
    sessions = current_app.extensions[
        "tracker_runtime"
    ].sessions  # looked up now: no app context later

    def chunks() -> Iterator[str]:
        with sessions() as session:
            yield from make(session)

    return chunks()


@bp.get("/export/status.<any(csv, json):fmt>")
def status(fmt: str):
    """Every jurisdiction's status on as_of (default today), as the tracker knew it on known_on."""
    as_of = date_arg("as_of", date.today())
    known_on = date_arg("known_on")
    known = export.pinned_known_on(known_on)
    # the status table's filters, with the same names and values as the home page and the API
    query = table.TableQuery(
        as_of=as_of,
        known_on=known_on,
        region=choice_arg("region", table.REGIONS, "all"),
        kind=choice_arg("kind", JURISDICTION_KINDS),
        category=choice_arg("category", CATEGORIES),
        seven_oh=choice_arg("seven_oh", table.SEVEN_OH_FILTER),
        q=text_arg("q", 100),
    )
    filters = {
        k: getattr(query, k) for k in FILTERS if getattr(query, k) and getattr(query, k) != "all"
    }
    keep = (
        (
            lambda code, name, kind, category, seven_oh: table.matches(
                query, code, name, kind, category, seven_oh
            )
        )
        if filters
        else None
    )
    permalink = _url(f"/export/status.{fmt}", as_of=as_of, known_on=known, **filters)
    chunks = _own_session(
        lambda s: export.status_export(
            s, fmt, as_of, known_on, permalink=permalink, keep=keep, filters=filters
        )
    )
    return _response("status", fmt, chunks, as_of, known, known_on, filters)


@bp.get("/export/history.<any(csv, json):fmt>")
def full_history(fmt: str):
    """Every period of every jurisdiction (with citations), as the tracker knew it on known_on."""
    known_on = date_arg("known_on")
    known = export.pinned_known_on(known_on)
    permalink = _url(f"/export/history.{fmt}", known_on=known)
    chunks = _own_session(lambda s: export.history_export(s, fmt, known_on, permalink=permalink))
    return _response("history", fmt, chunks, None, known, known_on)

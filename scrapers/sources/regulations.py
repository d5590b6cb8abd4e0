"""Regulations.gov API v4: DEA and FDA documents matching a term, modified since the watermark."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..common import day, expect_dict, expect_list, load_json, unchanged
from ..errors import MissingApiKey, ScrapeError
from ..items import Notice, SourceResult
from ..terms import TERMS, match_terms

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_SETTING",
    "DEFAULT_BASE_URL",
    "NAME",
    "RATE_PER_MINUTE",
    "SPLIT_LINES",
    "TERMS",
    "parse",
    "poll",
    "replay",
]
NAME = "regulations"
API_KEY_ENV = "REGULATIONS_API_KEY"
RATE_PER_MINUTE = 15
DEFAULT_BASE_URL = "https://api.regulations.gov"
BASE_URL_SETTING = None
SPLIT_LINES = False
AGENCIES = ("DEA", "FDA")
QUERY_TERMS = ("kratom", "mitragynine", "7-hydroxymitragynine")
PAGE_SIZE = 250
MAX_PAGES = 20


def _notice(raw: dict) -> Notice:
    expect_dict(raw, f"{NAME} document", "id", "attributes")
    attrs = expect_dict(raw["attributes"], f"{NAME} attributes", "title")
    matched = match_terms(
        " ".join(filter(None, [attrs.get("title"), attrs.get("highlightedContent")]))
    )
    return Notice(
        source=NAME,
        external_id=raw["id"],
        jurisdiction="US",
        title=attrs["title"] or "",
        doc_type=attrs.get("documentType"),
        agencies=tuple(filter(None, [attrs.get("agencyId")])),
        publication_date=day(attrs.get("postedDate")),
        effective_on=None,
        url=f"https://www.regulations.gov/document/{raw['id']}",
        abstract=attrs.get("highlightedContent") or None,
        relevant=bool(matched),
        matched_terms=matched,
        native=dict(raw),
    )


def _page(body) -> tuple[list[Notice], dict, dict]:
    data = load_json(body, NAME)
    if isinstance(data, dict) and "error" in data:
        raise ScrapeError(f"Regulations.gov error: {data['error']}")
    data = expect_dict(data, NAME, "data", "meta")
    rows = expect_list(data["data"], f"{NAME} data")
    return (
        [_notice(r) for r in rows],
        {r["id"]: (r.get("attributes") or {}).get("lastModifiedDate") for r in rows},
        data["meta"],
    )


def parse(body: bytes | str, url: str = "") -> list[Notice]:
    """Every document in one /v4/documents page (JSON:API)."""
    return _page(body)[0]


EASTERN = ZoneInfo("America/New_York")
OVERLAP = dt.timedelta(
    hours=1
)  # ask again for the last hour: a document modified at the boundary is never skipped


def _utc(stamp: str | None) -> dt.datetime | None:
    """A lastModifiedDate (2016-10-13T14:04:53Z) or an older state's watermark (the same UTC time
    written 2016-10-13 14:04:53) as an aware UTC datetime; None when unreadable."""
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(
            str(stamp).strip().replace("Z", "+00:00").replace(" ", "T", 1)
        )
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def filter_time(moment: dt.datetime) -> str:
    """The `filter[lastModifiedDate][ge]` value for a UTC instant, less the overlap.

    Rows carry lastModifiedDate in UTC (a trailing Z), but the filter's `yyyy-MM-dd HH:mm:ss`
    is read as US Eastern time, as other clients of the API found; passing the UTC digits
    through would skip whatever was modified in the 4-5 hours between.
    """
    return (moment - OVERLAP).astimezone(EASTERN).strftime("%Y-%m-%d %H:%M:%S")


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://api.regulations.gov",
) -> SourceResult:
    """Per agency and term: documents with lastModifiedDate >= the watermark (US Eastern, an hour
    early), newest first; the state keeps the newest lastModifiedDate seen, in UTC."""
    if not api_key:
        raise MissingApiKey(f"{API_KEY_ENV} is not set")
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start = fetcher.requests
    if since:
        mark = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    else:
        mark = _utc(state.get("last_modified_utc") or state.get("last_modified_ge"))
    watermark = filter_time(mark) if mark else None
    found, versions = {}, {}
    for agency in AGENCIES:
        for term in QUERY_TERMS:
            for page in range(1, MAX_PAGES + 1):
                params = [
                    ("filter[searchTerm]", term),
                    ("filter[agencyId]", agency),
                    ("sort", "-lastModifiedDate"),
                    ("page[size]", str(PAGE_SIZE)),
                    ("page[number]", str(page)),
                ]
                if watermark:
                    params.insert(2, ("filter[lastModifiedDate][ge]", watermark))
                resp = fetcher.get(
                    f"{base_url.rstrip('/')}/v4/documents",
                    params=params,
                    headers={"X-Api-Key": api_key},
                )
                notices, stamps, meta = _page(resp.body)
                found.update({n.external_id: n for n in notices})
                versions.update(stamps)
                if not meta.get("hasNextPage"):
                    break
    seen = dict(state.get("seen") or {})
    stamps = [m for m in map(_utc, versions.values()) if m] + ([mark] if mark else [])
    newest = max(stamps) if stamps else None
    new_state = {
        "last_modified_utc": newest.strftime("%Y-%m-%dT%H:%M:%SZ") if newest else None,
        "last_modified_ge": filter_time(newest) if newest else None,
        "seen": {**seen, **versions},
    }
    return SourceResult(
        list(found.values()),
        new_state,
        fetcher.requests - start,
        "unchanged" if unchanged(seen, versions) else "ok",
        [f"{len(found)} documents modified since {watermark or 'the beginning'}"],
    )


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved response, read as poll reads it (scrapers.protocol.Source)."""
    return parse(body)

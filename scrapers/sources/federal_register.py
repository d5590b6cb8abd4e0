"""Federal Register API v1: documents and public-inspection documents per term, newest first."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from ..common import day, expect_dict, expect_list, load_json, rebase, unchanged
from ..items import Notice, SourceResult
from ..terms import TERMS, match_terms, query_form

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
NAME = "federal_register"
API_KEY_ENV = None
RATE_PER_MINUTE = 30
DEFAULT_BASE_URL = "https://www.federalregister.gov/api/v1"
BASE_URL_SETTING = None
SPLIT_LINES = False
PER_PAGE = 100
FIELDS = (
    "document_number",
    "title",
    "type",
    "abstract",
    "action",
    "publication_date",
    "effective_on",
    "html_url",
    "pdf_url",
    "agencies",
    "citation",
    "docket_ids",
    "correction_of",
    "excerpts",
)
MAX_PAGES = 20
TYPE_NAMES = {
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
    "PRESDOCU": "Presidential Document",
}


def _agencies(raw: dict) -> tuple[str, ...]:
    names = [a.get("name") or a.get("raw_name") for a in raw.get("agencies") or ()]
    return tuple(n for n in names if n) or tuple(raw.get("agency_names") or ())


def _notice(raw: dict) -> Notice:
    expect_dict(raw, f"{NAME} document", "document_number", "title")
    abstract = raw.get("abstract")
    matched = match_terms(
        " ".join(
            filter(
                None,
                [
                    raw.get("title"),
                    abstract,
                    raw.get("action"),
                    raw.get("subject_1"),
                    raw.get("subject_2"),
                ],
            )
        )
    )
    doc_type = raw.get("type")
    return Notice(
        source=NAME,
        external_id=raw["document_number"],
        jurisdiction="US",
        title=raw["title"] or "",
        doc_type=TYPE_NAMES.get(doc_type, doc_type),
        agencies=_agencies(raw),
        publication_date=day(raw.get("publication_date")),
        effective_on=day(raw.get("effective_on")),
        url=raw.get("html_url") or raw.get("pdf_url") or "",
        abstract=abstract,
        relevant=bool(matched),
        matched_terms=matched,
        native=dict(raw),
    )


def _page(body) -> tuple[list[Notice], str | None]:
    data = expect_dict(load_json(body, NAME), NAME, "count")
    results = data.get("results")
    if results is None and data["count"] == 0:  # the API omits 'results' when nothing matched
        results = []
    results = expect_list(results, f"{NAME} results")
    return [_notice(r) for r in results], data.get("next_page_url")


def parse(body: bytes | str, url: str = "") -> list[Notice]:
    """Every document in one documents.json or public-inspection-documents.json page."""
    return _page(body)[0]


def _collect(fetcher, base_url: str, path: str, params: list) -> list[Notice]:
    url, notices = f"{base_url.rstrip('/')}/{path}", []
    for _ in range(MAX_PAGES):
        resp = fetcher.get(url, params=params, conditional=True)
        if resp.not_modified:
            break
        found, next_url = _page(resp.body)
        notices += found
        if not next_url:
            break
        url, params = rebase(next_url, base_url), None
    return notices


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://www.federalregister.gov/api/v1",
) -> SourceResult:
    """Per term: documents published on/after the watermark, and current public-inspection filings."""
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start = fetcher.requests
    watermark = since.isoformat() if since else state.get("publication_date_gte")
    found: dict[str, Notice] = {}
    for term in TERMS:
        params = [
            ("conditions[term]", query_form(term)),
            ("order", "newest"),
            ("per_page", str(PER_PAGE)),
        ]
        params += [("fields[]", name) for name in FIELDS]
        if watermark:
            params.append(("conditions[publication_date][gte]", watermark))
        for notice in _collect(fetcher, base_url, "documents.json", params):
            found[notice.external_id] = notice
        for notice in _collect(
            fetcher,
            base_url,
            "public-inspection-documents.json",
            [("conditions[term]", query_form(term)), ("per_page", str(PER_PAGE))],
        ):
            found.setdefault(notice.external_id, notice)
    seen = dict(state.get("seen") or {})
    current = {n.external_id: n.publication_date for n in found.values()}
    dates = [d for d in current.values() if d and d <= dt.date.today().isoformat()] + (
        [watermark] if watermark else []
    )
    return SourceResult(
        items=list(found.values()),
        requests=fetcher.requests - start,
        state={"publication_date_gte": max(dates) if dates else None, "seen": {**seen, **current}},
        outcome="unchanged" if unchanged(seen, current) else "ok",
        notes=[f"{len(found)} documents since {watermark or 'the beginning'}"],
    )


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved response, read as poll reads it (scrapers.protocol.Source)."""
    return parse(body)

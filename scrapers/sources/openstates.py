"""Open States API v3: state, DC and PR bills by full-text search with updated_since."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlsplit

from ..common import day, expect_dict, expect_list, load_json, stage_from_classifications, unchanged
from ..errors import MissingApiKey
from ..items import Action, Bill, SourceResult
from ..jurisdictions import ocd_to_code
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
NAME = "openstates"
API_KEY_ENV = "OPENSTATES_API_KEY"
RATE_PER_MINUTE = 10
DEFAULT_BASE_URL = "https://v3.openstates.org"
BASE_URL_SETTING = None
SPLIT_LINES = False
PER_PAGE = 20
MAX_PAGES = 50
NATIVE_FIELDS = (
    "id",
    "identifier",
    "session",
    "title",
    "jurisdiction",
    "from_organization",
    "classification",
    "subject",
    "openstates_url",
    "created_at",
    "updated_at",
    "first_action_date",
    "latest_action_date",
    "latest_action_description",
    "latest_passage_date",
    "abstracts",
)
CHAMBERS = {"upper": "upper", "lower": "lower", "legislature": None}


def _action(raw: dict) -> Action:
    org = raw.get("organization") or {}
    return Action(
        date=day(raw.get("date")) or "",
        description=raw.get("description") or "",
        classification=tuple(raw.get("classification") or ()),
        chamber=CHAMBERS.get(org.get("classification")),
    )


def _links(blocks) -> tuple[str, ...]:
    return tuple(
        link["url"]
        for block in blocks or ()
        for link in block.get("links") or ()
        if link.get("url")
    )


def _bill(raw: dict) -> Bill:
    expect_dict(raw, "openstates bill", "id", "identifier", "title", "jurisdiction", "session")
    actions = tuple(
        _action(a) for a in sorted(raw.get("actions") or (), key=lambda a: a.get("order", 0))
    )
    abstracts = " ".join(a.get("abstract") or "" for a in raw.get("abstracts") or ())
    matched = match_terms(
        " ".join([raw.get("title") or "", abstracts, raw.get("latest_action_description") or ""])
    )
    sources = tuple(s["url"] for s in raw.get("sources") or () if s.get("url"))
    return Bill(
        source=NAME,
        external_id=raw["id"],
        jurisdiction=ocd_to_code(raw["jurisdiction"].get("id", "")),
        session=str(raw["session"]),
        identifier=raw["identifier"],
        title=raw["title"],
        url=raw.get("openstates_url") or (sources[0] if sources else ""),
        updated_at=raw.get("updated_at"),
        actions=actions,
        versions=_links(raw.get("versions")),
        sources=sources,
        relevant=bool(matched),
        matched_terms=matched,
        status_hint=stage_from_classifications(a.classification for a in actions),
        native={k: raw[k] for k in NATIVE_FIELDS if k in raw},
    )


def search_hit(bill: Bill, term: str) -> Bill:
    """`q` is a full-text search: a result names the term in its text even when title and abstract do not
    (Alabama SB 226 of 2016 added mitragynine to Schedule I under a title naming no substance)."""
    if bill.relevant:
        return bill
    return dataclasses.replace(bill, relevant=True, matched_terms=(term,))


def _page(body) -> tuple[list[Bill], dict]:
    data = expect_dict(load_json(body, NAME), NAME, "results", "pagination")
    results = expect_list(data["results"], f"{NAME} results")
    pagination = expect_dict(data["pagination"], f"{NAME} pagination", "page", "max_page")
    return [_bill(r) for r in results], pagination


def parse(body: bytes | str, url: str = "") -> list[Bill]:
    """Every bill in one /bills response page (relevance is a field, not a filter)."""
    return _page(body)[0]


def _params(term: str, since: str | None, page: int) -> list[tuple[str, str]]:
    params = [("q", query_form(term))]
    if since:
        params.append(("updated_since", since))
    params += [
        ("sort", "updated_asc"),
        ("include", "actions"),
        ("include", "sources"),
        ("include", "versions"),
        ("include", "abstracts"),
        ("per_page", str(PER_PAGE)),
        ("page", str(page)),
    ]
    return params


def _search(
    fetcher, base_url: str, api_key: str, term: str, since: str | None
) -> tuple[list[Bill], int | None]:
    """Every page of one term's search, oldest update first; with the number of pages left
    unread when the search has more than MAX_PAGES (None when it was read to the end)."""
    bills, page = [], 1
    while True:
        resp = fetcher.get(
            f"{base_url.rstrip('/')}/bills",
            params=_params(term, since, page),
            headers={"X-API-KEY": api_key},
        )
        found, pagination = _page(resp.body)
        bills += found
        last = int(pagination.get("max_page") or 1)
        if page >= last or not found:
            return bills, None
        if page >= MAX_PAGES:
            return bills, last - page
        page += 1


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://v3.openstates.org",
) -> SourceResult:
    """Search each term with updated_since=<watermark>, oldest update first; one request per term
    when nothing moved. A search longer than MAX_PAGES pages is noted, and the watermark stops at
    the last bill read, so the next run resumes where this one stopped instead of skipping bills."""
    if not api_key:
        raise MissingApiKey(f"{API_KEY_ENV} is not set")
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start = fetcher.requests
    watermark = since.isoformat() if since else state.get("updated_since")
    found: dict[str, Bill] = {}
    resume: list[str] = []
    notes = []
    for term in TERMS:
        bills, left = _search(fetcher, base_url, api_key, term, watermark)
        for bill in bills:
            found.setdefault(bill.external_id, search_hit(bill, term))
        if left:
            stamps = [b.updated_at for b in bills if b.updated_at]
            if stamps:
                resume.append(max(stamps))
            notes.append(
                f"truncated: {term!r} has {left} more page(s) after {MAX_PAGES}; the next run resumes from "
                f"{max(stamps) if stamps else watermark or 'the beginning'}"
            )
    seen = dict(state.get("seen") or {})
    current = {b.external_id: b.updated_at for b in found.values()}
    stamps = [s for s in current.values() if s] + ([watermark] if watermark else [])
    if resume:
        mark = min(resume)
    else:
        mark = max(stamps) if stamps else None
    new_state = {"updated_since": mark, "seen": {**seen, **current}}
    return SourceResult(
        items=list(found.values()),
        state=new_state,
        requests=fetcher.requests - start,
        outcome="unchanged" if unchanged(seen, current) else "ok",
        notes=[f"{len(found)} bills updated since {watermark or 'the beginning'}", *notes],
    )


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved /bills page, read as the answer to poll's full-text search for a term."""
    return [search_hit(b, "kratom") for b in parse(body)]

"""Congress.gov API v3: bills updated since the watermark, matched locally on title."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from ..common import day, drop_params, expect_dict, expect_list, load_json, rebase, utc_now_iso
from ..errors import MissingApiKey
from ..items import Action, Bill, SourceResult
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
NAME = "congress"
API_KEY_ENV = "CONGRESS_API_KEY"
RATE_PER_MINUTE = 60
DEFAULT_BASE_URL = "https://api.congress.gov"
BASE_URL_SETTING = None
SPLIT_LINES = False
LIMIT = 250
MAX_PAGES = 100
BILL_PATHS = {
    "HR": "house-bill",
    "S": "senate-bill",
    "HJRES": "house-joint-resolution",
    "SJRES": "senate-joint-resolution",
    "HCONRES": "house-concurrent-resolution",
    "SCONRES": "senate-concurrent-resolution",
    "HRES": "house-resolution",
    "SRES": "senate-resolution",
}
CHAMBERS = {"House": "lower", "Senate": "upper"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def public_url(congress: int, bill_type: str, number: str) -> str:
    """The congress.gov page of a bill, e.g. /bill/119th-congress/house-bill/1234."""
    path = BILL_PATHS.get(bill_type.upper(), bill_type.lower())
    return f"https://www.congress.gov/bill/{_ordinal(int(congress))}-congress/{path}/{number}"


def _strip_query(url: str) -> str:
    parts = urlsplit(url or "")
    return urlunsplit(parts._replace(query="", fragment="")) if url else ""


def _bill(raw: dict) -> Bill:
    expect_dict(raw, f"{NAME} bill", "congress", "type", "number", "title")
    latest = raw.get("latestAction") or {}
    actions = (
        (
            Action(
                date=day(latest.get("actionDate")) or "",
                description=latest.get("text") or "",
                chamber=None,
            ),
        )
        if latest
        else ()
    )
    matched = match_terms(raw.get("title"))
    kind = str(raw["type"]).upper()
    return Bill(
        source=NAME,
        external_id=f"{raw['congress']}-{kind}-{raw['number']}",
        jurisdiction="US",
        session=str(raw["congress"]),
        identifier=f"{kind} {raw['number']}",
        title=raw["title"] or "",
        url=public_url(raw["congress"], kind, raw["number"]),
        updated_at=raw.get("updateDateIncludingText") or raw.get("updateDate"),
        actions=actions,
        sources=(_strip_query(raw.get("url", "")),) if raw.get("url") else (),
        relevant=bool(matched),
        matched_terms=matched,
        status_hint="enacted" if raw.get("laws") else None,
        native=dict(raw),
    )


def _page(body) -> tuple[list[Bill], str | None]:
    data = expect_dict(load_json(body, NAME), NAME, "bills")
    bills = [_bill(b) for b in expect_list(data["bills"], f"{NAME} bills")]
    return bills, (data.get("pagination") or {}).get("next")


def parse(body: bytes | str, url: str = "") -> list[Bill]:
    """Every bill row in one /bill list page (relevant = a term in the title)."""
    return _page(body)[0]


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://api.congress.gov",
) -> SourceResult:
    """List bills updated since the watermark (all pages) and keep those whose title names a term."""
    if not api_key:
        raise MissingApiKey(f"{API_KEY_ENV} is not set")
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start, started_at = fetcher.requests, utc_now_iso(fetcher.now())
    watermark = f"{since.isoformat()}T00:00:00Z" if since else state.get("from_datetime")
    watermark = watermark or f"{(dt.date.today() - dt.timedelta(days=7)).isoformat()}T00:00:00Z"
    url = f"{base_url.rstrip('/')}/v3/bill"
    params = {
        "fromDateTime": watermark,
        "sort": "updateDate desc",
        "limit": str(LIMIT),
        "format": "json",
    }
    relevant, seen_rows, pages, complete = [], 0, 0, False
    while pages < MAX_PAGES:
        resp = fetcher.get(url, params={**params, "api_key": api_key})
        bills, next_url = _page(resp.body)
        pages, seen_rows = pages + 1, seen_rows + len(bills)
        relevant += [b for b in bills if b.relevant]
        if not next_url:
            complete = True
            break
        url, params = rebase(drop_params(next_url, ["api_key"]), base_url), {}
    new_state = {"from_datetime": started_at if complete else watermark}
    notes = [f"{seen_rows} bills updated since {watermark}; {len(relevant)} name a term"]
    if not complete:
        notes.append(f"stopped after {MAX_PAGES} pages; watermark kept")
    outcome = "ok" if relevant else "unchanged"
    return SourceResult(relevant, new_state, fetcher.requests - start, outcome, notes)


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved response, read as poll reads it (scrapers.protocol.Source)."""
    return parse(body)

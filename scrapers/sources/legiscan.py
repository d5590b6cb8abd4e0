"""LegiScan Pull API: getSearchRaw per term, change_hash diff, getBill only for changed bills."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..common import expect_dict, load_json, require
from ..errors import MissingApiKey, ScrapeError
from ..items import Action, Bill, JsonItem, SourceResult
from ..jurisdictions import state_code
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
NAME = "legiscan"
API_KEY_ENV = "LEGISCAN_API_KEY"
RATE_PER_MINUTE = 30
DEFAULT_BASE_URL = "https://api.legiscan.com"
BASE_URL_SETTING = None
SPLIT_LINES = False
MAX_PAGES = 10
YEAR_CURRENT = 2

# Bill status codes (status) and progress events (progress[].event) from the API manual.
# status: 1 Introduced, 2 Engrossed, 3 Enrolled, 4 Passed (became law), 5 Vetoed, 6 Failed/Dead,
# 7 Veto Override, 8 Chaptered, 9 Refer, 10 Report Pass, 11 Report DNP, 12 Draft.
STATUS_STAGE = {
    0: "introduced",
    1: "introduced",
    2: "passed_one",
    3: "passed_both",
    4: "enacted",
    5: "vetoed",
    6: "failed",
    7: "enacted",
    8: "enacted",
    9: "in_committee",
    10: "in_committee",
    11: "in_committee",
    12: "introduced",
}
EVENT_CLASSIFICATION = {
    1: "introduction",
    2: "passage",
    3: "passage",
    4: "executive-signature",
    5: "executive-veto",
    6: "failure",
    7: "veto-override-passage",
    8: "became-law",
    9: "referral-committee",
    10: "committee-passage",
    11: "committee-failure",
}
CHAMBERS = {"S": "upper", "H": "lower", "A": "lower", "J": None}


def _envelope(body, op: str) -> dict:
    data = expect_dict(load_json(body, f"{NAME} {op}"), f"{NAME} {op}", "status")
    if data["status"] == "ERROR":
        message = (data.get("alert") or {}).get("message", "unknown error")
        raise ScrapeError(f"LegiScan {op} error: {message}")
    require(data["status"] == "OK", f"{NAME} {op}", f"unexpected status {data['status']!r}")
    return data


def _rows(container: dict) -> list:
    """Values of an object keyed "0","1",... (skipping 'summary'); also accepts a list under 'results'."""
    if isinstance(container.get("results"), list):
        return container["results"]
    return [v for k, v in container.items() if k.isdigit()]


def parse_search_raw(body: bytes | str) -> tuple[dict[str, str], dict]:
    """bill_id -> change_hash for one getSearchRaw page, plus its summary block."""
    data = _envelope(body, "getSearchRaw")
    result = expect_dict(data.get("searchresult"), f"{NAME} searchresult", "summary")
    hashes = {}
    for row in _rows(result):
        expect_dict(row, f"{NAME} search row", "bill_id", "change_hash")
        hashes[str(row["bill_id"])] = row["change_hash"]
    return hashes, result["summary"]


def _identifier(number: str) -> str:
    match = re.fullmatch(r"([A-Za-z]+)\s*(\d+\w*)", number or "")
    return f"{match.group(1).upper()} {match.group(2)}" if match else number


def _actions(raw: dict) -> tuple[Action, ...]:
    labels: dict[str, list[str]] = {}
    for step in raw.get("progress") or ():
        label = EVENT_CLASSIFICATION.get(int(step.get("event", -1)))
        if label:
            labels.setdefault(step.get("date", ""), []).append(label)
    actions = []
    for item in raw.get("history") or ():
        date = item.get("date", "")
        actions.append(
            Action(
                date=date,
                description=item.get("action", ""),
                classification=tuple(labels.pop(date, ())),
                chamber=CHAMBERS.get(item.get("chamber")),
            )
        )
    return tuple(actions)


def _code(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _stage(raw: dict) -> str | None:
    """The bill's stage from its `status` code (LegiScan's own summary of where the bill stands);
    the progress events only refine a bare "introduced" (a referral, a committee report) or stand
    in when there is no status. The last progress event alone misleads: events are not always in
    order, and an override or a late referral is not the bill's standing."""
    status = _code(raw.get("status"))
    if status in STATUS_STAGE and status not in (0, 1):
        return STATUS_STAGE[status]
    events = [
        e for e in (_code(p.get("event")) for p in raw.get("progress") or ()) if e is not None
    ]
    last = STATUS_STAGE.get(events[-1]) if events else None
    if last in ("introduced", "in_committee"):
        return last
    return STATUS_STAGE[status] if status in STATUS_STAGE else last


def _bill(raw: dict) -> Bill:
    expect_dict(raw, f"{NAME} bill", "bill_id", "state", "bill_number", "title")
    session = raw.get("session") or {}
    actions = _actions(raw)
    texts = tuple(
        t.get("state_link") or t.get("url")
        for t in raw.get("texts") or ()
        if t.get("state_link") or t.get("url")
    )
    dates = [a.date for a in actions] + [raw.get("status_date") or ""]
    matched = match_terms(" ".join([raw.get("title") or "", raw.get("description") or ""]))
    return Bill(
        source=NAME,
        external_id=str(raw["bill_id"]),
        jurisdiction=state_code(raw["state"]),
        session=str(
            session.get("session_name") or session.get("session_id") or raw.get("session_id", "")
        ),
        identifier=_identifier(raw["bill_number"]),
        title=raw["title"],
        url=raw.get("state_link") or raw.get("url") or "",
        updated_at=max(dates) or None,
        actions=actions,
        versions=texts,
        sources=tuple(u for u in (raw.get("url"), raw.get("state_link")) if u),
        relevant=bool(matched),
        matched_terms=matched,
        status_hint=_stage(raw),
        native=dict(raw),
    )


@dataclass(frozen=True)
class SearchHit(JsonItem):
    """One getSearchRaw row: a bill whose text matched, and its change_hash (no bill details)."""

    source: str
    external_id: str
    change_hash: str
    relevance: int | None = None
    kind: str = "search_hit"
    native: dict = field(default_factory=dict, compare=False, hash=False)


def parse(body: bytes | str, url: str = "") -> list[Bill] | list[SearchHit]:
    """The bill in a getBill response, a weekly dataset record ({"bill": {...}}) or a bare bill
    record; or, for a getSearchRaw response, one SearchHit per row (for `kratom-tracker parse`)."""
    data = load_json(body, NAME)
    if isinstance(data, dict) and isinstance(
        data.get("status"), str
    ):  # the API envelope, not a bill's status code
        if "searchresult" in data:
            data = _envelope(body, "getSearchRaw")
            result = expect_dict(data["searchresult"], f"{NAME} searchresult", "summary")
            rows = [
                expect_dict(r, f"{NAME} search row", "bill_id", "change_hash")
                for r in _rows(result)
            ]
            return [
                SearchHit(
                    NAME,
                    str(r["bill_id"]),
                    str(r["change_hash"]),
                    _code(r.get("relevance")),
                    native=dict(r),
                )
                for r in rows
            ]
        data = _envelope(body, "getBill")
        return [_bill(expect_dict(data.get("bill"), f"{NAME} getBill", "bill_id"))]
    if isinstance(data, dict) and "bill_id" not in data and isinstance(data.get("bill"), dict):
        return [
            _bill(expect_dict(data["bill"], f"{NAME} dataset bill record", "bill_id"))
        ]  # a weekly dataset file
    return [_bill(expect_dict(data, f"{NAME} bill record", "bill_id"))]


def mark_search_hits(bills: list[Bill], hits: dict[str, set[str]]) -> list[Bill]:
    """A full-text search hit is relevant even when the title does not name a term (Alabama SB 65):
    LegiScan matched the bill's text. hits: bill_id -> the terms whose search found it."""
    out = []
    for bill in bills:
        terms = hits.get(bill.external_id)
        if terms and not bill.relevant:
            bill = dataclasses.replace(
                bill,
                relevant=True,
                matched_terms=tuple(dict.fromkeys([*bill.matched_terms, *sorted(terms)])),
            )
        out.append(bill)
    return out


def _call(fetcher, base_url: str, api_key: str, op: str, **params):
    return fetcher.get(base_url.rstrip("/") + "/", params={"key": api_key, "op": op, **params})


def _search(fetcher, base_url, api_key, term) -> dict[str, str]:
    hashes, page = {}, 1
    while page <= MAX_PAGES:
        resp = _call(
            fetcher,
            base_url,
            api_key,
            "getSearchRaw",
            state="ALL",
            year=YEAR_CURRENT,
            query=query_form(term),
            page=page,
        )
        found, summary = parse_search_raw(resp.body)
        hashes.update(found)
        if page >= int(summary.get("page_total") or 1):
            break
        page += 1
    return hashes


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://api.legiscan.com",
) -> SourceResult:
    """getSearchRaw per term, then getBill only for bills whose change_hash moved."""
    if not api_key:
        raise MissingApiKey(f"{API_KEY_ENV} is not set")
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start = fetcher.requests
    current: dict[str, str] = {}
    hits: dict[str, set[str]] = {}
    for term in TERMS:
        found = _search(fetcher, base_url, api_key, term)
        current.update(found)
        for bill_id in found:
            hits.setdefault(bill_id, set()).add(term)
    known = dict(state.get("hashes") or {})
    changed = [bill_id for bill_id, h in current.items() if known.get(bill_id) != h]
    items = []
    for bill_id in changed:
        items += mark_search_hits(
            parse(_call(fetcher, base_url, api_key, "getBill", id=bill_id).body), hits
        )
        known[bill_id] = current[bill_id]
    return SourceResult(
        items=items,
        state={"hashes": known},
        requests=fetcher.requests - start,
        outcome="ok" if changed else "unchanged",
        notes=[f"{len(current)} bills matched, {len(changed)} changed"],
    )


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved response: a search result records its hits in state (no items); a bill is kept as a
    hit of those searches (poll fetches a bill only because a full-text search found it)."""
    data = json.loads(body.decode("utf-8-sig"))
    if isinstance(data, dict) and "searchresult" in data:
        hashes, summary = parse_search_raw(body)
        term = str((summary or {}).get("query") or "search")
        for bill_id in hashes:
            state.setdefault("hits", {}).setdefault(bill_id, set()).add(term)
        return []
    bills = parse(body)
    hits = state.get("hits") or {b.external_id: {"kratom"} for b in bills}
    return mark_search_hits(bills, hits)

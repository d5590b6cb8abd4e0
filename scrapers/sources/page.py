"""Watched web pages (official statements, statute pages): CSS-selected, normalised text."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import yaml

from ..common import require
from ..errors import LayoutChanged, RobotsDisallowed, ScrapeError
from ..items import PageText, SourceResult
from ..terms import TERMS, match_terms
from ..textnorm import decode_body, html_to_text, normalise, soup, text_hash

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
NAME = "page"
API_KEY_ENV = None
RATE_PER_MINUTE = 6
DEFAULT_BASE_URL = ""  # the watchlist file; empty means scrapers/watchlist.yaml
BASE_URL_SETTING = "watchlist_path"  # TRACKER_WATCHLIST, when set, is the base
SPLIT_LINES = False
DEFAULT_WATCHLIST = (
    Path(__file__).resolve().parent.parent / "watchlist.yaml"
)  # may be absent when installed


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def extract_text(body: bytes | str, selector: str, content_type: str | None = None) -> str:
    """Normalised text of every element matching selector; LayoutChanged when none match or all are empty."""
    html = body if isinstance(body, str) else decode_body(body, _charset(content_type))
    require(html.strip() != "", NAME, "empty body")
    nodes = soup(html).select(selector)
    if not nodes:
        raise LayoutChanged(
            f"{NAME}: selector {selector!r} matched nothing (did the page change layout?)"
        )
    text = normalise("\n".join(html_to_text(node) for node in nodes))
    require(text != "", NAME, f"selector {selector!r} matched only empty elements")
    return text


def parse(
    body: bytes | str,
    url: str = "",
    *,
    selector: str = "body",
    jurisdiction: str | None = None,
    content_type: str | None = None,
) -> list[PageText]:
    """One PageText with the normalised text under selector."""
    text = extract_text(body, selector, content_type)
    matched = match_terms(text)
    return [
        PageText(
            source=NAME,
            key=url,
            jurisdiction=jurisdiction,
            text=text,
            url=url,
            selector=selector,
            relevant=bool(matched),
            matched_terms=matched,
        )
    ]


def load_watchlist(path: str | Path) -> list[dict]:
    """Entries {url, selector, jurisdiction} from a YAML, TOML or JSON watchlist file."""
    path = Path(path)
    if path == DEFAULT_WATCHLIST and not path.exists():
        return []
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        data = tomllib.loads(raw)
    elif path.suffix == ".json":
        data = json.loads(raw)
    else:
        data = yaml.safe_load(raw)
    entries = data.get("pages", []) if isinstance(data, dict) else (data or [])
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("url") or not entry.get("selector"):
            raise ValueError(f"watchlist {path}: each page needs url and selector, got {entry!r}")
    return entries


def _watch_one(fetcher, entry: dict, hashes: dict) -> tuple[PageText | None, bool]:
    url = entry["url"]
    if not fetcher.robots_allowed(url):
        raise RobotsDisallowed(f"robots.txt disallows {url}")
    resp = fetcher.get(url, conditional=True)
    if resp.not_modified:
        return None, True
    item = parse(
        resp.body,
        url,
        selector=entry["selector"],
        jurisdiction=entry.get("jurisdiction"),
        content_type=resp.headers.get("Content-Type"),
    )[0]
    digest = text_hash(item.text)
    same = hashes.get(url) == digest
    hashes[url] = digest
    return item, same


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "",
    watchlist: list[dict] | None = None,
) -> SourceResult:
    """Fetch each watched page (robots.txt honoured, conditional GET); base_url is the watchlist path."""
    entries = watchlist if watchlist is not None else load_watchlist(base_url or DEFAULT_WATCHLIST)
    start = fetcher.requests
    fetcher.validators.update(state.get("validators") or {})
    fetcher.robots_cache.update(state.get("robots") or {})
    hashes = dict(state.get("hashes") or {})
    items, notes, errors, all_same = [], [], [], True
    for entry in entries:
        try:
            item, same = _watch_one(fetcher, entry, hashes)
        except ScrapeError as exc:
            errors.append(exc)
            notes.append(f"error: {entry['url']}: {exc}")
            continue
        all_same = all_same and same
        if item is not None:
            items.append(item)
    if errors and len(errors) == len(entries):
        raise errors[0]
    urls = {e["url"] for e in entries}
    new_state = {
        "hashes": hashes,
        "robots": dict(fetcher.robots_cache),
        "validators": {k: v for k, v in fetcher.validators.items() if k in urls},
    }
    outcome = "unchanged" if entries and all_same and not errors else "ok"
    if not entries:
        notes.append("watchlist is empty: nothing was checked")
    return SourceResult(items, new_state, fetcher.requests - start, outcome, notes)


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved page, read with its watchlist entry's URL, selector and jurisdiction."""
    url = watch.get("url") or "https://example.invalid/watched"
    return parse(
        body, url, selector=watch.get("selector") or "body", jurisdiction=watch.get("jurisdiction")
    )

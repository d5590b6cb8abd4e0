"""Wikipedia (MediaWiki Action API): the Kratom article's legal-status section(s), tracked by revid."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, urlsplit

from ..common import expect_dict, expect_list, load_json, require
from ..errors import Deferred, LayoutChanged, ScrapeError
from ..items import Section, SourceResult
from ..places import split_lines_by_jurisdiction
from ..terms import TERMS, match_terms
from ..textnorm import html_to_text, soup

NAME = "wikipedia"
API_KEY_ENV = None
RATE_PER_MINUTE = 30
DEFAULT_BASE_URL = "https://en.wikipedia.org/w/api.php"
BASE_URL_SETTING = None
SPLIT_LINES = True  # the legal section is reconciled line by line per jurisdiction
PAGE = "Kratom"
LEGAL_HEADING = re.compile(
    r"legal|legality|regulation|status|\blaws?\b|prohibition|by country", re.IGNORECASE
)
STABLE_KEY = "legal-status"  # a renamed heading keeps its document (and its baseline): the key is not the anchor
_DROP = ".mw-editsection, sup.reference, style, script, .reference, .mw-empty-elt, .noprint"

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_SETTING",
    "DEFAULT_BASE_URL",
    "NAME",
    "RATE_PER_MINUTE",
    "SPLIT_LINES",
    "TERMS",
    "latest_revision",
    "legal_sections",
    "parse",
    "replay",
    "poll",
    "split_lines_by_jurisdiction",
]


def _api(body, what: str) -> dict:
    data = load_json(body, f"{NAME} {what}")
    require(isinstance(data, dict), NAME, "expected an object")
    if "error" in data:
        error = data["error"] if isinstance(data["error"], dict) else {}
        if error.get("code") == "maxlag":
            raise Deferred("Wikipedia replication lag (maxlag)", retry_after=5)
        raise ScrapeError(f"MediaWiki error {error.get('code')}: {error.get('info')}")
    return data


def latest_revision(body: bytes | str) -> tuple[str, str | None]:
    """(revid, timestamp) of the page from a prop=revisions response (formatversion=2)."""
    pages = expect_list(
        expect_dict(_api(body, "revisions").get("query"), f"{NAME} query", "pages")["pages"],
        f"{NAME} pages",
    )
    require(bool(pages), NAME, "no pages")
    require("missing" not in pages[0], NAME, "page is missing")
    revisions = expect_list(pages[0].get("revisions"), f"{NAME} revisions")
    require(bool(revisions), NAME, "no revisions")
    return str(revisions[0]["revid"]), revisions[0].get("timestamp")


def legal_sections(body: bytes | str) -> list[dict]:
    """Sections whose heading matches /legal|legality|regulation/i from a prop=sections response."""
    parsed = expect_dict(_api(body, "sections").get("parse"), f"{NAME} parse", "sections")
    sections = expect_list(parsed["sections"], f"{NAME} sections")
    require(bool(sections), NAME, "article has no sections")
    plain = [dict(s, line=soup(s.get("line", "")).get_text()) for s in sections]
    chosen: list[dict] = []
    for sec in plain:
        nested = any(str(sec.get("number", "")).startswith(f"{c.get('number')}.") for c in chosen)
        if (
            LEGAL_HEADING.search(sec["line"]) and not nested
        ):  # a parent's text already holds its subsections
            chosen.append(sec)
    return chosen


def _section_text(html: str) -> str:
    tree = soup(html)
    for node in tree.select(_DROP):
        node.decompose()
    return html_to_text(tree.body or tree)


def stable_key(title: str, position: int = 0) -> str:
    """The document key of the n-th legal-status section of an article, whatever its heading says today."""
    return f"{title}#{STABLE_KEY}" + (f"-{position + 1}" if position else "")


def parse(
    body: bytes | str,
    url: str = "",
    *,
    heading: str | None = None,
    anchor: str | None = None,
    position: int = 0,
) -> list[Section]:
    """One Section from an action=parse&prop=text|revid response (formatversion=2)."""
    parsed = expect_dict(_api(body, "parse").get("parse"), f"{NAME} parse", "text")
    html = parsed["text"]
    if isinstance(html, dict):  # legacy format: {"*": "<div>..."}
        html = html.get("*", "")
    require(isinstance(html, str) and html.strip() != "", NAME, "section HTML is empty")
    text = _section_text(html)
    require(text != "", NAME, "section has no text")
    title = parsed.get("title") or PAGE
    heading = heading or text.split("\n", 1)[0]
    anchor = anchor or heading.replace(" ", "_")
    revid = str(parsed.get("revid")) if parsed.get("revid") else None
    link = f"https://en.wikipedia.org/w/index.php?title={quote(title)}" + (
        f"&oldid={revid}" if revid else ""
    )
    matched = match_terms(text)
    return [
        Section(
            source=NAME,
            key=stable_key(title, position),
            title=heading,
            text=text,
            revision_id=revid,
            url=f"{link}#{anchor}",
            relevant=bool(matched) or bool(LEGAL_HEADING.search(heading)),
            matched_terms=matched,
            native={"heading": heading, "anchor": anchor},
        )
    ]


def _get(fetcher, base_url: str, **params):
    params = {"format": "json", "formatversion": "2", "maxlag": "5", **params}
    return fetcher.get(base_url, params=params).body


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://en.wikipedia.org/w/api.php",
) -> SourceResult:
    """Skip on an unchanged revid; else resolve the legal sections by heading and fetch each one."""
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start = fetcher.requests
    revid, stamp = latest_revision(
        _get(
            fetcher,
            base_url,
            action="query",
            prop="revisions",
            titles=PAGE,
            rvprop="ids|timestamp",
            rvlimit="1",
        )
    )
    if revid == state.get("revid"):
        return SourceResult(
            [], dict(state), fetcher.requests - start, "unchanged", [f"revid {revid} unchanged"]
        )
    sections = legal_sections(_get(fetcher, base_url, action="parse", page=PAGE, prop="sections"))
    if not sections:
        raise LayoutChanged(f"{NAME}: no legal-status heading in {PAGE}")
    items = []
    for position, sec in enumerate(sections):
        body = _get(
            fetcher,
            base_url,
            action="parse",
            page=PAGE,
            section=str(sec["index"]),
            prop="text|revid",
        )
        items += parse(body, heading=sec["line"], anchor=sec.get("anchor"), position=position)
    return SourceResult(
        items,
        {"revid": revid, "timestamp": stamp},
        fetcher.requests - start,
        "ok",
        [f"revid {revid}: {len(items)} legal section(s)"],
    )


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved API response: the section list and the revision id go to state (no items); the
    section's text is read under the first legal heading found."""
    data = json.loads(body.decode("utf-8-sig"))
    parsed = data.get("parse") if isinstance(data, dict) else None
    if isinstance(parsed, dict) and "sections" in parsed:
        state["sections"] = legal_sections(body)
        return []
    if isinstance(data, dict) and "query" in data:
        latest_revision(body)
        return []
    sec = (state.get("sections") or [{}])[0]
    return parse(body, heading=sec.get("line"), anchor=sec.get("anchor"))

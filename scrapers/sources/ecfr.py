"""eCFR: is mitragynine / 7-hydroxymitragynine listed in 21 CFR part 1308, and did 1308 change?"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..common import expect_dict, expect_list, load_json, require
from ..errors import LayoutChanged
from ..items import Notice, Section, SourceResult
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
NAME = "ecfr"
API_KEY_ENV = None
RATE_PER_MINUTE = 20
DEFAULT_BASE_URL = "https://www.ecfr.gov"
BASE_URL_SETTING = None
SPLIT_LINES = False
SUBSTANCES = ("mitragynine", "7-hydroxymitragynine")
SCHEDULE_SECTIONS = ("1308.11", "1308.12", "1308.13", "1308.14", "1308.15")
PART_URL = "https://www.ecfr.gov/current/title-21/chapter-II/part-1308"


def _strip_html(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.unescape(text or "")).split())


def _where(url: str) -> tuple[str, str]:
    """(title, part) from the hierarchy[...] parameters of a search URL, defaulting to 21 / 1308."""
    params = parse_qs(urlsplit(url).query)
    return (params.get("hierarchy[title]") or ["21"])[0], (
        params.get("hierarchy[part]") or ["1308"]
    )[0]


def part_url(title: str, part: str) -> str:
    """The eCFR page of a part."""
    return f"https://www.ecfr.gov/current/title-{title}/part-{part}"


def section_url(title: str, section: str, on: str | None = None) -> str:
    """The eCFR page of a section, current or as it read on a date."""
    return f"https://www.ecfr.gov/{'on/' + on if on else 'current'}/title-{title}/section-{section}"


def _count_section(data: dict, url: str) -> list[Section]:
    meta = expect_dict(data["meta"], f"{NAME} count meta", "total_count")
    query = (parse_qs(urlsplit(url).query).get("query") or [""])[0]
    title, part = _where(url)
    described = re.search(
        r"search for '([^']+)' in title (\d+) part ([\w.]+)",
        str(meta.get("description") or ""),
        re.I,
    )
    if described and not query:  # a recorded response without its URL says what it counted
        query, title, part = described.groups()
    total = int(meta["total_count"])
    listed = "listed" if total else "not listed"
    where = f"{title} CFR part {part}"
    text = f"{query or 'query'}: {total} match(es) in {where} (current) - {listed}"
    matched = match_terms(query)
    return [
        Section(
            source=NAME,
            key=f"{title} CFR {part}/{query}",
            title=f"{query} in {where}",
            text=text,
            revision_id=None,
            url=part_url(title, part),
            relevant=bool(matched),
            matched_terms=matched,
            native={"count": total, "query": query, "where": where},
        )
    ]


def _version_notice(raw: dict) -> Notice:
    expect_dict(raw, f"{NAME} content version", "identifier", "amendment_date", "name")
    ident, title = raw["identifier"], str(raw.get("title") or "21")
    name = _strip_html(raw["name"])
    matched = match_terms(name)
    return Notice(
        source=NAME,
        external_id=f"{title} CFR {ident}@{raw['amendment_date']}",
        jurisdiction="US",
        title=name,
        doc_type="CFR amendment",
        agencies=("Drug Enforcement Administration",),
        publication_date=raw.get("issue_date"),
        effective_on=raw["amendment_date"],
        url=section_url(title, ident, raw["amendment_date"]),
        # an amendment of a schedule is not news by itself: the substance counts decide (issue #12)
        abstract=None,
        relevant=bool(matched),
        matched_terms=matched,
        native=dict(raw),
    )


def _search_sections(data: dict) -> list[Section]:
    sections = []
    for row in expect_list(data["results"], f"{NAME} results"):
        hierarchy = expect_dict(row.get("hierarchy"), f"{NAME} result hierarchy", "title")
        excerpt = _strip_html(row.get("full_text_excerpt") or "")
        matched = match_terms(excerpt)
        ident = hierarchy.get("section") or hierarchy.get("part") or ""
        title = str(hierarchy["title"])
        url = (
            section_url(title, hierarchy["section"])
            if hierarchy.get("section")
            else part_url(title, hierarchy.get("part") or "")
        )
        sections.append(
            Section(
                source=NAME,
                key=f"{title} CFR {ident}",
                title=_strip_html((row.get("headings") or {}).get("section") or ident),
                text=excerpt,
                revision_id=row.get("starts_on"),
                url=url,
                relevant=bool(matched),
                matched_terms=matched,
            )
        )
    return sections


def _xml_sections(body: bytes | str, url: str) -> list[Section]:
    try:
        root = SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise LayoutChanged(f"{NAME}: hostile XML refused ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        raise LayoutChanged(f"{NAME}: XML does not parse ({exc})") from exc
    text = " ".join(" ".join(root.itertext()).split())
    require(bool(text), NAME, "XML has no text")
    matched = match_terms(text)
    ident = root.get("N") or "1308"
    return [
        Section(
            source=NAME,
            key=f"21 CFR {ident}",
            title=ident,
            text=text,
            revision_id=None,
            url=url or PART_URL,
            relevant=bool(matched),
            matched_terms=matched,
        )
    ]


def parse(body: bytes | str, url: str = "") -> list:
    """Items from a search count, search results, versions or full-XML response."""
    raw = body.decode("utf-8-sig", "replace") if isinstance(body, bytes) else body
    if raw.lstrip().startswith("<"):
        return _xml_sections(raw.encode("utf-8"), url)
    data = load_json(raw, NAME)
    require(isinstance(data, dict), NAME, "expected an object")
    if "content_versions" in data:
        versions = expect_list(data["content_versions"], f"{NAME} content_versions")
        require(
            bool(versions), NAME, "the version list is empty (an eCFR part always has versions)"
        )
        return [_version_notice(v) for v in versions]
    if "results" in data:
        return _search_sections(data)
    if isinstance(data.get("meta"), dict) and "total_count" in data["meta"]:
        return _count_section(data, url)
    raise LayoutChanged(f"{NAME}: unrecognised response shape (keys {sorted(data)[:5]})")


def _latest(notices: list[Notice]) -> str | None:
    dates = [
        n.effective_on
        for n in notices
        if n.native.get("identifier") in SCHEDULE_SECTIONS and n.effective_on
    ]
    return max(dates) if dates else None


def poll(
    fetcher,
    state: dict,
    *,
    since: dt.date | None = None,
    api_key: str | None = None,
    base_url: str = "https://www.ecfr.gov",
) -> SourceResult:
    """Check 1308's amendment history; re-run the substance counts only when it moved (or first run)."""
    fetcher.set_rate(urlsplit(base_url).hostname or "", RATE_PER_MINUTE)
    start, base = fetcher.requests, base_url.rstrip("/")
    resp = fetcher.get(
        f"{base}/api/versioner/v1/versions/title-21.json", params={"part": "1308"}, conditional=True
    )
    previous = state.get("latest_amendment")
    if resp.not_modified and "counts" in state:
        return SourceResult(
            [], dict(state), fetcher.requests - start, "unchanged", ["versions: 304"]
        )
    versions = parse(resp.body, resp.url)
    latest = _latest(versions)
    if latest == previous and "counts" in state:
        return SourceResult(
            [], dict(state), fetcher.requests - start, "unchanged", [f"1308 last amended {latest}"]
        )
    items = [
        v
        for v in versions
        if v.native.get("identifier") in SCHEDULE_SECTIONS
        and (previous is None or (v.effective_on or "") > previous)
    ]
    counts = {}
    for term in SUBSTANCES:
        count = fetcher.get(
            f"{base}/api/search/v1/count",
            params=[
                ("query", term),
                ("hierarchy[title]", "21"),
                ("hierarchy[part]", "1308"),
                ("date", "current"),
            ],
        )
        sections = parse(count.body, count.url)
        counts[term] = sections[0].text
        items += sections
    return SourceResult(
        items,
        {"latest_amendment": latest, "counts": counts},
        fetcher.requests - start,
        "ok",
        [f"1308 last amended {latest}"],
    )


def replay(body: bytes, state: dict, watch: dict) -> list:
    """One saved response, read as poll reads it (scrapers.protocol.Source)."""
    return parse(body)

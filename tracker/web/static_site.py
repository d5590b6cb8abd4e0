"""The public site as plain files, for any static host or CDN (`kratom-tracker build-site OUT_DIR`).

Every public page is rendered through the Flask app itself (its test client), so a static page is
byte for byte what `serve` sends, except for its links: root-relative links to pages that are in
the static site become relative file links (`../../changes/index.html`), so the folder works on
any host, under any path prefix, even from disk. What only a server can answer (a query string:
time travel with `?as_of=`, sorting, filtering; forms; the curator's pages) points at the dynamic
server given by `dynamic_url` (TRACKER_PUBLIC_URL), or, without one, the link's query string is
dropped so it still lands on the static page.

Layout: an HTML page at PATH is written to PATH/index.html (`/j/US-LA` -> j/US-LA/index.html),
feeds and exports keep their names (`/changes.atom`, `/export/status.csv`), and the API's JSON
gets a `.json` suffix (`/api/v1/status/US-LA` -> api/v1/status/US-LA.json), so a list and its
members never need a file and a folder of the same name. The home table's pages (`/?page=2`)
become index-page-2.html.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask

from tracker.articles import catalogue
from tracker.status import jurisdictions

HTML = "text/html"
LINK_ATTRIBUTE = re.compile(r'\b(href|src|action)="([^"]*)"')
CSS_URL = re.compile(r"url\((['\"]?)(/[^)'\"]*)\1\)")
# Pages that need a server: sign-in and the curator's work (links to them go to the dynamic server)
DYNAMIC_PREFIXES = ("/login", "/logout", "/review", "/audit", "/healthz")
FIXED_PAGES = (
    "/",
    "/changes",
    "/bills",
    "/sources",
    "/changes.atom",
    "/bills.atom",
    "/export/status.csv",
    "/export/status.json",
    "/export/history.csv",
    "/export/history.json",
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/sources",
    "/api/v1/jurisdictions",
)
# The API's paged lists, fetched at the largest page size; further pages are followed from "pages"
API_LISTS = ("/api/v1/status", "/api/v1/bills")
API_PER = 500  # tracker.reports.api.MAX_PER
ALL_CHANGES = "since=1900-01-01"  # /api/v1/changes needs a start: every change ever recorded


@dataclass
class SiteReport:
    out_dir: Path
    pages: int = 0
    files: dict[str, str] = field(default_factory=dict)  # site path -> file written (relative)
    dynamic_links: int = 0  # links that need the dynamic server
    failures: list[str] = field(default_factory=list)  # paths that did not render (status != 200)


def file_for(path: str, mimetype: str | None, query: str = "") -> str | None:
    """The file a site path is written to, or None when it is not part of the static site."""
    if path.startswith(DYNAMIC_PREFIXES) or path.startswith("//"):
        return None
    if query:
        params = dict(parse_qsl(query, keep_blank_values=True))
        page = params.get("page", "1")
        if not page.isdigit():
            return None
        if path == "/" and set(params) == {"page"}:
            return "index.html" if page == "1" else f"index-page-{page}.html"
        if (
            path in API_LISTS
            and params.get("per") == str(API_PER)
            and set(params) <= {"per", "page"}
        ):
            return f"{path[1:]}.json" if page == "1" else f"{path[1:]}.page-{page}.json"
        if path == "/api/v1/changes" and query == ALL_CHANGES:
            return "api/v1/changes.json"
        return None
    if path.startswith("/static/"):
        return path[1:]
    if path.startswith("/api/"):
        if path in ("/api/v1/", "/api/v1"):
            return "api/v1/index.json"
        return path[1:] if path.endswith(".json") else path[1:].rstrip("/") + ".json"
    last = path.rsplit("/", 1)[-1]
    if mimetype == HTML or (mimetype is None and "." not in last):
        return (path.strip("/") + "/index.html").lstrip("/")
    return path[1:]


class Builder:
    """Renders pages through the app and rewrites their links; one per build."""

    def __init__(self, app: Flask, out_dir: Path, dynamic_url: str | None):
        self.app = app
        self.client = app.test_client()
        self.out = out_dir
        self.dynamic = dynamic_url.rstrip("/") if dynamic_url else None
        self.base = self.dynamic or "http://localhost"
        self.report = SiteReport(out_dir)
        self.queue: deque[str] = deque()
        self.seen: set[str] = set()
        self.today = (
            date.today().isoformat()
        )  # the day the pages are rendered for (the server's default)

    # -- links ------------------------------------------------------------------------------------

    def localise(self, url: str, current_file: str, attribute: str = "href") -> str:
        """A link as the static file at current_file should write it."""
        raw = url.replace("&amp;", "&")
        if raw.startswith(self.base + "/") and not self.dynamic:
            raw = raw[len(self.base) :]
        if not raw.startswith("/") or raw.startswith("//"):
            return url  # external, fragment-only or relative already
        parts = urlsplit(raw)
        path, query, fragment = parts.path or "/", parts.query, parts.fragment
        if query and path.startswith("/j/"):  # ?as_of=<today> is the page as it is rendered
            kept = [
                (k, v)
                for k, v in parse_qsl(query, keep_blank_values=True)
                if (k, v) != ("as_of", self.today)
            ]
            query = urlencode(kept)
        target = None if attribute == "action" else file_for(path, self._guess(path), query)
        if target is None:
            self.report.dynamic_links += 1
            if self.dynamic:
                return url if url.startswith(self.base) else self.dynamic + url
            target = file_for(
                path, self._guess(path)
            )  # no server: the page itself, without its query
            if target is None:
                return url
        else:
            self._enqueue(path + (f"?{query}" if query else ""))
        link = posixpath.relpath(target, posixpath.dirname(current_file) or ".")
        return link + (f"#{fragment}" if fragment else "")

    @staticmethod
    def _guess(path: str) -> str | None:
        last = path.rsplit("/", 1)[-1]
        return HTML if "." not in last and not path.startswith(("/api/", "/static/")) else None

    def rewrite_html(self, text: str, current_file: str) -> str:
        return LINK_ATTRIBUTE.sub(
            lambda m: f'{m[1]}="{self.localise(m[2], current_file, m[1])}"', text
        )

    def rewrite_css(self, text: str, current_file: str) -> str:
        return CSS_URL.sub(lambda m: f"url({m[1]}{self.localise(m[2], current_file)}{m[1]})", text)

    # -- rendering --------------------------------------------------------------------------------

    def _enqueue(self, url: str) -> None:
        if url in API_LISTS:  # the same file as the full-size page the seeds fetch
            url = f"{url}?per={API_PER}"
        elif url == "/api/v1/changes":
            url = f"{url}?{ALL_CHANGES}"
        if url not in self.seen:
            self.seen.add(url)
            self.queue.append(url)

    def render(self, url: str) -> None:
        parts = urlsplit(url)
        response = self.client.get(url, base_url=self.base)
        if response.status_code != 200:
            self.report.failures.append(f"{url}: HTTP {response.status_code}")
            return
        target = file_for(parts.path, response.mimetype, parts.query)
        if target is None:
            return
        body = response.get_data()
        if response.mimetype == HTML:
            body = self.rewrite_html(body.decode("utf-8"), target).encode("utf-8")
        elif response.mimetype == "text/css":
            body = self.rewrite_css(body.decode("utf-8"), target).encode("utf-8")
        elif parts.path in API_LISTS:
            pages = (response.get_json(silent=True) or {}).get("pages") or 1
            for n in range(2, int(pages) + 1):
                self._enqueue(f"{parts.path}?per={API_PER}&page={n}")
        destination = self.out / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(body)
        self.report.files[url] = target
        self.report.pages += 1

    def run(self, seeds: list[str]) -> SiteReport:
        for url in seeds:
            self._enqueue(url)
        while self.queue:
            self.render(self.queue.popleft())
        return self.report


def seed_urls(session) -> list[str]:
    """Every public page the site must hold, before the links found in pages add the rest."""
    codes = jurisdictions.codes(session)
    slugs = catalogue.slugs(session)
    urls = [
        *FIXED_PAGES,
        *(f"{path}?per={API_PER}" for path in API_LISTS),
        f"/api/v1/changes?{ALL_CHANGES}",
    ]
    for code in codes:
        urls += [
            f"/j/{code}",
            f"/j/{code}/changes.atom",
            f"/api/v1/status/{code}",
            f"/api/v1/history/{code}",
        ]
    urls += [f"/articles/{slug}" for slug in slugs]
    static_root = Path(str(resources.files("tracker") / "static"))
    urls += sorted(
        "/static/" + p.relative_to(static_root).as_posix()
        for p in static_root.rglob("*")
        if p.is_file()
    )
    return urls


MARKER = ".kratom-tracker-site"  # marks a folder build_site may replace


class NotASite(ValueError):
    """OUT_DIR holds files that build_site did not write: it is never emptied."""


def build_site(app: Flask, out_dir: Path, dynamic_url: str | None = None) -> SiteReport:
    """Render every public page into out_dir; returns what was written and what needs a server.

    The site is built in a sibling folder and swapped in when complete, so a web server reading
    out_dir during a rebuild sees the old site or the new one, never half of each. A non-empty
    out_dir that build_site did not make is refused, never emptied.
    """
    out_dir = out_dir.resolve()
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise NotASite(
            f"{out_dir} is not empty and was not made by build-site; choose an empty or new folder"
        )
    partial = out_dir.with_name(out_dir.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    rt = app.extensions["tracker_runtime"]
    with rt.transaction() as session:
        seeds = seed_urls(session)
    report = Builder(app, partial, dynamic_url).run(seeds)
    (partial / MARKER).write_text(
        "Built by `kratom-tracker build-site`; the next build replaces this folder.\n",
        encoding="utf-8",
    )
    old = out_dir.with_name(out_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        out_dir.rename(old)
    partial.rename(out_dir)
    if old.exists():
        shutil.rmtree(old)
    report.out_dir = out_dir
    return report

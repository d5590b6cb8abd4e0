"""Articles: find the legality section by its heading and store it for claim checking."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import Article, utcnow

LEGAL_HEADING = re.compile(r"\b(legal|legality|law|laws|regulat\w*|ban|banned)\b", re.IGNORECASE)


class SectionNotFound(ValueError):
    """The text has no heading that introduces a legal-status section."""


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


def _is_heading(lines: list[str], i: int) -> bool:
    """A plain-text heading: a short line without final full stop, between blank lines."""
    line = lines[i].strip()
    if not line or len(line) > 120 or line.endswith((".", ",", ";", ":")) or line.startswith(("•", "-", "*")):
        return False
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return before and after and len(line.split()) >= 2


def legal_section(text: str) -> Section:
    """The first section whose heading is about legality, up to the next heading."""
    lines = text.splitlines()
    headings = [i for i in range(len(lines)) if _is_heading(lines, i)]
    for n, i in enumerate(headings):
        if LEGAL_HEADING.search(lines[i]):
            end = headings[n + 1] if n + 1 < len(headings) else len(lines)
            body = "\n".join(line.strip() for line in lines[i + 1:end]).strip()
            body = re.sub(r"\n{3,}", "\n\n", body)
            if body:
                return Section(lines[i].strip(), body)
    raise SectionNotFound("no heading mentioning legality, law or regulation was found")


def bundled_articles() -> list[dict]:
    """Metadata and text of the articles shipped with the package."""
    folder = Path(str(resources.files("tracker") / "content" / "articles"))
    out = []
    for meta_path in sorted(folder.glob("*.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        meta["text"] = (folder / meta["file"]).read_text(encoding="utf-8")
        out.append(meta)
    return out


def store_article(
    session: Session,
    *,
    slug: str,
    title: str,
    text: str,
    published_on: date | None,
    url: str | None,
    section: Section | None = None,
) -> bool:
    """Insert or refresh an article; returns False when nothing changed.

    ``text`` is the article as read (its hash tells whether it changed); ``section`` the
    legality section found in it (default: found in ``text`` as plain text).
    """
    section = section or legal_section(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = session.scalar(select(Article).where(Article.slug == slug))
    if (
        row is not None and row.body_sha256 == digest and row.published_on == published_on
        and row.url == url and row.title == title
    ):
        return False
    if row is None:
        row = Article(slug=slug)
        session.add(row)
    row.title, row.url, row.published_on = title, url, published_on
    row.section_heading, row.section_text, row.body_sha256 = section.heading, section.text, digest
    row.imported_at = utcnow()
    return True


def load_bundled_articles(session: Session) -> int:
    """Store the bundled articles; returns how many were new or changed."""
    return sum(
        store_article(
            session, slug=m["slug"], title=m["title"], text=m["text"], published_on=m.get("published_on"), url=m.get("url")
        )
        for m in bundled_articles()
    )


# -- importing any article: a file or a URL, in HTML, Markdown or plain text ------------------

FORMATS = ("html", "markdown", "text")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_BYTES = 5_000_000
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dt", "dd", "td", "th", "div", "section", "article")
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "footer", "form", "iframe", "aside", "button", "select")
_DATE_META = (
    ("property", "article:published_time"), ("name", "article:published_time"), ("name", "date"),
    ("name", "pubdate"), ("name", "publish-date"), ("name", "dc.date"), ("name", "DC.date.issued"),
    ("itemprop", "datePublished"),
)


class ArticleSourceError(ValueError):
    """The file or URL cannot be read, or is not an article we can parse."""


@dataclass(frozen=True)
class ParsedArticle:
    """What an import found in a document: its title and date (if stated) and its legality section."""

    format: str
    text: str
    title: str | None
    published_on: date | None
    section: Section


@dataclass(frozen=True)
class Block:
    level: int  # 1-6 for headings, 0 for body text
    text: str


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _date_prefix(value: str | None) -> date | None:
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def html_blocks(html: str | bytes) -> tuple[list[Block], str | None, date | None]:
    """The headings and text blocks of an HTML page (text only: no markup is kept), its title and date."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title = None
    og = soup.find("meta", attrs={"property": "og:title"})
    if og and og.get("content"):
        title = _clean(og["content"])
    elif soup.title and soup.title.get_text(strip=True):
        title = _clean(soup.title.get_text())
    published = None
    for attr, value in _DATE_META:
        tag = soup.find("meta", attrs={attr: value})
        if tag and _date_prefix(tag.get("content")):
            published = _date_prefix(tag.get("content"))
            break
    if published is None:
        time_tag = soup.find("time", attrs={"datetime": True})
        published = _date_prefix(time_tag["datetime"]) if time_tag else None
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    root = soup.body or soup
    blocks: list[Block] = []
    for el in root.find_all(_BLOCK_TAGS):
        if el.find(_BLOCK_TAGS) is not None:
            continue  # a container: its inner blocks are read one by one
        text = _clean(el.get_text(" "))
        if not text:
            continue
        if el.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            blocks.append(Block(int(el.name[1]), text))
        elif el.name == "li":
            blocks.append(Block(0, f"• {text}"))
        else:
            blocks.append(Block(0, text))
    if title is None:
        title = next((b.text for b in blocks if b.level == 1), None)
    return blocks, title, published


def section_from_blocks(blocks: list[Block]) -> Section:
    """The legality section: the first heading about legality (below the page title if possible),
    up to the next heading of the same or a higher level."""
    found: list[tuple[int, Section]] = []
    for i, b in enumerate(blocks):
        if not b.level or not LEGAL_HEADING.search(b.text):
            continue
        body = []
        for nxt in blocks[i + 1:]:
            if nxt.level and nxt.level <= b.level:
                break
            body.append(nxt.text)
        if body:
            found.append((b.level, Section(b.text, "\n\n".join(body))))
    if not found:
        raise SectionNotFound("no heading mentioning legality, law or regulation was found")
    below_title = [s for level, s in found if level > 1]
    return below_title[0] if below_title else found[0][1]


def _front_matter(text: str) -> tuple[dict, str]:
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.DOTALL)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[m.end():]


def parse_article(text: str, fmt: str) -> ParsedArticle:
    """Find the title, date and legality section of a document in one of FORMATS."""
    if fmt == "html":
        blocks, title, published = html_blocks(text)
        return ParsedArticle(fmt, text, title, published, section_from_blocks(blocks))
    if fmt == "markdown":
        import markdown

        meta, body = _front_matter(text)
        blocks, title, published = html_blocks(f"<html><body>{markdown.markdown(body)}</body></html>")
        title = str(meta.get("title")) if meta.get("title") else title
        raw_date = meta.get("date") or meta.get("published") or meta.get("published_on")
        if isinstance(raw_date, date):
            published = raw_date
        elif raw_date:
            published = _date_prefix(str(raw_date)) or published
        return ParsedArticle(fmt, text, title, published, section_from_blocks(blocks))
    section = legal_section(text)
    return ParsedArticle("text", text, None, None, section)


def guess_format(name: str, content_type: str | None, text: str) -> str:
    """html, markdown or text, from the content type, the file name, then the content."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype in ("text/markdown", "text/x-markdown"):
        return "markdown"
    lower = name.lower().split("?")[0]
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".md", ".markdown", ".mdown")):
        return "markdown"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if ctype == "text/plain" or lower.endswith(".txt"):
        return "text"
    if re.search(r"^#{1,6} \S", text, re.MULTILINE):
        return "markdown"
    return "text"


def _decode(body: bytes, charset: str | None = None) -> str:
    for encoding in filter(None, (charset, "utf-8-sig")):
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", "replace")


def read_source(source: str, *, user_agent: str, fetcher=None) -> tuple[str, str, str | None]:
    """(text, format, url) of a local file or an http(s) URL.

    URLs are fetched with the project's polite fetcher (robots.txt honoured, size cap, no
    private or loopback addresses); pass ``fetcher`` to use another (tests).
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        if not source.lower().startswith(("http://", "https://")):
            raise ArticleSourceError(f"only http(s) URLs can be imported, not {source[:80]!r}")
        from scrapers.errors import ScrapeError
        from scrapers.fetch import Fetcher

        own = fetcher is None
        fetcher = fetcher or Fetcher(user_agent, max_bytes=MAX_BYTES, retries=1, rate_per_minute=10)
        try:
            if not fetcher.robots_allowed(source):
                raise ArticleSourceError(f"robots.txt of {source[:200]} does not allow fetching it")
            resp = fetcher.get(source)
        except ScrapeError as exc:
            raise ArticleSourceError(f"cannot fetch {source[:200]}: {exc}") from None
        finally:
            if own:
                fetcher.close()
        ctype = resp.headers.get("Content-Type")
        charset = None
        m = re.search(r"charset=([\w.-]+)", ctype or "", re.IGNORECASE)
        if m:
            charset = m.group(1)
        fmt = guess_format(source, ctype, resp.body[:400].decode("ascii", "ignore"))
        text = _decode(resp.body, charset)
        return text, fmt, resp.url
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ArticleSourceError(f"{source} is larger than {MAX_BYTES} bytes")
        body = path.read_bytes()
    except OSError as exc:
        raise ArticleSourceError(f"cannot read {source}: {exc.strerror or exc}") from None
    text = _decode(body)
    return text, guess_format(path.name, None, text), None


def slugify(text: str) -> str:
    """A URL slug from a title: lower-case ASCII words joined by '-' (at most 80 characters)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-")


@dataclass(frozen=True)
class ImportResult:
    slug: str
    title: str
    published_on: date | None
    format: str
    heading: str
    changed: bool


def import_article(
    session: Session,
    source: str,
    *,
    user_agent: str,
    slug: str | None = None,
    title: str | None = None,
    published_on: date | None = None,
    fetcher=None,
) -> ImportResult:
    """Read a file or URL, find its legality section and store it (idempotent).

    Raises ArticleSourceError when the source cannot be read and SectionNotFound when it has no
    legality heading.
    """
    text, fmt, url = read_source(source, user_agent=user_agent, fetcher=fetcher)
    if not text.strip():
        raise ArticleSourceError(f"{source[:200]} is empty")
    parsed = parse_article(text, fmt)
    title = (title or parsed.title or "").strip() or Path(source.split("?")[0].rstrip("/")).stem or "article"
    slug = slug or slugify(title) or slugify(Path(source).stem)
    if not SLUG.match(slug or "") or len(slug) > 200:
        raise ArticleSourceError(f"slug {slug!r} must be lower-case words joined by '-'")
    published = published_on or parsed.published_on
    changed = store_article(
        session, slug=slug, title=title[:500], text=text, published_on=published, url=url, section=parsed.section
    )
    return ImportResult(slug, title[:500], published, parsed.format, parsed.section.heading, changed)

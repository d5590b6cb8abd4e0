"""Articles: find the legality section by its heading and store it for claim checking."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.articles.dates import MONTH_NAMES
from tracker.store.models import Article, utcnow
from tracker.store.yamlio import safe_load

LEGAL_HEADING = re.compile(
    r"(?:\b(?:il)?legal\w*|\blaws?\b|\blawful|\bregulat\w*|\brestrict\w*|\bbans?\b|\bbanned\b|\bprohibit\w*"
    r"|\bschedul\w*|\bstatus\b|\bcontrolled\b|\bstatutes?\b|\bact\b|\bcrackdown|\bcriminali[sz]\w*"
    r"|\bverbot\w*|\brechtslage|\blegalit\w*|\bgesetz\w*|\beinschr\u00e4nkung\w*|\bprohib\w*|\bley\b"
    # an age limit is a legal rule: "How Old Do You Have to Be to Buy Kratom?", "Minimum age"
    r"|\bhow old\b|\b(?:minimum|required|legal) age\b|\bage (?:limits?|requirements?|restrictions?)\b)",
    re.IGNORECASE,
)
SKIP_HEADING = re.compile(
    r"\b(?:disclaimer|haftungsausschluss|aviso legal|legal notice|impressum|privacy|cookies?|terms of (?:use|service)"
    r"|comments?|related (?:posts|articles)|share this|about the author|references|sources)\b",
    re.IGNORECASE,
)
# the stored text: one block per paragraph; "#"*level + " " for headings, "• " for list items,
# "| a | b |" for table rows
HEADING_LINE = re.compile(r"^(#{1,6}) (.+)$")


class SectionNotFound(ValueError):
    """The text has nothing to check (kept for callers; imports no longer refuse a text)."""


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True)
class StoredSection:
    """One section of a stored article: its heading, where its body is in the stored text, and
    whether its claims are checked (and why not)."""

    heading: str | None
    level: int
    start: int  # body offsets in the stored text
    end: int
    checked: bool
    reason: str


def _plain_heading(lines: list[str], i: int) -> bool:
    """A plain-text heading: a short line that does not read as a sentence, followed by text.

    No blank line is needed before or after it: "States Where Kratom is Illegal:" directly
    above its list is a heading, and so is a question such as "Is kratom legal in Texas?".
    """
    line = lines[i].strip()
    if not line or len(line) > 100 or line.startswith(("\u2022", "-", "*", "|", "[")):
        return False
    nxt = next((ln.strip() for ln in lines[i + 1 : i + 3] if ln.strip()), "")
    if not nxt:
        return False
    words = line.rstrip(":?").split()
    if SKIP_HEADING.search(line) and len(words) <= 4:
        return True
    if len(words) > 14 or line.endswith((".", ",", ";", "\u2026", "]", ")")) or _date_line(line):
        return False
    if line.endswith(("?", ":")):
        return True
    if not line[0].isupper() and not line[0].isdigit():
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    small = sum(1 for w in words if w.lower() in _SMALL_WORDS)
    blank_around = (i == 0 or not lines[i - 1].strip()) and not lines[i + 1].strip()
    return blank_around or (caps + small >= len(words) and len(words) >= 1 and len(nxt) > len(line))


_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "to",
    "for",
    "and",
    "or",
    "is",
    "are",
    "its",
    "by",
    "with",
    "at",
    "as",
}


# a date line's label: "Published: ...", "Published Date: ...", "Posted on ...", "Updated ..."
_DATE_LABEL = re.compile(
    r"(?:(?P<pub>published|posted|date)|(?P<other>received|accepted|updated|last updated|modified|revised))"
    r"(?:\s+(?:date|on))?\s*:?\s*",
    re.IGNORECASE,
)


def _date_line(line: str) -> date | None:
    """A line that is only a date, perhaps labelled ("August 1, 2025", "2025-08-01", "2/24/2026",
    "Published Date: January 27, 2021")."""
    line = line.strip()
    lab = _DATE_LABEL.match(line)
    if lab:
        line = line[lab.end() :]
    # "Wed, Jul 12, 2023 at 9:26 AM": the weekday and the time of day say nothing of the date
    line = re.sub(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", line, flags=re.IGNORECASE)
    line = re.sub(
        r",?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$",
        "",
        line,
        flags=re.IGNORECASE,
    )
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", line)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", line)  # a US page's month/day/year
    if m:
        try:
            return date(int(m[3]), int(m[1]), int(m[2]))
        except ValueError:
            return None
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", line)
    if m and m[1].lower()[:3] in [x[:3] for x in MONTH_NAMES]:
        month = [x[:3] for x in MONTH_NAMES].index(m[1].lower()[:3]) + 1
        try:
            return date(int(m[3]), month, int(m[2]))
        except ValueError:
            return None
    return None


def _heads_a_paragraph(lines: list[str], i: int) -> bool:
    """A short line followed by a sentence of its own ("Austria" then "In Austria, kratom is ...")
    names what the paragraph below is about: a heading, not an item of a list of names."""
    nxt = next((ln.strip() for ln in lines[i + 1 : i + 3] if ln.strip()), "")
    return len(nxt.split()) > 6 and nxt.endswith((".", "!", ")", "\u201d", '"'))


def text_blocks(text: str) -> tuple[list[Block], date | None]:
    """Blocks of a plain-text article: the first line is the title, headings are found by their
    shape (no blank lines needed), other lines are paragraphs; a date-only line is its date."""
    lines = text.splitlines()
    blocks: list[Block] = []
    published = None
    published_labelled = False
    prose_seen = False  # a date line before the first long paragraph is the page's date
    para: list[str] = []

    def flush() -> None:
        nonlocal prose_seen
        if para:
            blocks.append(Block(0, _clean(" ".join(para))))
            prose_seen |= len(blocks[-1].text) >= 200
            para.clear()

    first = True
    in_list = False  # after a line ending with ':' short lines are the items of its list
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush()
            continue
        if (
            in_list
            and len(line.split()) <= 4
            and not line.endswith((":", "?", "."))
            and not SKIP_HEADING.search(line)
            and not _heads_a_paragraph(lines, i)
        ):
            flush()
            blocks.append(Block(0, "\u2022 " + _clean(line.rstrip(",;"))))
            continue
        in_list = line.endswith(":") and len(line) <= 100
        if _date_line(line) and (len(blocks) < 4 or not prose_seen or _DATE_LABEL.match(line)):
            # a date line at the top, or a labelled one further down: the page's date ("Published
            # Date: ..." wins over "Received Date: ..."); never a heading or a paragraph
            flush()
            lab = _DATE_LABEL.match(line)
            if published is None or (lab and lab["pub"] and not published_labelled):
                published = _date_line(line)
                published_labelled = bool(lab and lab["pub"])
            continue
        m = re.match(r"^(#{1,6})\s+(.+)$", line)
        if m:
            flush()
            blocks.append(Block(len(m[1]), _clean(m[2])))
        elif first and len(line) <= 160 and not line.endswith("."):
            blocks.append(Block(1, _clean(line)))
        elif _plain_heading(lines, i):
            flush()
            blocks.append(Block(2, _clean(line)))
        elif re.match(r"^(?:[\u2022*\-]|\d{1,2}[.)])\s+", line):
            flush()
            blocks.append(
                Block(0, "\u2022 " + _clean(re.sub(r"^(?:[\u2022*\-]|\d{1,2}[.)])\s+", "", line)))
            )
        else:
            # a line of its own is a paragraph when the next is not its continuation
            para.append(line)
            if line.endswith((".", "!", "?", ":", "\u201d", '"', "]")):
                flush()
        first = False
    flush()
    return blocks, published


def blocks_to_text(blocks: list[Block]) -> str:
    """The stored form of an article: blocks separated by blank lines, headings marked with '#'."""
    out = []
    for b in blocks:
        text = b.text.replace("\n", " ").strip()
        if not text:
            continue
        out.append(f"{'#' * b.level} {text}" if b.level else text)
    return "\n\n".join(out)


_KRATOM = re.compile(r"\b(?:kratom|ketum|kratum|mitragyn\w*|7-OH|7-hydroxy\w*)\b", re.IGNORECASE)
_LEGALITY_WORDS = re.compile(
    r"\b(?:(?:il)?legal(?:ly|i[sz]\w*)?|lawful|unlawful|bann?(?:ed|s|ing)?|prohibit\w*|outlaw\w*"
    r"|controlled substances?|schedul\w*|regulat\w*|criminali[sz]\w*|decriminali[sz]\w*"
    r"|verbot\w*|erlaubt|legalit\w*)\b",
    re.IGNORECASE,
)


# a heading that names no topic of its own: a label, a date, a word or two
_TOPICLESS_HEADING = re.compile(
    r"^\W*(?:abstract|summary|background|overview|introduction|details|update|news|statement"
    r"|announcement|press release|for immediate release|media release|the facts|key points)\W*$"
    r"|^[\d\W]+$"
    # a record's field line taken for a heading: "SUBMITTED BY: A. Smith, City Attorney"
    r"|^(?-i:[A-Z][A-Z#/ ]{1,30}):\s",
    re.IGNORECASE,
)


def _says_nothing(heading: str) -> bool:
    """A heading that tells nothing of what its section is about ("ABSTRACT", "2/24/2026", "News").

    A descriptive heading ("Conclusion: A Cautious Approach to Kratom for Chronic Pain") does tell:
    its section is about something else, and a passing "legal restrictions" there is no claim."""
    return bool(_TOPICLESS_HEADING.search(heading)) or len(re.findall(r"\w+", heading)) <= 2


def _speaks_of_legality(body: str) -> bool:
    """A text that names kratom (or its alkaloids) and uses a word of legality."""
    return bool(_KRATOM.search(body)) and bool(_LEGALITY_WORDS.search(body))


def split_sections(stored: str) -> list[StoredSection]:
    """The sections of a stored text and whether each is checked.

    Checked: every section whose heading is about legality or names a place, with everything
    nested under it, unless its heading marks a disclaimer or the like. When no heading is about
    legality, the whole text is checked (never a refusal). Linear in the text.
    """
    heads = [
        (m.start(), m.end(), len(m[1]), m[2].strip())
        for m in re.finditer(r"(?m)^(#{1,6}) (.+)$", stored)
    ]
    from tracker.articles import places as _places

    sections: list[StoredSection] = []
    first = heads[0][0] if heads else len(stored)
    lead = stored[:first]
    if lead.strip():
        # the opening paragraphs (before any heading) often carry the main claim
        about = bool(re.search(r"\b(?:kratom|ketum|mitragyn\w*)\b", lead, re.IGNORECASE)) and bool(
            LEGAL_HEADING.search(lead)
        )
        sections.append(
            StoredSection(
                None,
                0,
                0,
                first,
                about,
                "the opening text speaks of legality" if about else "before the first heading",
            )
        )
    kinds = []
    for hs, he, level, heading in heads:
        if SKIP_HEADING.search(heading):
            kinds.append("skip")
        elif LEGAL_HEADING.search(heading):
            kinds.append("legal")
        elif _places.names_a_place(heading):
            kinds.append("place")
        else:
            kinds.append("")
    stack: list[tuple[int, bool]] = []  # enclosing headings: (level, passes its status on)
    any_checked = False
    for n, ((hs, he, level, heading), kind) in enumerate(zip(heads, kinds)):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(stored)
        while stack and stack[-1][0] >= level:
            stack.pop()
        inherited = any(passes for _, passes in stack)
        if kind == "skip":
            checked, reason = False, "a disclaimer or page furniture"
        elif kind == "legal":
            checked, reason = True, "its heading is about legality"
        elif kind == "place":
            checked, reason = True, "its heading names a place"
        elif inherited:
            checked, reason = True, "under a heading about legality"
        elif _says_nothing(heading) and _speaks_of_legality(stored[he:end]):
            # a heading that says nothing ("ABSTRACT", "2/24/2026", "Background") over a text
            # that speaks of kratom's legality: read it, as the opening text is read
            checked, reason = True, "its text speaks of legality"
        else:
            checked, reason = False, "its heading is not about legality"
        any_checked |= checked
        # a legality heading passes its status to the sections nested below it; a section read only
        # because its own text speaks of legality passes nothing on (its heading says nothing of
        # what is nested below it)
        stack.append(
            (level, checked and kind != "skip" and reason != "its text speaks of legality")
        )
        sections.append(StoredSection(heading, level, he, end, checked, reason))
    if not any_checked:
        whole = "no heading is about legality: the whole text is checked"
        sections = [
            s
            if s.heading and SKIP_HEADING.search(s.heading)
            else StoredSection(s.heading, s.level, s.start, s.end, True, whole)
            for s in sections
        ]
    return sections


def legal_section(text: str) -> Section:
    """The checked part of a plain-text article (kept for the bundled article and old callers)."""
    blocks, _ = text_blocks(text)
    stored = blocks_to_text(blocks)
    secs = [s for s in split_sections(stored) if s.checked]
    heading = " \u00b7 ".join(s.heading for s in secs if s.heading) or "whole text"
    body = "\n\n".join(stored[s.start : s.end].strip() for s in secs)
    return Section(heading, body)


def bundled_articles() -> list[dict]:
    """Metadata and text of the articles shipped with the package."""
    folder = Path(str(resources.files("tracker") / "content" / "articles"))
    out = []
    for meta_path in sorted(folder.glob("*.yaml")):
        meta = safe_load(meta_path.read_text(encoding="utf-8"))
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
    parsed: ParsedArticle | None = None,
    replace: bool = True,
) -> bool:
    """Insert or refresh an article; returns False when nothing changed.

    ``text`` is the article as read (its hash tells whether it changed); ``parsed`` what was found
    in it (default: read as plain text). The stored text keeps every section with its heading
    ('#' lines), so the page can say which sections were checked and which skipped.
    With ``replace=False`` an existing slug holding a different article is refused.
    """
    parsed = parsed or parse_article(text, "text")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = session.scalar(select(Article).where(Article.slug == slug))
    if (
        row is not None
        and row.body_sha256 == digest
        and row.published_on == published_on
        and row.url == url
        and row.title == title
        and row.section_text == parsed.text
    ):
        return False
    if row is not None and not replace:
        raise SlugTaken(
            f"an article with the slug {slug!r} already exists (\u201c{row.title[:80]}\u201d); "
            "choose another --slug or pass --replace to overwrite it"
        )
    if row is None:
        row = Article(slug=slug)
        session.add(row)
    row.title, row.url, row.published_on = title, url, published_on
    row.section_heading, row.section_text, row.body_sha256 = (
        parsed.section.heading,
        parsed.text,
        digest,
    )
    row.imported_at = utcnow()
    return True


class SlugTaken(ValueError):
    """Another article is stored under this slug."""


def load_bundled_articles(session: Session) -> int:
    """Store the bundled articles; returns how many were new or changed."""
    return sum(
        store_article(
            session,
            slug=m["slug"],
            title=m["title"],
            text=m["text"],
            published_on=m.get("published_on"),
            url=m.get("url"),
        )
        for m in bundled_articles()
    )


# -- importing any article: a file or a URL, in HTML, Markdown or plain text ------------------

FORMATS = ("html", "markdown", "text")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_BYTES = 5_000_000
_BLOCK_TAGS = (
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "td",
    "th",
    "div",
    "section",
    "article",
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "form",
    "iframe",
    "aside",
    "button",
    "select",
)
_DATE_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("itemprop", "datePublished"),
)


class ArticleSourceError(ValueError):
    """The file or URL cannot be read, or is not an article we can parse."""


@dataclass(frozen=True)
class ParsedArticle:
    """What an import found in a document: its title and date (if stated) and its legality section."""

    format: str
    text: str  # the stored form (blocks_to_text)
    title: str | None
    published_on: date | None
    section: Section  # heading: the checked headings; text: the stored form
    sections: list[StoredSection] = field(default_factory=list)

    @cached_property
    def language(self) -> str | None:
        """Detected when first asked: loading langdetect's profiles costs a few tenths of a second
        per process, and `init` only compares the stored text of the bundled articles."""
        return language_of(self.text)


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


def _html_meta(soup) -> tuple[str | None, date | None]:
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
    return title, published


def _row_text(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def _walk_blocks(root, deadline) -> list[Block]:
    """Headings, paragraphs, list items and table rows of an HTML element, in reading order.

    Linear in the page (issue #10): each block's nearest block ancestor is found by walking up only
    through inline elements, so a container (a block holding another block, or a row holding cells)
    is read through its inner blocks without searching each subtree again."""
    found = root.find_all((*_BLOCK_TAGS, "tr"))
    containers: set[int] = set()
    in_row: set[int] = set()
    for n, el in enumerate(found):
        if n % 1024 == 0:
            deadline.check()
        parent = el.parent
        while parent is not None and parent is not root and parent.name not in (*_BLOCK_TAGS, "tr"):
            parent = parent.parent
        if parent is not None and parent is not root:
            if parent.name == "tr" or id(parent) in in_row:
                in_row.add(id(el))  # read with its row
            else:
                containers.add(id(parent))
    blocks: list[Block] = []
    for n, el in enumerate(found):
        if n % 1024 == 0:
            deadline.check()
        if el.name in ("td", "th") or id(el) in in_row:
            continue
        if el.name == "tr":
            cells = [_clean(c.get_text(" ")) for c in el.find_all(("td", "th"))]
            if any(cells):
                blocks.append(Block(0, _row_text(cells)))
            continue
        if id(el) in containers:
            continue  # a container: its inner blocks are read one by one
        text = _clean(el.get_text(" "))
        if not text:
            continue
        if el.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            blocks.append(Block(int(el.name[1]), text))
        elif el.name == "li":
            blocks.append(Block(0, f"\u2022 {text}"))
        else:
            blocks.append(Block(0, text))
    return blocks


def _trafilatura_blocks(html: str) -> list[Block] | None:
    """The main content of a page by trafilatura (boilerplate, menus and sidebars removed)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return None
    blocks: list[Block] = []

    def text_of(el) -> str:
        return _clean(" ".join(el.itertext()))

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag == "head":
                rend = child.get("rend") or "h2"
                level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
                blocks.append(Block(level, text_of(child)))
            elif tag == "list":
                for item in child.iter("item"):
                    if text_of(item):
                        blocks.append(Block(0, "\u2022 " + text_of(item)))
            elif tag == "table":
                for row in child.iter("row"):
                    cells = [text_of(c) for c in row.iter("cell")]
                    if any(cells):
                        blocks.append(Block(0, _row_text(cells)))
            elif tag in ("p", "quote", "code"):
                if text_of(child):
                    blocks.append(Block(0, text_of(child)))
            elif tag in ("div", "main", "section"):
                walk(child)
            elif text_of(child):
                blocks.append(Block(0, text_of(child)))

    walk(main)
    return blocks or None


def html_blocks(
    html: str | bytes, *, main_content: bool = True
) -> tuple[list[Block], str | None, date | None]:
    """The headings and text blocks of an HTML page (text only: no markup is kept), its title and date.

    The main content is found by trafilatura (made for this: it drops menus, sidebars, footers and
    comment threads); a page it finds nothing in is read whole, less scripts, navigation and asides.
    A document nested deeper than scrapers.textnorm.MAX_DEPTH, or taking longer than its parse
    deadline, is refused with ArticleSourceError before either reads it (issue #10).
    """
    from scrapers.errors import HostileHtml
    from scrapers.textnorm import Deadline
    from scrapers.textnorm import soup as parse_html

    deadline = Deadline(what="the article")
    try:
        soup = parse_html(html, deadline=deadline, what="the article")
        title, published = _html_meta(soup)
        text = html if isinstance(html, str) else html.decode("utf-8", "replace")
        blocks = _trafilatura_blocks(text) if main_content else None
        deadline.check()
        if blocks is None:
            for tag in soup(_DROP_TAGS):
                tag.decompose()
            blocks = _walk_blocks(soup.body or soup, deadline)
    except HostileHtml as exc:
        raise ArticleSourceError(str(exc)) from None
    if title is None:
        title = next((b.text for b in blocks if b.level == 1), None)
    return blocks, title, published


def _front_matter(text: str) -> tuple[dict, str]:
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.DOTALL)
    if not m:
        return {}, text
    try:
        meta = safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[m.end() :]


def url_date(url: str | None) -> date | None:
    """The publication date a URL gives: a full date by htmldate (made for this: /2025/07/31/,
    2025-07-31, ...); a year and month alone (/2019/11/, /2023/november/) mean the month's last
    day, which htmldate does not read."""
    if not url:
        return None
    from htmldate import find_date

    try:
        found = find_date(
            "<html><body></body></html>", url=url, extensive_search=False, original_date=True
        )
    except Exception:  # noqa: BLE001 - a date is a convenience; a bad URL must not stop an import
        found = None
    if found:
        try:
            return date.fromisoformat(found)
        except ValueError:
            pass
    m = re.search(r"/((?:19|20)\d{2})/(\d{1,2}|[a-z]{3,9})/", url.lower())
    if m:
        month = (
            int(m[2])
            if m[2].isdigit()
            else next((i + 1 for i, name in enumerate(MONTH_NAMES) if name.startswith(m[2][:3])), 0)
        )
        if 1 <= month <= 12:
            year = int(m[1])
            return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return None


def _leading_date(blocks: list[Block]) -> date | None:
    """A paragraph near the top that is only a date ("January 15, 2021") is the page's date."""
    for b in blocks[:4]:
        if b.level == 0 and _date_line(b.text):
            return _date_line(b.text)
    return None


_BULLET = re.compile(r"[-*+]\s+\S")


def _lists_apart(body: str) -> str:
    """Markdown with a blank line before a bullet list that follows a paragraph line directly
    ("banned in:\\n- Alabama"): CommonMark lets a list interrupt a paragraph, Python-Markdown would
    run its items into the paragraph's text."""
    out: list[str] = []
    for line in body.split("\n"):
        prev = out[-1] if out else ""
        if (
            _BULLET.match(line)
            and prev.strip()
            and not _BULLET.match(prev)
            and not prev.startswith((" ", "\t", "#", "|", ">"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def parse_article(text: str, fmt: str, url: str | None = None) -> ParsedArticle:
    """Find the title, date and sections of a document in one of FORMATS. The date is the page's
    own (metadata, a date line at the top), else the one its URL gives."""
    if fmt == "html":
        blocks, title, published = html_blocks(text)
        published = published or _leading_date(blocks)
    elif fmt == "markdown":
        import markdown

        meta, body = _front_matter(text)
        html = markdown.markdown(_lists_apart(body), extensions=["tables", "sane_lists"])
        blocks, title, published = html_blocks(
            f"<html><body>{html}</body></html>", main_content=False
        )
        title = str(meta.get("title")) if meta.get("title") else title
        raw_date = meta.get("date") or meta.get("published") or meta.get("published_on")
        if isinstance(raw_date, date):
            published = raw_date
        elif raw_date:
            published = _date_prefix(str(raw_date)) or published
        # "UPDATED 3/14/2023" under the title: a Markdown page dates itself as an HTML one does
        published = published or _leading_date(blocks)
    else:
        blocks, published = text_blocks(text)
        title = next((b.text for b in blocks if b.level == 1), None)
    published = published or url_date(url)
    stored = blocks_to_text(blocks)
    sections = split_sections(stored)
    checked = [s for s in sections if s.checked]
    heading = " \u00b7 ".join(s.heading for s in checked if s.heading) or "whole text"
    return ParsedArticle(fmt, stored, title, published, Section(heading, stored), sections)


def language_of(text: str) -> str | None:
    """The language of a text (ISO 639-1) by langdetect (a port of Google's language-detection);
    None when it cannot tell."""
    sample = re.sub(r"(?m)^#+ |^\u2022 |\|", " ", text[:20_000])
    if len(sample.strip()) < 20:
        return None
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0  # deterministic
    try:
        return detect(sample)
    except LangDetectException:
        return None


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
        except (
            ValueError,
            UnicodeError,
        ) as exc:  # a URL that no parser accepts (empty label, bad port, ...)
            raise ArticleSourceError(
                f"{source[:200]} is not a usable URL ({type(exc).__name__}: {exc})"
            ) from None
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
    language: str | None = None
    checked: int = 0  # sections checked
    skipped: int = 0


SUPPORTED_LANGUAGES = ("en",)
LANGUAGE_NAMES = {
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "nl": "Dutch",
    "it": "Italian",
    "pt": "Portuguese",
    "th": "Thai",
    "ms": "Malay",
    "id": "Indonesian",
    "pl": "Polish",
}


def import_article(
    session: Session,
    source: str,
    *,
    user_agent: str,
    slug: str | None = None,
    title: str | None = None,
    published_on: date | None = None,
    fetcher=None,
    replace: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Read a file or URL, find its sections and store it (idempotent).

    Raises ArticleSourceError when the source cannot be read or its publication date is in the
    future, and SlugTaken when the slug holds another article and ``replace`` is not set.
    """
    text, fmt, url = read_source(source, user_agent=user_agent, fetcher=fetcher)
    if not text.strip():
        raise ArticleSourceError(f"{source[:200]} is empty")
    parsed = parse_article(
        text, fmt, url=url or (source if re.match(r"^https?://", source, re.IGNORECASE) else None)
    )
    if not parsed.text.strip():
        raise ArticleSourceError(f"{source[:200]}: no text was found in it")
    title = (
        (title or parsed.title or "").strip()
        or Path(source.split("?")[0].rstrip("/")).stem
        or "article"
    )
    slug = slug or slugify(title) or slugify(Path(source).stem)
    if not SLUG.match(slug or "") or len(slug) > 200:
        raise ArticleSourceError(f"slug {slug!r} must be lower-case words joined by '-'")
    published = published_on or parsed.published_on
    today = today or date.today()
    if published is not None and published > today:
        raise ArticleSourceError(
            f"the publication date {published.isoformat()} is in the future (today is {today.isoformat()})"
        )
    changed = store_article(
        session,
        slug=slug,
        title=title[:500],
        text=text,
        published_on=published,
        url=url,
        parsed=parsed,
        replace=replace,
    )
    return ImportResult(
        slug,
        title[:500],
        published,
        parsed.format,
        parsed.section.heading,
        changed,
        parsed.language,
        sum(1 for s in parsed.sections if s.checked),
        sum(1 for s in parsed.sections if not s.checked),
    )

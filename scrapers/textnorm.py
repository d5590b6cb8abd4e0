"""Text normalisation so the same text always hashes the same (encoding, NFC, spaces, BOM)."""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from lxml import etree

from .errors import HostileHtml

# Real pages nest a few dozen elements deep. A hostile one nested tens of thousands deep made
# tree-rewriting text extraction quadratic (issue #10: 21 s for 220 KB), so documents deeper than
# this are refused before the tree is built, and every parse has a deadline.
MAX_DEPTH = 200
PARSE_SECONDS = 5.0

_ANY_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w:.-]+)""", re.IGNORECASE)


def decode_body(body: bytes, declared: str | None = None) -> str:
    """Decode bytes robustly: BOM, then UTF-8, then the declared or meta charset, then cp1252."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:4096])
    for charset in (declared, meta.group(1).decode("ascii", "ignore") if meta else None, "cp1252"):
        if not charset or charset.lower().replace("-", "") == "utf8":
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("latin-1")


def normalise(text: str) -> str:
    """NFC, no invisible characters, one space between words, no blank lines, stripped."""
    text = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def text_hash(text: str) -> str:
    """sha256 of the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


_BLOCKS = frozenset(
    (
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "dd",
        "dt",
        "table",
        "section",
    )
)
_JUNK = frozenset(("script", "style", "noscript", "template"))
_CELLS = frozenset(("td", "th"))


class Deadline:
    """A time budget for one parse; check() raises HostileHtml once it has run out."""

    def __init__(self, seconds: float = PARSE_SECONDS, what: str = "document"):
        self.seconds, self.what, self.end = seconds, what, time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise HostileHtml(f"{self.what}: took longer than {self.seconds:g}s to read (refused)")


def check_depth(
    html: str | bytes,
    max_depth: int = MAX_DEPTH,
    deadline: Deadline | None = None,
    what: str = "document",
) -> None:
    """HostileHtml when elements nest deeper than max_depth: libxml2's pull parser counts in C,
    in linear time, before any Python tree is built."""
    deadline = deadline or Deadline(what=what)
    parser = etree.HTMLPullParser(events=("start", "end"), recover=True)
    depth = 0
    chunk = 65_536
    for i in range(0, len(html), chunk):
        parser.feed(html[i : i + chunk])
        for event, _el in parser.read_events():
            depth = depth + 1 if event == "start" else depth - 1
            if depth > max_depth:
                raise HostileHtml(f"{what}: elements nested more than {max_depth} deep (refused)")
        deadline.check()
    try:
        parser.close()
    except etree.XMLSyntaxError:
        pass


def html_to_text(node, deadline: Deadline | None = None) -> str:
    """Plain text of an HTML element: block elements on their own lines, table cells joined by ' | '.

    One walk over the tree with an explicit stack: nothing in the tree is rewritten (the old
    rewrite-then-get_text was quadratic in the nesting depth), depth is capped and the walk has
    a deadline."""
    deadline = deadline or Deadline()
    out: list[str] = []
    in_pre = 0
    stack: list[tuple[Tag, object]] = [(node, iter(node.children))] if isinstance(node, Tag) else []
    if isinstance(node, Tag) and node.name in _BLOCKS:
        out.append("\n")
    steps = 0
    while stack:
        tag, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if tag.name == "pre":
                in_pre -= 1
            if tag.name in _CELLS:
                out.append(" | ")
            if tag.name in _BLOCKS:
                out.append("\n")
            continue
        steps += 1
        if steps % 2048 == 0:
            deadline.check()
        if isinstance(child, Tag):
            if child.name in _JUNK:
                continue
            if len(stack) >= MAX_DEPTH:
                raise HostileHtml(
                    f"{deadline.what}: elements nested more than {MAX_DEPTH} deep (refused)"
                )
            if child.name in _BLOCKS:
                out.append("\n")
            if child.name == "pre":
                in_pre += 1
            stack.append((child, iter(child.children)))
        elif type(child) in (NavigableString, CData):
            text = str(child)
            out.append(
                text if in_pre else _ANY_SPACE.sub(" ", text)
            )  # HTML whitespace is one space
    lines = []
    for line in "".join(out).split("\n"):
        line = _SPACES.sub(" ", line).strip().rstrip("|").strip()
        lines.append(line)
    return normalise("\n".join(lines))


def soup(
    html: str | bytes,
    *,
    max_depth: int = MAX_DEPTH,
    deadline: Deadline | None = None,
    what: str = "document",
) -> BeautifulSoup:
    """Parse HTML with lxml, refusing documents nested deeper than max_depth (HostileHtml)."""
    check_depth(html, max_depth, deadline, what)
    return BeautifulSoup(html, "lxml")

"""Text normalisation so the same text always hashes the same (encoding, NFC, spaces, BOM)."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from bs4 import BeautifulSoup, Comment, NavigableString

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


_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "dd", "dt", "table", "section")


def html_to_text(node) -> str:
    """Plain text of an HTML element: block elements on their own lines, table cells joined by ' | '."""
    for junk in node.find_all(["script", "style", "noscript", "template"]):
        junk.decompose()
    for text in node.find_all(string=True):
        if isinstance(text, Comment):
            text.extract()
        elif isinstance(text, NavigableString) and text.find_parent("pre") is None:
            text.replace_with(_ANY_SPACE.sub(" ", str(text)))  # HTML whitespace, newlines included, is one space
    for cell in node.find_all(["td", "th"]):
        cell.append(" | ")
    for block in node.find_all(_BLOCKS):
        block.insert_before("\n")
        block.append("\n")
    lines = []
    for line in node.get_text().split("\n"):
        line = _SPACES.sub(" ", line).strip().rstrip("|").strip()
        lines.append(line)
    return normalise("\n".join(lines))


def soup(html: str) -> BeautifulSoup:
    """Parse HTML with lxml."""
    return BeautifulSoup(html, "lxml")

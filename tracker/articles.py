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

from tracker.models import Article, utcnow

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


def store_article(session: Session, *, slug: str, title: str, text: str, published_on: date | None, url: str | None) -> bool:
    """Insert or refresh an article; returns False when nothing changed."""
    section = legal_section(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = session.scalar(select(Article).where(Article.slug == slug))
    if row is not None and row.body_sha256 == digest and row.published_on == published_on and row.url == url:
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

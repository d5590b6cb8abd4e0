"""Reading a text the way the article page does, for the reader's rule tests."""

from __future__ import annotations

from datetime import date

from tracker.articles import importer, reader
from tracker.articles.places import PlaceIndex

TODAY = date(2026, 12, 7)


def read_claims(
    text: str,
    index: PlaceIndex,
    fmt: str = "text",
    published: date | None = None,
    url: str | None = None,
) -> list[reader.ReadClaim]:
    """The claims the reader finds in the checked sections of a text."""
    parsed = importer.parse_article(text, fmt)
    sections = [(s.start, s.end, s.heading) for s in parsed.sections if s.checked]
    return reader.read(
        parsed.text, sections, index=index, today=TODAY, published=published, url=url
    ).claims


def place_pairs(claims_read) -> list[tuple[str, tuple]]:
    """(code, reading) of each claim about a place, sorted: what a test compares."""
    return sorted(
        (c.code or "", tuple(sorted(c.reading.items()))) for c in claims_read if c.kind == "place"
    )

"""Rules of the article reader's third generalisation pass (issue #14): classes of misses and
extras seen across every labelled split. Every test is named as the shape it covers, on a sentence
written for the test in the style of real pages (not copied from a fixture)."""

from __future__ import annotations

from datetime import date

from tracker.articles import importer, reader
from tracker.articles.places import PlaceIndex

TODAY = date(2026, 12, 7)
INDEX = PlaceIndex({"Springdale": "US-AR/springdale", "Sarasota County": "US-FL/sarasota-county"})


def read(text: str, fmt: str = "text", published: date | None = None, index=INDEX):
    parsed = importer.parse_article(text, fmt)
    sections = [(s.start, s.end, s.heading) for s in parsed.sections if s.checked]
    return reader.read(
        parsed.text, sections, index=index, today=TODAY, published=published
    ).claims


def pairs(claims_read):
    return sorted(
        (c.code or "", tuple(sorted(c.reading.items()))) for c in claims_read if c.kind == "place"
    )


def test_a_list_item_claim_is_quoted_with_the_label_that_names_its_place():
    text = (
        "# Kratom laws by state\n\n"
        "## Is kratom legal in your state?\n\n"
        "Here is the status of kratom state by state:\n\n"
        "- Ohio – kratom is legal for adults. Lawmakers keep watching it.\n"
        "- Utah – kratom is regulated under the state's consumer act.\n"
    )
    got = {c.code: c for c in read(text, "markdown")}
    assert got["US-OH"].text.startswith("Ohio – kratom is legal")
    assert got["US-UT"].text.startswith("Utah – kratom is regulated")

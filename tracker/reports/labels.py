"""Plain words for the codebook's values, for pages and exports that people read (issue #15).

The codebook (tracker.status.codebook, docs/CODEBOOK.md) keeps the stored values (`sale_prohibited`,
`seven_oh`, `min_age`); readers see the words here. Category definitions paraphrase the decision
rules R1–R6 of docs/CODEBOOK.md, so the legend can say what each colour means.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.status import codebook, regions

CATEGORY_LABELS = {
    "banned": "Banned",
    "restricted": "Restricted",
    "regulated": "Regulated",
    "legal": "Legal",
    "unknown": "Unknown",
}
# What each category means, in the words of docs/CODEBOOK.md's rules R1–R6.
CATEGORY_DEFINITIONS = {
    "banned": "The plant is a controlled substance: possession is an offence.",
    "restricted": "No lawful open sale (sale banned or prescription only), or 7-OH itself is controlled, "
    "but possessing the leaf is not an offence.",
    "regulated": "Sale is lawful under kratom-specific rules: a consumer-protection act, an age limit or a 7-OH cap.",
    "legal": "No kratom-specific law.",
    "unknown": "Not researched yet, or the sources conflict. Never a guess.",
}
LEAF_LABELS = {
    "unregulated": "no specific law",
    "regulated": "regulated",
    "sale_prohibited": "sale prohibited",
    "prescription": "prescription only",
    "controlled": "controlled",
    "unknown": "unknown",
}
SEVEN_OH_LABELS = {
    "unregulated": "no specific rule",
    "capped": "capped",
    "controlled": "controlled",
    "unknown": "unknown",
}
KIND_LABELS = {
    "country": "country",
    "subdivision": "state or province",
    "federal": "federal",
    "supranational": "supranational body",
    "locality": "locality",
}
# What the table's sort keys and columns are called on the page.
COLUMN_LABELS = {
    "name": "Name",
    "code": "Code",
    "kind": "Kind",
    "category": "Category",
    "leaf": "Leaf",
    "seven_oh": "7-OH rule",
    "min_age": "Minimum age",
    "effective_from": "In force since",
    "verified_on": "Last verified",
    "confidence": "Confidence",
}
CITATION_KIND_LABELS = {
    "statute": "statute",
    "session_law": "session law",
    "bill_page": "legislature's bill page",
    "agency_rule": "agency rule",
    "gazette": "official gazette",
    "official_release": "official release",
    "court_ruling": "court ruling",
    "news": "news",
    "law_firm": "law firm",
    "advocacy": "advocacy group",
    "vendor": "vendor",
    "aggregator": "aggregator",
    "encyclopedia": "encyclopedia",
    "academic": "academic",
    "secondary": "secondary source (news, analysis)",
}

# Official sources first: the law itself, then the bodies that made or apply it, then the press; (codebook order), then the secondary ones, then kinds of older rows
CITATION_ORDER = codebook.CITATION_KINDS + codebook.LEGACY_CITATION_KINDS


def citation_rank(kind: str | None) -> int:
    """Where a citation of this kind sorts: official sources before secondary ones, unknown kinds last."""
    try:
        return CITATION_ORDER.index(kind)
    except ValueError:
        return len(CITATION_ORDER)


def is_official(kind: str | None) -> bool:
    return kind is not None and codebook.is_official(kind)


def official_first(citations: Iterable[Any]) -> list[Any]:
    """Citations (objects with .kind, or dicts with "kind"), official sources first, else in their order."""

    def kind(c: Any) -> str | None:
        return c.get("kind") if isinstance(c, dict) else getattr(c, "kind", None)

    return sorted(
        citations, key=lambda c: citation_rank(kind(c))
    )  # stable: ties keep the dataset's order


def place_type(code: str, kind: str) -> str:
    """What sort of place a jurisdiction is, telling US states, DC, territories and federal apart."""
    if kind == "federal":
        return "US federal" if code == "US" else "federal"
    if kind == "subdivision" and code.startswith("US-"):
        if code == "US-DC":
            return "US district (DC)"
        if code in regions.US_TERRITORIES:
            return "US territory"
        return "US state"
    return KIND_LABELS.get(kind, kind)


PLACE_TYPES = (
    "US federal",
    "US state",
    "US district (DC)",
    "US territory",
    "country",
    "state or province",
    "supranational body",
    "locality",
)


def category_label(category: str | None) -> str:
    return CATEGORY_LABELS.get(category or "unknown", category or "unknown")


def leaf_label(value: str | None) -> str:
    return LEAF_LABELS.get(value or "", (value or "—").replace("_", " "))


def seven_oh_label(value: str | None) -> str:
    return SEVEN_OH_LABELS.get(value or "", (value or "—").replace("_", " "))

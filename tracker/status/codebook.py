"""The codebook: the legal attributes of a status and the one rule that derives its category.

docs/CODEBOOK.md documents every value and the decision rule; a test keeps them in step.
"""

from __future__ import annotations

LEAF_VALUES = (
    "unregulated",
    "regulated",
    "sale_prohibited",
    "prescription",
    "controlled",
    "unknown",
)
SEVEN_OH_VALUES = ("unregulated", "capped", "controlled", "unknown")
CONFIDENCE_VALUES = ("high", "medium", "low")
# Citation kinds (dataset schema v2, docs/CODEBOOK.md): official texts first, then secondary sources.
OFFICIAL_CITATION_KINDS = (
    "statute",
    "session_law",
    "bill_page",
    "agency_rule",
    "gazette",
    "official_release",
    "court_ruling",
)
SECONDARY_CITATION_KINDS = (
    "news",
    "law_firm",
    "advocacy",
    "vendor",
    "aggregator",
    "encyclopedia",
    "academic",
)
CITATION_KINDS = OFFICIAL_CITATION_KINDS + SECONDARY_CITATION_KINDS
# Superseded rows recorded before schema v2 may still carry this kind (it cannot be split unread).
LEGACY_CITATION_KINDS = ("secondary",)
# The kinds of releases before schema v2 that map to exactly one schema-v2 kind: migration 0005
# renamed them in every install, and scripts/retired_beliefs.py renames them the same way when it
# writes a superseded belief (a test keeps the two in step).
RENAMED_CITATION_KINDS = {
    "bill": "bill_page",
    "rule": "agency_rule",
    "notice": "gazette",
    "court": "court_ruling",
    "official-statement": "official_release",
}
# Sources that alone cannot carry a status (the seller, the lobby, copy sites): docs/CODEBOOK.md R0-R6 notes.
INTERESTED_CITATION_KINDS = ("vendor", "advocacy", "aggregator")
SUBSTANCES = (
    "kratom",
    "mitragynine",
    "7-hydroxymitragynine",
    "mitragynine-pseudoindoxyl",
    "analogues",
)
CATEGORIES = ("banned", "restricted", "regulated", "legal", "unknown")
JURISDICTION_KINDS = ("country", "subdivision", "federal", "supranational", "locality")

# Colour-blind-safe palette (Okabe–Ito) for maps and legends, in category order.
CATEGORY_COLOURS = {
    "banned": "#D55E00",
    "restricted": "#E69F00",
    "regulated": "#56B4E9",
    "legal": "#009E73",
    "unknown": "#BBBBBB",
}


def is_official(kind: str) -> bool:
    """Whether a citation kind is an official text (statute ... court ruling), not a secondary source."""
    return kind in OFFICIAL_CITATION_KINDS


def official_first(citations: list, kind=lambda c: c.kind) -> list:
    """Citations with the official kinds first, each group in its recorded order (a stable sort)."""
    return sorted(citations, key=lambda c: not is_official(kind(c)))


def leaf_under_general_law(kratom_specific_leaf: str | None) -> str:
    """R0: with no kratom-specific act, listing, scheduling, import ban or order, the leaf is
    `unregulated`, even where general food or drug law authorises no product (novel food, unapproved
    drug, no licensed natural health product); otherwise the kratom-specific rule's own leaf."""
    return kratom_specific_leaf or "unregulated"  # R0


def apply_federal_scheduling(
    leaf: str, seven_oh: str, federal_leaf: str | None, federal_seven_oh: str | None
) -> tuple[str, str, bool]:
    """Rule F: a state that adopts federal scheduling automatically takes a federal control.

    Returns (leaf, seven_oh, applied): the stricter of the state's and the federal value for the
    plant (federal `controlled`) and for 7-OH (federal `controlled`); applied says whether the
    federal order changed anything. The category is then derived again by R1-R6.
    """
    new_leaf = "controlled" if federal_leaf == "controlled" else leaf
    new_seven_oh = "controlled" if "controlled" in (federal_leaf, federal_seven_oh) else seven_oh
    return new_leaf, new_seven_oh, (new_leaf, new_seven_oh) != (leaf, seven_oh)


FEDERAL_ORDER_NOTE = "follows federal scheduling automatically: a federal order applies here"


def derive_category(leaf: str, seven_oh: str, min_age: int | None) -> str:
    """Derive the map category from the codebook attributes (rules R1–R6 in docs/CODEBOOK.md)."""
    if leaf == "unknown":
        return "unknown"  # R1: nothing reliable known about the plant itself
    if leaf == "controlled":
        return "banned"  # R2: scheduled, possession an offence
    if leaf in ("sale_prohibited", "prescription"):
        return "restricted"  # R3: no lawful open sale, but not a possession offence
    if seven_oh == "controlled":
        return "restricted"  # R4: the leaf is sold, but 7-OH itself is scheduled or banned
    if leaf == "regulated" or seven_oh == "capped" or min_age is not None:
        return "regulated"  # R5: lawful sale under kratom-specific rules
    return "legal"  # R6: no kratom-specific law

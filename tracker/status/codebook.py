"""The codebook: the legal attributes of a status and the one rule that derives its category.

docs/CODEBOOK.md documents every value and the decision rule; a test keeps them in step.
"""

from __future__ import annotations

LEAF_VALUES = ("unregulated", "regulated", "sale_prohibited", "prescription", "controlled", "unknown")
SEVEN_OH_VALUES = ("unregulated", "capped", "controlled", "unknown")
CONFIDENCE_VALUES = ("high", "medium", "low")
CITATION_KINDS = ("statute", "bill", "rule", "notice", "court", "official-statement", "secondary")
SUBSTANCES = ("kratom", "mitragynine", "7-hydroxymitragynine", "mitragynine-pseudoindoxyl", "analogues")
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

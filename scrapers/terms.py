"""Search terms and the local term matcher shared by every source (the one term list, issue #12).

TERMS are what the sources search for upstream; MATCH_TERMS are what the local matcher reports.
Every term also matches its hyphenated and spaced forms: "kratom-derived", "kratom-containing",
"7-hydroxymitragynine-containing", "7-hydroxy-mitragynine", "7 hydroxy mitragynine", "7-OH",
"mitragynine pseudoindoxyl".
"""

from __future__ import annotations

import re
import unicodedata

TERMS: tuple[str, ...] = (
    "kratom",
    "mitragynine",
    "7-hydroxymitragynine",
    "7-OH",
    "Mitragyna speciosa",
)
# Matched locally but not searched for: an upstream search for "mitragynine" already finds it.
MATCH_TERMS: tuple[str, ...] = (*TERMS, "mitragynine pseudoindoxyl")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_JOIN = r"[\s-]*"  # "7-hydroxy-mitragynine", "7 hydroxymitragynine", "7-hydroxy mitragynine"
# A term starts where no letter, digit or hyphen precedes it ("7-hydroxymitragynine" is not also
# "mitragynine") and may be followed by a hyphenated suffix ("kratom-derived") but not by letters
# ("kratomic") or digits.
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![^\W_])"
_BODIES = {
    "kratom": r"kratom",
    "mitragynine": r"(?<!hydroxy )(?<!hydroxy\n)mitragynine",
    "7-hydroxymitragynine": rf"7{_JOIN}hydroxy{_JOIN}mitragynine",
    "7-OH": r"7[\s-]?oh",
    "Mitragyna speciosa": r"mitragyna\s+speciosa",
    "mitragynine pseudoindoxyl": rf"mitragynine{_JOIN}pseudoindoxyl",
}
PATTERNS: dict[str, re.Pattern[str]] = {
    term: re.compile(_BEFORE + _BODIES[term] + _AFTER) for term in MATCH_TERMS
}


def fold(text: str | None) -> str:
    """NFKC, every dash a hyphen-minus, casefolded: the form every pattern here is written for."""
    text = unicodedata.normalize("NFKC", text or "")
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text.casefold()


def match_terms(text: str | None) -> tuple[str, ...]:
    """Return the terms found in text (case-, dash-, space- and width-insensitive), in MATCH_TERMS order."""
    folded = fold(text)
    return tuple(term for term in MATCH_TERMS if PATTERNS[term].search(folded))


def query_form(term: str) -> str:
    """Quote a multi-word term for full-text search engines."""
    return f'"{term}"' if " " in term else term

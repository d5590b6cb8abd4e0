"""Search terms and the local term matcher shared by every source."""
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

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text.casefold()


def _pattern(term: str) -> re.Pattern[str]:
    body = re.escape(_fold(term)).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


_PATTERNS = tuple((term, _pattern(term)) for term in TERMS)
# "7-hydroxymitragynine" must not also count as "mitragynine"; "7-OH" also spelled "7 OH" / "7OH".
_EXTRA = {"7-OH": re.compile(r"(?<![\w-])7[\s-]?oh(?![\w-])")}


def match_terms(text: str | None) -> tuple[str, ...]:
    """Return the search terms found in text (case-, dash- and width-insensitive), in TERMS order."""
    folded = _fold(text or "")
    found = []
    for term, pattern in _PATTERNS:
        extra = _EXTRA.get(term)
        if pattern.search(folded) or (extra and extra.search(folded)):
            found.append(term)
    return tuple(found)


def query_form(term: str) -> str:
    """Quote a multi-word term for full-text search engines."""
    return f'"{term}"' if " " in term else term

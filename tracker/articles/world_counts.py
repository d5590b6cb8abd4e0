"""Vague counts of countries on pages about the world.

"In some places, kratom is unregulated; in others it is controlled", "a controlled substance in 16
international locations", "its sale remains mostly unregulated across the European Union": on a
page that is not about the US, places and locations are countries; "others" after a count is a
second count of the same kind; "mostly ... across" a union speaks of most of its member countries,
not of the union's own law.
"""

from __future__ import annotations

import re

# nouns that count countries on a page about the world (on a US page they are towns or states)
PLACE_NOUNS = r"(?:international\s+)?(?:places|locations|jurisdictions)"
_PLACE_NOUN = re.compile(PLACE_NOUNS, re.IGNORECASE)
# a clause that speaks of the rest of a set just counted: "whereas others impose bans", "in others"
_OTHERS = re.compile(
    r"\s*(?:whereas\s+|while\s+|and\s+|but\s+)?(?:in\s+)?(?:the\s+|many\s+|some\s+)?others\b",
    re.IGNORECASE,
)
# "mostly unregulated across the European Union", "largely legal throughout Europe"
_MOSTLY = re.compile(r"\b(?:mostly|largely|generally|widely)\b", re.IGNORECASE)
_ACROSS = re.compile(
    r"\b(?:across|throughout)\s+(?:the\s+|most\s+of\s+(?:the\s+)?)?$", re.IGNORECASE
)


# "in some places", "In 16 international locations" (not "at some locations", the venues of a sale,
# nor "in Hong Kong and many other places", a named place's company)
_IN_PLACES = re.compile(r"(?:^|\bin)\s*$", re.IGNORECASE)


# "There are countries in the world that still prohibit it": some countries, without a number word
_THERE_ARE = re.compile(
    r"\bthere\s+are\s+(?:still\s+)?(countries|nations)\b(?:\s+in\s+the\s+world)?,?\s+(?:that|which|where|in which)\b",
    re.IGNORECASE,
)


def there_are_countries(clause: str) -> re.Match | None:
    """The "countries" of "There are countries ... that/where ...": a vague count of some."""
    return _THERE_ARE.search(clause)


def count_scope(noun: str, us_context: bool, before: str = "") -> str | None:
    """The scope a counted noun names: countries or states; None for "places" on a US page or
    after anything but "in" (``before``: the clause's text before the count)."""
    if _PLACE_NOUN.fullmatch(noun):
        return None if us_context or not _IN_PLACES.search(before) else "countries"
    return "countries" if noun.lower().startswith(("countr", "nation")) else "states"


def others_scope(counts_before: list[tuple[str, bool]]) -> str | None:
    """The scope of the last count before "others" in the same sentence, if any: (noun, US page,
    the text before the count)."""
    for noun, us_context, before in reversed(counts_before):
        scope = count_scope(noun, us_context, before)
        if scope:
            return scope
    return None


def speaks_of_others(clause: str) -> bool:
    """Whether a clause opens on "others" (the rest of a set just counted)."""
    return bool(_OTHERS.match(clause))


def most_members(clause: str, union_at: int) -> bool:
    """Whether "mostly ... across" the union named at ``union_at`` of the clause speaks of most of
    its member countries."""
    before = clause[:union_at]
    return bool(_MOSTLY.search(before) and _ACROSS.search(before))

"""The leaf's two alkaloids scheduled by name: also a 7-OH claim (issue #14, reader pass 9).

US state laws seldom name the plant: they list "mitragynine and 7-hydroxymitragynine" as
controlled substances. A clause that bans the leaf that way ("added mitragynine and
7-hydroxymitragynine to the list of Schedule I controlled substances", "its two active alkaloids –
mitragynine and 7-hydroxymitragynine – are listed among the banned substances") says two things:
the plant is banned and 7-OH is controlled. A clause naming 7-OH alone is read by predicates.py
already; here the pair is named and the clause puts it on a list or schedule.
"""

from __future__ import annotations

import re

_PAIR = re.compile(
    r"(?<![-\w])mitragynine\b[^.;]{0,40}?\b7-?(?:hydroxy[\s-]?mitragynine|OH)\b"
    r"|\b7-?(?:hydroxy[\s-]?mitragynine|OH)\b[^.;]{0,40}?(?<![-\w])mitragynine\b",
    re.IGNORECASE,
)

# the pair put on a list: scheduled, controlled, banned substances
_LISTED = re.compile(
    r"\b(?:schedul\w*|controlled[\s-]+substances?|banned\s+substances|narcotics?\s+list"
    r"|list\s+of\s+(?:\w+\s+){0,3}?(?:substances|drugs|narcotics))\b",
    re.IGNORECASE,
)

# "removed mitragynine and 7-OH from Schedule I", "proposed adding ...": not a listing; "The bill
# classifies ...", "the Senate approved SB 226, which classified ...": a bill's content, in force on
# a day the sentence does not give
_NOT_LISTING = re.compile(
    r"\b(?:remov\w*|delet\w*|deschedul\w*|unschedul\w*|tak(?:e|es|en|ing)\s+off|propos\w*|"
    r"would|aim\w*|seek\w*|attempt\w*|tried|bills?|measures?|[SH]\.?B\.?\s*\d+)\b",
    re.IGNORECASE,
)


def _sentence(text: str, lo: int, hi: int) -> str:
    """The sentence around text[lo:hi]: clauses are cut at dashes, which often set off the pair
    ("added the two key compounds found in kratom—mitragynine and 7-hydroxymitragynine – to ...")."""
    floor, ceiling = max(0, lo - 400), min(len(text), hi + 400)  # bounded on long pages
    start = max(floor - 1, text.rfind(". ", floor, lo), text.rfind("\n", floor, lo)) + 1
    at = max(lo, hi - 2)  # a clause may end with its full stop
    ends = [i for i in (text.find(". ", at, ceiling), text.find("\n", at, ceiling)) if i >= 0]
    return text[start : min(ends) if ends else ceiling]


def seven_oh_too(reading: dict | None, text: str, lo: int, hi: int) -> dict | None:
    """The reading of text[lo:hi] with a 7-OH `also` when its sentence bans the leaf by listing
    both alkaloids."""
    if reading is None or reading.get("category") != "banned" or "also" in reading:
        return reading
    clause = _sentence(text, lo, hi)
    if not _PAIR.search(clause) or not _LISTED.search(clause) or _NOT_LISTING.search(clause):
        return reading
    return {**reading, "also": {"seven_oh": "controlled"}}

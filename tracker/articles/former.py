"""The state a news report says held until the change it reports: "Until now, kratom could be bought
in shops", "Previously, the leaf was legal to sell".

Read alone, "could be bought" is a hypothesis and "previously legal" a past state without a date;
opened by "Until now" or "Previously" they are the law of the day before the report (its date, or
the date of the change it reports, tells when "now" was).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# a sentence that opens on the time before the change: "Until now,", "Previously,", "Before the ban,"
FORMER = re.compile(
    r"\s*(?:Until (?:now|recently|today)|Up (?:until|to) now|Previously|Formerly|Before (?:now|this|then)"
    r"|Before (?:the|its) (?:ban|prohibition|listing|change|new (?:law|rules?)))\b,?",
    re.IGNORECASE,
)
# a past ability to trade in the plant: "could be purchased", "could legally be bought", "was freely sold"
_PAST_ABILITY = re.compile(
    r"\b(?:could|was|were)\s+(?:(?:legally|freely|openly)\s+)?(?:be\s+)?(?:legally\s+|freely\s+|openly\s+)?"
    r"(?:purchased|bought|sold|ordered|imported|obtained|buy|purchase|sell|order|import|obtain)\b",
    re.IGNORECASE,
)


# "Over the last year or so, shops have been legally selling it": a stretch of time up to the
# change, told in the present perfect progressive (the state the report's change ended)
_STRETCH = re.compile(
    r"\s*(?:Over|For|During|In|Throughout)\s+the\s+(?:last|past)\s+(?:\w+\s+){0,2}?"
    r"(?:years?|months?|decades?)(?:\s+or\s+so)?\b,?",
    re.IGNORECASE,
)
_PROGRESSIVE = re.compile(r"\b(?:have|has)\s+been\s+(?:\w+\s+)?\w+ing\b", re.IGNORECASE)


def opens_on_former_state(sentence: str) -> bool:
    """Whether the sentence speaks of the time before the change its page reports."""
    return bool(FORMER.match(sentence))


def stretch_to_change(sentence: str) -> bool:
    """Whether the sentence tells, in the present perfect progressive, of a stretch of time up to the
    change its page reports ("Over the last year or so, shops have been legally selling it")."""
    return bool(_STRETCH.match(sentence) and _PROGRESSIVE.search(sentence))


def past_ability(clause: str) -> dict | None:
    """The reading of "kratom could be purchased online" in a sentence about the former state: it
    was legal to trade in."""
    return {"category": "legal"} if _PAST_ABILITY.search(clause) else None


def day_before(published: date | None) -> date | None:
    """The last day of the former state: the day before the report's date (unknown without one)."""
    return published - timedelta(days=1) if published else None

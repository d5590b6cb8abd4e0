"""A drug law that leaves kratom out, and a reader who faces no consequence (issue #14, reader pass
9): general idioms of legal writing that say a plant is not banned without "legal" or "not listed":
"not yet regulated under the Narcotics Law", "not enlisted among the controlled substances", "not
falling under the controlled-substances laws", "users do not face legal consequences", "use it
without legal trouble"."""

from __future__ import annotations

import re

_NOT = r"(?:\bnot|n['\u2019]t|\bnever)\s+(?:(?:yet|currently|been|be|being|presently)\s+)*"
_DRUG_LAW = (
    r"(?:narcotics?|drugs?|controlled|psychotropic|poisons?|schedules?|scheduled|prohibited"
    r"|banned|illegal|illicit)\b"
)

# a drug law or list whose scope leaves the plant out
OUTSIDE = re.compile(
    _NOT + r"(?:regulated|covered|controlled|enlisted|captured|governed|caught)\s+"
    r"(?:\S+\s+){0,3}?(?:under|by|in|among|within)\s+(?:\S+\s+){0,6}?"
    + _DRUG_LAW
    + r"|"
    + _NOT
    + r"(?:fall\w*|com(?:e|es|ing))\s+(?:\S+\s+){0,2}?(?:under|within)\s+(?:\S+\s+){0,8}?"
    + _DRUG_LAW,
    re.IGNORECASE,
)

# no consequence for the reader: "do not face legal consequences for buying it", "without legal
# trouble", "face no penalties for possessing it"
NO_CONSEQUENCE = re.compile(
    r"(?:\bnot|n['\u2019]t)\s+(?:\w+\s+){0,2}?face\s+(?:any\s+)?(?:legal\s+|criminal\s+)?"
    r"(?:consequences|penalt(?:y|ies)|charges|prosecution|trouble)\b"
    r"|\bface\s+no\s+(?:legal\s+|criminal\s+)?(?:consequences|penalt(?:y|ies)|charges|prosecution|trouble)\b"
    r"|\bwithout\s+(?:any\s+)?(?:legal|criminal)\s+(?:trouble|consequences|repercussions|penalt(?:y|ies)|risk)\b",
    re.IGNORECASE,
)


# no rules made for it: "the agency hasn't made any specific rules for kratom", "the ministry has not
# prepared regulations related to its export" (unregulated)
NO_RULES_MADE = re.compile(
    r"(?:\bnot|n['\u2019]t|\bnever)\s+(?:yet\s+)?(?:made|issued|adopted|prepared|drafted|set|created|enacted"
    r"|introduced|published)\s+(?:any\s+)?(?:specific\s+|particular\s+|clear\s+|formal\s+)?"
    r"(?:rules|regulations|guidelines|legislation)\b",
    re.IGNORECASE,
)


def reading(clause: str) -> dict | None:
    """not_banned for a law that leaves the plant out, legal for no consequence; else None."""
    if OUTSIDE.search(clause):
        return {"category": "not_banned"}
    if NO_CONSEQUENCE.search(clause) or NO_RULES_MADE.search(clause):
        return {"category": "legal"}
    return None

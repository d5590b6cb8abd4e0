"""A ban told by what a person may not do, or by its penalty (issue #14, reader pass 9).

"You cannot buy, sell, or possess kratom", "you may not possess kratom" carry no ban word, and
"if you are caught with kratom you will face criminal charges" tells a ban by its penalty. Buying
or selling alone is the trade barred (restricted: "you can't buy it in stores"); possession or use
is the plant banned. A clause must speak of kratom (or "it").
"""

from __future__ import annotations

import re

_KRATOM = re.compile(r"\b(?:kratom|it|mitragyn\w*)\b", re.IGNORECASE)

_POSSESS = r"possess\w*|use|using|consume|own|have|carry\w*|grow|cultivate|in possession of|with"
_TRADE = r"buy|purchase|sell\w*|order|import|distribut\w*|suppl\w*|ship"

# "you cannot buy, sell, or possess kratom", "residents may not possess kratom"
_MAY_NOT = re.compile(
    r"\b(?:cannot|can['\u2019]t|can\s+not|may\s+not|must\s+not|(?:is|are)\s+not\s+(?:allowed|permitted)\s+to)"
    rf"\s+(?:legally\s+)?((?:(?:{_POSSESS}|{_TRADE}),?\s+(?:(?:and|or|nor)\s+)?)+)",
    re.IGNORECASE,
)

# "if you are caught with kratom you will face criminal charges", "caught selling kratom you could
# be imprisoned"
_CAUGHT = re.compile(
    rf"\bcaught\s+((?:(?:{_POSSESS}|{_TRADE}),?\s+(?:(?:and|or)\s+)?)+)[^.;]{{0,80}}?"
    r"\b(?:face\w*|be|get|risk\w*)\s+(?:\w+\s+){0,3}?(?:charge[ds]?|imprison\w*|jail\w*|prison|arrest\w*"
    r"|prosecut\w*|fine[ds]?|penalt\w*|convict\w*)\b",
    re.IGNORECASE,
)


def _category(verbs: str) -> str:
    """banned when possession or use is barred, restricted when only the trade is."""
    if re.search(rf"\b(?:{_POSSESS})\b", verbs, re.IGNORECASE):
        return "banned"
    return "restricted"


def reading(clause: str) -> dict | None:
    """The status a "may not"/"caught with" clause tells of its place, if any."""
    if not _KRATOM.search(clause):
        return None
    m = _CAUGHT.search(clause) or _MAY_NOT.search(clause)
    if m is None or not _KRATOM.search(clause, m.start()):
        return None
    return {"category": _category(m.group(1))}


def penalty(clause: str) -> bool:
    """Whether the clause tells a ban by the penalty of being caught (its modal is no hypothesis)."""
    return bool(_CAUGHT.search(clause))

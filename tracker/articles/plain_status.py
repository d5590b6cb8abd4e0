"""Plainly worded statuses the reader's broad patterns miss (issue #14, reader pass 7): the reader
addressed ("you cannot buy kratom in this state"), a ban undone ("the state repealed the ban")
and kratom named outside the controlled substances ("remain noncontrolled substances")."""

from __future__ import annotations

import re

# "you cannot buy kratom here", "you can't legally possess it": nothing a reader may do is a ban
YOU_CANNOT = re.compile(
    r"\byou\s+(?:cannot|can['\u2019]t|can\s+not|are\s+not\s+able\s+to|won['\u2019]t\s+be\s+able\s+to)"
    r"\s+(?:legally\s+)?(?:buy|purchase|possess|own|sell|order|use|carry)\s+"
    r"(?:any\s+)?(?:kratom|it|the\s+(?:plant|herb|substance))\b",
    re.IGNORECASE,
)
# "repealed the ban", "lifted its prohibition on kratom": the ban is gone, kratom is legal again
REPEALED_BAN = re.compile(
    r"\b(?:repealed|lifted|overturned|rescinded)\s+"
    r"(?:the|its|a|their)\s+(?:\w+\s+){0,2}?(?:ban|prohibition)\b",
    re.IGNORECASE,
)
# "kratom remains a noncontrolled substance", "non-controlled under federal law"
NONCONTROLLED = re.compile(r"\b(?:non-?|un)controlled\b", re.IGNORECASE)
_AGE = re.compile(r"\b(?:under|below|younger|minors?|ages?d?)\b", re.IGNORECASE)
# "have not succeeded in overturning", "never repealed", "voted in favor of rescinding"
_UNDONE = re.compile(
    r"\b(?:not|never|no|failed|n['\u2019]t|favou?r\s+of|(?:voted?|decided?|moved?|plans?)\s+to)\b",
    re.IGNORECASE,
)
# "you can't legally buy kratom in shops": a trade restriction, read elsewhere
_VENUE = re.compile(
    r"\b(?:shops?|stores?|online|pharmac\w*|over the counter|retail\w*|vendors?)\b", re.IGNORECASE
)
_REGULATING = re.compile(r"\bregulat\w*|\bconsumer protection act\b|\bKCPA\b", re.IGNORECASE)


def reading(clause: str) -> dict | None:
    """The status such a clause states, or None when it is none of these shapes."""
    if YOU_CANNOT.search(clause) and not _AGE.search(clause) and not _VENUE.search(clause):
        return {"category": "banned"}
    repealed = REPEALED_BAN.search(clause)
    if (
        repealed
        and not _REGULATING.search(clause)
        and not _UNDONE.search(clause[: repealed.start()])
    ):
        return {"category": "legal"}  # a ban replaced by rules is "regulated", read elsewhere
    if NONCONTROLLED.search(clause) and re.search(
        r"\b(?:substances?|drugs?|under)\b", clause, re.IGNORECASE
    ):
        return {"category": "not_banned"}
    return None

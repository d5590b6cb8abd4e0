"""Prohibitions of one act of the trade, not of the plant (issue #14, reader pass 9).

Consumer-protection laws forbid things sellers do with kratom: "the act prohibits the adulteration
of kratom", "retailers are prohibited from making any medical claims about kratom", "it is unlawful
to mislabel kratom products". The ban word is about that act, so the clause says nothing of the
plant's status (the law itself is a regulation, which its other sentences tell).
"""

from __future__ import annotations

import re

# the act a ban word governs: adulterating, mislabelling, marketing with health claims, advertising
# to children, ...; "prohibited from making any medical claims", "prohibits adulteration of"
ONE_ACT = re.compile(
    r"\b(?:prohibit\w*|forbid\w*|forbidden|bann?\w*|unlawful|illegal|barred|not\s+allowed)\s+"
    r"(?:(?:from|to|for\s+(?:\w+\s+){0,3}?to)\s+)?(?:the\s+|any\s+)?"
    r"(?:adulterat\w*|mislabel\w*|misbrand\w*|(?:making|make|mak\w+)\s+(?:any\s+)?(?:\w+\s+)?(?:medical|health|therapeutic|unsubstantiated|false)\s+claims"
    r"|(?:market|advertis|promot)\w*\s+(?:it|kratom|them|products?|kratom\s+products?)\s+(?:as|for|to)\b"
    r"|(?:\w+\s+)?claims?\s+(?:that|about)\b)",
    re.IGNORECASE,
)


def one_act(clause: str) -> bool:
    """Whether the clause's ban word forbids one act of the trade (adulterating, health claims)."""
    return bool(ONE_ACT.search(clause))

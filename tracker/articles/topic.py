"""Whose status a sentence states (issue #14, reader pass 9): a sentence that never names kratom and
puts another substance, or drugs in general, before its status word speaks of that substance:
"the use and possession of most drugs are still illegal in Spain", "while the commercial production
of cannabis is illegal ..." say nothing of kratom's status."""

from __future__ import annotations

import re

from tracker.articles.predicates import BANNED, LEGAL, REGULATED

# a named substance other than kratom
OTHER_SUBSTANCE = re.compile(
    r"\b(?:kava|cannabis|marijuana|hemp|CBD|THC|delta-8|psilocybin|alcohol|tobacco|nicotine"
    r"|tianeptine|phenibut|khat|salvia)\b",
    re.IGNORECASE,
)
# drugs in general: "most drugs", "other illicit drugs", "recreational drugs"
DRUGS_IN_GENERAL = re.compile(
    r"\b(?:most|many|all|other|illicit|illegal|hard|soft|recreational|street|these|such|designer"
    r"|synthetic)\s+(?:\w+\s+){0,2}?(?:drugs|narcotics|intoxicants)\b",
    re.IGNORECASE,
)
# a change of law whose object is another substance: "legalize cannabis", "banned alcohol sales"
_CHANGE_OF_OTHER = re.compile(
    r"\b(?:legali[sz]\w*|decriminali[sz]\w*|criminali[sz]\w*|bann?\w*|prohibit\w*|outlaw\w*"
    r"|regulat\w*|schedul\w*)\s+(?:(?:the|all|its|of|recreational|medical|medicinal)\s+){0,2}"
    + OTHER_SUBSTANCE.pattern,
    re.IGNORECASE,
)
KRATOM_NAMED = re.compile(
    r"\b(?:kratom|ketum|kratum|biak|mitragyn\w*|7-?OH|7-hydroxy\w*|speciosa)\b"
    # "the leaf", "this herb": kratom referred to
    r"|\b(?:the|this|its)\s+(?:leaf|leaves|plant|herb|tree)\b",
    re.IGNORECASE,
)


def other_subject(sentence: str, clause: str) -> bool:
    """Whether a clause of a sentence that never names kratom names another substance, or drugs in
    general, before a status word ("... the possession of most drugs is still illegal in Spain")."""
    if KRATOM_NAMED.search(sentence):
        return False
    if _CHANGE_OF_OTHER.search(clause):
        return True  # "the first country to legalize cannabis"
    other = [
        m.end() for rx in (OTHER_SUBSTANCE, DRUGS_IN_GENERAL) for m in [rx.search(clause)] if m
    ]
    if not other:
        return False
    at = min(other)
    return any(rx.search(clause, at) for rx in (BANNED, LEGAL, REGULATED))

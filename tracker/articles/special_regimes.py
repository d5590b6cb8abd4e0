"""Two regimes between banned and legal (issue #14, reader pass 9): a plant classed as a
"psychoactive substance" (the UK's and Ireland's Psychoactive Substances Acts bar its supply, not
its possession: restricted), a trade barred only without a licence or approval (regulated), and a use allowed only for research or science, which is the exception
of a ban, not a status of its own ("It is allowed only for research purposes")."""

from __future__ import annotations

import re

# "The Psychoactive Substances Act 2016 classifies kratom as a psychoactive substance"
PSYCHOACTIVE = re.compile(
    r"\b(?:classif\w*|class(?:ed|es)|categori[sz]\w*|defin\w*|designat\w*|treat\w*|regard\w*|consider\w*)"
    r"\s+(?:\S+\s+){0,6}?as\s+an?\s+(?:new\s+)?psychoactive\s+substance\b",
    re.IGNORECASE,
)
# the clause says the ban itself: "classified as a psychoactive substance and banned since 2021"
_BAN_SAID = re.compile(
    r"\b(?:bann?\w*|illegal\w*|prohibit\w*|unlawful|outlaw\w*|render\w*|criminal\w*|offen[cs]e)",
    re.IGNORECASE,
)
# "allowed only for research purposes", "permitted solely for scientific use"
RESEARCH_ONLY = re.compile(
    r"\b(?:allowed|permitted|lawful|legal|authori[sz]ed)\s+(?:\w+\s+)?(?:only|solely|exclusively)\s+"
    r"(?:for|in)\s+(?:\w+\s+)?(?:research|scientific|academic|laboratory)\b",
    re.IGNORECASE,
)


# a licence regime: "prohibits the import of the leaves without approval from the Board"
LICENSED = re.compile(
    r"\b(?:prohibit\w*|bann?\w*|forbid\w*|illegal|unlawful|not\s+(?:be\s+)?(?:allowed|permitted))\s+"
    r"(?:\S+\s+){0,12}?without\s+(?:an?\s+|the\s+|prior\s+|official\s+|written\s+)*"
    r"(?:approval|permission|permits?|licen[cs]es?|authori[sz]ation|consent)\b",
    re.IGNORECASE,
)


# a controlled drug or its possession: a permit that excuses a ban, not a trade licence
_CONTROLLED = re.compile(
    r"\bcontrolled\s+(?:substance|drug|narcotic)|\bnarcotics?\b(?!\s+(?:control|board|agency|bureau))"
    r"|\bpossess\w*|\bprescription",
    re.IGNORECASE,
)


def reading(clause: str) -> dict | None:
    """{"category": "regulated"} for a trade barred without a licence, {"category": "restricted"}
    for a psychoactive substance; {} for a research-only exception
    (no claim); None for any other clause."""
    if RESEARCH_ONLY.search(clause):
        return {}
    if LICENSED.search(clause) and not _CONTROLLED.search(clause):
        return {"category": "regulated"}
    if PSYCHOACTIVE.search(clause) and not _BAN_SAID.search(clause):
        return {"category": "restricted"}
    return None

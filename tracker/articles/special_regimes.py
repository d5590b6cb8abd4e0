"""Two regimes between banned and legal (issue #14, reader pass 9): a plant classed as a
"psychoactive substance" (the UK's and Ireland's Psychoactive Substances Acts bar its supply, not
its possession: restricted), and a use allowed only for research or science, which is the exception
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


def reading(clause: str) -> dict | None:
    """{"category": "restricted"} for a psychoactive substance; {} for a research-only exception
    (no claim); None for any other clause."""
    if RESEARCH_ONLY.search(clause):
        return {}
    if PSYCHOACTIVE.search(clause) and not _BAN_SAID.search(clause):
        return {"category": "restricted"}
    return None

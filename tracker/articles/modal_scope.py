"""Places named inside a hypothesis after the statement (issue #14, reader pass 9).

"Kratom became illegal in the Ocean State in 2017 when the Department of Health decided to act
under the assumption that kratom would soon be classified as a Schedule 1 controlled substance at
the federal level": the statement is about Rhode Island; the federal level is named only in what
"would" happen. A place named after a modal ("would", "could", "might") that follows the clause's
status word does not share that status, when the clause names a place before the modal.
"""

from __future__ import annotations

import re

from tracker.articles.predicates import BANNED, LEGAL, REGULATED

_MODAL = re.compile(r"\b(?:would|could|might)\b", re.IGNORECASE)


def outside_hypothesis(text: str, c_lo: int, c_hi: int, places: list) -> list:
    """The clause's places less those named after a modal that follows its status word."""
    if len(places) < 2:
        return places
    words = [m for rx in (BANNED, LEGAL, REGULATED) for m in [rx.search(text, c_lo, c_hi)] if m]
    if not words:
        return places
    modal = _MODAL.search(text, min(m.end() for m in words), c_hi)
    if modal is None:
        return places
    before = [p for p in places if p.start < modal.start()]
    return before if before else places

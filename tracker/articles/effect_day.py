"""A law's day of effect told in a sentence of its own (issue #14, reader pass 8).

"House Bill 1077 fines people under 21 who buy kratom. ... The bill will take effect on July 1.": a
report written before the law starts tells what the law does in the present tense; those statements
hold from the day it takes effect, so they are checked on that day (the reader finds the day).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.articles.sentences import sentence_spans

# a law (or "it") that will take effect: "The bill will take effect on July 1", "The law goes into
# effect Jan. 1, 2026", "The act will become effective on 1 July 2025"
_TAKES_EFFECT = re.compile(
    r"\b(?:will|shall)\s+(?:(?:go|come)\s+into\s+(?:effect|force)|take\s+effect|become\s+(?:effective|law))"
    r"|\b(?:takes|goes|comes)\s+(?:into\s+)?(?:effect|force)\b",
    re.IGNORECASE,
)
# a sentence that names a law: "the bill", "House Bill 1077", "HB 1077", "SB 12", "the new law",
# "the amendment" (pass 9: "The amendment will take effect on Aug 24")
_A_LAW = re.compile(
    r"\b(?:bill|act|law|ordinance|statute|amendments?|decree|(?:House|Senate|Assembly)\s+(?:Bill|File)\s+\d+"
    r"|[HSA]\.?\s?[BF]\.?\s?\d+)\b",
    re.IGNORECASE,
)


def names_a_law(sentence: str) -> bool:
    """Whether a sentence names a law or a bill."""
    return bool(_A_LAW.search(sentence))


def takes_effect(sentence: str) -> bool:
    """Whether a sentence says something takes effect ("It takes effect Jan. 1")."""
    return bool(_TAKES_EFFECT.search(sentence))


def effect_sentences(text: str) -> Iterator[str]:
    """The sentences of a text that say a law takes effect (the day is read from each by the
    reader's date rules)."""
    for lo, hi in sentence_spans(text, 0, len(text)):
        s = text[lo:hi]
        if takes_effect(s) and names_a_law(s):
            yield s.strip()

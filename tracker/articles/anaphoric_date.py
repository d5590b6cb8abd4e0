"""A sentence that points back to the date of the one before it (issue #14, reader pass 9): "This
became effective in 1943. The law led to the ban of planting ..." and "In a report in March 2020 ...
At the time, officials saw no urgency to outlaw it" speak of the earlier sentence's date, not of the
page's present."""

from __future__ import annotations

import re
from datetime import date

from tracker.articles.dates import find_date
from tracker.articles.sentences import sentence_spans

# an opener that points back: "At the time", "Back then", "The law ...", "This act ..."
_BACK = re.compile(
    r"\s*(?:(?:At|By)\s+(?:the|that)\s+time|Back\s+then|Then|At\s+that\s+point"
    r"|(?:The|This|That)\s+(?:law|act|decree|ordinance|regulation|statute|ban|order))\b"
)
# a verb in the past tense: the sentence reports what happened then
_PAST = re.compile(
    r"\b(?:was|were|had|did|led|made|became|required|prohibited|banned|outlawed|saw|ordered"
    r"|declared|classified|listed|placed|put)\b",
    re.IGNORECASE,
)


# a past told relative to a present the page never dates: "last year", "two years ago"
_UNDATED_PAST = re.compile(
    r"\b(?:last|previous)\s+(?:year|month|spring|summer|autumn|fall|winter)\b|\b\w+\s+years?\s+ago\b",
    re.IGNORECASE,
)
# what date_back gives for a past no day fixes (the reader reads no claim from such a sentence)
UNKNOWN_PAST = (date.min, "a past the page does not date")


def date_back(
    text: str, lo: int, hi: int, today: date, year: int | None
) -> tuple[date, str] | None:
    """(date, its words) of the sentence before text[lo:hi] when text[lo:hi] points back to it in
    the past tense and names no date of its own; else None."""
    sentence = text[lo:hi]
    if not _BACK.match(sentence) or not _PAST.search(sentence):
        return None
    if find_date(sentence, today, year)[0] is not None:
        return None
    # the sentence before: in this paragraph, or the last of the paragraph before
    para = text.rfind("\n", 0, lo) + 1
    end = len(text[:para].rstrip())
    start = para if text[para:lo].strip() else text.rfind("\n", 0, end) + 1
    before = [s for s in sentence_spans(text, start, lo) if s[1] <= lo]
    if not before:
        return None
    prior = text[before[-1][0] : before[-1][1]]
    day, words = find_date(prior, today, year)
    if day is None and _UNDATED_PAST.search(prior):
        return UNKNOWN_PAST  # "in March last year" on a page with no year: a past no day fixes
    if day is None or words is None or day > today:
        return None
    return day, words


def sentence_at(text: str, at: int) -> tuple[int, int] | None:
    """The (start, end) of the sentence of its paragraph that holds offset ``at``."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    hi = len(text) if hi < 0 else hi
    return next(((s, e) for s, e in sentence_spans(text, lo, hi) if s <= at < e), None)

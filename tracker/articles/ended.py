"""A status with the day it ended (issue #14, reader pass 9): "Rhode Island* – (Rescinded
4/1/2026)" lists a ban that held until the day before the day it was rescinded, so the ban is
checked on that day, not on the page's present."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.articles.dates import find_date

# "(Rescinded 4/1/2026)", "repealed on March 3, 2024", "lifted in May 2023"
ENDED = re.compile(
    r"\b(?:rescinded|repealed|lifted|overturned|struck down|expired|revoked)\s+(?:on\s+|in\s+|as of\s+)?"
    r"(?P<day>\d{1,2}/\d{1,2}/(?:19|20)\d{2}|[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2})",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def ended_on(sentence: str, today: date) -> date | None:
    """The day a sentence says its status ended, if it names one (US month/day/year order)."""
    m = ENDED.search(sentence)
    if m is None:
        return None
    num = _NUMERIC.fullmatch(m["day"])
    if num:
        try:
            return date(int(num[3]), int(num[1]), int(num[2]))
        except ValueError:
            return None
    return find_date(m["day"], today)[0]


def last_day(sentence: str, today: date) -> date | None:
    """The last day the ended status held: the day before it ended."""
    day = ended_on(sentence, today)
    return day - timedelta(days=1) if day is not None else None

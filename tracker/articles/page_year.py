"""Whether an undated page's title year is its date (issue #14, reader pass 9): a page titled "...
(2025)" that reports a day of a later year ("Rhode Island* – (Rescinded 4/1/2026)") was edited after
that year, so its present tense speaks of a later day than the title's year end."""

from __future__ import annotations

import re
from datetime import date

from tracker.articles.dates import DATE_DMY, DATE_FULL, find_date

# a numeric day: 4/1/2026, 2026-04-01
_NUMERIC = re.compile(
    r"\b(?:\d{1,2}/\d{1,2}/(?P<y1>(?:19|20)\d{2})|(?P<y2>(?:19|20)\d{2})-\d{2}-\d{2})\b"
)
# a day still to come, which a page may well name before it: "effective July 1, 2026"
_AHEAD = re.compile(
    r"\b(?:will|effective|starting|beginning|from|takes?\s+effect|goes?\s+into\s+effect|set\s+to"
    r"|scheduled|expected|planned|until|by)\b[^.;\n]{0,40}$",
    re.IGNORECASE,
)


def reports_later_day(text: str, titled: date, today: date) -> bool:
    """Whether the text reports a past day (not one ahead of it) of a year after ``titled``'s."""
    for rx in (DATE_FULL, DATE_DMY, _NUMERIC):
        for m in rx.finditer(text, 0, min(len(text), 200_000)):
            if rx is _NUMERIC:
                year = int(m["y1"] or m["y2"])
            else:
                day = find_date(m.group(0), today)[0]
                year = day.year if day else 0
            if titled.year < year <= today.year and not _AHEAD.search(
                text, max(0, m.start() - 60), m.start()
            ):
                return True
    return False

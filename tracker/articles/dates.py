"""Dates in article text (issue #14): the month words (English and German), the date
shapes ("March 5, 2024", "5 March 2024", "March 2024", a bare year, a season), find_date,
which reads the date a sentence gives, and title_year, the year a page's title dates it to."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.articles import years

# the month names in English, in order (tracker.articles.importer reads dates with them too)
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}


_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})


_MONTHS["sept"] = 9


# German months that are not English ones ("1. Januar 2020", "im März 2021")
_MONTHS.update(
    {"januar": 1, "februar": 2, "m\u00e4rz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7}
)


_MONTHS.update({"oktober": 10, "okt": 10, "dezember": 12, "dez": 12})


DATE_FULL = re.compile(
    r"\b(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b"
)


# a day before its month: "1 January 2020", "1st of January 2020", "24th August, 2021", "1. Januar 2020"
DATE_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<mon>[A-Z][a-z\u00e4]{2,8})\.?,?\s+"
    r"(?P<year>(?:19|20)\d{2})\b"
)


_DATE_MONTH = re.compile(
    r"\b(?:(?:early|mid|late)[\s-]+)?(?P<mon>[A-Z][a-z]{2,8})\s+(?P<year>(?:19|20)\d{2})\b"
)


_YEAR = re.compile(
    r"\b(?P<prep>in|by|up until|up to|until|till|before|prior to|through|since|from|as of|back in|of)?\s*(?:(?:early|mid|late|spring|summer|fall|autumn|winter)\s+(?:of\s+)?)?"
    r"(?P<year>(?:19|20)\d{2})(?:/(?:19|20)?\d{2})?\b",
    re.IGNORECASE,
)


def _month(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))


def _end_of_month(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


DATE_DAY = re.compile(
    r"\b(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d{2})(?!\s*(?:%|percent|mg|g\b))"
)


# a day before its month, without a year: "on 1 August", "am 1. Januar" (the article's year)
DATE_DM = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<mon>[A-Z][a-z\u00e4]{2,8})\b"
    r"(?!\.?,?\s*(?:19|20)\d{2})"
)


_SEASON_END = {
    "early": (1, 31),
    "spring": (5, 31),
    "mid": (6, 30),
    "summer": (8, 31),
    "fall": (11, 30),
    "autumn": (11, 30),
    "late": (12, 31),
    "winter": (12, 31),
}


def _relative_year(text: str, year: int | None) -> tuple[date, str] | None:
    """ "last year", "two years ago": counted back from the article's year, when the text names no
    year of its own."""
    if year is None:
        return None
    last = re.search(r"\b(?:[Ll]ast|[Pp]ast|[Pp]revious) year\b", text)
    if last:
        back, words = year - 1, last.group(0)
    elif ago := years.years_ago(text, year):
        back, words = ago
    else:
        return None
    if _YEAR.search(text.replace(words, " ")) or DATE_FULL.search(text) or DATE_DMY.search(text):
        return None
    return date(back, 12, 31), words


def _full_date(text: str, today: date) -> tuple[date | None, str] | None:
    """The first day a text names with its month and year, either way round ("January 1, 2020",
    "1 January 2020"); a day after today is no date the claim can be checked on (None)."""
    found = sorted([*DATE_FULL.finditer(text), *DATE_DMY.finditer(text)], key=lambda m: m.start())
    for m in found:
        mon = _month(m["mon"])
        if mon:
            try:
                d = date(int(m["year"]), mon, int(m["day"]))
            except ValueError:
                continue
            return (d if d <= today else None), m.group(0)
    return None


_MONTH_WORD = r"(?:" + "|".join(m.capitalize() for m in MONTH_NAMES) + r")"
# two month names before one year: a garbled date whose month is unsure
_TWO_MONTHS = re.compile(rf"\b{_MONTH_WORD}\s+{_MONTH_WORD}\s+(?P<year>(?:19|20)\d{{2}})\b")


def find_date(text: str, today: date, year: int | None = None) -> tuple[date | None, str | None]:
    """The date a clause speaks of, if it names one (see the module's rules). ``year`` is the
    article's year, which a day and month alone ("Friday, Aug. 1") take, and "last year" the
    year before."""
    text = years.common_era(text)  # "B.E. 2486" -> "1943"
    relative = _relative_year(text, year)
    if relative:
        return relative
    garbled = _TWO_MONTHS.search(text)
    if garbled:
        # "in August March 1943": which month is unsure, only the year is certain (its last day)
        return date(int(garbled["year"]), 12, 31), garbled.group(0)
    full = _full_date(text, today)
    if full:
        return full
    for m in _DATE_MONTH.finditer(text):
        mon = _month(m["mon"])
        if mon:
            if re.search(r"\b(?:until|till|before|prior to)\s+$", text[: m.start()], re.IGNORECASE):
                d = date(int(m["year"]), mon, 1) - timedelta(days=1)
            else:
                d = _end_of_month(int(m["year"]), mon)
            return (min(d, today)), m.group(0)
    if year is not None:
        days = sorted([*DATE_DAY.finditer(text), *DATE_DM.finditer(text)], key=lambda m: m.start())
        for m in days:
            mon = _month(m["mon"])
            if mon and m["mon"][0].isupper():
                try:
                    d = date(year, mon, int(m["day"]))
                except ValueError:
                    continue
                return (d if d <= today else None), m.group(0)
    law_year = None
    for m in _YEAR.finditer(text):
        y = int(m["year"])
        later = re.match(r"/((?:19|20)?\d{2})\b", text[m.end("year") : m.end("year") + 5])
        if later:  # "in 2021/2022": by the end of the later year
            y = int(later[1]) if len(later[1]) == 4 else y // 100 * 100 + int(later[1])
        prep = (m["prep"] or "").lower()
        if prep == "from":
            if re.match(r"\s*(?:to|until|through|-|\u2013)\s*(?:19|20)\d{2}\b", text[m.end() :]):
                return min(date(y, 12, 31), today), m.group(0).strip()  # "from 2014 to 2016"
            return None, m.group(0).strip()  # from then on: the article's own date
        if prep in ("", "of") and years.names_a_law(text, m.start("year"), m.end()):
            if law_year is None and years.law_year_dates_its_ban(text, m.start("year"), m.end()):
                # "the Kratom Act of 1943 banned kratom": then, unless the text dates it otherwise
                law_year = min(date(y, 12, 31), today), m.group(0).strip()
            continue  # "under the Poisons Act 1952, kratom is controlled": a name, not a date
        if re.match(r"\s*(?:regular session|session|legislative)", text[m.end() :], re.IGNORECASE):
            continue  # "the 2025 Regular Session": a name, not a date
        if not prep and not re.search(r"\b(?:in|by)\s*$", text[: m.start()], re.IGNORECASE):
            continue
        season = re.search(
            r"\b(early|mid|late|spring|summer|fall|autumn|winter)\b", m.group(0), re.IGNORECASE
        )
        if prep in ("until", "till", "up until", "up to", "before", "prior to"):
            d = date(y - 1, 12, 31)
        elif season:
            mo, day = _SEASON_END[season[1].lower()]
            d = date(y, mo, day)
        else:
            d = date(y, 12, 31)  # also "since 2013": checked at the end of that year
        return (min(d, today)), m.group(0).strip()
    return law_year or (None, None)


# a title's own time frame: a year at its end or before a subtitle ("... In My State In 2020",
# "Kratom Laws by State 2018", "[2023 Update]", "... by Country 2022: 10 Questions")
_TITLE_YEAR = re.compile(
    r"(?:^|[\s(\[])(?:in\s+)?((?:19|20)\d{2})(?:\s+update[ds]?)?[)\]]?\s*(?:$|[:|\u2013\u2014-]\s)",
    re.IGNORECASE,
)


def title_year(title: str | None, today: date) -> date | None:
    """The last day of the year a title names as its time frame (today, for the current year);
    None when it names none, or a year after today."""
    m = _TITLE_YEAR.search(title or "")
    if not m or int(m[1]) > today.year:
        return None
    return min(date(int(m[1]), 12, 31), today)

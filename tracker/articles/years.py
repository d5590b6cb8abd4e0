"""Years a text names other than as a plain common-era year (issue #14, reader pass 8).

- **Buddhist era.** Thai laws are named by the Buddhist-era year: "the Kratom Act B.E. 2486 (1943)",
  "BE 2565"; the common-era year is 543 years earlier.
- **Years ago.** "almost 70 years ago", "two years ago", "a year ago": counted back from the
  article's year (an undated article gives no year to count from).
- **A law's year.** "the Kratom Act of 1943", "the 1943 Kratom Act", "the Poisons Act 1952" name a
  law; the year dates the sentence only when the sentence says the law banned the plant then ("the
  Kratom Act of 1943 banned kratom", "under the 1943 Kratom Act, planting kratom was illegal"). Of
  the present ("is controlled under the Poisons Act of 1952"), or of a general law the plant was
  put under ("was listed under the Poisons Act 1952", perhaps decades later), it is a name only.
"""

from __future__ import annotations

import re

BUDDHIST_ERA_OFFSET = 543
_BUDDHIST_ERA = re.compile(r"\bB\.?\s?E\.?\s+(2[45]\d{2})\b")


def common_era(text: str) -> str:
    """The text with each Buddhist-era year ("B.E. 2486") written as its common-era year ("1943")."""
    return _BUDDHIST_ERA.sub(lambda m: str(int(m.group(1)) - BUDDHIST_ERA_OFFSET), text)


_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_NUMBERS.update({"a": 1, "an": 1})
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_COUNT = r"\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|[a-z]+"
_YEARS_AGO = re.compile(
    rf"\b(?:(?:almost|nearly|about|around|roughly|some|over|more than)\s+)?(?P<n>{_COUNT})\s+years?\s+ago\b",
    re.IGNORECASE,
)


def _count(words: str) -> int | None:
    words = words.lower()
    if words.isdigit():
        return int(words)
    parts = re.split(r"[\s-]", words)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _NUMBERS.get(words)


def years_ago(text: str, year: int | None) -> tuple[int, str] | None:
    """The year "N years ago" names, counted back from the article's ``year``, and its words; None
    on an undated article or when the text names no number of years ("a few years ago")."""
    if year is None:
        return None
    for m in _YEARS_AGO.finditer(text):
        n = _count(m["n"])
        if n is not None:
            return year - n, m.group(0)
    return None


# a law named with its year: "Act of 1943", "Act 1952", "Act B.E. 2486" (written as its common era
# year), "the 1943 Kratom Act"
_LAW_BEFORE_YEAR = re.compile(
    r"\b(?:act|law|statute|decree|ordinance)s?\s+(?:of\s+)?$", re.IGNORECASE
)
_LAW_AFTER_YEAR = re.compile(r"\s+(?:[A-Z][\w-]*\s+){0,4}(?:Act|Law|Statute|Decree|Ordinance)\b")
# a law about the plant alone: its year is the year it was banned ("the Kratom Act of 1943")
_PLANT_LAW_BEFORE = re.compile(r"\b(?:Kratom|Ketum|Kratum)\s+(?:Act|Law)\s+(?:of\s+)?$")
_PLANT_LAW_AFTER = re.compile(r"\s+(?:Kratom|Ketum|Kratum)\s+(?:Act|Law)\b")
# the sentence says the law banned the plant then: a simple past ("banned", "made it illegal", "was
# illegal"), not a present perfect ("has banned") nor a present ("bans", "is controlled")
_PAST_BAN = (
    r"(?<!\bhas\s)(?<!\bhave\s)(?<!\bhad\s)\b(?:banned|prohibited|outlawed|criminali[sz]ed|forbade"
    r"|made\s+(?:\w+\s+){0,3}(?:illegal|unlawful|a\s+crime)"
)
_PAST_BAN_ANYWHERE = re.compile(
    _PAST_BAN
    + r"|(?:was|were)\s+(?:\w+\s+)?(?:illegal|unlawful|banned|prohibited|outlawed|forbidden"
    r"|controlled|criminali[sz]ed|listed|scheduled))\b",
    re.IGNORECASE,
)
# the law itself the subject of the ban: "the Poisons Act of 1952 banned ...", "(1943) outlawed"
_BANNED_BY_IT = re.compile(
    r"(?:\s*\((?:19|20)\d{2}\))?\s+(?:\w+ly\s+|also\s+|first\s+)?" + _PAST_BAN + r")\b",
    re.IGNORECASE,
)


def names_a_law(text: str, start: int, end: int) -> bool:
    """Whether the year at text[start:end] is part of a law's name."""
    return bool(_LAW_BEFORE_YEAR.search(text[:start]) or _LAW_AFTER_YEAR.match(text, end))


def dates_a_past_ban(text: str) -> bool:
    """Whether a sentence says, in the simple past, that the plant was banned."""
    return bool(_PAST_BAN_ANYWHERE.search(text))


def law_year_dates_its_ban(text: str, start: int, end: int) -> bool:
    """Whether the law named with the year at text[start:end] banned the plant in that year, as the
    sentence says: the law is the subject of the ban ("the Kratom Act of 1943 outlawed kratom"), or
    a law about the plant alone is named in a sentence about a past ban ("under the 1943 Kratom Act,
    planting kratom was illegal"). A general law's year ("under the Poisons Act 1952, kratom was
    listed") is its name only: the plant may have been added to it later."""
    after = _LAW_AFTER_YEAR.match(text, end)
    name_end = after.end() if after else end
    if _BANNED_BY_IT.match(text, name_end):
        return True
    plant_law = _PLANT_LAW_BEFORE.search(text[:start]) or _PLANT_LAW_AFTER.match(text, end)
    return bool(plant_law and dates_a_past_ban(text))

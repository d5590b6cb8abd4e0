"""Find jurisdictions named in lines of text (countries via pycountry, US states)."""

from __future__ import annotations

import re
from functools import lru_cache

from .jurisdictions import country_names, us_subdivisions

_US_CONTEXT = re.compile(r"\b(United States|U\.S\.|USA|US state|state of|states?)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    table: dict[str, tuple[str, str]] = {}
    for name, code in country_names().items():
        table[name.casefold()] = ("country", code)
    for name, code in us_subdivisions().items():
        kind = "state" if name.casefold() not in table else "ambiguous"
        table[name.casefold()] = (kind, code)
    names = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])", re.IGNORECASE), table


def jurisdictions_in(line: str, *, us_context: bool = False) -> list[str]:
    """Codes of the places named in one line (US-XX for states, ISO alpha-2 for countries)."""
    pattern, table = _pattern()
    codes = []
    us_line = us_context or bool(_US_CONTEXT.search(line))
    for match in pattern.finditer(line):
        kind, code = table[match.group(0).casefold()]
        if kind == "ambiguous":  # Georgia: the US state only in a US context
            code = code if us_line else country_names().get(match.group(0).title(), code)
        if code not in codes:
            codes.append(code)
    if any(c.startswith("US-") for c in codes) and "US" in codes:
        codes.remove("US")
    return codes


def split_lines_by_jurisdiction(text: str) -> dict[str, list[str]]:
    """Map each jurisdiction code to the lines of text that name it (a US heading sets US context)."""
    out: dict[str, list[str]] = {}
    us_context = False
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        codes = jurisdictions_in(line, us_context=us_context)
        if len(line) < 40 and not line.endswith("."):  # a heading sets the context for what follows
            us_context = bool(codes) and all(c.startswith("US") for c in codes)
        for code in codes:
            out.setdefault(code, []).append(line)
    return out

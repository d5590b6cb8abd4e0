"""Places an article can name: countries, US states, the US federal level, and the localities the
tracker holds, found in text with the article's main jurisdiction as context.

"Georgia" is the US state in a US article and the country otherwise; "Papua New Guinea" is not
Guinea (the longest name wins); "US", "U.S." and "federal law" are the US federal level.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from scrapers.jurisdictions import country_names, us_subdivisions
from tracker.articles.state_names import NICKNAMES

# names that are also common words or too short to trust alone
_NOT_NAMES = {"chad", "jersey", "guinea", "georgia", "niger", "turkey", "jordan", "man", "us"}
_EXTRA = {
    "U.S.": "US",
    "US": "US",
    "U.S": "US",
    "USA": "US",
    "U.S.A.": "US",
    "United States": "US",
    "United States of America": "US",
    "America": "US",
    "the federal level": "US",
    "federal law": "US",
    "federally": "US",
    "federal government": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Deutschland": "DE",
    "España": "ES",
    "Espana": "ES",
    "Spanien": "ES",
    "Österreich": "AT",
    "Schweiz": "CH",
    "Frankreich": "FR",
    "Niederlande": "NL",
    "Thailand": "TH",
    "Thai": "TH",
    "Malaysian": "MY",
    "Australian": "AU",
    # demonyms in legal phrases ("the Italian case", "the Danish Medicines Agency")
    "Italian": "IT",
    "German": "DE",
    "French": "FR",
    "British": "GB",
    "Swedish": "SE",
    "Danish": "DK",
    "Finnish": "FI",
    "Polish": "PL",
    "Irish": "IE",
    "Japanese": "JP",
    "Vietnamese": "VN",
    "Indonesian": "ID",
    "Singaporean": "SG",
    "Canadian": "CA",
    # more demonyms of countries whose law kratom pages discuss ("under Cambodian law", "the Lao
    # Ministry of Health", "the Czech government"); a demonym before a person is dropped by the reader
    "Cambodian": "KH",
    "Lao": "LA",
    "Laotian": "LA",
    "Ukrainian": "UA",
    "Czech": "CZ",
    "Swiss": "CH",
    "Austrian": "AT",
    "Burmese": "MM",
    "Romanian": "RO",
    "Lithuanian": "LT",
    "Latvian": "LV",
    "Estonian": "EE",
    "Norwegian": "NO",
    "Belgian": "BE",
    "Russian": "RU",
    "South African": "ZA",
    "Filipino": "PH",
    "New Zealand": "NZ",
    "Mexican": "MX",
    "Brazilian": "BR",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Chilean": "CL",
    "Colombian": "CO",
    "Peruvian": "PE",
    "Turkish": "TR",
    "Israeli": "IL",
    "Kuwaiti": "KW",
    "Emirati": "AE",
    "Taiwanese": "TW",
    "South Korean": "KR",
    "Portuguese": "PT",
    "Greek": "GR",
    "Hungarian": "HU",
    "Croatian": "HR",
    "Slovak": "SK",
    "Slovenian": "SI",
    "Bulgarian": "BG",
    "Serbian": "RS",
    "Icelandic": "IS",
    "Dutch": "NL",
    "European Union": "EU",
    "EU": "EU",
    "the UN": "UN",
    "UN": "UN",
    "United Nations": "UN",
    "Washington D.C.": "US-DC",
    "Washington, D.C.": "US-DC",
    "District of Columbia": "US-DC",
    "D.C.": "US-DC",
    "Dänemark": "DK",
    "Schweden": "SE",
    "Finnland": "FI",
    "Polen": "PL",
    "Italien": "IT",
    "Russland": "RU",
    "Tschechien": "CZ",
    "Slowakei": "SK",
    "Ungarn": "HU",
    "Rumänien": "RO",
    "Litauen": "LT",
    "Lettland": "LV",
    "Estland": "EE",
    "Norwegen": "NO",
    "Belgien": "BE",
    "Irland": "IE",
    "Griechenland": "GR",
    "Kroatien": "HR",
    "Kanada": "CA",
    "Australien": "AU",
    "Indonesien": "ID",
    "Singapur": "SG",
    "Kambodscha": "KH",
    # German names of the other countries and unions kratom pages list ("In Albanien ist Kratom
    # unreguliert"), with the inflected forms a preposition takes ("in den Niederlanden", "in den
    # Vereinigten Staaten"); a name spelt as in English is already in the country table
    "Albanien": "AL",
    "Bosnien und Herzegowina": "BA",
    "Bosnien-Herzegowina": "BA",
    # "&" for "and" in a name ("Bosnien & Herzegowina", "Trinidad & Tobago")
    "Bosnien & Herzegowina": "BA",
    "Bosnia & Herzegovina": "BA",
    "Trinidad & Tobago": "TT",
    "Antigua & Barbuda": "AG",
    "Bulgarien": "BG",
    "Weißrussland": "BY",
    "Tschechische Republik": "CZ",
    "Tschechischen Republik": "CZ",
    "Slowenien": "SI",
    "Serbien": "RS",
    "Nordmazedonien": "MK",
    "Mazedonien": "MK",
    "Moldawien": "MD",
    "Zypern": "CY",
    "Luxemburg": "LU",
    "Georgien": "GE",
    "Armenien": "AM",
    "Syrien": "SY",
    "Türkei": "TR",
    "Ägypten": "EG",
    "Marokko": "MA",
    "Saudi-Arabien": "SA",
    "Katar": "QA",
    "Vereinigte Arabische Emirate": "AE",
    "Vereinigten Arabischen Emiraten": "AE",
    "Indien": "IN",
    "Philippinen": "PH",
    "Südkorea": "KR",
    "Neuseeland": "NZ",
    "Brasilien": "BR",
    "Mexiko": "MX",
    "Argentinien": "AR",
    "Kolumbien": "CO",
    "Südafrika": "ZA",
    "Niederlanden": "NL",
    "Großbritannien": "GB",
    "Vereinigtes Königreich": "GB",
    "Vereinigten Königreich": "GB",
    "Vereinigte Staaten": "US",
    "Vereinigten Staaten": "US",
    "Kalifornien": "US-CA",
    "Europäische Union": "EU",
    "Europäischen Union": "EU",
    "Vereinten Nationen": "UN",
}
US_STATE_ABBR_CONTEXT = re.compile(
    r"\b(?:United States|U\.S\.|USA|American|states?|county|counties|governor|legislature)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    name: str


@lru_cache(maxsize=1)
def _base_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, code in country_names().items():
        table.setdefault(name.casefold(), code)
    for name, code in us_subdivisions().items():
        key = name.casefold()
        table[key] = (
            f"AMBIG:{table[key]}:{code}"
            if key in table and not table[key].startswith("US")
            else code
        )
    for name, code in _EXTRA.items():
        table[name.casefold()] = code
    for name, code in NICKNAMES.items():  # "the Grand Canyon State": Arizona
        table.setdefault(name.casefold(), code)
    return table


def _trie_pattern(names) -> str:
    """One regex group matching any of the names, longest first, shaped as a trie.

    A flat alternation of a few thousand names ("Afghanistan|Alabama|...") makes the regex engine
    try every name at every position of the text: a 1 MB page took seconds per scan. As a trie the
    engine follows one branch per character, so a scan is linear in the text whatever the number
    of names. Greedy optional tails try the longer name first, and backtrack to a shorter one when
    the word boundary after the longer fails, as the longest-first alternation did.
    """
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in node.items() if ch != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
    return body


class PlaceIndex:
    """Names to codes, with the tracker's localities ("San Diego" → US-CA/san-diego)."""

    def __init__(self, localities: dict[str, str] | None = None, tracked: set[str] | None = None):
        self.table = dict(_base_table())
        for name, code in (localities or {}).items():
            self.table.setdefault(name.casefold(), code)
            short = re.sub(r"^(?:City of|Town of|Village of)\s+", "", name, flags=re.IGNORECASE)
            self.table.setdefault(short.casefold(), code)
        self.tracked = tracked
        # keys are casefolded ("weißrussland" -> "weissrussland"), which the text does not spell:
        # the pattern matches the lower-cased spelling too, and a match is looked up casefolded
        spelt = set(self.table) | {name.lower() for name in _EXTRA}
        self.pattern = re.compile(r"(?<![\w])" + _trie_pattern(spelt) + r"(?![\w])", re.IGNORECASE)

    def find(
        self, text: str, *, us_context: bool, lo: int = 0, hi: int | None = None
    ) -> list[Mention]:
        """Every place named in text[lo:hi], longest names first, in reading order."""
        out = []
        ambiguous: dict[int, str] = {}  # start -> the country code of a name that is also a state
        for m in self.pattern.finditer(text, lo, len(text) if hi is None else hi):
            word = m.group(0)
            code = self.table[word.casefold()]
            if code.startswith("AMBIG:"):
                _, country, state = code.split(":")
                code = state if us_context else country
                ambiguous[m.start()] = country
            if word in ("US", "U.S", "UK", "EU", "UN") or word.casefold() in ("us", "un"):
                if word != word.upper():
                    continue  # "us" the pronoun
            if code == "US" and re.match(
                r"\s+(?:states?|senators?|citizens?|residents?|consumers?|market|vendors?|companies"
                r"|Food and Drug|FDA|Drug Enforcement|DEA|Department|Customs|Postal|Supreme Court"
                r"|Congress|Senate|House|Attorney|Health and Human|HHS|Centers for)\b",
                text[m.end() : m.end() + 15],
                re.IGNORECASE,
            ):
                continue  # "the 6th US state": an adjective, not the federal level
            if word.casefold() == "america" and re.match(
                r"\s+(?:Kratom|Association)", text[m.end() : m.end() + 15]
            ):
                continue
            if word.casefold() == "america" and re.search(
                r"\b(?:North|South|Latin|Central)\s+$", text[max(0, m.start() - 10) : m.start()]
            ):
                continue  # "North America", "Latin America": a continent, not the US
            if (
                word.casefold()
                in ("federally", "federal law", "the federal level", "federal government")
                and False
            ):
                continue
            if word.casefold() == "jersey" or word.casefold() == "guinea" and not word[0].isupper():
                continue
            if word[0].islower() and word.casefold() not in (
                "federally",
                "federal law",
                "the federal level",
                "federal government",
            ):
                continue  # place names are capitalised
            out.append(Mention(m.start(), m.end(), code, word))
        if us_context and ambiguous:
            # "banned in Georgia, Russia and Ukraine": named among countries and no state, the country
            starts = [o.start for o in out]  # in reading order: the neighbours by bisection
            for i, mt in enumerate(out):
                if mt.start not in ambiguous:
                    continue
                a = bisect.bisect_left(starts, mt.start - 80)
                b = bisect.bisect_right(starts, mt.start + 80)
                near = [o for o in out[a:b] if o is not mt]
                if any(
                    not o.code.startswith("US") and o.start not in ambiguous for o in near
                ) and not any(o.code.startswith("US-") and o.start not in ambiguous for o in near):
                    out[i] = Mention(mt.start, mt.end, ambiguous[mt.start], mt.name)
        return out


@lru_cache(maxsize=1)
def _postal_codes() -> frozenset[str]:
    return frozenset(code[3:] for code in us_subdivisions().values() if code.startswith("US-"))


def us_state_of_postal(abbr: str) -> str | None:
    """The US state (or DC, a territory) a postal abbreviation names: "IL" -> "US-IL"."""
    return f"US-{abbr}" if abbr in _postal_codes() else None


def _one_edit(a: str, b: str) -> bool:
    """Whether b is a with one letter left out, added or changed (a != b)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) < len(b):
        a, b = b, a
    i = next((k for k in range(len(b)) if a[k] != b[k]), len(b))
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i + 1 :] == b[i:]


def misspelt_place(index: PlaceIndex, name: str) -> str | None:
    """The one place whose name is a word of 6 letters or more spelt with one letter wrong
    ("Tennesse", "Missisippi"), or None: for a list item that is nothing but a place name."""
    key = name.strip().casefold()
    if len(key) < 6 or not name.strip()[:1].isupper():
        return None
    codes = {
        code
        for n, code in index.table.items()
        if n[:1] == key[:1] and not code.startswith("AMBIG:") and _one_edit(n, key)
    }
    return codes.pop() if len(codes) == 1 else None


def names_a_place(heading: str) -> bool:
    """Whether a heading names a country or US state (a section per place, e.g. "Canada:")."""
    idx = _default_index()
    return bool(idx.find(heading, us_context=True))


@lru_cache(maxsize=1)
def _default_index() -> PlaceIndex:
    return PlaceIndex()

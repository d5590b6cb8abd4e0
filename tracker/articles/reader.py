"""Read the legal claims in an article's checked sections: what is said, of which place, on which date.

General rules only (nothing here names an article); README "Article checks" lists them with
examples, and tests/articles/test_reader_generalises.py has one test per rule. This module holds
read(), the claims and what joins them; sentences.py cuts the units, predicates.py holds the
predicates, age limits and 7-OH words, dates.py the time words and tables.py the table rows:

- **Units.** Paragraphs are cut into sentences (also after "D.C."/"U.S." when a sentence starter
  follows) and sentences into clauses (at ";", "but", "however", "while", "except", "the exception
  being", ", which means", ", leaving/meaning/creating", ", despite", a German ", in <Place> ist").
  A list item "Place: text" and a table row whose first cell names a place lend that place to
  their text; a list item or row without a predicate of its own takes the one of its heading or
  lead-in line ("States Where Kratom is Illegal:"), and an excepted place the opposite. One status
  per place in a table row.
- **Predicates.** banned (ban, illegal, prohibited, Schedule I, controlled substance, classified as
  narcotics, penalties for possession, BtMG, ...), legal (legal, lawful, allowed, "can purchase",
  legalized, decriminalized, unregulated), regulated (regulated, restricted, KCPA, age requirement,
  licensing); restricted for sale-only, trade-only, prescription, "for human consumption",
  "for medical purposes", "banning most products". A negation just before the word turns banned
  into "not banned" and legal into banned ("not (yet)", "never", "without", "no laws against it";
  not "no idea"). Modals and "creating" scope rightwards: "would have made it illegal" is
  hypothetical, "is prohibited, which means it may not be sold" is not. Conditions ("If ...",
  "your country"), intents, advocacy ("supports", "fought bans"), "this bill", failed attempts to
  regulate, prohibitions of one act or product ("illegal for any vendor to adulterate", "sale to
  minors", "containing synthetic alkaloids") and "local bans" make no claim about the place.
  Pass 9: "If you live in X" names the place (no condition); "you cannot buy, sell, or possess
  kratom" and "if you are caught with kratom you will face charges" are bans (cannot.py); bans of
  one act of the trade ("prohibits the adulteration of kratom") are none (acts.py); a ban listing
  "mitragynine and 7-hydroxymitragynine" is also a 7-OH claim (alkaloids.py); a place named after
  "would" that follows the statement does not share it (modal_scope.py).
- **Age limits.** "under 18", "21 and over", "must be 21", "21+" make a minimum-age claim (not a
  ban); "legal ... for those 18 and older" is also a legal claim ("legal if you are 18" is not).
- **7-OH.** A clause about 7-hydroxymitragynine alone is about 7-OH: controlled, or capped when a
  limit or concentration is named; "Kratom and 7-OH banned" is the leaf.
- **Scope.** "except in San Diego" gives the locality the opposite of the clause before it; the
  state keeps its own predicate; an exception the reader cannot place, towns it does not know
  ("in either Monument or Parker", "Oxford city", "another ... government") and "Town, State" are
  not the state. "in several counties" / "about thirty cities and counties" is a count of
  localities of the row's, paragraph's or heading's state.
- **Time.** "in 2016" / "by 2022" (end of that year; "2021/2022" the later), "until 2016" (the end
  of the year before), "as of July 7, 2025", "effective ...", "in late November 2019" (end of the
  month), "last year", "from 2014 to 2016" (the first year) date a claim; so do a day before its
  month ("1 January 2020", "1st of January 2020", "1. Januar 2020"), a Buddhist-era year ("B.E.
  2486" is 1943), "two years ago" (from the article's year; undated: no date) and a law named with
  its year when it banned the plant then ("the Kratom Act of 1943 banned kratom"; of the present,
  or of a general law the plant was put under, "under the Poisons Act of 1952", a name only). A
  date dates the other clauses of its sentence only when it comes before any predicate, and a
  bracketed date in a list only its place; an undated page is read on its "As of ..." or on a day
  it tells as its present. Others are checked on the article's date; laws "passed"/"signed" when in
  force, and a law's statements on the day the report says it will take effect ("The bill will
  take effect on July 1"; "It takes effect Jan. 1" in a May report: the next 1 January).
- **Counts and ordinals.** "six states have banned", "most of the United States", "at least half of
  the states", "all 50 states except ...", "Some have banned" are counts of the 50 states; a vague
  count in a "While ..." lead set against a named place is background; "the sixth state to ban" is
  an ordinal (bans and 7-OH only).
- **Places.** The article's main jurisdiction is the place named most (its title counts three
  times; where kratom comes from does not count); in a US article, or a kratom page naming no
  other country, "Georgia" is the state, unless named among countries. A clause with a predicate
  and no place of its own is about its list item's or row's place, else a place named earlier in
  its sentence (not in a contrast or exception), else its section heading's, else (when it speaks
  of kratom) the main jurisdiction. US agencies are the federal level only when no other place is
  named, and their own acts are agency claims.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.articles import (
    anaphoric_date,
    effect_day,
    ended,
    former,
    localities,
    modal_scope,
    page_year,
    state_names,
    topic,
    world_counts,
)
from tracker.articles.dates import DATE_DAY, DATE_DM, DATE_DMY, DATE_FULL, find_date, title_year
from tracker.articles.nationality import names_no_law_place
from tracker.articles.places import Mention, PlaceIndex, misspelt_place, us_state_of_postal
from tracker.articles.predicates import (
    BANNED,
    FAILED,
    KRATOM,
    LEGAL,
    POSSESSION,
    REGULATED,
    predicate,
    split_also,
)
from tracker.articles.sentences import clause_spans, sentence_spans
from tracker.articles.tables import column_places, header_columns, row_cells, spans_columns

FORMER_STATE_WORDS = "until the change reported"  # the date words of a former state's claim
MAX_CLAIMS = 300  # mentions read per article; beyond it the page says the rest was not read
# characters of checked sections read per article: a real legality section is a few KB; a page
# hundreds of KB long is read this far and the page says where reading stopped, so a view (and a
# hostile 5 MB upload) costs a bounded, deterministic amount of work (issue #14)
MAX_READ_CHARS = 200_000

# the one table of number words (tracker.articles.claims reads it too)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "half": 25,  # "half of the states"
    "a dozen": 12,
    "two dozen": 24,
    "half a dozen": 6,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
    "7th": 7,
    "8th": 8,
    "9th": 9,
    "10th": 10,
}
_VAGUE = (
    "some",
    "several",
    "a few",
    "few",
    "certain",
    "multiple",
    "many",
    "numerous",
    "most",
    "all",
    "a handful of",
    "the majority of",
    "the vast majority of",
    "a number of",
    "a multitude of",
    "various",
)
# German vague counts ("in einigen Ländern", "in den meisten Ländern", "mehrere Bundesstaaten"),
# as the English word the counts are told in
_GERMAN_VAGUE = {
    "einige": "some",
    "einigen": "some",
    "manche": "some",
    "manchen": "some",
    "mehrere": "several",
    "mehreren": "several",
    "wenige": "few",
    "wenigen": "few",
    "viele": "numerous",
    "vielen": "numerous",
    "zahlreiche": "numerous",
    "zahlreichen": "numerous",
    "meisten": "most",
    "alle": "all",
    "allen": "all",
}
_GERMAN_NOUNS = {
    "länder": "countries",
    "ländern": "countries",
    "nationen": "nations",
    "staaten": "states",
    "bundesstaaten": "states",
}

# what a sentence about kratom's status names: the plant, its alkaloids, its products, or a word
# that refers back to them
_OF_THE_PLANT = re.compile(
    r"\b(?:kratom|ketum|kratum|biak|mitragyn\w*|7-?OH|7-hydroxy\w*|speciosa|it|its|they|them|this|that|these"
    r"|the (?:plant|leaf|leaves|substance|herb|drug|tree|botanical|product)s?|products?|leaves"
    r"|bans?|banned|sales?|sell\w*|sold|possess\w*|consum\w*|uses?|using|import\w*|export\w*|production"
    r"|distribut\w*|KCPA|(?:consumer protection )?act|bill|law|rule|statute|ordinance|legal\w*|illegal\w*"
    r"|lawful\w*|verboten|verbiete?t|Verbot\w*|erlaubt|unreguliert|besitz|handel)\b",
    re.IGNORECASE,
)
# US federal agencies: a clause whose actor is one is about the US federal level
AGENCIES = {
    "FDA": ("FDA", "Food and Drug Administration"),
    "DEA": ("DEA", "Drug Enforcement Administration"),
    "HHS": ("HHS", "Department of Health and Human Services"),
}
AGENCY = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for names in AGENCIES.values() for n in names) + r")\b"
)
# an agency followed by what it did ("the DEA withdrew", "the FDA has issued")
_ACTS = re.compile(
    r"\)?\s+(?:(?:has|had|have|also|then|later|itself|now)\s+)*(?:\w+ed|withdrew|withdrawn|took|made|said|issued|sought|tried"
    r"|began|did|does|is|was|will|announced|proposed)\b"
)
FEDERAL = re.compile(
    r"\b(?:federal(?:ly)?(?: level| law| government)?|nationwide)\b"
    r"|(?:(?<=\bthe )|(?<=\bfederal ))Controlled Substances Act\b",  # the federal CSA, not "the Florida CSA"
    re.IGNORECASE,
)
LOCALITY_SCOPE = re.compile(
    r"\b(?:counties|cities|towns|municipalities|parishes|localities|local governments?)\b",
    re.IGNORECASE,
)
UNTRACKED = re.compile(
    r"\b(?:[Ii]n|[Tt]he (?:city|town|village|county) of)\s+([A-Z][a-z]+(?:ville|ton|burg|town|field|wood))\b"
    r"|\b([A-Z][a-z]+ (?:Town|Township|Village))\b"
)
_TOWN_NAME = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?"
_UNKNOWN_TOWN = re.compile(
    rf"\bin\s+(?:either\s+)?(?:the\s+(?:city|town|village)\s+of\s+)?(?P<a>{_TOWN_NAME})"
    rf"(?:,?\s+(?:or|and)\s+(?P<b>{_TOWN_NAME}))?(?=\s*(?:[.,;:)]|$|\s+(?:and|or|but|where|which)\b))"
    rf"|\b(?P<c>[A-Z][a-z]+)\s+city\b"
)
_NOT_A_TOWN = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Spring|Summer|Fall|Autumn|Winter"
    r"|Europe|Asia|Africa|Oceania|Southeast Asia|South America|Latin America|North America|Southeast"
    r"|Schedule|Section|Class|Chapter|Title|Part|Article|English|Congress|Court|Senate|House|General"
    r"|Addition|Total|Practice|Fact|Particular|Short|Summary|Conclusion|Kratom|Mitragyna|The|This"
    r"|That|Federal|Law|Act|Code|America|States|State|County|City|Town|Some|Most|Many|All|Other)\b"
)


def _unknown_towns(text: str, lo: int, hi: int) -> list[Mention]:
    out = []
    for m in _UNKNOWN_TOWN.finditer(text, lo, hi):
        for g in ("a", "b", "c"):
            if m[g] and not _NOT_A_TOWN.match(m[g]):
                out.append(Mention(m.start(g), m.end(g), "", m[g]))
    return out


COUNT = re.compile(
    r"\b(?:(?P<mod>at least|more than|over|nearly|almost|about|around|only|fewer than)\s+)?"
    r"(?P<q>\d{1,2}|"
    + "|".join(
        sorted(
            (re.escape(w) for w in [*NUMBER_WORDS, *_VAGUE, *_GERMAN_VAGUE]), key=len, reverse=True
        )
    )
    + r")"
    r"(?:\s+(?:other|more|u\.s\.|us|american|[A-Z][a-z]+(?:an|ern|ese)|anderen|weiteren|[a-z\u00e4\u00f6\u00fc]+ischen))?\s+(?:of\s+(?:the|its|our|their)\s+(?:(?:50|fifty)\s+)?)?(?P<noun>states|countries|nations"
    r"|L\u00e4ndern?|Bundesstaaten|Staaten|Nationen"
    r"|(?:parts\s+of\s+)?(?:the\s+)?(?:United States|U\.S\.|US|country)|"
    + world_counts.PLACE_NOUNS
    + r")(?!\w)",
    re.IGNORECASE,
)
# a sentence's opening connective before "as of" ("However as of January 2007, ...")
_AS_OF_OPENERS = "".join(
    rf"|(?<=[.!?:]\s{w}\s)|(?<=[.!?:]\s{w},\s)|(?<=^{w}\s)|(?<=\n{w}\s)"
    for w in ("However", "But", "And", "Yet", "Still", "So", "Even", "Today", "Currently")
)
_AS_OF_DATE = (
    r"(?:(?:early|mid|late)[\s-]+)?(?:[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?)?(?:19|20)\d{2}\b"
)
_AS_OF = re.compile(
    r"(?:(?:^|(?<=[.!?:]\s)|(?<=\n))As|(?<=\()[Aa]s) of "
    + _AS_OF_DATE
    # "However as of January 2007, Malaysia ...": the page's present, told after an opener
    + r"|(?:(?!)"
    + _AS_OF_OPENERS
    + r")as of "
    + _AS_OF_DATE
    + r"(?=,)"
    # "(about 416 euro as of August 2009)": an aside that dates a figure dates the page
    + r"|(?<=\s)as of "
    + _AS_OF_DATE
    + r"(?=\))",
    re.MULTILINE,
)
ENACTED = re.compile(
    r"\b(?:pass(?:ed|es)?|sign(?:ed|s)?|enact(?:ed|s)?|approv(?:e|ed|es)|adopt(?:ed|s)?)\b",
    re.IGNORECASE,
)
# a list item's label: "Alabama: ...", "Alabama – ...", "Columbus, Mississippi - ..."
ITEM_LABEL = re.compile(
    r"((?:[^:\u2013\u2014.]|\.(?=\S))(?:[^:\u2013\u2014.]|\.(?=\S)|\.(?=\s+[\u2013\u2014-]\s)){1,59}?)(?:\s*:|\s+[\u2013\u2014-])\s+"
)
# a list item that is a place and a note in brackets: "North Dakota (House Bill 1566, signed ...)"
_ITEM_PAREN = re.compile(
    r"([^():\u2013\u2014]{2,40}?)\s*(?=\((?!\s*(?:except|excluding|(?:this |which |that )?excludes?|not including|other than|but|not)\b)[^)]{20,})",
    re.IGNORECASE,
)
# "Columbus, Mississippi": a town of a state, named before it
_TOWN_OF_STATE = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?),\s+$")


_NOT_TOWN = re.compile(
    r"(?:Washington|However|Today|Now|Also|Yes|No|Meanwhile|Instead|Currently|Thus|Therefore|Still|Indeed|Since|Then"
    r"|Example|Instance|Here|There|In|For|And|But|Or|So|Yet|Besides|Overall|Finally|Otherwise|Again|Similarly"
    r"|Likewise|Meanwhile|Plus|Like|Including|Unlike|Except|Kratom|Further|Furthermore|Moreover|Nowadays|Hence|Thus|Notably|Ultimately|Recently|Today|\w+ly)$"
)


_ATTRIBUTION = re.compile(
    r"\b(?:according to|reported by|per|says|said)\s+(?:the\s+)?$", re.IGNORECASE
)


def _with_localities(text: str, found: list[Mention]) -> list[Mention]:
    """A state named right after "Town, " stands for that town (not tracked unless the index knows
    it): "banned in Columbus, Mississippi" is not a claim about Mississippi."""
    out = []
    for m in found:
        town = (
            _TOWN_OF_STATE.search(text, max(0, m.start - 40), m.start)
            if m.code.startswith("US-") and "/" not in m.code
            else None
        )
        if (
            town
            # "In Alabama, Arkansas, ...": a list of places is not a town and its state
            and not any(o.start < town.end(1) and town.start(1) < o.end for o in found)
            and not _NOT_TOWN.match(town.group(1))
            # "According to Recovery Village, Tennessee law ...": a source, then the state
            and not _ATTRIBUTION.search(text, max(0, town.start(1) - 20), town.start(1))
            # "Georgia, Utah, Taxes, Virginia": a misspelt member of a list of states, not a town
            and not any(
                o.code.startswith("US-")
                and "/" not in o.code
                and re.fullmatch(r",\s*", text[o.end : town.start(1)])
                for o in found
            )
        ):
            out.append(Mention(town.start(1), m.end, "", text[town.start(1) : m.end]))
            continue
        out.append(m)
    return out


ORDINAL = re.compile(
    r"\b(?:the\s+)?(?P<n>" + "|".join(_ORDINALS) + r")\s+(?:u\.s\.\s+|us\s+)?state\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Mark:
    start: int
    end: int


@dataclass
class ReadClaim:
    """One claim: a place (or a count of places), what is said of it, and on which date."""

    code: str | None  # None: a place the tracker does not hold
    place: str  # the name as written
    reading: dict  # {category: banned|legal|not_banned|regulated} | {min_age: N} | {seven_oh: controlled|capped}
    text: str  # the sentence (or list item / row) it was read from
    mark: Mark  # the words highlighted in the stored text
    claim_date: date | None = None  # None: the article's date
    date_words: str | None = None
    kind: str = "place"  # place | count
    count: dict | None = None  # {count, scope, modifier}
    ordinal: int | None = None
    enacted: bool = (
        False  # dated by a law's passing or signing ("passed in April 2019"): checked when in force
    )
    mentions: list[Mark] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # the sentences of every mention
    score: float | None = None  # the claim scorer's probability that it is a real claim (scorer.py)

    def key(self) -> tuple:
        return (
            self.kind,
            self.code,
            tuple(sorted(self.reading.items())),
            self.claim_date,
            tuple(sorted((self.count or {}).items())),
            self.ordinal,
        )


@dataclass
class Reading:
    claims: list[ReadClaim]
    main: str | None
    us_context: bool
    truncated: bool = False  # MAX_CLAIMS reached
    language: str | None = None  # a language the reader does not read: no claims were read
    stopped_at: int | None = None  # MAX_READ_CHARS reached: the offset where reading stopped
    set_aside: list[ReadClaim] = field(default_factory=list)  # scored below threshold (scorer.sift)


READ_LANGUAGES = ("en", "de")  # the languages whose legal words the reader knows


def reads_language(language: str | None) -> bool:
    """Whether the reader reads a text in this language (unknown: it tries)."""
    return language is None or language in READ_LANGUAGES


# -- time -----------------------------------------------------------------------------------------


# -- structure ------------------------------------------------------------------------------------


# "These include ...", "These states are ...", "Among them are ...", "Ohio is one of them": the
# members of a set a count in the sentence before named
_ENUMERATION = re.compile(
    r"\s*(?:(?:These|Those|They|Such|The)(?:\s+(?:states|places|jurisdictions|ones))?\s+"
    r"(?:include|includes|included|are|were)\b|Among\s+(?:them|these|those)\b)",
    re.IGNORECASE,
)
# "is 'temporarily' joining the Schedule I list", "will temporarily place": a temporary listing
# now or ahead, not a past state
_TEMPORARY_NOW = re.compile(
    r"\b(?:is|are|be|being|will)\s+[\"\u201c']?temporarily\b|\btemporarily[\"\u201d']?\s+(?:\w+ing)\b",
    re.IGNORECASE,
)
_NOT_EVERYWHERE = re.compile(
    r"(?:\bnot|n['\u2019]t)\s+(?:\w+\s+)?(?:legal|illegal|banned|allowed|lawful)\s+(?:\w+\s+)?"
    r"(?:in\s+)?(?:all|every)\b",
    re.IGNORECASE,
)
# a place joining the set the sentence before spoke of: "Ohio is one of them", "Now Ukraine is among
# them" (the set's count, or else the last status told, gives its reading)
_MEMBER_OF_THEM = re.compile(
    r"\b(?:is|are|was|were|has become|have become|became)\s+(?:now\s+)?(?:also\s+)?"
    r"(?:one|two|three|four|five|six|seven|among)\s+(?:of\s+)?(?:them|these|those)\b",
    re.IGNORECASE,
)
# "Legal Status: Currently legal" under a state's heading: the label says what the line is about
_STATUS_LABEL = re.compile(r"\s*(?:legal\s+)?status\s*:", re.IGNORECASE)
_LIST_FOLLOWS = re.compile(
    r"\b(?:in|include|including|are|follows|following)\s*:\s*$", re.IGNORECASE
)
_ALL_BUT = re.compile(r"\ball\s+(?:but|except)\s+$", re.IGNORECASE)


# the answer to a yes/no question just asked: "Yes.", "The short answer is no", "Die kurze Antwort lautet: Ja"
_NO_WORDS = (
    "no",
    "nein",
    "absolutely not",
    "definitely not",
    "certainly not",
    "not at all",
    "nope",
    "auf keinen fall",
)
ANSWER = re.compile(
    r"(?:(?:the )?(?:short|straightforward|simple|quick|brief) answer (?:is|lautet)[:,]?\s*(?:(?:definitively|definitely|clearly|simply|unfortunately|certainly)\s+)?"
    r"|(?:die )?(?:kurze|einfache) antwort (?:ist|lautet)[:,]?\s*"
    r"|the answer is\s+(?:definitively|definitely|clearly|simply|unfortunately|certainly)\s+)?"
    # "Absolutely!", "Of course", "Not at all": a yes or a no in other words
    r"(yes|no|ja|nein|absolutely not|definitely not|certainly not|not at all|nope|absolutely|definitely"
    r"|certainly|of course|selbstverst\u00e4ndlich|auf keinen fall)\b",
    re.IGNORECASE,
)

_OPPOSITE = {"banned": "legal", "legal": "banned", "not_banned": "banned", "regulated": "banned"}


# words that name where kratom comes from, not where a law applies
ORIGIN = re.compile(
    r"\b(?:native|indigenous|originat\w*|hails? from|comes? from|derived from|grown|grows|growing"
    r"|imported from|sourced from|traditionally used)\b[^.;:]*$",
    re.IGNORECASE,
)


def main_jurisdiction(text: str, title: str | None, index: PlaceIndex) -> tuple[str | None, bool]:
    """(the place named most, whether the article is about the US)."""
    us_words = len(
        re.findall(
            r"\b(?:United States|U\.S\.|USA|states|state|state law|governor|legislature|county|counties"
            r"|Consumer Protection Act|American|attorney general)\b",
            text[:200_000] + " " + (title or ""),
            re.IGNORECASE,
        )
    )
    found = index.find(text[:200_000] + "\n" + (title or ""), us_context=False)
    # "DEA Withdraws Temporary Scheduling of Kratom": a title naming a US agency is a US story
    us_words += len(AGENCY.findall(title or ""))
    # a US state named by name (Georgia aside, which is also a country) makes it a US article
    us_words += sum(1 for m in found if m.code.startswith("US-"))
    if not us_words:
        as_us = index.find(text[:200_000] + "\n" + (title or ""), us_context=True)
        ambiguous = {m.start for m in as_us if m.code.startswith("US-")}
        countries = [m for m in found if m.start not in ambiguous and not m.code.startswith("US")]
        if ambiguous and not countries:
            # "Kratom laws in Georgia ... Georgia law": a kratom page naming Georgia and no other
            # country speaks of the state (the country comes with other countries around it)
            us_words = 1
    counts: Counter[str] = Counter()
    for m in index.find(text[:200_000], us_context=us_words >= 1):
        if ORIGIN.search(text, max(0, m.start - 60), m.start):
            continue  # "derived from an indigenous Malaysian plant": where kratom comes from
        if names_no_law_place(text, m.end):
            continue  # "a 27-year-old Indonesian man": a person's nationality, not the law's place
        if _ORGANISATION_AFTER.match(text, m.end):
            continue  # "the Agence France-Presse", "the Texas Kratom Association": a body's name
        counts[m.code.split("/")[0]] += 1
    for m in index.find(title or "", us_context=us_words >= 1):
        if not names_no_law_place(title or "", m.end):
            counts[m.code.split("/")[0]] += 3
    if us_words and (AGENCY.search(title or "") or FEDERAL.search(title or "")):
        counts["US"] += 3  # "DEA to include Kratom as a Schedule I drug": a federal story
    main = counts.most_common(1)[0][0] if counts else None
    us = us_words >= 1 or (main or "").startswith("US")
    return main, us


def url_place(url: str, index: PlaceIndex, us_context: bool) -> str | None:
    """The one place a page's address names ("/codes/state_oklahoma/...", "/CA/SolanaBeach/..."),
    its words split at punctuation and capitals; None when it names none or several."""
    path = re.sub(r"^[a-z]+://", "", url)[:300]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", re.sub(r"[\W_]+", " ", path))
    words = " ".join(w if w[:1].isupper() else w.capitalize() for w in words.split())
    found = {m.code for m in index.find(words, us_context=us_context)}
    if len(found) == 2 and any(c.startswith(next(iter(found - {c}), "") + "/") for c in found):
        found = {c for c in found if "/" in c}  # "CA ... Solana Beach": the town in its state
    return found.pop() if len(found) == 1 else None


def dominant(
    text: str, title: str | None, index: PlaceIndex, main: str | None, us_context: bool
) -> str | None:
    """The main jurisdiction when the article is about it — named in the title, or at least half of
    the places named — else None: a clause that names no place is then about no place (a
    state-by-state overview's "Kratom is banned" is not about the state named most)."""
    if main is None:
        return None
    if main == "US" and title and (AGENCY.search(title) or FEDERAL.search(title)):
        return main  # a federal agency's or the federal law's story
    if title and any(
        m.code.split("/")[0] == main for m in index.find(title, us_context=us_context)
    ):
        return main
    counts: Counter[str] = Counter(
        m.code.split("/")[0]
        for m in index.find(text[:200_000], us_context=us_context)
        if m.code.startswith("US") or not names_no_law_place(text, m.end)
    )
    total = sum(counts.values())
    return main if total and counts[main] * 2 >= total else None


# the nouns that end a private body's name after a place: a foundation or a trade group is not
# the place's law (a county's own offices, a sheriff or a council, are not among them)
_ORGANISATION_AFTER = re.compile(
    r"(?:\s+(?:Kratom|Botanical|Herbal|Health|Medical|Bar|Business|Retail|Retailers|Vendors|Community))*"
    r"\s+(?:Foundation|Association|Coalition|Alliance|Society|Institute|University|College|Hospital"
    r"|Chamber of Commerce)\b"
    # "the Agence France-Presse": a news agency named after its country (pass 9)
    r"|-(?:Presse|Press)\b"
)


# -- the reader ------------------------------------------------------------------------------------


# a question puts its verb before its subject: "Can I Use Kratom in Texas?" asks "I can use ..."
_INVERTED = re.compile(
    r"\s*(can|may)\s+(i|you|we|one|people|residents|adults)\s+(?=(?:legally\s+)?\w)", re.IGNORECASE
)


def _asked(heading: str | None) -> str | None:
    """The question a heading asks: all of it when it ends with "?", or the question before a
    subtitle ("Is Kratom Legal in Nevada? – The Current Status"); None for other headings."""
    if not heading:
        return None
    if heading.endswith("?"):
        return heading
    m = re.match(r"(.{8,}?\?)\s*[–—:|-]\s+\S", heading)
    return m.group(1) if m else None


def _question_reading(question: str) -> dict | None:
    """What a question heading asks, the answer below it says yes or no to."""
    m = _INVERTED.match(question)
    if m:
        question = f"{m[2]} {m[1]} {question[m.end() :]}"
    return predicate(question, 0, len(question))[0]


def read(
    text: str,
    sections: list[tuple[int, int, str | None]],
    *,
    index: PlaceIndex,
    title: str | None = None,
    today: date,
    max_claims: int = MAX_CLAIMS,
    max_chars: int | None = None,
    published: date | None = None,
    url: str | None = None,
) -> Reading:
    """The claims in the checked sections (start, end, heading) of a stored text, in reading order.
    ``published`` (the article's date) gives its year to dates without one; ``url`` (the page's
    address) names its place when the text names none."""
    year = published.year if published else None
    main, us_context = main_jurisdiction(text, title, index)
    about = dominant(text, title, index, main, us_context)
    if main is None and url:
        # a code section that says only "this state" or "the city": its address names the place
        main = about = url_place(url, index, us_context)
    claims: list[ReadClaim] = []
    truncated = False
    read_chars, stopped_at = 0, None
    max_chars = MAX_READ_CHARS if max_chars is None else max_chars

    recent_town = [Mention(-1, -1, "", "")]  # the last tracked town named, in reading order

    def places(lo: int, hi: int) -> list[Mention]:
        found = _with_localities(text, index.find(text, us_context=us_context, lo=lo, hi=hi))
        # "Two Malaysian men", "the Thai Trade Ambassador": a nationality, not the law's place
        found = [p for p in found if p.code.startswith("US") or not names_no_law_place(text, p.end)]
        # "the Lowndes County Foundation", "the Texas Kratom Association": a body's name, not a place
        found = [p for p in found if not _ORGANISATION_AFTER.match(text, p.end)]
        # "New York City", "Kansas City", "Oklahoma City": a city named after its state
        found = [
            Mention(p.start, p.end + 5, "", text[p.start : p.end + 5])
            if p.code.startswith("US-") and "/" not in p.code and text.startswith(" City", p.end)
            else p
            for p in found
        ]
        # "San Diego, California": the state says where the town is, it is not a place of its own
        found = [
            p
            for i, p in enumerate(found)
            if not (
                i
                and "/" in found[i - 1].code
                and found[i - 1].code.split("/")[0] == p.code
                and re.fullmatch(r",?\s*", text[found[i - 1].end : p.start])
            )
        ]
        fed = [
            Mention(m.start(), m.end(), "US", m.group(0)) for m in FEDERAL.finditer(text, lo, hi)
        ]
        if us_context and not any(p.code and p.code != "US" for p in found):
            # an agency as actor: the US FDA, not Thailand's ("the Thai Food and Drug Administration");
            # "Following the FDA's guidance, Florida's Attorney General issued a rule" is Florida's act
            fed += [
                Mention(m.start(), m.end(), "US", m.group(0))
                for m in AGENCY.finditer(text, lo, hi)
                if (
                    re.fullmatch(r"\W*(?:[\w.]+\W+){0,4}", text[lo : m.start()])
                    or _ACTS.match(text, m.end())
                )
                and not text.startswith("-", m.end())
            ]
            fed.sort(key=lambda p: p.start)
        if fed and not any(p.code == "US" for p in found):
            found.append(fed[0])
        found = sorted(found, key=lambda p: p.start)
        towns = [p for p in found if "/" in p.code]
        if towns and towns[-1].start >= recent_town[0].start:
            recent_town[0] = towns[-1]
        return found

    def add(code, name, reading, unit, mark, claim_date, words, **kw) -> None:
        nonlocal truncated
        if "also" in reading:
            for r in split_also(reading):
                add(code, name, r, unit, mark, claim_date, words, **kw)
            return
        if len(claims) >= max_claims:
            truncated = True
            return
        claims.append(
            ReadClaim(
                code or None, name, reading, text[unit[0] : unit[1]], mark, claim_date, words, **kw
            )
        )

    for s_lo, s_hi, heading in sections:
        head_reading, _ = predicate(heading or "", 0, len(heading or ""))
        if heading and "?" in heading and not _WHERE_QUESTION.match(heading):
            # a question asserts nothing for the lists below it, nor does a headline that asks one
            # ("Is Kratom Legal? Knowing its status in the world"); but "Where is kratom banned?"
            # asks for a set, and the list below it is that set
            head_reading = None
        head_places = [
            p
            for p in index.find(heading or "", us_context=us_context)
            if p.code.startswith("US") or not names_no_law_place(heading or "", p.end)
        ]
        stated = _stated_heading(text, s_lo, heading, head_places)
        if (
            stated is not None
            and text.lstrip().startswith("# " + (heading or ""))
            and not _COPULA_STATUS.search(heading or "")
            and not localities.STATUS_HEADLINE.match(heading or "")
            and not _place_bans(heading, head_places, head_reading)
        ):
            stated = None  # the page's headline tells news of an act ("Governor Signs Ban")
        if stated is not None and head_reading and not predicate(heading, 0, len(heading))[1]:
            # "Kratom Is Illegal in Alabama": a heading that states a status is a claim, with its
            # rank when it gives one ("Ohio Becomes Ninth State to Ban Kratom")
            rank = ORDINAL.search(heading or "")
            for r in split_also(head_reading):
                add(
                    head_places[0].code,
                    head_places[0].name,
                    dict(r),
                    stated,
                    Mark(*stated),
                    None,
                    None,
                    ordinal=_ORDINALS[rank["n"].lower()]
                    if rank and r.get("category") == "banned"
                    else None,
                )
        headline = _government_headline(text, s_lo, heading, head_places, head_reading)
        if headline and s_lo == sections[0][0] and about and not about.startswith("US"):
            # "The government classifies plant drug as narcotic": the page's country acts
            add(about, about, dict(head_reading), headline, Mark(*headline), None, None)
        head_place = head_places[0].code if len(head_places) == 1 else None
        lead_reading = head_reading  # the predicate a list or table below inherits
        columns: list[dict | None] = []  # a table's header words per column ("Statewide Bans")
        lead_aside = None  # what the lead-in says of the listed towns' states
        asked_heading = _asked(heading)
        question = (
            (_question_reading(asked_heading), index.find(asked_heading, us_context=us_context))
            if asked_heading
            else (None, [])
        )
        if stopped_at is not None:
            break
        for block in re.finditer(r"[^\n]+", text[s_lo:s_hi]):
            if truncated or stopped_at is not None:
                break
            b_lo, b_hi = s_lo + block.start(), s_lo + block.end()
            if read_chars + (b_hi - b_lo) > max_chars:  # the last line read, cut at the budget
                b_hi = stopped_at = b_lo + max(0, max_chars - read_chars)
            read_chars += b_hi - b_lo
            line = text[b_lo:b_hi]
            if line.startswith("#"):
                q = _asked(line.lstrip("#").strip())
                if q:
                    question = (_question_reading(q), index.find(q, us_context=us_context))
                continue
            answer = ANSWER.match(line)
            answered = None
            if answer and question[0] and "category" in question[0] and question[1]:
                r = dict(question[0])
                if answer[1].lower() in _NO_WORDS:
                    r = {"category": _OPPOSITE.get(r["category"], "banned")}
                p = question[1][0]
                end = text.find(".", b_lo + answer.start(), b_hi)
                add(
                    p.code,
                    p.name,
                    r,
                    (b_lo, end + 1 if end > 0 else b_hi),
                    Mark(b_lo + answer.start(1), b_lo + answer.end(1)),
                    None,
                    None,
                )
                answered = r
            unit_place: Mention | None = None
            is_item = line.startswith("\u2022 ")
            is_row = line.startswith("| ")
            if not is_row:
                columns = []  # a table ends with its rows
            if is_row:
                cells = row_cells(line, b_lo)
                if not cells:
                    continue
                listed = column_places(text, cells, columns, places) if columns else []
                if listed:
                    # a table of lists, one per column ("| Statewide Bans | City Bans |" over
                    # "| Alabama | San Diego, CA |"): each place takes its column's header words
                    for _, p, r in listed:
                        add(p.code, p.name, dict(r), (b_lo, b_hi), Mark(p.start, p.end), None, None)
                    continue
                first = places(*cells[0])
                if first and spans_columns(text, cells, b_hi, places):
                    first = []  # "| United States |  | Mississippi Bans |  |" over a header row
                if not first:
                    columns = header_columns(text, cells, columns, lead_reading)
                    # a header row: its words may carry the predicate ("Banned states")
                    r, _ = predicate(text, b_lo, b_hi)
                    if r:
                        lead_reading = r
                    continue
                unit_place = first[0]
                rest = [(a, b) for a, b in cells[1:] if b > a]
                own = False
                row_start = len(claims)
                for a, b in rest:
                    own |= _read_span(
                        text,
                        a,
                        b,
                        unit_place,
                        about,
                        us_context,
                        today,
                        places,
                        add,
                        lead_reading=None,
                        heading_place=head_place,
                        council_town=recent_town,
                        year=year,
                    )
                if (
                    not own
                    and lead_reading
                    and (len(rest) == 0 or all(not text[a:b].strip() for a, b in rest))
                ):
                    add(
                        unit_place.code,
                        unit_place.name,
                        dict(lead_reading),
                        (b_lo, b_hi),
                        Mark(unit_place.start, unit_place.end),
                        None,
                        None,
                    )
                elif not own and rest:
                    # a status cell of a word or two ("✅ LEGAL", "Banned")
                    a, b = rest[0]
                    r, _ = predicate(text, a, b)
                    if r:
                        add(
                            unit_place.code,
                            unit_place.name,
                            r,
                            (b_lo, b_hi),
                            Mark(a, b),
                            None,
                            None,
                        )
                _one_status_per_row(claims, row_start)
                continue
            body_lo = b_lo + (2 if is_item else 0)
            if is_item:
                m = ITEM_LABEL.match(text, body_lo, b_hi) or _ITEM_PAREN.match(text, body_lo, b_hi)
                if m:
                    pl = places(body_lo, body_lo + len(m[1]))
                    if pl and (
                        m.re is ITEM_LABEL
                        or text[body_lo : body_lo + len(m[1])].strip() == pl[0].name
                    ):
                        unit_place = pl[0]
                        body_lo = m.end()
                item_places = places(body_lo, b_hi)
                words = len(text[body_lo:b_hi].split())
                town = _town_item(text, body_lo, b_hi, item_places)
                if not item_places and lead_reading and unit_place is None and words <= 2:
                    # "• Tennesse" in a list of states: the one place it misspells
                    code = misspelt_place(index, text[body_lo:b_hi])
                    if code and (us_context or not code.startswith("US-")):
                        item_places = [Mention(body_lo, b_hi, code, text[body_lo:b_hi].strip())]
                if unit_place is None and town and lead_reading:
                    # "Union County, MS" under "illegal ... in the following cities:"
                    for p, r in ((town[0], lead_reading), (town[1], lead_aside)):
                        if r:
                            add(
                                p.code,
                                p.name,
                                dict(r),
                                (b_lo, b_hi),
                                Mark(p.start, p.end),
                                None,
                                None,
                            )
                    continue
                excluded = _EXCLUDING_ASIDE.fullmatch(text, body_lo, b_hi)
                if excluded and lead_reading and "category" in lead_reading and item_places:
                    # "California (this excludes the cities of San Diego and Oceanside)" under a
                    # "legal" heading: the state has the heading's word, the places in the
                    # bracket the opposite
                    for p in item_places:
                        r = dict(lead_reading)
                        if p.start >= excluded.start(1):
                            r = {"category": _OPPOSITE.get(r["category"], "banned")}
                        add(p.code, p.name, r, (b_lo, b_hi), Mark(p.start, p.end), None, None)
                    continue
                if (
                    unit_place is None
                    and item_places
                    and words <= 6
                    and (lead_reading or predicate(text, body_lo, b_hi)[0] is None)
                ):
                    # a bare list of places: the lead-in line or heading says what they are
                    if lead_reading:
                        for p in item_places:
                            r = dict(lead_reading)
                            if "category" in r and re.search(
                                r"\b(?:except|excluding|other than)\b",
                                text[body_lo : p.start],
                                re.IGNORECASE,
                            ):
                                # "Florida (except Sarasota County)" under "legal" headings
                                r = {"category": _OPPOSITE.get(r["category"], "banned")}
                            add(
                                p.code,
                                p.name,
                                r,
                                (b_lo, b_hi),
                                Mark(p.start, p.end),
                                None,
                                None,
                            )
                    continue
            own = _read_span(
                text,
                body_lo,
                b_hi,
                unit_place,
                about,
                us_context,
                today,
                places,
                _with_label(add, b_lo + 2, body_lo) if unit_place is not None else add,
                lead_reading=lead_reading if (is_item and unit_place is not None) else None,
                answered=answered,
                heading_place=head_place,
                council_town=recent_town,
                year=year,
            )
            if not is_item:
                # a paragraph ending in ':' is the lead-in of the list below it
                if line.rstrip().endswith(":") or COUNT.search(line) or _LEAD_IN.search(line):
                    last, aside = None, None
                    for c_lo, c_hi in clause_spans(text, b_lo, b_hi):
                        r, hypo = predicate(text, c_lo, c_hi)
                        if r and not hypo and _CONCESSIVE.search(text, max(0, c_lo - 12), c_lo):
                            # "illegal, although it remains legal within the state, in the
                            # following cities:": the aside is the towns' states', not the items'
                            aside = r
                        elif r and not hypo:
                            last = r
                    lead_aside = aside if last and _WITHIN_STATE.search(line) else None
                    last = last or aside
                    lead_reading = last or head_reading
                else:
                    lead_reading, lead_aside = head_reading, None
    undatable: list[ReadClaim] = []
    for c in claims:
        if c.kind == "place" and c.claim_date is None and c.date_words is None:
            # "This became effective in 1943. The law led to ...": the date of the one before
            span = anaphoric_date.sentence_at(text, c.mark.start)
            back = anaphoric_date.date_back(text, *span, today, year) if span else None
            if back == anaphoric_date.UNKNOWN_PAST:
                undatable.append(c)  # "At the time" of "last year" on an undated page: no day
            elif back is not None:
                c.claim_date, c.date_words = back
            elif c.reading.get("category") == "banned" and (until := ended.last_day(c.text, today)):
                # "Rhode Island – (Rescinded 4/1/2026)": the ban held until the day before
                c.claim_date, c.date_words = until, "the day before it ended"
    claims = [c for c in claims if not any(c is u for u in undatable)]
    if published is None:
        # an undated page that says when it speaks ("As of early 2026, ...") speaks of that date
        frames = [find_date(m.group(0), today) for m in _AS_OF.finditer(text)]
        frames = [(d, w) for d, w in frames if d is not None]
        if frames:
            frame, words = max(frames)
            for c in claims:
                if c.claim_date is None:
                    c.claim_date, c.date_words = frame, "as of " + words
        else:
            # an undated page that tells a day as its present ("Currently, lawmakers ... introduced
            # it on October 7th, 2021"): its present-tense claims are checked then, not today
            days = [
                d
                for rx in (DATE_FULL, DATE_DMY)
                for m in rx.finditer(text[:200_000])
                if _NOW_CUE.search(
                    text,
                    max(0, text.rfind(".", 0, m.start()) + 1, text.rfind("\n", 0, m.start())),
                    m.start(),
                )
                for d, _ in [find_date(m.group(0), today)]
                if d is not None
            ]
            if days:
                frame = max(days)
                for c in claims:
                    if c.claim_date is None:
                        c.claim_date, c.date_words = frame, "the latest day the page reports"
            elif (
                titled := title_year(title, today)
            ) is not None and not page_year.reports_later_day(text, titled, today):
                # "Is Kratom Legal In My State In 2020": an undated page whose title names the year
                # it speaks of is checked at that year's end (never shown as its publication date)
                for c in claims:
                    if c.claim_date is None:
                        c.claim_date, c.date_words = titled, "the year in the page's title"
    for c in claims:
        if c.date_words == FORMER_STATE_WORDS and c.claim_date is None:
            c.claim_date = former.day_before(published)
    if published is None:
        # the state before the change an undated report tells: no day fixes it, so no claim
        claims = [
            c
            for c in claims
            if not (c.date_words == FORMER_STATE_WORDS and c.claim_date is None)
            or not former.stretch_to_change(c.text)
        ]
    _dated_after_publication(text, claims, published)
    _effect_days_ahead(claims, published, today)
    _dated_by_day_of_effect(text, claims, published, today)
    claims = _one_fact_per_sentence(_date_like_dated(claims, published))
    return Reading(merge(claims), main, us_context, truncated, stopped_at=stopped_at)


# a sentence that announces the list below it without a colon ("The list below are countries in
# which kratom is considered illegal."): its predicate is the items'
_LEAD_IN = re.compile(
    r"\b(?:the\s+(?:list|table|countries|states|places)\s+(?:below|that follow)|(?:listed|shown|named)\s+below"
    r"|below\s+(?:is|are)\s+(?:the|a)\b|the\s+following\s+(?:list|countries|states|places)\b)",
    re.IGNORECASE,
)
# a list item of a place and a bracketed exclusion: "Colorado (this excludes the city of Denver)",
# "Florida (excluding Sarasota County)"
_EXCLUDING_ASIDE = re.compile(
    r"\s*[A-Z][\w.' -]{1,40}?\s*\(((?:this|which|that)?\s*(?:excludes|excluding|except(?:\s+for|\s+in)?"
    r"|not including|with the exception of|but not)\b[^()\n]{1,120})\)\s*\.?\s*"
)
_CONCESSIVE = re.compile(r"\b(?:although|though|while|whereas|even if)\s+$", re.IGNORECASE)
_WITHIN_STATE = re.compile(
    r"\b(?:within|in|across|throughout) (?:the|its|their) states?\b", re.IGNORECASE
)
# a list item that is a town and its state's postal abbreviation: "Union County, MS"
_TOWN_ST = re.compile(r"\s*([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}),\s*([A-Z]{2})\.?\s*")


def _town_item(text: str, lo: int, hi: int, found: list[Mention]) -> tuple[Mention, Mention] | None:
    """(the town, its state) of an item "Town, ST"; the town keeps its code when the tracker holds
    it in that state, else it is a place the tracker does not hold."""
    m = _TOWN_ST.fullmatch(text, lo, hi)
    state = us_state_of_postal(m.group(2)) if m else None
    if state is None:
        return None
    held = [p for p in found if p.code.startswith(state + "/") and p.start < m.end(1)]
    town = held[0] if held else Mention(m.start(1), m.end(1), "", m.group(1))
    return town, Mention(m.start(2), m.end(2), state, m.group(2))


_OTHER_SUBSTANCE = re.compile(
    r"\b(?:kava|cannabis|marijuana|hemp|CBD|THC|delta-8|psilocybin|alcohol|tobacco|nicotine"
    r"|tianeptine|phenibut)\b",
    re.IGNORECASE,
)
_KRATOM_NAMED = re.compile(
    r"\b(?:kratom|ketum|kratum|biak|mitragyn\w*|7-?OH|7-hydroxy\w*|speciosa)\b", re.IGNORECASE
)


def _of_another_substance(sentence: str) -> bool:
    """A sentence about another substance that never names kratom ("Kava is legal in all 50
    states", "cannabis and hemp were decriminalised") says nothing of kratom's status."""
    other = _OTHER_SUBSTANCE.search(sentence)
    return bool(
        other  # the sentence's subject: among its first words
        and len(sentence[: other.start()].split()) <= 4
        and not _KRATOM_NAMED.search(sentence)
    )


# a headline that states a status: "Kratom Is Illegal In Alabama", "Kratom Remains Legal in Ohio"
_COPULA_STATUS = re.compile(
    r"\b(?:is|are|remains?|stays?)\s+(?:now\s+|still\s+|not\s+)?(?:il)?legal\b"
    r"|\b(?:is|are|remains?|stays?)\s+(?:now\s+|still\s+|not\s+)?banned\b"
    # headlinese drops the copula: "Herbal kratom already illegal in Maine"
    r"|\bkratom\s+(?:(?:now|still|already|officially)\s+)?(?:il)?legal\s+in\b"
    # "becomes" links a place to a class of places: "Ohio Becomes Ninth State to Ban Kratom"
    r"|\b(?:becomes?|became)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:u\.s\.\s+)?(?:state|country|nation)"
    r"\s+to\s+(?:ban|outlaw|prohibit|criminali[sz]e)\b",
    re.IGNORECASE,
)
# a headline whose subject is the place itself and whose verb is a ban in the present tense:
# "Ukraine Bans Kratom Sales", "Norway Outlaws Kratom" (not "Governor Signs Ban", an act of a person)
_PLACE_BAN_VERB = re.compile(
    r"\s*(?:now\s+)?(?:bans|outlaws|prohibits|criminali[sz]es|classifies|lists|schedules)\b",
    re.IGNORECASE,
)


def _place_bans(heading: str | None, found: list[Mention], reading: dict | None) -> bool:
    return bool(
        heading
        and len(found) == 1
        and not found[0].code.startswith("US")  # a town's or state's ban is news of an ordinance
        and not heading[: found[0].start].strip()
        and _PLACE_BAN_VERB.match(heading, found[0].end)
        and reading
        and reading.get("category") in ("banned", "restricted")
    )


_GOVERNMENT_BANS = re.compile(
    r"\s*(?:the\s+)?(?:government|cabinet|parliament|authorities|ministry(?:\s+of\s+\w+)?)"
    r"(?=\s*(?:now\s+)?(?:bans|outlaws|prohibits|criminali[sz]es|classifies|lists|schedules)\b)",
    re.IGNORECASE,
)


def _government_headline(
    text: str, s_lo: int, heading: str | None, found: list[Mention], reading: dict | None
) -> tuple[int, int] | None:
    """(start, end) of a headline that names no place and whose subject is a government that bans
    ("The government classifies plant drug as narcotic"): the page's own country's act."""
    if (
        not heading
        or found
        or not reading
        or reading.get("category") not in ("banned", "restricted")
    ):
        return None
    m = _GOVERNMENT_BANS.match(heading)
    if not m or predicate(heading, 0, len(heading))[1]:
        return None
    at = text.rfind(heading, max(0, s_lo - len(heading) - 10), s_lo)
    return (at, at + len(heading)) if at >= 0 else None


# "Where is kratom legal?", "Wo ist Kratom verboten?", "In which countries is it banned?": a heading
# that asks for the places of one status, which the list below it names
_WHERE_QUESTION = re.compile(
    r"\W*(?:where|wo|in which (?:\w+ )?(?:countries|states|places)|in welchen (?:\w+ )?L\u00e4ndern)"
    r"\s+(?:(?:is|are|ist|sind)\s+)?(?:kratom|it)\b[^?]{0,30}\?\s*$",
    re.IGNORECASE,
)


# a heading that asks, or heads a set of places: not a statement
_NOT_STATED = re.compile(
    r"\s*(?:where|which|what|how|why|when|who|is|are|can|does|do|should|will|states|countries|list)\b",
    re.IGNORECASE,
)


def _stated_heading(
    text: str, s_lo: int, heading: str | None, found: list[Mention]
) -> tuple[int, int] | None:
    """(start, end) in the text of a heading that states one place's status ("Legal in the U.K.",
    "Kratom Is Illegal In Alabama"), or None (a question, a list's heading, no or many places)."""
    if not heading or heading.rstrip().endswith("?") or _NOT_STATED.match(heading):
        return None
    status = _COPULA_STATUS.search(heading)
    # a long headline counts up to its statement: "Utah becomes 8th state to ban kratom, with ..."
    if (
        len({m.code for m in found}) != 1
        or len(heading[: status.end() if status else None].split()) > 10
    ):
        return None
    at = text.rfind(heading, max(0, s_lo - len(heading) - 10), s_lo)
    return (at, at + len(heading)) if at >= 0 else None


def _with_label(add, label_lo: int, body_lo: int):
    """An item's first sentence read after its label ("California \u2013 kratom is legal") is
    quoted with the label, which names its place."""

    def add_labelled(code, name, reading, unit, *args, **kw):
        unit = (label_lo, unit[1]) if unit[0] == body_lo else unit
        add(code, name, reading, unit, *args, **kw)

    return add_labelled


def _sentence_elsewhere(sentence: str) -> bool:
    """A sentence about other places or an agency's doing: it ends a paragraph's place."""
    return bool(
        re.search(
            r"\b(?:states|countries|nations|places|areas|federal\w*|others)\b",
            sentence,
            re.IGNORECASE,
        )
        or AGENCY.search(sentence)
    )


def _read_span(
    text,
    lo,
    hi,
    unit_place,
    main,
    us_context,
    today,
    places,
    add,
    *,
    lead_reading,
    heading_place,
    year=None,
    answered=None,
    council_town=None,
) -> bool:
    """Read the sentences of text[lo:hi]; returns whether any claim was found.

    A clause that names no place is about the one place the sentence before it (in the same
    paragraph) named, if it named exactly one; "since 2013" dates only its own clause."""
    found = False
    last_place: Mention | None = None
    asked = None  # (reading, place) of a yes/no question just asked
    past_topic = False  # the sentence before spoke of a past state without its date
    bill_place: Mention | None = None  # the place of a ban bill the sentence before spoke of
    counted_here = None  # the reading of the count of states the sentence before made
    last_told: dict | None = None  # the last status a sentence before (in this paragraph) told
    for s_lo, s_hi in sentence_spans(text, lo, hi):
        sentence = text[s_lo:s_hi]
        counted_before, counted_here = counted_here, None
        if sentence.rstrip().endswith("?"):
            # a question is not a claim, but its answer in the next sentence is
            q_reading, _ = predicate(text, s_lo, s_hi)
            q_places = [p for p in places(s_lo, s_hi) if p.code]
            asked = (
                (q_reading, q_places[0])
                if q_reading and "category" in q_reading and q_places
                else None
            )
            continue
        reply, asked = (ANSWER.match(sentence) and asked), None
        # "Yes, except in Sarasota County": the exception answers against the answer's reading
        seed, answered = (answered if ANSWER.match(sentence) else None), None
        if reply:
            r = dict(reply[0])
            if ANSWER.match(sentence)[1].lower() in _NO_WORDS:
                r = {"category": _OPPOSITE.get(r["category"], "banned")}
            add(
                reply[1].code,
                reply[1].name,
                r,
                (s_lo, s_hi),
                Mark(s_lo, s_lo + ANSWER.match(sentence).end()),
                None,
                None,
            )
            found = True
            seed = r
        listed = len(places(s_lo, s_hi)) > 1  # a bracketed date in a list of places is one place's
        s_date, s_words = find_date(_outside_parens(sentence) if listed else sentence, today, year)
        if s_words and s_words.lower().startswith("since"):
            s_date, s_words = None, None
        carried, last_place = last_place, None
        if past_topic and _ANAPHORIC_BAN.match(sentence) and not FAILED.search(sentence):
            # "A few years ago, X temporarily banned it. That ban was put in place to ...", but
            # "Years ago the board tried to ban it. The ban never took effect": that is today's news
            continue
        past_topic = False
        if us_context:
            for am in AGENCY.finditer(text, s_lo, s_hi):
                others = [p for p in places(s_lo, s_hi) if p.code and not p.code.startswith("US")]
                if others:
                    break
                key = next(k for k, names in AGENCIES.items() if am.group(0) in names)
                add(
                    "US",
                    key,
                    {"agency": key},
                    (s_lo, s_hi),
                    Mark(am.start(), am.end()),
                    s_date,
                    s_words,
                    kind="agency",
                )
        # "Penalties are stringent, including fines up to $50,000", "In Connecticut, controlled
        # substances are classified as Schedule I - V": a sentence that never names the plant, its
        # alkaloids, products or trade, a law, nor refers back to them, says nothing of kratom's
        # status (it still names the place the next sentence may speak of)
        mute = (
            unit_place is None
            and lead_reading is None
            and seed is None
            and len(sentence.split()) > 6
            and not _OF_THE_PLANT.search(sentence)
        ) or _of_another_substance(sentence)
        clauses = clause_spans(text, s_lo, s_hi)
        failing = _FAILED_BILL.search(text, s_lo, s_hi)
        pending, bill_place = bill_place, None
        if pending is not None and failing and _BILL_REFERENT.match(sentence):
            # "... a bill that would have made it illegal. However, the bill did not pass."
            add(
                pending.code,
                pending.name,
                {"category": "not_banned"},
                (s_lo, s_hi),
                Mark(s_lo, s_hi),
                s_date,
                s_words,
            )
            found = True
            continue
        prev_reading = seed
        at = sentence.find(s_words) if s_words else -1
        fronted_date = at >= 0 and not any(
            rx.search(sentence, 0, at) for rx in (BANNED, LEGAL, REGULATED)
        )
        # "If it is legal in your country but ..., get in touch": a condition, and the reader's place
        sentence_hypo = bool(
            re.match(r"\s*(?:If|Unless|Whether|Should)\b", sentence)
            and not re.match(
                r"\s*If\s+(?:you(?:'re|\u2019re| are)|they(?:'re| are))\s+(?:over|at least|aged?|\d)",
                sentence,
            )
        ) or bool(
            re.search(r"\byour (?:country|state|area|city|jurisdiction)\b", sentence, re.IGNORECASE)
        )
        sentence_places = places(s_lo, s_hi)
        named = {p.code for p in sentence_places if p.code}
        last_place = sentence_places[0] if len(named) == 1 and sentence_places[0].code else None
        if not sentence_places and not _sentence_elsewhere(sentence):
            # "... in Canada are clear. They consider ... This implies ...": a sentence naming no
            # place leaves the paragraph's place as it was, for the one after it
            last_place = carried
        earlier: list[Mention] = []  # places named by the clauses before, in this sentence
        sentence_counted = False  # a clause before, in this sentence, made a count
        last_date: tuple = (None, None)  # the date of the clause before, in this sentence
        for c_lo, c_hi in clauses:
            clause = text[c_lo:c_hi]
            reading, hypo = (
                (None, False)
                if mute or topic.other_subject(sentence, clause)
                else predicate(text, c_lo, c_hi)
            )
            if reading and _NOT_EVERYWHERE.search(clause):
                # "Kratom is not legal in all 50 states": only that some differ, none named or
                # counted (not a ban of all fifty, nor of the country)
                reading = None
            enumerated = (
                reading is None
                and counted_before
                and (_ENUMERATION.match(clause) or _MEMBER_OF_THEM.search(clause))
            )
            if enumerated:
                # "A few states have banned kratom. These include Alabama and Vermont.": the
                # states the count spoke of, on the count's date
                reading = dict(counted_before[0])
            joined = (
                [p for p in places(c_lo, c_hi) if p.code] if _MEMBER_OF_THEM.search(clause) else []
            )
            if joined and last_told and reading is None:
                # "... banned or restricted in many countries. Now Ukraine is among them."
                for p in joined:
                    add(
                        p.code,
                        p.name,
                        dict(last_told),
                        (s_lo, s_hi),
                        Mark(p.start, p.end),
                        None,
                        None,
                    )
                found = True
                continue
            former_state = (
                c_lo == clauses[0][0] and former.opens_on_former_state(sentence)
            ) or former.stretch_to_change(sentence)
            if former_state and former.past_ability(clause):
                # "Until now, kratom could be purchased online": it was legal, until the change (the
                # opener's own "Before the ban" is not the status)
                reading, hypo = former.past_ability(clause), False
            if _failed_bill(reading, clause, failing, c_lo):
                # "A bill to ban it was introduced, but it did not advance": still not banned
                reading, hypo = {"category": "not_banned"}, False
            before_here = earlier
            if not re.match(
                r"\s*(?:While|Although|Though|Whereas|Unlike|Even though|In (?:stark |sharp )?contrast|Compared"
                r"|except|with (?:the )?exception|excluding|other than|the exception)\b",
                clause,
                re.IGNORECASE,
            ):
                # the place of a clause before, in the same sentence ("In Arkansas, however, kratom
                # has been banned"), unless that clause was a contrast or an exception
                earlier = earlier + [p for p in places(c_lo, c_hi) if p.code]
            if (
                reading
                and re.search(
                    r"\b(?:initially|originally|previously|formerly|once|used to|temporarily|(?:a few|several|some|many|\w+) years ago)\b",
                    clause,
                    re.IGNORECASE,
                )
                and not find_date(clause, today, year)[1]
                and not _TEMPORARY_NOW.search(clause)
                and not (former_state and reading.get("category") == "legal")
                # "Once popular, the plant will now be prohibited": "now" states the present
                and not re.search(r"\bnow\b", clause, re.IGNORECASE)
            ):
                reading = None  # a past state without its date
                last_place = None  # nor does "That ban ..." in the next sentence speak of today
                past_topic = True
            except_clause = bool(
                re.match(
                    r"\s*(?:except|with (?:the )?exception of|excluding|other than|the exception (?:being|is))\b",
                    clause,
                    re.IGNORECASE,
                )
            )
            said = prev_reading and (prev_reading.get("category") or prev_reading.get("also"))
            if reading is None and except_clause and said:
                # "legal for those over 18 except for Alton": the exception is against the status
                opp = _OPPOSITE.get(said)
                reading = {"category": opp} if opp else None
            if (
                reading is None
                and lead_reading is not None
                and unit_place is not None
                and not sentence_places
            ):
                reading = dict(lead_reading)
            elif (
                reading is not None
                and hypo
                and not FAILED.search(clause)
                and lead_reading is not None
                and unit_place is not None
                and not sentence_places
                and not found
            ):
                # "Montana (regulating through proposed studies)" under a "legal" heading: the note
                # speaks of a proposal; the place keeps the status its list gives it
                reading, hypo = dict(lead_reading), False
            if sentence_hypo and re.match(r"\s*(?:If|Unless|Whether|Should)\b", sentence):
                hypo = True
            if hypo and not FAILED.search(clause):
                sentence_hypo = True
            elif sentence_hypo and re.match(
                r"\s*(?:while |and )?(?:also |thereby |further )?\w+ing\b", clause, re.IGNORECASE
            ):
                hypo = True  # "is expected to set ..., while also prohibiting ...": the same hypothesis
            if reading is None or hypo and not FAILED.search(clause):
                if (
                    hypo
                    and reading
                    and reading.get("category") == "banned"
                    and _BILL.search(clause)
                ):
                    named = [p for p in places(c_lo, c_hi) if p.code]
                    if len(named) == 1 or not named and main:
                        bill_place = named[0] if named else Mention(c_lo, c_hi, main, main)
                prev_reading = reading if reading else prev_reading
                continue
            prev_reading = reading
            if "category" in reading:
                last_told = reading
            c_date, c_words = find_date(
                _outside_parens(clause) if len(sentence_places) > 1 else clause, today, year
            )
            if c_words is None and (len(clauses) == 1 or fronted_date):
                # a date fronted before the sentence's first comma ("In 2016, ...") dates the whole
                # sentence; one inside another clause ("San Diego banned kratom in 2016, but it
                # remains legal in the rest of California") dates only that clause
                c_date, c_words = s_date, s_words
            if c_words is None and enumerated:
                c_date, c_words = counted_before[1:]
            if c_words is None and former_state:
                c_words = FORMER_STATE_WORDS  # dated in read(): the day before the report
            if c_words is None and _CONSEQUENCE.match(clause):
                # "listed since 2017, meaning it is illegal to possess": the same fact, same date
                c_date, c_words = last_date
            last_date = (c_date, c_words)
            # "illegal in the Ocean State ... assuming it would be scheduled at the federal level"
            ps = modal_scope.outside_hypothesis(text, c_lo, c_hi, places(c_lo, c_hi))
            # "passed in April 2019", "the governor signed the KCPA": the law, checked once in force
            enacted = bool(ENACTED.search(clause)) and (c_date is not None or c_words is None)
            # counts and ordinals
            counted = False
            for m in COUNT.finditer(text, c_lo, c_hi):
                q = m["q"].lower()
                q = _GERMAN_VAGUE.get(q, q)
                n = int(q) if q.isdigit() else NUMBER_WORDS.get(q)
                noun = m["noun"].lower()
                noun = _GERMAN_NOUNS.get(noun, noun)
                scope = world_counts.count_scope(noun, us_context, text[c_lo : m.start()])
                if scope is None:
                    continue  # "in some places" on a US page: towns or states, not a count
                q = re.sub(r"^(?:a|the)\s+", "", q)
                q = "most" if q in ("majority of", "vast majority of") else q
                q = "numerous" if q == "multitude of" else q
                q = "some" if q == "various" else q  # "various nations": some, of no stated number
                before, after = (
                    text[max(c_lo, m.start() - 25) : m.start()],
                    text[m.end() : m.end() + 40],
                )
                if n is None and (
                    re.search(r"\b(?:like|as with|as in|unlike)\s+$", before, re.IGNORECASE)
                    or re.match(r",?\s+(?:such as|including|like|e\.g\.)", after, re.IGNORECASE)
                    or re.match(
                        r",\s+(?:counties|cities|municipalities|localities)", after, re.IGNORECASE
                    )
                ):
                    # "like many states", "several states such as Alabama ...": a comparison, or
                    # examples that are claims of their own; "states, counties and cities" is mixed
                    ps = [p for p in ps if not (m.start() <= p.start < m.end())]
                    counted = True
                    continue
                if "category" not in reading:
                    continue
                if (
                    n is None
                    and q not in ("most", "all")
                    and _CONTRAST.search(clause)
                    and any(
                        p.code and p.code != "US" and not (c_lo <= p.start < c_hi)
                        for p in sentence_places
                    )
                ):
                    # "While some states have imposed strict bans, Texas has taken a different
                    # approach": a vague count set against the named place the sentence is about
                    ps = [p for p in ps if not (m.start() <= p.start < m.end())]
                    counted = True
                    continue
                if (
                    scope == "states"
                    and n is None
                    and LOCALITY_SCOPE.search(text[m.end() : m.end() + 30])
                    and "and" in text[m.end() : m.end() + 6]
                ):
                    continue  # "some states and cities": a mixture, not a count of states
                if n is None and re.match(r"\s+(?:where|in which)\b", text[m.end() : m.end() + 12]):
                    # "We ship to all states where kratom is legal": the set, not a claim about it
                    ps = [p for p in ps if not (m.start() <= p.start < m.end())]
                    counted = True
                    continue
                but = re.match(
                    r"\s*,?\s*(?:except(?:\s+(?:for|in))?|with the exception of|other than|excluding)\s",
                    text[m.end() : s_hi],
                    re.IGNORECASE,
                )
                if but and scope == "states" and (n == 50 or q == "all"):
                    # "legal in all 50 states except Alabama, Arkansas, ...": the states not excepted
                    excepted = {
                        p.code
                        for p in places(m.end(), s_hi)
                        if p.code.startswith("US-") and "/" not in p.code
                    }
                    n = 50 - len(excepted) if excepted else n
                count = {
                    "count": n if n is not None else re.sub(r"^(?:a|the)\s+", "", q),
                    "scope": scope,
                }
                counted_reading = dict(reading)  # what the count says of its states
                if n is not None and _ALL_BUT.search(text, max(c_lo, m.start() - 12), m.start()):
                    # "legal in all but 6 of the 50 states": the six are the other way
                    opp = _OPPOSITE.get(reading["category"])
                    counted_reading = {"category": opp} if opp else counted_reading
                if m["mod"]:
                    count["modifier"] = m["mod"].lower()
                add(
                    "US" if scope == "states" else None,
                    m.group(0),
                    counted_reading,
                    (s_lo, s_hi),
                    Mark(m.start(), m.end()),
                    c_date,
                    c_words,
                    kind="count",
                    count=count,
                )
                counted = True
                if scope == "states":
                    counted_here = (counted_reading, c_date, c_words)
                ps = [
                    p
                    for p in ps
                    if not (m.start() <= p.start < m.end())
                    # "half of the states in the United States": the count's own frame
                    # (a count of countries has none: "many European countries and the US")
                    and not (scope == "states" and p.code == "US" and 0 <= p.start - m.end() <= 12)
                ]
            for m in UNTRACKED.finditer(text, c_lo, c_hi):
                if _ATTRIBUTION.search(text, max(0, m.start() - 20), m.start()):
                    continue  # "according to Recovery Village": a source, not a town
                if not any(p.start <= m.start(1) < p.end for p in ps):
                    g = 1 if m.group(1) else 2
                    ps.append(Mention(m.start(g), m.end(g), "", m.group(g)))
            for m in localities.NAMED_LOCALITY.finditer(text, c_lo, c_hi):
                if not any(p.start < m.end() and m.start() < p.end for p in ps):
                    # "in nearby Livingston Parish": a locality the tracker does not hold, and
                    # not its state ("Union County, Mississippi" names where it is)
                    ps = [
                        p
                        for p in ps
                        if not (
                            "/" not in p.code and re.fullmatch(r",\s*", text[m.end() : p.start])
                        )
                    ]
                    ps.append(Mention(m.start(), m.end(), "", m.group(0)))
                    ps.sort(key=lambda p: p.start)
            if any("/" in p.code or not p.code for p in ps):
                # "Ascension Parish became the first in Louisiana to ban it": the state ranks it
                ps = [
                    p
                    for p in ps
                    if "/" in p.code or not p.code or not localities.is_ordinal_frame(text, p.start)
                ]
            lg_span = _LOCAL_GOVERNMENT.search(clause)
            if lg_span:
                inside = [p for p in ps if c_lo + lg_span.start() <= p.start < c_lo + lg_span.end()]
                if inside:
                    ps = [p for p in ps if p not in inside] + [
                        Mention(c_lo + lg_span.start(), c_lo + lg_span.end(), "", lg_span.group(0))
                    ]
            if us_context and (not ps or except_clause):
                # "illegal ... in either Monument or Parker", "Oxford city", "except in San Diego and
                # Oceanside": towns the tracker does not hold, not the article's state
                ps = sorted(
                    ps
                    + [
                        t
                        for t in _unknown_towns(text, c_lo, c_hi)
                        if not any(
                            p.start <= t.start < p.end or t.start <= p.start < t.end for p in ps
                        )
                    ],
                    key=lambda p: p.start,
                )
            if not ps and except_clause and not counted:
                # "legal in Florida except for areas under the jurisdiction of ...": the
                # exception is somewhere else, even when the reader does not know the place
                ps = [Mention(c_lo, c_hi, "", text[c_lo:c_hi].strip())]
            # localities named only as "several counties" of a state: not the state
            local = re.search(
                r"\b(?:(?:in|by)\s+)?(?:(?:about|around|nearly|almost|over|more than|at least|roughly)\s+)?"
                r"(several|some|many|\d+|a few|dozens of|\w+ or more|numerous|most|"
                + "|".join(w for w in NUMBER_WORDS if " " not in w)
                + r")\s+(?:of\s+)?(?:the\s+)?"
                r"(?:\w+\s+){0,2}(?:counties|cities|towns|municipalities|parishes|localities)",
                clause,
                re.IGNORECASE,
            )
            if local and re.search(r"\bstates\b", local.group(0), re.IGNORECASE):
                local = None  # "some states and municipalities": mixed, not localities of one state
            # "Illinois has cities and counties within its borders with a ban": localities it
            # has, unnumbered, are some of them
            local = local or _HAS_LOCALITIES.search(clause)
            if local:
                states = [p for p in ps if "/" not in p.code and p.code]
                ps = [p for p in ps if "/" in p.code]
                home = next(
                    (
                        q.code
                        for q in (unit_place, carried)
                        if q is not None and q.code.startswith("US-") and "/" not in q.code
                    ),
                    heading_place or main,
                )  # the row's or item's state, the paragraph's, the heading's, the article's
                for st in states or ([Mention(c_lo, c_hi, home, home)] if home else []):
                    add(
                        st.code,
                        local.group(0),
                        dict(reading),
                        (s_lo, s_hi),
                        Mark(local.start() + c_lo, local.end() + c_lo),
                        c_date,
                        c_words,
                        kind="count",
                        count={
                            "count": NUMBER_WORDS.get(
                                local.group(1).lower(), local.group(1).lower() or "some"
                            ),
                            "scope": "localities",
                        },
                    )
                    counted = True
            if (
                not ps
                and not counted
                and not sentence_counted
                and "category" in reading
                and world_counts.speaks_of_others(clause)
            ):
                # "Several countries have opened their borders to it, whereas others impose bans":
                # the rest of a set whose own clause said nothing the reader reads
                scope = world_counts.others_scope(
                    [
                        (m["noun"], us_context, text[a : m.start()])
                        for a, b in clauses
                        if b <= c_lo and predicate(text, a, b)[0] is None
                        for m in COUNT.finditer(text, a, b)
                    ]
                )
                if scope:
                    add(
                        None if scope == "countries" else "US",
                        clause.strip(),
                        dict(reading),
                        (s_lo, s_hi),
                        Mark(c_lo, c_hi),
                        c_date,
                        c_words,
                        kind="count",
                        count={"count": "some", "scope": scope},
                    )
                    counted = found = True
            some = world_counts.there_are_countries(clause) if not counted else None
            if some and "category" in reading:
                # "There are countries in the world that are still prohibiting its use"
                add(
                    None,
                    some.group(1),
                    dict(reading),
                    (s_lo, s_hi),
                    Mark(c_lo + some.start(1), c_lo + some.end(1)),
                    c_date,
                    c_words,
                    kind="count",
                    count={"count": "some", "scope": "countries"},
                )
                counted = found = True
            union = next((p for p in ps if p.code == "EU"), None)
            if (
                union
                and "category" in reading
                and world_counts.most_members(clause, union.start - c_lo)
            ):
                # "its sale remains mostly unregulated across the European Union": most member
                # countries, not the union's own law
                ps = [p for p in ps if p is not union]
                add(
                    None,
                    union.name,
                    dict(reading),
                    (s_lo, s_hi),
                    Mark(union.start, union.end),
                    c_date,
                    c_words,
                    kind="count",
                    count={"count": "most", "scope": "countries"},
                )
                counted = found = True
            bare = _BARE_QUANTIFIER.match(clause)
            if bare and not ps and not counted and us_context and "category" in reading:
                # "Some have banned or restricted its sale and use": some (states), not the place
                # of the sentence before
                add(
                    "US",
                    bare.group(1),
                    dict(reading),
                    (s_lo, s_hi),
                    Mark(c_lo + bare.start(1), c_lo + bare.end(1)),
                    c_date,
                    c_words,
                    kind="count",
                    count={"count": bare.group(1).lower(), "scope": "states"},
                )
                counted = found = True
            ordinal = None
            om = ORDINAL.search(clause)
            if om and reading.get("category") == "banned" or om and "seven_oh" in reading:
                ordinal = _ORDINALS[om["n"].lower()]
            elsewhere = re.search(
                r"\b(?:states|countries|nations|places|areas|federal\w*|others)\b",
                clause,
                re.IGNORECASE,
            ) or AGENCY.search(clause)  # about other places, or about an agency's doing
            town = re.search(
                r"(?<!outside )(?<!outside of )\b(?:the|this|that) (?:city|town|village|municipality"
                r"|(?P<county>county|parish))\b",
                clause,
                re.IGNORECASE,
            )
            council = council_town and council_town[0].code and _COUNCIL.search(clause)
            if not ps and _LIST_FOLLOWS.search(clause):
                continue  # "banned in:" names its places in the list below, not the page's place
            if not ps and not counted and council and not town:
                # "Council members voted against a total ban": the town the page spoke of
                ps = [council_town[0]]
            elif not ps and not counted and not town and (body := _COUNCIL.search(clause)):
                # "Supervisors voted to rescind the ban" with no tracked town named before: a
                # local body acts for its own county or town, which the tracker lacks, never the state
                ps = [Mention(c_lo + body.start(), c_lo + body.end(), "", body.group(0))]
            if not ps and not counted and town:
                # a town not named here; the page's own town when the page is about one, and
                # "this county" the county named last ("Sarasota County ... Since 2014, this county
                # has enforced a ban"), never the state around it
                here = main if main and "/" in main else ""
                last = council_town[0] if council_town else None
                if (
                    town["county"]
                    and last
                    and last.code
                    and town["county"].lower() in last.name.lower()
                ):
                    here = last.code
                ps = [Mention(c_lo + town.start(), c_lo + town.end(), here, town.group(0))]
            if (
                not ps
                and not counted
                and unit_place is None
                and len({p.code for p in before_here}) == 1
                and not elsewhere
            ):
                ps = [before_here[0]]  # "In Arkansas, however, kratom has been banned"
            own = state_names.own_state(clause, main) if not ps and not elsewhere else None
            if own and not counted and unit_place is None:
                ps = [Mention(c_lo, c_hi, own, own)]  # "you cannot buy kratom in this state"
            if (
                not ps
                and not counted
                and unit_place is None
                and carried is not None
                and not elsewhere
            ):
                ps = [carried]
                if "/" in carried.code and _STATEWIDE.search(sentence):
                    # "Sarasota County approved a ban. ... an emergency statewide order banned ...":
                    # a statewide act is the state's, around the county named before
                    state = carried.code.split("/")[0]
                    ps = [Mention(carried.start, carried.end, state, state)]
            if not ps and not counted:
                target = unit_place
                about_kratom = (
                    KRATOM.search(sentence)
                    or _STATUS_LABEL.match(sentence)
                    or re.search(
                        r"\b(?:sales?|products?|possess\w*|sell\w*|consumption|cultivation|leaf|leaves|import\w*|export\w*"
                        # the trade a rule binds: "Businesses dealing in these substances must have a licence"
                        r"|vendors?|retailers?|sellers?|businesses|dealing in"
                        # German: "Privater Besitz wird nicht verfolgt", "Der Verkauf ist erlaubt"
                        r"|Besitz|Verkauf|Erwerb|Handel)\b",
                        clause,
                        re.IGNORECASE,
                    )
                )
                if target is None and about_kratom and not elsewhere:
                    target_code = heading_place or main
                    if target_code:
                        target = Mention(c_lo, c_hi, target_code, target_code)
                if target is not None:
                    ps = [target]
            readings = split_also(reading)
            otherwise = reading.get("category") == "banned" and re.search(
                r"\botherwise (?:legal|lawful)\b", clause, re.IGNORECASE
            )
            local_here = any(p.code and "/" in p.code for p in ps)
            if (
                len(ps) == 1
                and AGENCY.fullmatch(ps[0].name)
                and _ACTS.match(text, ps[0].end)
                and (reading.get("category") in ("banned", "restricted") or "seven_oh" in reading)
            ):
                # "The Food and Drug Administration banned the import of kratom in 2014": an agency's
                # act, recorded as the agency claim, not a status of the federal level
                ps = []
            for p in ps:
                if otherwise and local_here and p.code and "/" not in p.code:
                    # "Sarasota County in Florida ... is prohibited in an otherwise legal state"
                    readings = [{"category": "legal"}]
                else:
                    readings = split_also(reading)
                mark = (
                    Mark(p.start, p.end)
                    if p.start >= s_lo
                    and p.end <= s_hi
                    and p.end - p.start < c_hi - c_lo
                    or p is unit_place
                    else Mark(c_lo, c_hi)
                )
                if p.name == p.code and p is not unit_place:
                    mark = Mark(c_lo, c_hi)
                # "Rhode Island (until April 2026)": a date in brackets after a place is that place's
                p_date, p_words = c_date, c_words
                own = _PAREN.match(text, p.end, c_hi)
                if own and find_date(own.group(1), today, year)[1]:
                    p_date, p_words = find_date(own.group(1), today, year)
                for r in readings:
                    add(
                        p.code,
                        p.name,
                        dict(r),
                        (s_lo, s_hi),
                        mark,
                        p_date,
                        p_words,
                        ordinal=ordinal if p is ps[0] else None,
                        enacted=enacted,
                    )
                found = True
            found |= counted
            sentence_counted |= counted
    return found


# a bill, a measure or an attempt: what a failure speaks of
_BILL = re.compile(
    r"\b(?:bills?|legislation|measures?|proposals?|ordinances?|amendments?|attempt\w*|efforts?|tried|tries|trying)\b",
    re.IGNORECASE,
)
# its failure: "did not advance", "didn't succeed", "was removed", "voted it down"
_FAILED_BILL = re.compile(
    r"\b(?:did(?:n['\u2019]t| not)|has(?:n['\u2019]t| not)|have(?:n['\u2019]t| not)|never)\s+(?:yet\s+)?"
    r"(?:succeed|pass|advance|become law|progress|move forward|make it"
    r"|been (?:approved|adopted|enacted|finali[sz]ed|passed))\w*"
    r"|\bvoted\s+(?:\w+\s+)?(?:against|down)\b|\bfail(?:ed|s)\b|\bdied\b"
    # "tried to ban kratom, but they haven't had much success"
    r"|\b(?:has|have|had|did)(?:n['\u2019]t| not)\s+(?:had|have|met with)\s+(?:much|any)\s+success\b"
    r"|\b(?:was|were)\s+(?:later\s+)?(?:removed|tabled|killed|defeated|shelved|withdrawn|rejected|vetoed)\b",
    re.IGNORECASE,
)
# a sentence that speaks of the bill just named: "However, the bill did not pass"
_BILL_REFERENT = re.compile(
    r"\s*(?:However,?\s+|But\s+|Yet\s+|Ultimately,?\s+|Eventually,?\s+)?(?:the|that|this|it|the proposed)\b"
    r"(?:\s+(?:bill|measure|legislation|proposal|attempt|effort|ban))?\s+(?:\w+\s+){0,2}?"
    r"(?:did|didn|has|was|were|never|fail|died|voted)",
    re.IGNORECASE,
)


def _failed_bill(reading: dict | None, clause: str, failing, c_lo: int) -> bool:
    """A ban a bill would have made, in a sentence that says (here or after) the bill failed."""
    return bool(
        reading
        and failing
        and failing.start() >= c_lo
        and reading.get("category") in ("banned", "restricted")
        and _BILL.search(clause)
    )


_BARE_QUANTIFIER = re.compile(
    r"\s*(Some|Several|Many|Most|A few)\s+(?:have|had|now|still|already|also)\b(?!\s+(?:been|said|argued|claimed))"
)
# "Another north Mississippi government is banning ...": a local government, not the state
_LOCAL_GOVERNMENT = re.compile(
    r"\b(?:another|one more)\s+(?:[\w-]+\s+){0,3}?(?:city|town|county|municipality|local government|government|council)\b",
    re.IGNORECASE,
)
_ANAPHORIC_BAN = re.compile(
    r"\s*(?:That|This|The|Such a|Its)\s+(?:ban|prohibition|law|rule|ordinance|moratorium)\b"
)
_CONTRAST = re.compile(
    r"^\s*(?:While|Although|Though|Whereas|Unlike)\b",
)
_PAREN = re.compile(r"\s*\(([^()]{1,80})\)")


def _outside_parens(s: str) -> str:
    """The text with bracketed asides blanked: "in seven states: ..., Rhode Island (until April
    2026), Vermont" is not dated by the aside about one of them."""
    return re.sub(r"\([^()]{1,80}\)", lambda m: " " * len(m.group(0)), s)


_NOW_CUE = re.compile(
    r"\b(?:[Cc]urrently|[Rr]ecently|[Tt]his (?:week|month)|[Ll]ast (?:week|month)|[Yy]esterday|[Rr]ight now|[Jj]ust"
    # "Update: on June 26, 2024 the governor vetoed ...", "Last updated March 3, 2024" (pass 9)
    r"|[Uu]pdated?)\b"
)


def _status_class(reading: dict) -> str | None:
    cat = reading.get("category")
    if cat in ("legal", "not_banned"):
        return "not banned"
    if cat in ("regulated", "restricted"):
        return "regulated"
    return cat


def _one_status_per_row(claims: list[ReadClaim], start: int) -> None:
    """A table row gives each place one status: "| Connecticut | Legal | No statewide ban ... |"
    says one thing twice, so a later undated mention of the same kind joins the first claim
    (merged later); a dated one ("In 2015, Arkansas made kratom illegal") stays its own claim."""
    first: dict[tuple, ReadClaim] = {}
    for c in claims[start:]:
        if c.kind != "place" or _status_class(c.reading) is None:
            continue
        k = (c.code, _status_class(c.reading))
        if k in first and c.claim_date in (None, first[k].claim_date):
            c.reading, c.claim_date, c.date_words = (
                dict(first[k].reading),
                first[k].claim_date,
                first[k].date_words,
            )
        else:
            first[k] = c


_COUNCIL = localities.LOCAL_BODY
_HAS_LOCALITIES = re.compile(
    r"\b(?:has|have)\s+(?P<n>)(?:cities|counties|towns|municipalities|parishes)"
    r"(?:\s+(?:and|or)\s+(?:cities|counties|towns|municipalities|parishes))?\b",
    re.IGNORECASE,
)
_STATEWIDE = re.compile(r"\bstate[- ]?wide\b", re.IGNORECASE)
_CONSEQUENCE = re.compile(r"\s*(?:meaning|which means|making|thus|therefore)\b", re.IGNORECASE)


def _one_fact_per_sentence(claims: list[ReadClaim]) -> list[ReadClaim]:
    """A sentence states one status per place: "its sale is illegal, but possession is legal" is
    the sale prohibition alone."""
    by_sentence: dict[tuple, list[ReadClaim]] = {}
    for c in claims:
        if c.kind == "place" and _status_class(c.reading):
            by_sentence.setdefault((c.text, c.code), []).append(c)
    dropped: set[int] = set()
    for group in by_sentence.values():
        sale_barred = any(c.reading.get("category") == "restricted" for c in group)
        if sale_barred and POSSESSION.search(group[0].text):
            dropped |= {
                id(c) for c in group if c.reading.get("category") in ("legal", "not_banned")
            }
    return [c for c in claims if id(c) not in dropped]


# "90 Tage nach der Veröffentlichung ... tritt die Legalisierung in Kraft", "takes effect 60 days
# after its publication in the Gazette": the day the law holds is counted from the report's date
_DAYS_AFTER_PUBLICATION = re.compile(
    r"\b(\d{1,3})\s+(?:Tage|days)\s+(?:nach|after)\s+(?:der\s+|its\s+|the\s+)?"
    r"(?:Ver\u00f6ffentlichung|Verk\u00fcndung|publication|being published|promulgation)",
    re.IGNORECASE,
)


def _dated_after_publication(text: str, claims: list[ReadClaim], published: date | None) -> None:
    """A change the report says takes effect N days after its publication: the claims of the
    paragraph that says so (the sentence itself, and the paragraph's undated statements that the
    plant is now legal or off the list) are checked on that day."""
    if published is None:
        return
    for m in _DAYS_AFTER_PUBLICATION.finditer(text, 0, MAX_READ_CHARS):
        lo, hi = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
        hi = len(text) if hi < 0 else hi
        day = published + timedelta(days=int(m.group(1)))
        for c in claims:
            if (
                c.kind == "place"
                and c.claim_date is None
                and lo <= c.mark.start < hi
                and (m.group(0) in c.text or c.reading.get("category") in ("legal", "not_banned"))
            ):
                c.claim_date, c.date_words = day, m.group(0)


def _effect_days_ahead(claims: list[ReadClaim], published: date | None, today: date) -> None:
    """ "It takes effect Jan. 1" in a May report: a day of effect without a year, which the article's
    year would put before the report, is that day of the next year."""
    for c in claims:
        if not (
            c.kind == "place"
            and published
            and c.claim_date
            and c.claim_date < published
            and (DATE_DAY.fullmatch(c.date_words or "") or DATE_DM.fullmatch(c.date_words or ""))
            and effect_day.takes_effect(c.text)
        ):
            continue
        try:
            ahead = c.claim_date.replace(year=c.claim_date.year + 1)
        except ValueError:  # 29 February
            continue
        if ahead <= today:
            c.claim_date = ahead


def _dated_by_day_of_effect(
    text: str, claims: list[ReadClaim], published: date | None, today: date
) -> None:
    """A report that says when the law it tells of takes effect, a day after the report's own ("The
    bill will take effect on July 1"): its undated statements naming the law ("HB 1077 fines people
    under 21 ...") are checked on that day. Two such days leave them to the report's date."""
    if published is None:
        return
    days = {
        d
        for s in effect_day.effect_sentences(text[:MAX_READ_CHARS])
        for d, _ in [find_date(s, today, published.year)]
        if d is not None and d > published
    }
    if len(days) != 1:
        return
    day = days.pop()
    for c in claims:
        if c.kind == "place" and c.claim_date is None and effect_day.names_a_law(c.text):
            c.claim_date, c.date_words = day, "the day the law takes effect"


def _date_like_dated(claims: list[ReadClaim], published: date | None) -> list[ReadClaim]:
    """An article announcing a law that takes effect after its date ("will be illegal starting
    Aug. 1") speaks of that date in its other, undated mentions of the same claim."""
    if published is None:
        return claims
    future: dict[tuple, date] = {}
    for c in claims:
        if c.kind == "place" and c.claim_date and c.claim_date > published:
            k = (c.code, tuple(sorted(c.reading.items())))
            future[k] = min(future.get(k, c.claim_date), c.claim_date)
    for c in claims:
        k = (c.code, tuple(sorted(c.reading.items())))
        if c.kind == "place" and c.claim_date is None and k in future:
            c.claim_date = future[k]
    return claims


def merge(claims: list[ReadClaim]) -> list[ReadClaim]:
    """One claim per (place, reading, date): later mentions are kept as marks of the first."""
    out: dict[tuple, ReadClaim] = {}
    for c in claims:
        k = c.key()
        if k in out:
            out[k].mentions.append(c.mark)
            out[k].texts.append(c.text)
        else:
            c.mentions, c.texts = [c.mark], [c.text]
            out[k] = c
    return list(out.values())

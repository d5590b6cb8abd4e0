"""Sentence and clause boundaries in article text (issue #14): sentence_spans cuts a span
into sentences (full stops, abbreviations such as "U.S." and "Jan.", German ordinal days, cut
marks) and clause_spans cuts one sentence into clauses (semicolons, dashes, "while ...", a list
of places kept as one clause). Both return (start, end) offsets into the text."""

from __future__ import annotations

import re

MAX_SENTENCE = 2_000  # characters of one sentence read (longer runs are not prose)


_CLAUSE_BREAK = re.compile(
    r";|(?<!\ball)(?<!\bany)(?<!\bnothing),?\s+but\s+|,?\s+however,?\s+|,\s+while\s+|,\s+(?:al)?though\s+|,?\s+whereas\s+|,\s+(?:w\u00e4hrend|aber|jedoch|doch|obwohl|wohingegen|sondern)\s+|,?\s+(?=(?:except|with (?:the )?exception of|excluding|other than)\b)|,\s+(?=it\s+is\b|it's\b|it\u2019s\b)|\u2014|\s\u2013\s|\s-\s"
    r"|,\s+and\s+(?=(?:it|it's|it\u2019s|its|they|this|that|there|federal\w*)\b)|,\s+(?=(?:therefore|thus|so)\b)|,\s+(?=in\s+(?:der\s+|den\s+|dem\s+)?[A-Z\u00c4\u00d6\u00dc][\w\u00e4\u00f6\u00fc]+(?:\s+(?:und|oder)\s+[A-Z\u00c4\u00d6\u00dc][\w\u00e4\u00f6\u00fc]+)?\s+(?:ist|sind|gilt|bleibt|war|erlaubt|verboten|legal|illegal|unreguliert|reguliert)\b)|,\s+(?=(?-i:[A-Z\u00c4\u00d6\u00dc])[\w\u00e4\u00f6\u00fc]+\s+(?:ist|sind|gilt|bleibt|bleiben|war|erlaubt|verbietet)\b)|,\s+(?=despite\b)|,\s+(?=which means\b)|,\s+(?=the exception (?:being|is)\b)|\s+and\s+(?=kratom\s+(?:\w+\s+){0,6}(?:is|are|was|were|has|have|remains?|remained)\b)|,\s+(?=(?:leaving|meaning|creating)\b)|\s+and\s+(?=(?:thus|so) far\b)",
    re.IGNORECASE,
)


# titles and Latin abbreviations whose full stop ends no sentence (claims.py's count-claim
# sentences stop at these; sentence_spans also knows months, firms and German abbreviations)
TITLE_ABBREV = (
    "U.S.",
    "U.K.",
    "e.g.",
    "i.e.",
    "St.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "No.",
    "vs.",
    "Gov.",
    "Sen.",
    "Rep.",
)
_ABBREV = TITLE_ABBREV + (
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Inc.",
    "Co.",
    "D.C.",
    # German: "Nr. 26", "z. B. Spanien", "bzw.", "ca.", "vgl.", "Abs. 2", "Art. 3"
    "Nr.",
    " z.",
    "bzw.",
    "ca.",
    "vgl.",
    "Abs.",
    "Art.",
    "u.a.",
    "d.h.",
    "z.B.",
)


# "seit dem 1. Juni 2024", "auf der 51. Sitzung": a German ordinal is a number with a full stop,
# after an article or preposition or before a month, and does not end the sentence
_ORDINAL_AFTER_ARTICLE = re.compile(
    r"\b(?:der|die|das|dem|den|des|am|vom|zum|zur|im|seit|bis|ab|einer|einem|eines)\s+\d{1,3}\.$"
)


_ORDINAL_DAY = re.compile(r"(?<![\d.])\d{1,2}\.$")


_GERMAN_MONTH = re.compile(
    r"\s+(?:Januar|J\u00e4nner|Februar|M\u00e4rz|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember)\b"
)


def _german_ordinal(text: str, start: int, end: int) -> bool:
    return bool(
        _ORDINAL_AFTER_ARTICLE.search(text, max(start, end - 16), end)
        or (_ORDINAL_DAY.search(text, max(start, end - 4), end) and _GERMAN_MONTH.match(text, end))
    )


# place abbreviations that can end a sentence, when a word that starts sentences follows
_PLACE_ABBREV = ("U.S.", "U.K.", "D.C.")


_SENTENCE_START = re.compile(
    r"\s+(?:The|This|That|These|Those|It|Its|In|On|At|As|However|But|And|Nowadays|Today|Currently"
    r"|Kratom|A|An|Some|Many|Most|There|They|We|He|She|If|When|While|Since|Although|Meanwhile"
    r"|Still|Yet|Now|Last|Next|Other|Others|Several|Under|For|According)\b"
)


_A_LETTER = re.compile(r"[^\W_]")  # a letter or a digit ("21+" is an age)


# "[…]", "[...]": where an excerpt or a quotation left text out; what stands either side of it was
# not one sentence
_CUT = r"\[(?:\u2026|\.\.\.)\]"


def sentence_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out, start = [], lo
    # "TALLAHASSEE, FL.According to his office": a full stop with the space lost is an end too
    # "is banned.An alkaloid": after a lower-case word, a capitalised word of any length
    for m in re.finditer(
        r"[.!?]+[\"\u201d)]?(?=\s|$)|"
        + _CUT
        + r"|(?<=[A-Za-z]{2})\.(?=[A-Z][a-z]{2,})|(?<=[a-z]{3})\.(?=[A-Z][a-z]?\s)",
        text[lo:hi],
    ):
        end = lo + m.end()
        if _german_ordinal(text, start, end):
            continue
        initial = re.search(r"\b[A-Z]\.$", text[max(start, end - 3) : end])
        if (text[:end].endswith(_ABBREV) or initial) and not (
            # "... the US of A. Currently it is legal": a capital letter that ends the sentence
            (text[:end].endswith(_PLACE_ABBREV) or initial) and _SENTENCE_START.match(text, end, hi)
        ):
            continue
        out.append((start, end))
        start = end
    if text[start:hi].strip():
        out.append((start, hi))
    trimmed = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        if not _A_LETTER.search(text, a, b):
            continue  # "[…]", "—": an excerpt's cut or a stray mark says nothing
        if b > a:
            trimmed.append((a, min(b, a + MAX_SENTENCE)))
    return trimmed


_NAME = r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}"


_APPOSITION = re.compile(
    rf"[\u2014\u2013](?:\s*)(?:including\s+|namely\s+|e\.g\.,?\s+)?{_NAME}(?:,\s*(?:and\s+|or\s+)?{_NAME})*"
    rf",?\s+(?:and|or)\s+{_NAME}\s*[\u2014\u2013]"
)


# "does not list kratom - or any compounds found in kratom - under its controlled substances": an
# aside that extends the noun before it, between two dashes, is not a clause of its own
_DASHED_ASIDE = re.compile(
    r"\s[-\u2013\u2014]\s*(?:or|and|nor|including|not even)\s[^-\u2013\u2014.;:\n]{1,80}?\s[-\u2013\u2014]\s"
)


# ", and Sweden made it illegal in 2011": a new subject with its own verb starts a new clause,
# when the clause before has a verb of its own
_AND_SUBJECT = re.compile(
    # the subject may be a body's name: "and the WHO's Expert Committee on Drug Dependence (ECDD) is"
    r",\s+and\s+(?=(?:the\s+)?[A-Z][\w'\u2019]*(?:\s+(?:[A-Z][\w'\u2019]*|of|on|for|and|\([A-Z]{2,8}\))){0,6}"
    r"\s+(?:(?:also|now|still|then|later)\s+)?"
    r"(?:is|are|was|were|has|have|had|made|makes|requires?|classif\w+|bann\w+|prohibit\w*|allow\w*"
    r"|permit\w*|legali[sz]\w+|decriminali[sz]\w+|regulat\w+|treat\w*|consider\w*|list\w*|schedul\w+"
    r"|outlaw\w*|restrict\w*|criminali[sz]\w+|add\w*|plac\w+)\b)"
)


# "banned in Alabama and Indiana, and several others have pending bills": a quantified subject
# ("several others", "some states") with its own verb starts a new clause
_AND_QUANTIFIED = re.compile(
    r",?\s+and\s+(?=(?:several|some|many|a few|few|most|numerous|other|\d+|\w+ other)\s+(?:\w+\s+)?"
    r"(?:have|has|had|are|is|were|was|still|also|now|ban\w*|restrict\w*|regulat\w*|prohibit\w*|requir\w*"
    r"|allow\w*|permit\w*|limit\w*|impos\w*|set)\b)",
    re.IGNORECASE,
)


_DANGLING = re.compile(r"\b(?:in|of|to|for|include|includes|including)\s*$", re.IGNORECASE)


_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|made|makes|requires|remains|[a-z]{3,}ed)\b", re.IGNORECASE
)


# "z. B.", "e.g.", "for example", "such as": what follows names instances of the clause before
_EXAMPLES = re.compile(
    r"\s*(?:z\.\s?B\.|e\.\s?g\.|zum Beispiel|beispielsweise|etwa|for (?:example|instance)|such as|including)\s+",
    re.IGNORECASE,
)


# "In Chile and Peru, however, kratom is banned": a fronted phrase of places with no verb of its
# own is where the next clause holds, not a clause
_FRONTED_PLACE = re.compile(
    r"\s*(?:In|Within|Across|Throughout|Im)\s+(?:(?:the|den|der|dem)\s+)?"
    r"(?-i:[A-Z\u00c4\u00d6\u00dc])[\w\u00e4\u00f6\u00fc\u00df.'\u2019-]*"
    r"(?:(?:,\s*|\s+(?:and|or|und|oder)\s+|\s+)(?-i:[A-Z\u00c4\u00d6\u00dc])[\w\u00e4\u00f6\u00fc\u00df.'\u2019-]*){0,6}\s*,?",
    re.IGNORECASE,
)


def clause_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out, start = [], lo
    lead = re.match(
        r"\s*(?:While|Although|Though|Whereas|Even though|Despite|(?:But |And )?[Bb]ecause|Unlike"
        r"|W\u00e4hrend|Obwohl|Wohingegen"
        r"|In (?:stark |sharp )?contrast (?:to|with)|Compared (?:to|with))\b[^,]{3,200},",
        text[lo:hi],
    )
    if lead:  # "While kratom remains legal in most states, it is banned in six": two clauses
        out.append((lo, lo + lead.end() - 1))
        start = lo + lead.end()
    # "six states—Alabama, Arkansas and Indiana—have banned it": dashes around a list of names
    # enclose an apposition, not a clause
    kept = [
        (a.start(), a.end())
        for rx in (_APPOSITION, _DASHED_ASIDE)
        for a in rx.finditer(text, start, hi)
    ]
    breaks = sorted(
        [
            *_CLAUSE_BREAK.finditer(text, start, hi),
            *_AND_SUBJECT.finditer(text, start, hi),
            *_AND_QUANTIFIED.finditer(text, start, hi),
        ],
        key=lambda m: m.start(),
    )
    for m in breaks:
        if any(a <= m.start() < b for a, b in kept) or m.start() < start:
            continue
        if m.re in (_AND_SUBJECT, _AND_QUANTIFIED) and not _FINITE.search(text, start, m.start()):
            continue  # "Alabama, Arkansas, and Indiana have ...": one list, one clause
        if m.group(0) == ";" and _DANGLING.search(text, max(start, m.start() - 12), m.start()):
            continue  # "completely legal in; Washington, Nevada": a stray mark before the list
        if (
            m.group(0) != ";"
            and _EXAMPLES.match(text, m.end())
            and not _FINITE.search(text, m.end(), hi)
        ):
            continue  # "forbidden – e.g. Slovakia, Ireland": examples of the clause before, not a clause
        if m.group(0) != ";" and _FRONTED_PLACE.fullmatch(text, start, m.start()):
            continue  # "In Chile and Peru, however, it is banned": the fronted places are the clause's
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end() if not m.group(0).strip() == "" else m.end()
    out.append((start, hi))
    return [(a, b) for a, b in out if text[a:b].strip()]

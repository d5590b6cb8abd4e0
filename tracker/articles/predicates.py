"""What one clause says about kratom (issue #14): the legal words (BANNED, LEGAL, REGULATED,
NEGATION, FAILED, HYPOTHETICAL, the age limits, 7-OH and the other substance words) and
predicate, which reads a clause into a reading (category, ages, what is restricted) and whether
it is hypothetical; split_also makes a reading that carries two facts ("legal ... for those 18
and older") two readings."""

from __future__ import annotations

import re

from tracker.articles import (
    acts,
    alkaloids,
    asides,
    cannot,
    changes_named,
    localities,
    outside_law,
    plain_status,
    shapes,
    special_regimes,
)

BANNED = re.compile(
    r"\b(?:bans?(?!\w)|banned|banning|prohibit\w*|outlaw\w*|illegal(?!ity)\w*|unlawful|criminali[sz]\w*|a crime"
    r"|schedule (?:i|1|9)\b|schedule-i|federally (?:scheduled|controlled)|schedul(?:ing|es)\s+(?=(?:kratom|it|mitragynine)\b)|(?<=\bnot )scheduled(?! to)|\b(?:is|are|was|were|been|be)\s+scheduled\s+(?:as|under|in)\b|controlled (?:substance|narcotic|drug)s?|felony|an offen[cs]e"
    r"|verboten|prohibido|bet(?:\u00e4|ae)ubungsmittel\w*|BtMG|ilegal|narcotics? list|poisons act|dangerous drugs act"
    r"|(?:criminal )?penalt(?:y|ies)\s+(?:\w+\s+){0,4}?for (?:the )?(?:possess|sale|sell|us)\w*"
    r"|(?:possess\w*|sales?|use|consumption|trafficking)\b[^.;]{0,40}?\b(?:result|results|resulting|leads?|leading) in\s+(?:\w+\s+){0,2}?(?:penalt\w+|fines?|imprisonment|jail|prison|death)"
    r"|punishable by|charged? (?:\w+ ){0,3}for (?:buying|possess\w*|selling|using)"
    r"|commit\w*\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}?offen[cs]es?\b"
    r"|listed as an? (?:\w+ ){0,2}(?:substance|drug|narcotic)|(?:classif(?:ied|ies|y)|categori[sz](?:e|es|ed))\s+(?:\S+\s+){0,12}?as\s+(?:an?\s+)?(?:\w+\s+){0,2}?(?:narcotics?|synthetic drugs?|dangerous drugs?|psychotropic (?:substance|drug)s?)\b|forbid\w*"
    # "classed in the same group as cocaine and heroin": a hard drug's status
    r"|\bsame\s+(?:\w+\s+){0,2}?(?:group|class|category|schedule|list)\s+as\s+(?:\w+\s+)?(?:cocaine|heroin|opium|morphine|methamphetamine)\b"
    # German: "ein generelles Verbot", "Die Schweiz verbietet"
    r"|Verbot(?:e|s)?\b|verbiete?t\b"
    # "Neues Drogenverbot": a drug ban named as one German compound noun
    r"|(?:Drogen|Kratom|Bet\u00e4ubungsmittel)verbot\w*"
    # "considered a narcotic", "regarded in France as a psychotropic drug", "placed with other
    # narcotics", "Kratom Is No Longer a Narcotic": a narcotic's status, said without "ban"
    r"|(?:considered|deemed|regarded|treated)\s+(?:\S+\s+){0,8}?(?:as\s+)?(?:an?\s+)?(?:narcotics?|psychotropic(?:\s+(?:drug|substance)s?)?)\b"
    r"|placed\s+(?:\S+\s+){0,3}?(?:with|among|alongside)\s+(?:the\s+)?(?:other\s+)?(?:narcotics|controlled)"
    # "a controlled anesthetic under the Narcotic Drugs Law": controlled under a drug law
    r"|(?<=\ba )controlled\s+[a-z]+\s+under\b"
    r"|(?<=\b(?:is|as) )an?\s+narcotic\b|(?<=\blonger )an?\s+narcotic\b)",
    re.IGNORECASE,
)


# "regarded by some as “legal heroin”": a nickname in quotes, not a status
LEGAL = re.compile(
    r"\b(?:(?!(?<=[\u201c\u2018\"])legal\s+[\w-]+[\u201d\u2019\"])(?<!\bits )(?<!\bthe )(?<!\btheir )(?<!\ba )(?<!\bany )legal(?:ly)?(?!\s+(?:and\s+\w+\s+)?(?:status|landscape|relief|advice|considerations?|issues?|framework|situation|system"
    r"|grey|gray|alternatives?|substitutes?|highs?|battles?|challenges?|actions?|experts?|team|questions?|information|definitions?|standing|purposes"
    r"|pathways?|routes?|avenues?|loopholes?|process(?:es)?|procedures?|proceedings?"
    # "without the fear of legal repercussions": the law's reach, not the plant's status; below,
    # "not lawfully marketed" is the FDA's word for an unapproved food or drug, not a ban
    r"|repercussions?|consequences?|ramifications?|implications?|trouble|penalt(?:y|ies)|risks?"
    r"|hurdles?|obstacles?|complications?|hassles?))|lawful(?:ly)?(?!\s+market\w*)|allowed|permitted|legali[sz]\w*|decriminali[sz]\w*|unregulated|unreguliert|erlaubt"
    r"|(?<![\w'\u2019])can\s+(?:still\s+|continue\s+to\s+)?(?:legally\s+|freely\s+)?(?:buy|purchase|possess|use|sell|grow|consume|order)\b"
    # "allowing you to buy and use it freely", "residents are free to buy kratom"
    r"|(?:(?:allow\w*|permit\w*)\s+(?:(?:you|residents|people|consumers|users|anyone|individuals|adults|citizens)\s+)?"
    r"|(?:you|residents|people|consumers|users|anyone|individuals|adults|citizens)\s+(?:are|is)\s+free\s+)to\s+"
    r"(?:legally\s+|freely\s+)?(?:buy|purchase|possess|use|sell|grow|consume|order|own)\b"
    r"|(?:allows?|permits)(?=\s+(?:the\s+|its\s+)?(?:cultivation|sale|use|possession|import|export|growing|kratom|it)\b)|legales?|not listed"
    # "permissible in Europe", "the sales were open to everyone", "kratom is readily available"
    r"|permissible|open to (?:everyone|anyone|all|the public)|(?:readily|freely|widely|openly) (?:available|sold)"
    r"|available (?:for|to) (?:anyone|everyone)|authori[sz]ed (?:the )?(?:sale|for sale))\b",
    re.IGNORECASE,
)


REGULATED = re.compile(
    r"\b(?:regulat(?:e|ed|es|ing|ion|ions|ory)|restrict(?:ed|s|ions?)|consumer protection act|KCPA|age (?:requirement|limit|restriction|verification)s?"
    r"|licen[cs](?:e|ed|ing)|labell?ing requirements?|einschr\u00e4nk\w*|reguliert|psychomodulatory"
    # "may only be sold in specialised stores", "exporters must meet specific requirements"
    r"|(?:may|can)\s+only\s+be\s+(?:sold|bought|purchased|supplied|distributed|exported|imported)"
    r"|must\s+(?:meet|satisfy|comply with|fulfil\w*)\s+(?:\w+\s+){0,2}?(?:requirements|conditions|standards)"
    r"|requires?\s+(?:a\s+|an\s+|official\s+|prior\s+)*(?:permission|permits?|authori[sz]ation))",
    re.IGNORECASE,
)


NEGATION = re.compile(
    r"\b(?:not|never|no longer|can['\u2019]t|cannot|isn['\u2019]t|aren['\u2019]t|wasn['\u2019]t|doesn['\u2019]t|don['\u2019]t|didn['\u2019]t"
    r"|hasn['\u2019]t|haven['\u2019]t|nor|neither|without|yet to|lack of|absence of|weder|noch|nicht|kein\w*|no es|no)\b(?!\s+(?:just|only|simply|merely)\b)"
    r"(?!\s+(?:idea|clue|doubt|(?:be\s+)?(?:aware|know\w*|realiz\w*|realis\w*|sure|certain)|(?:have\s+)?(?:known|realized)|surprise)\b)"
    r"(?:\s+\(?\w+(?:-\w+)*\)?,?){0,4}\s*$",
    re.IGNORECASE,
)


# German: "von der Betäubungsmittelliste gestrichen", "aus der Anlage I entfernt"
_GERMAN_REMOVED = (
    r"\b(?:von|aus)\s+(?:der|dem|den)\s+(?:\S+\s+){0,3}?\w*(?:liste|anlage|verzeichnis)\w*"
    r"(?:\s+\S+){0,3}?\s+(?:gestrichen|genommen|entfernt|herausgenommen)"
)


_REMOVED = re.compile(
    r"\bremov(?:ed|es|ing)\s+(?:(?:\w+|\([^)]{0,40}\))\s+){0,6}?from\s+(?:the\s+|its\s+)?(?:\w+\s+){0,3}?"
    r"(?:list|schedules?|categor\w*|narcotics?|controlled)|\bde-?schedul\w*|\bde-?list(?:ed|ing)\b"
    r"|" + _GERMAN_REMOVED,
    re.IGNORECASE,
)


FAILED = re.compile(
    r"\b(?:failed|died|rejected|withdr[ae]w\w*|called off|revers(?:ed|es|ing)|vetoed|repeal(?:ed|s|ing)|rescind\w*"
    r"|overturn(?:ed|s|ing)|struck down|lift(?:ed|s|ing) (?:the |its )?ban|voted\s+(?:\w+\s+)?(?:against|down)"
    r"|remov(?:ed|es|ing)\s+(?:(?:\w+|\([^)]{0,40}\))\s+){0,6}?from\s+(?:the\s+|its\s+)?(?:\w+\s+){0,3}?"
    r"(?:list|schedules?|categor\w*|narcotics?|controlled)|de-?schedul\w*|de-?listed|de-?listing"
    # "A countywide ban of the herbal product kratom put in place last spring was lifted"
    r"|(?:ban|prohibition)\s+(?:\w+\s+){0,10}?(?:ended|expired|was lifted|was rescinded)"
    # "the ban never took effect": an act that was never in force
    # German: "hob das Verbot im August 2021 auf", "das Verbot wurde aufgehoben"
    r"|aufgehoben|Aufhebung|hob\s+(?:\S+\s+){0,5}?auf"
    # "von der Betäubungsmittelliste gestrichen": taken off a list, as "removed from the list"
    r"|"
    + _GERMAN_REMOVED
    + r"|(?:never|not|n['\u2019]t)\s+(?:\w+\s+)?(?:took|take|taken|go(?:ne)?|went|come|came)\s+(?:into\s+|in\s+)?effect)\b",
    re.IGNORECASE,
)


HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|(?-i:may)(?!\s+(?:\d|not\b|only\b))|should|ought to|needs? to be|possible future|future (?:regulation|ban|legislation|restrictions?)|proposed|proposes|proposal|plans? to|planned|(?:is|are|was|were|been|be|now)\s+considering|agree[sd]?\s+to|(?:widely|commonly|generally)\s+believed|consider(?:s|ing)?\s+(?:whether|a\s+ban|banning|legislation|a\s+bill|regulat\w*|schedul\w*)|(?:be|being)\s+considered|seeks? to|working (?:to|toward\w*)|(?:right|power|authority|freedom|ability) to|"
    r"introduced|pending|(?:as long as|provided(?: that)?)(?!\s+(?:you(?:'re|\u2019re| are)|they(?:'re| are)|one is|the (?:buyer|customer|person) is)\s+(?:over|at least|aged?|\d))|appears? (?:to|that)|seems?|steps? toward\w*|creating|if(?!\s+you(?:['\u2019]re|\s+are|\s+get|\s+live|\s+(?:are\s+)?living|\s+reside|\s+were|\s+happen\s+to\s+(?:live|be))?\s+(?:in|from|caught)\b)(?!\s+(?:(?:you(?:'re|\u2019re| are)|they(?:'re| are)|one is|the (?:buyer|customer|person) is)\s+)?(?:over|under|below|younger than|older than|at least|aged?)\s+(?:(?:the\s+)?age\s+(?:of\s+)?)?\d)(?!\s+(?:you(?:'re|\u2019re| are)|they(?:'re| are)|one is|the (?:buyer|customer|person) is)\s+(?:over|at least|aged?|\d))|whether|recommend\w*|suggest(?:s|ed|ing)?\s+(?:that\s+)?(?:the\s+|a\s+)?\w+\s+(?:pursue|adopt|consider|draft|pass|enact|impose)|wenn|falls|sofern|intent|intention|intends?|sponsor(?:s|ed|ing)|co-?sponsor\w*|intended|urg(?:e|es|ed|ing)|aims? to|(?:aimed|aiming|intending) to(?=\s+(?:\w+\s+)?(?:legali|ban|regulat|prohibit|criminali|decriminali|schedul|restrict|outlaw|remov|allow|make|permit))|find out|read on|learn about|call(?:s|ed|ing)? for|supports?|supported|supporting|supporters?|opponents?|critics?|fought|oppos(?:e|es|ed|ing)|challeng(?:e|es|ed|ing)|advoca\w*|argues? for|lobby\w*|fight(?:ing|s)? (?:to|for)|campaign\w* (?:to|for)|bid to|(?<!\bno )(?<!\bwithout )(?:debat\w*|discussion)|(?:this|the proposed|a proposed) bill(?!\s+(?:was|has been|became|passed|signed))|draft|expected to|attempt\w*|tried|looking to|move to|moves to|movement to|efforts?|push(?:ed)? to|wants? to|wanted to|wanting to|hop(?:e|es|ed|ing) to)\b",
    re.IGNORECASE,
)


AGE_UNDER = re.compile(
    r"\b(?:under|below|younger than|minors? under)\s+(?:(?:the\s+)?age(?:\s+of)?\s+)?(?:[a-z-]+\s+\()?(\d{2})\b",
    re.IGNORECASE,
)


AGE_OVER = re.compile(
    r"\b(?:(\d{2})\s*(?:\+|and (?:over|older|up)|or (?:older|over)|years? (?:of age )?(?:and|or) (?:older|over))"
    r"|(?:over|at least|aged?|from)\s+(?:the\s+age\s+of\s+)?(\d{2})(?:\s+years)?|age (?:limit|requirement|restriction) of (\d{2})|minimum age (?:of|is) (\d{2})"
    r"|must be (?:at least )?(\d{2})(?!\s*(?:%|percent|mg|g\b)))",
    re.IGNORECASE,
)


SEVEN_OH = re.compile(r"\b(?:7-?OH|7-hydroxy[\s-]?mitragynine|7-hydroxy)\b", re.IGNORECASE)


MITRAGYNINE_PLAIN = re.compile(r"(?<![-\w])mitragynine\b", re.IGNORECASE)


CAP = re.compile(r"\b(?:limit\w*|cap\w*|concentration|percent|%|ppm|threshold)\b", re.IGNORECASE)


KRATOM = re.compile(
    # German "es" / "sie" refer back to the plant as "it" does ("Es wird nicht als ... eingestuft")
    r"\b(?:kratom|ketum|it|its|mitragyn\w*|the plant|the substance|the herb|es|sie)\b"
    # "those two plants", "both leaves", "these herbs": the plants a sentence refers back to
    r"|\b(?:these|those|both)\s+(?:two\s+|three\s+)?(?:plants|herbs|leaves)\b",
    re.IGNORECASE,
)


# ", da es als verbotenes ... gelistet ist", ", because it is a banned drug": a clause giving a
# reason starts after the comma, and a negation before it does not reach into it
_REASON_CLAUSE = re.compile(r",\s+(?:da|weil|denn|because|since)\s+", re.IGNORECASE)


def _negated(text: str, at: int, lo: int) -> bool:
    before = text[max(lo, at - 45) : at]
    reason = None
    for reason in _REASON_CLAUSE.finditer(before):
        pass
    if reason is not None:
        before = before[reason.end() :]
    return bool(NEGATION.search(before))


_SALE = re.compile(
    r"\b(?:production|selling|sales?|importation|imports?|exportation|exports?|supply|distribution)"
    r"(?:,?\s+(?:and\s+|or\s+)?(?:production|selling|sales?|importation|imports?|exportation|exports?|supply|distribution))*"
    r"(?:\s+(?:of\s+)?(?:kratom|it|the plant|the leaf|the leaves)(?:\s+(?:and\s+)?[\w-]+){0,4}?)?"
    r"\s+(?:is|are)\s+(?:(?:considered|deemed|also|still)\s+)?(?:forbidden|banned|prohibited|illegal|not allowed)\b|"
    r"\b(?:prohibit\w*|ban\w*|allow\w*|permit\w*|authori[sz]\w*)\s+(?:the\s+|its\s+)?(?:\w+\s+){0,2}(?:sales?|imports?|importation|exports?|exportation)\b|\bsales?\s+(?:of\s+\w+\s+)?(?:(?:is|are|was|were|has been|have been|had been)\s+)?(?:banned|prohibited)"
    r"|\b(?:legal|illegal|unlawful|prohibited|forbidden|allowed|permitted)\s+(?:for|to)\s+(?:the\s+)?(?:sale|sell|supply|produce|import|distribut)"
    # "prohibited psychoactive substances on the consumer market": barred from the market
    r"|\b(?:prohibited|banned|forbidden)\b[^.;]{0,60}?\bon\s+the\s+(?:consumer\s+|retail\s+)?market\b",
    re.IGNORECASE,
)


# "local bans exist": bans of towns or counties, not of the state
_LOCAL_BAN = re.compile(r"\blocal(?:ly)?\s+(?:\w+\s+)?ban", re.IGNORECASE)


# "illegal for any vendor to adulterate kratom": one kind of conduct, not the plant's status
_CONDUCT = re.compile(
    r"(?:\s+for\s+(?:\w+\s+){0,2}\w+)?\s+to\s+(?!(?:\w+\s+(?:or|and)\s+)?(?:possess|use|sell|buy|purchase|distribut"
    r"|consum|import|export|grow|cultivat|produc|manufactur|own|have|carry|supply|harvest|plant|transport"
    r"|deal|trade|market|ingest|smok|brew|drink|eat|obtain|acquire|get|order|ship|make)\w*\b)\w+",
    re.IGNORECASE,
)


# "prohibits the sale of kratom products to minors": an age rule without an age, not a ban
_TO_A_GROUP = re.compile(
    r"\b(?:sales?|sell\w*|sold|supply\w*|distribut\w*)\b[^.;]{0,60}?\bto\s+(?:\w+\s+){0,2}?"
    r"(?:minors|children|kids|teens|teenagers|youths?|pregnant|juveniles)\b",
    re.IGNORECASE,
)


def _seven_oh_only(clause: str) -> bool:
    """Whether a clause is about 7-OH alone: not "Kratom and 7-OH banned", not "mitragynine and
    7-hydroxymitragynine" (the leaf's alkaloids)."""
    return bool(
        SEVEN_OH.search(clause)
        and not MITRAGYNINE_PLAIN.search(clause)
        and not re.search(
            r"\bkratom\s*(?:/|and|&|,|or)\s*(?:its\s+)?7-?OH\b", clause, re.IGNORECASE
        )
    )


# a prohibition of one kind of product or use, not of the plant: "the sale of kratom containing
# synthetic alkaloids is prohibited", "mixing kratom leaves with other drugs is not allowed"
_PRODUCT_OR_ACT = re.compile(
    r"\bkratom\s+(?:products?\s+)?(?:containing|with added|adulterated|mixed|laced|spiked)\b"
    r"|^\s*(?!(?:possess|us|sell|buy|purchas|grow|import|export|distribut|consum|cultivat|produc|manufactur|own|carry|plant|harvest|transport)ing\b)[A-Z][a-z]+ing\s+kratom\b",
    re.IGNORECASE,
)


def _sale_only(clause: str) -> bool:
    """A prohibition of selling (supplying, importing) alone, not of possessing or using: the
    tracker's "sale prohibited" (restricted), not a ban."""
    return bool(_SALE.search(clause)) and not re.search(
        r"possess|\buse\b|\busing\b|(?<!human )(?<!for )consum(?!er)|cultivat|\bgrow",
        clause,
        re.IGNORECASE,
    )


def _export_only(clause: str) -> bool:
    """A prohibition of exporting alone ("the export of kratom leaves is prohibited"): the
    country's own market is untouched, so it is a rule of trade (regulated), not a sale ban."""
    sale = _SALE.search(clause)
    return bool(
        sale
        and re.search(r"\bexport", sale.group(0), re.IGNORECASE)
        and not re.search(
            r"\b(?:sale|sell|sold|supply|import|distribut|production)", clause, re.IGNORECASE
        )
    )


# places and channels of sale a rule keeps it from: not a ban of the plant
_VENUE = re.compile(
    r"\b(?:at|in|near|from|within|around)\s+(?:\w+\s+){0,2}?(?:schools?|educational|universit\w+"
    r"|hostels?|dormitor\w+|parks?|playgrounds?|zoos?|temples?|vending machines?|machines)\b",
    re.IGNORECASE,
)


_TRADE_VERB = re.compile(
    r"\s+(?:to\s+)?(?:buy|purchase|order|sell|import|ship|stock)\b", re.IGNORECASE
)


POSSESSION = re.compile(r"possess|\buse\b|\busing\b|\bconsum|\bgrow|cultivat", re.IGNORECASE)


_MODAL = re.compile(r"(?:would|could|might|may|should|creating)", re.IGNORECASE)


# "you do not need a prescription to use kratom", "no prescription is required": the opposite of a
# prescription rule (pass 9)
_NO_PRESCRIPTION = re.compile(
    r"\b(?:(?:do|does|did)\s+not|don['\u2019]t|doesn['\u2019]t|never|no\s+(?:need\s+(?:for|of)\s+)?)\s*"
    r"(?:\w+\s+){0,2}?(?:(?:need|require)\w*\s+)?(?:a\s+)?(?:doctor['\u2019]?s['\u2019]?\s+|medical\s+|valid\s+)?prescriptions?\b",
    re.IGNORECASE,
)


def predicate(text: str, lo: int, hi: int) -> tuple[dict | None, bool]:
    """(reading, hypothetical) of one clause: what it says of its places, if anything.

    A modal scopes over what follows it: "would have made it illegal" is hypothetical, but in
    "Kratom is a prohibited substance, which means that it may not be sold online" the "may"
    comes after the statement and does not undo it."""
    reading, hypo = _predicate(text, lo, hi)
    if reading is not None and changes_named.TOPIC.search(text, lo, hi):
        # "the issue of illegalising ketum has caught attention": a change discussed, no status
        rest = changes_named.blanked(text[lo:hi])
        reading, hypo = _predicate(rest, 0, len(rest))
        if reading is None:
            return None, False
    read_plainly = reading
    reading = alkaloids.seven_oh_too(reading, text, lo, hi)
    clause = text[lo:hi]
    if reading is None or (hypo and cannot.penalty(clause)):
        told = cannot.reading(clause)
        if told is not None:
            reading, hypo = told, not cannot.penalty(clause)
    if reading is None or not hypo:
        return reading, hypo
    if read_plainly is not None and asides.has_aside(clause):
        # "banned in Thailand (penalties apply if arrested)": the aside's "if" forecasts nothing
        plain = asides.blanked(clause)
        again, again_hypo = _predicate(plain, 0, len(plain))
        if again == read_plainly and not again_hypo:
            return reading, False
    return reading, _still_hypothetical(clause, reading)


def _still_hypothetical(clause: str, reading: dict) -> bool:
    words = [
        m.start()
        for rx in (BANNED, LEGAL, REGULATED, AGE_UNDER, AGE_OVER, SEVEN_OH)
        for m in [rx.search(clause)]
        if m
    ]
    at = min(words) if words else len(clause)
    still = any(
        not (_MODAL.fullmatch(m.group(0)) and m.start() > at) for m in HYPOTHETICAL.finditer(clause)
    ) or bool(localities.REQUEST.search(clause, 0, at))
    future = _FUTURE.search(clause)
    if (
        future
        and future.start() < at
        and not _WHEN.search(clause, future.end())
        and not _START.search(clause)
    ):
        still = True  # "will schedule kratom as a controlled substance": a forecast
    return still


# the future without a date ("will schedule kratom", "it will be illegal to sell") is a forecast,
# not a claim; "will be illegal starting August 1" and "will now be legal" are claims
_NICKNAME = re.compile(
    r"(?:known\s+(?:as|by)|called|nicknamed|dubbed|terms?\s+(?:like|such\s+as)|names?\s+like)"
    r"\s+(?:\w+\s+){0,2}?[\"\u201c']\s*$",
    re.IGNORECASE,
)


_AUTHORITY_ALLOWED = re.compile(
    r"(?:allow\w*|permit\w*|authori[sz]\w*)\s+(?:\S+\s+){0,4}?to\s+(?:detain|seize|search|inspect|arrest"
    r"|confiscate|destroy|refuse|stop|hold)\b",
    re.IGNORECASE,
)


_FUTURE = re.compile(
    r"\b(?:will|going to)\b(?!\s+(?:now|remain|continue|stay)\b)|\bwon['\u2019]t\b",
    re.IGNORECASE,
)


_MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)


_MONTH_WORDS = rf"(?:{_MONTH_NAMES[3:-1]}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"


_DAY_FIRST = (
    rf"\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{_MONTH_NAMES}\b"  # "1 July", "1st of July"
)


_WHEN = re.compile(
    rf"\b(?:19|20)\d{{2}}\b|\b{_MONTH_WORDS}\.?\s+\d{{1,2}}\b|\b{_DAY_FIRST}"
    r"|\b(?:starting|beginning|effective|from|as of|on)\s+(?:today|tomorrow|\w+day|next|this)\b",
)


# a commencement anywhere in the clause: "Starting October 1, anyone ... will face ...", "from 1
# August"; "On July 1, 2025, House Bill 1077 will go into effect": the day a law takes effect
_START = re.compile(
    rf"\b(?:starting|beginning|effective|from|as of)\s+(?:the\s+)?(?:{_MONTH_WORDS}\.?\s+\d|{_DAY_FIRST}"
    r"|(?:19|20)\d{2}|today|tomorrow|next\b)"
    rf"|\bOn\s+(?:the\s+)?(?:{_MONTH_NAMES}\s+\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_FIRST}),?\s+"
    r"(?:(?:19|20)\d{2},?\s+)?(?:[\w-]+\s+){0,6}?will\s+(?:(?:go|come)\s+into\s+(?:effect|force)"
    r"|take\s+effect|become\s+(?:effective|law))",
    re.IGNORECASE,
)


# a change of law as the subject of a sentence ("Legalizing exports could bring revenue"): a
# topic, not a claim
_GERUND_SUBJECT = re.compile(
    r"\s*(?:Legali[sz]ing|Banning|Regulating|Decriminali[sz]ing|Prohibiting|Criminali[sz]ing"
    r"|Scheduling|Outlawing)\b"
)


# a list or schedule that leaves kratom out: "Nevada does not list kratom under its controlled
# substances", "the UN didn't include the plant in the Schedules of its conventions", "nothing
# explicitly stating that kratom is illegal"
_NOT_LISTED = re.compile(
    r"(?:\bnot|n['\u2019]t|\bnever|\bnor)\s+(?:\w+\s+)?(?:list|includ|classif|schedul|categori[sz]|designat|mention)\w*"
    r"\s+(?:\S+\s+){0,10}?(?:under|in|on|as|among)\s+(?:\S+\s+){0,4}?"
    r"(?:schedules?|controlled|narcotics?|prohibited|illegal|banned|dangerous drugs?|drug lists?)\b"
    # "It wasn't mentioned in the nation's Drugs and Drug Trafficking Act": the drug law leaves it out
    r"|(?:\bnot|n['\u2019]t|\bnever)\s+(?:\w+\s+)?(?:mention|list|nam|includ)\w*\s+(?:\S+\s+){0,2}?(?:in|by|under)\s+"
    r"(?:\S+\s+){0,3}?(?:Drugs?|Narcotics?|Controlled Substances?|Poisons?|Opium)\s+(?:\S+\s+){0,3}?(?:Act|Law|Ordinance)\b"
    r"|\bnothing\s+(?:\w+\s+){0,2}?(?:stat|say|mak|declar)\w*\s+(?:\S+\s+){0,6}?(?:illegal|banned|controlled|prohibited)\b",
    re.IGNORECASE,
)


_NO_MOVE_TO_BAN = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}?(?:attempts?|efforts?|moves?|plans?|proposals?|push|bills?)\b"
    r"[^.;]{0,60}?\bto\s+(?:ban|prohibit|outlaw|criminali[sz]e|schedule|control)\b",
    re.IGNORECASE,
)


_NOT_APPLIED_TO_USE = re.compile(
    r"\b(?:regulations?|rules?|law|ban|restrictions?)\s+(?:do|does|did)\s*(?:n['\u2019]t|\s+not)\s+apply\s+to"
    r"\s+(?:the\s+)?(?:\w+\s+)?(?:use|possession|consumption)\b",
    re.IGNORECASE,
)


_SALE_RESTRICTED = re.compile(
    r"\b(?:the\s+)?sales?\s+of\s+(?:[\w-]+\s+){1,6}?(?:is|are|was|were|will\s+(?:now\s+)?be|has\s+been|have\s+been)"
    r"\s+(?:now\s+)?restricted\b(?!\s+to\b)",
    re.IGNORECASE,
)


def _predicate(text: str, lo: int, hi: int) -> tuple[dict | None, bool]:
    clause = text[lo:hi]
    if _GERUND_SUBJECT.match(clause):
        return None, False
    future = _FUTURE.search(clause)
    hypo = (
        bool(HYPOTHETICAL.search(clause))
        or bool(future and not _WHEN.search(clause, future.end()) and not _START.search(clause))
        or bool(localities.REQUEST.search(clause))
    )
    shaped = shapes.reading(clause)
    if shaped is not None:
        return shaped, hypo  # "fällt nicht unter das BtMG", "ab 18 Jahren", "not sold as food"
    failed = bool(FAILED.search(clause))
    bare_age = re.fullmatch(
        r"\s*(?:ages?\s+)?(\d{2})\s*(?:\+|and (?:over|older|up)|or (?:older|over))\s*(?:only)?\.?\s*",
        clause,
    )
    if bare_age and 16 <= int(bare_age[1]) <= 25:
        return {"min_age": int(bare_age[1])}, False  # a list item or cell "21+"
    # age limits first: "banned for those under 18" is an age limit
    m = AGE_UNDER.search(clause)
    if m and (
        BANNED.search(clause)
        or REGULATED.search(clause)
        or re.search(
            r"\bsales?\b|\bsell\w*\b|\bsold\b|\bminors?\b|\bout of the hands of\b|\bkeep\w*\s+(?:\w+\s+)?away from\b",
            clause,
            re.IGNORECASE,
        )
    ):
        return {"min_age": int(m[1])}, hypo
    m = AGE_OVER.search(clause)
    if m and (
        LEGAL.search(clause)
        or REGULATED.search(clause)
        or re.search(
            r"\bsales?\b|\bsell\w*|\bsold\b|\bbuy\w*|\bpurchas\w*|\bpossess\w*|\badults?\b|\baccess\b",
            clause,
            re.IGNORECASE,
        )
    ):
        n = next(int(g) for g in m.groups() if g)
        if 16 <= n <= 25:
            lg = LEGAL.search(clause)
            if (
                lg
                and not _negated(clause, lg.start(), 0)
                and not re.search(r"\bif\s+(?:\w+\s+){0,3}$", clause[: m.start()], re.IGNORECASE)
            ):
                # "legal here in Georgia for those 18 and older": legal, and an age limit
                return {"min_age": n, "also": "legal"}, hypo
            return {"min_age": n}, hypo
    regime = special_regimes.reading(clause)
    if regime is not None:
        # "classifies kratom as a psychoactive substance" (restricted); "allowed only for research"
        return regime or None, hypo
    plain = plain_status.reading(clause)
    if plain is not None:
        # "despite lobbying, the state repealed the ban": a repeal done is no forecast
        return plain, hypo and not plain_status.REPEALED_BAN.search(clause)
    b = next(
        (
            m
            for m in BANNED.finditer(clause)
            if not re.search(
                r"(?:rather than|instead of|than an?|than|not an?|over|from"
                r"|(?:patchwork|mix|mixture|variety|range|wave|series|history|cases?|examples?|instances?) of"
                # "legalised after nearly 80 years of prohibition": a past ban the clause ends
                r"|(?:years|decades|centuries|months) of"
                # "convicted when it was still regarded as a narcotic": the time before the change
                r"|when\s+(?:it|kratom|the plant)\s+was"
                r"|regarding|concerning|related to|relating to|about)"
                r"\s+(?:\w+\s+){0,2}$",
                clause[: m.start()],
                re.IGNORECASE,
            )
            and not (
                re.match(
                    r"illegal\s+(?:substances?|drugs?|products?|narcotics?)",
                    clause[m.start() :],
                    re.IGNORECASE,
                )
                and re.search(
                    r"\b(?:or|and|containing|with|other|of)\s+$", clause[: m.start()], re.IGNORECASE
                )
            )
            and not _LOCAL_BAN.search(clause[max(0, m.start() - 12) : m.end()])
            and not _CONDUCT.match(clause, m.end())
            and not _TO_A_GROUP.search(clause)
        ),
        None,
    )
    if re.search(
        r"\b(?:natural|plain|raw|botanical)\s+(?:leaf\s+)?kratom\b"
        r"|\bkratom\s+(?:leaf|leaves|(?:plant\s+)?in its (?:natural|vegetation|natural,? botanical) form)\b"
        r"|\bsolely of mitragynine\b",
        clause,
        re.IGNORECASE,
    ) and re.search(
        r"\b(?:unaffected|exempt(?:ed)?|(?:is|are) (?:the only )?exceptions?|not affected|excluded"
        # "the scheduling does not apply to botanical kratom": the rule's scope leaves the plant out
        r"|(?:does|do|did|will) not (?:apply to|cover|include|reach)"
        # "the plant in its natural form is not a prohibited controlled substance"
        r"|(?:is|are) not an? (?:\w+\s+){0,2}?(?:controlled|scheduled) (?:substance|drug|narcotic))",
        clause,
        re.IGNORECASE,
    ):
        # "leaving natural leaf kratom unaffected", "natural kratom ... are the only exception"
        return {"category": "not_banned"}, hypo
    if _NO_MOVE_TO_BAN.search(clause) or _NOT_APPLIED_TO_USE.search(clause):
        # "there have been no attempts by the government to ban it", "the export rules do not
        # apply to domestic use": nothing bans it
        return {"category": "not_banned"}, False
    outside = outside_law.reading(clause)
    if outside is not None:
        return outside, hypo  # "not yet regulated under the Narcotics Law", "without legal trouble"
    if _NOT_LISTED.search(clause):
        # "does not list kratom under its controlled substances", "didn't include the plant in the
        # Schedules": a list that leaves kratom out
        return {"category": "not_banned"}, hypo
    if re.search(
        r"\b(?:no|never\s+(?:enacted|passed|adopted|made))\s+(?:\w+\s+){0,4}"
        r"(?:(?:laws?|statutes?|regulations?)\s+(?:against|banning|prohibiting)|controls?\s+(?:on|over))\b",
        clause,
        re.IGNORECASE,
    ):
        return {"category": "not_banned"}, hypo  # "there are no federal or state laws against it"
    if re.search(
        r"\bno\s+(?:\w+\s+){0,2}?(?:laws?|statutes?|rules|regulations?)\s+(?:that|which)\s+(?:restrict|regulate|limit|govern)",
        clause,
        re.IGNORECASE,
    ):
        return {"category": "legal"}, hypo  # "there are no laws that restrict any use of kratom"
    if re.search(
        r"\b(?:have|has|had|with)\s+no\s+(?:\w+\s+){0,2}?(?:laws?|regulations?|rules|restrictions)\b"
        r"(?!\s+(?:against|banning|prohibiting|on\s+(?:the\s+)?(?:books|it)\b))",
        clause,
        re.IGNORECASE,
    ):
        return {"category": "legal"}, hypo  # "most states have no kratom laws": unregulated
    if re.search(
        r"\black(?:s|ed|ing)?\s+(?:any\s+)?(?:\w+\s+)?(?:laws?|regulations?|rules|restrictions)\b",
        clause,
        re.IGNORECASE,
    ) and not BANNED.search(clause):
        return {"category": "legal"}, hypo  # "the state lacks regulations on kratom": unregulated
    if re.search(
        r"\b(?:requires?|requiring|only (?:with|by|on)|needs?|by) (?:a )?(?:doctor['\u2019]?s['\u2019]? |medical |valid )?prescription"
        r"|\bprescription[- ]only\b|\bon prescription\b|\bprescription (?:medicine|drug|medication)\b"
        # "legal with a prescription in Kentucky": legal only for patients, i.e. restricted
        r"|\b(?:legal|lawful|available|allowed|permitted|obtainable)\s+(?:\w+\s+)?with\s+(?:a\s+)?(?:doctor['\u2019]?s['\u2019]?\s+|medical\s+|valid\s+)?prescription\b"
        r"|\brequir\w*\s+(?:\w+\s+){1,5}?to\s+(?:have|hold|get|obtain|show|present)\s+(?:a\s+)?(?:doctor['\u2019]?s['\u2019]?\s+|medical\s+|valid\s+)?prescription",
        clause,
        re.IGNORECASE,
    ) and not _NO_PRESCRIPTION.search(clause):
        return {"category": "restricted"}, hypo  # "requires a doctor's prescription"
    if (
        _seven_oh_only(clause)
        and re.search(
            r"\b(?:schedul\w*|stop\w* the sale|limit\w*|cap(?:s|ped|ping)?|target\w*|crack\w* down"
            r"|(?:greater|more) than\s+(?:\w+\s+)?(?:percent|\(?\d))",
            clause,
            re.IGNORECASE,
        )
        and not b
    ):
        # "an emergency scheduling order limiting concentrations of 7-OH", "stop the sale of 7-OH products"
        return {"seven_oh": "capped" if CAP.search(clause) else "controlled"}, hypo
    if b is not None and (_PRODUCT_OR_ACT.search(clause) or acts.one_act(clause)):
        b = None
        rg = REGULATED.search(clause)
        if (not rg or rg.group(0).lower().startswith("licen")) and not LEGAL.search(clause):
            # "a kratom product containing a controlled substance, unless a licensed pharmacist
            # compounds it": a kind of product, not the plant's status
            return None, hypo
    if b is None and localities.NO_SALE.search(clause):
        return {"category": "restricted"}, hypo  # "can no longer be sold in parish stores"
    if b is None and REGULATED.search(clause) is None and LEGAL.search(clause) is None:
        if _REMOVED.search(clause) and KRATOM.search(clause):
            # "which removed kratom from the list of Category 5 narcotics": no longer controlled
            return {"category": "not_banned"}, hypo
        return None, hypo
    lg = LEGAL.search(clause)
    rg = REGULATED.search(clause)
    if b:
        neg = (
            _negated(clause, b.start(), 0)
            or failed
            or bool(
                re.search(
                    r"\b(?:does|do|did) not (?:yet )?(?:apply|cover|include)",
                    clause[b.end() :],
                    re.IGNORECASE,
                )
            )
        )
        if failed:
            hypo = False
        if b.group(0).lower().startswith("illegal") and _negated(clause, b.start(), 0):
            return {"category": "not_banned"}, False
        if _seven_oh_only(clause) and not neg:
            return {"seven_oh": "capped" if CAP.search(clause) else "controlled"}, hypo
        if neg and not failed and localities.MODAL_NEGATION.search(clause, 0, b.start()):
            return {"category": "not_banned"}, True  # "should not be banned": an opinion
        if neg:
            if rg and not _negated(clause, rg.start(), 0) and FAILED.search(clause):
                return {
                    "category": "regulated"
                }, False  # "agrees to regulate kratom, reversing its ban"
            return {"category": "not_banned"}, False
        if (
            not neg
            and re.search(
                r"\bwithout\s+(?:\w+\s+){0,2}?(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:licen[cs]es?|permits?|registration)\b",
                clause,
                re.IGNORECASE,
            )
            and not re.search(
                r"\bcontrolled (?:substance|drug|narcotic)|\bnarcotics?\b|\bschedule (?:i|1)\b",
                clause,
                re.IGNORECASE,
            )
        ):
            # "illegal to sell without a license": a licensing rule, not a ban (a controlled
            # substance's permits are the ban's own exceptions)
            return {"category": "regulated"}, hypo
        if _VENUE.search(clause) and not POSSESSION.search(clause):
            # "sale is forbidden at schools and from vending machines": where it is sold, a rule
            return {"category": "regulated"}, hypo
        sale = _SALE.search(clause)
        elaborated = (
            sale is not None
            and sale.start() > b.end()
            and re.search(r"\b(?:kratom|it|mitragyn\w*)\b", clause[: b.end()], re.IGNORECASE)
            and re.search(r",\s+\w+ing\b", clause[b.end() : sale.end()])
        )  # "made kratom illegal in 2016, prohibiting its sale, import and export": the ban, spelt out
        if (
            (_sale_only(clause) and not elaborated)
            or re.match(
                r"\w*\s+(?:most|some|certain|many)\s+(?:\w+\s+)?products\b",
                clause[b.end() :],
                re.IGNORECASE,
            )
            # "makes many kratom-derived products illegal to sell" (pass 9)
            or re.search(
                r"\b(?:most|some|certain|many)\s+(?:[\w-]+\s+)?products\s+(?:\w+\s+)?$",
                clause[max(0, b.start() - 60) : b.start()],
                re.IGNORECASE,
            )
        ):
            # "banning most kratom products": part of the market, not the leaf
            if _export_only(clause):
                # "the export of raw leaves is prohibited": a trade rule; the home market is open
                return {"category": "regulated"}, hypo
            return {"category": "restricted"}, hypo
        if re.search(
            r"\b(?:sale|sold|marketed|use)\s+as\s+(?:an?\s+)?(?:foods?|beverages?|(?:dietary\s+|natural\s+health\s+)?supplements?)\b|"
            r"\bfor human consumption\b|\b(?:use|sale)\s+of\s+kratom\s+(?:\w+\s+)?(?:for|in|as)\s+(?:the\s+)?"
            r"(?:production of\s+)?(?:foods?|beverages?|drinks?|(?:dietary\s+)?supplements?)\b",
            clause,
            re.IGNORECASE,
        ):
            # "illegal when used for human consumption", "the use of kratom for production of food
            # ... remains prohibited": one use, not the leaf
            return {"category": "restricted"}, hypo
        if (
            lg
            and lg.start() < b.start()
            and not _negated(clause, lg.start(), 0)
            and re.search(r"\b(?:except|but)\b", clause[lg.start() : b.start()], re.IGNORECASE)
        ):
            return {"category": "legal"}, hypo
        if lg and lg.group(0).lower().startswith(("legali", "decrimin")) and lg.start() > b.start():
            if rg and rg.start() > lg.start() and not _negated(clause, rg.start(), 0):
                # "After decades of prohibition, Thailand legalized kratom, shifting to a regulated market"
                return {"category": "legal", "also": "regulated"}, hypo
            return {"category": "legal"}, hypo
        return {"category": "banned"}, hypo
    if rg:
        if failed and not lg:
            return None, hypo  # "Attempts to regulate failed": nothing changed
        if _seven_oh_only(clause) and CAP.search(clause):
            return {"seven_oh": "capped"}, hypo
        if _negated(clause, rg.start(), 0):
            return {"category": "legal"}, hypo
        if lg and lg.start() < rg.start() and not _negated(clause, lg.start(), 0):
            return {"category": "legal", "also": "regulated"}, hypo
        if _SALE_RESTRICTED.search(clause):
            # "The sale of kratom will now be restricted": the trade is barred, the tracker's
            # "restricted" (sale prohibited), not a licensing rule
            return {"category": "restricted"}, hypo
        return {"category": "regulated"}, hypo
    if lg and (
        _NICKNAME.search(clause, 0, lg.start()) or _AUTHORITY_ALLOWED.match(clause, lg.start())
    ):
        # "slang terms like 'legal morphine'", "allowed customs agents to detain kratom": a name,
        # or a power given to officials, not the plant's status
        return None, hypo
    if lg:
        if re.search(
            r"\bfor (?:medical|medicinal|research|scientific)\b",
            clause[lg.end() : lg.end() + 40],
            re.IGNORECASE,
        ) or re.search(
            r"\bfor (?:medical|medicinal|research|scientific) (?:purposes|proposes|use|reasons)\b",
            clause,
            re.IGNORECASE,
        ):
            return {"category": "restricted"}, hypo  # "legalized for medical and research purposes"
        if _negated(clause, lg.start(), 0) and _PRODUCT_OR_ACT.search(clause):
            return None, hypo  # "Mixing kratom leaves with other drugs is not allowed"
        if _negated(clause, lg.start(), 0) and lg.group(0).lower() not in (
            "unregulated",
            "not listed",
        ):
            trade = _TRADE_VERB.match(clause, lg.end()) and not POSSESSION.search(clause)
            # "you can't legally buy it in stores": the trade is barred, not the plant
            return {"category": "restricted" if _sale_only(clause) or trade else "banned"}, hypo
        if lg.group(0).lower() == "not listed" and not re.search(
            r"\b(?:schedule|convention|list)", clause, re.IGNORECASE
        ):
            return None, hypo
        return {"category": "legal"}, hypo
    return None, hypo


def split_also(reading: dict) -> list[dict]:
    """A reading that carries two facts ("legal ... for those 18 and older") as two readings."""
    if "also" not in reading:
        return [reading]
    first = {k: v for k, v in reading.items() if k != "also"}
    also = reading["also"]
    return [first, dict(also) if isinstance(also, dict) else {"category": also}]

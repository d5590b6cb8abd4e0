"""From what a source says to a suggested codebook change, an effective date and the reason why (issue #12).

`analyse()` reads every text a source gives (title, abstracts, description, subjects, fetched bill text,
Federal Register abstract and excerpts, action descriptions) sentence by sentence and returns the codebook
attributes those sentences establish, the sentences that established them, the effective date and the
enactment (act / chapter / public law number, signed date). `complete()` merges that partial change with
the jurisdiction's period in force on the effective date, so a partial change (an age limit added to an
existing regulation) gives a full suggestion with its derived category, and says whether the history
already records exactly that (`confirms_period`).

Nothing is invented: when the documents do not say when a change takes effect, `effective_from` is None
and `effective_note` says what was found ("90 days after adjournment; the adjournment date is not known").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from scrapers.terms import PATTERNS, fold, match_terms
from tracker.status import codebook

ATTRIBUTES = (
    "leaf",
    "seven_oh",
    "seven_oh_threshold",
    "min_age",
    "licensing",
    "labelling",
    "substances",
)
COMPARED = ("leaf", "seven_oh", "seven_oh_threshold", "min_age", "licensing", "labelling")
LEAF_RANK = {"regulated": 1, "sale_prohibited": 2, "prescription": 2, "controlled": 3}
SEVEN_OH_RANK = {"capped": 1, "controlled": 2}

_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[\"'(\[]?[A-Z0-9§])|\n+")
_PLANT = re.compile(
    r"(?<![\w-])(?<!hydroxy )(kratom|mitragyna\s+speciosa|mitragynine(?![\s-]*pseudoindoxyl))(?![^\W_])"
)
_SEVEN_OH = re.compile(
    r"(?<![\w-])(7[\s-]*hydroxy[\s-]*mitragynine|7[\s-]?oh|mitragynine[\s-]*pseudoindoxyl)(?![^\W_])"
)
_NOT_PLANT = re.compile(
    r"(synthetic|semi-synthetic|concentrated|enhanced|adulterated|non-kratom|derivative|analog)\W+(\w+\W+){0,2}$"
)
_SCHEDULE = re.compile(
    r"\bschedule\s+(i|1|one)\b|\bcontrolled (dangerous )?substances? (list|schedule)\b|\bas a controlled"
    r"|\b(adds?|adding|add|placing|places?|listing|lists?|classif\w*|designat\w*)\b[^.;]{0,80}\b(schedule|controlled (dangerous )?substance)"
    # Japan's control list under its pharmaceutical law: "have been Designated Substances since ..."
    r"|\b(are|is|as|been|become|became) (a |an )?designated substances?\b"
)
_NEGATION = re.compile(
    r"\b(remov\w*|delet\w*|exempt\w*|exclud\w*|shall not (be|apply)|does not|not be (considered|deemed|classified)"
    r"|rejected|defeated|vetoed|voted (down|against)|killed|died|tabled"
    r"|is not a controlled|would have|failed|urg\w+|memoriali\w+|request\w* (that|the)|oppos\w+)\b"
)
_PROHIBIT = re.compile(
    r"\b(prohibit(?:s|ed|ing)?|ban|bans|banned|banning|unlawful|illegal|make it a crime|outlaw\w*)\b"
)
_SALE = re.compile(
    r"\b(sell|sells|selling|sold|sale|sales|distribut\w+|manufactur\w+|deliver\w*|import\w*)\b"
)
_POSSESS = re.compile(r"\bpossess\w*\b")
# possession left lawful beside a sale ban: "possession is legal", "possession and use are not punished" (a consumer-
# market ban), "possession and personal use remain allowed"; a second act named with "and" or "or" may stand between
# possession and its verb. "Possession and sale are not allowed" is no such statement
_POSSESSION_LAWFUL = re.compile(
    r"possess\w*(?:\s+(?:and|or)\s+(?:personal\s+)?\w+)?\s+(?:is|are|was|were|remains?)\s+(?:still\s+|also\s+)?"
    r"(?:not(?!\s+(?:allowed|permitted|legal|lawful|tolerated)\b)|legal|lawful|permitted|allowed|tolerated|unpunished)"
    r"|not (?:illegal|an offen[cs]e|a crime) to possess|possess\w*[^.;]{0,30}\bnot an? (?:offen[cs]e|crime)"
)
_MINORS = re.compile(
    r"\b(minors?|(?:persons?|people|individuals?|anyone|customers?|buyers?|purchasers?|those) under|younger than|under the age|under \d+ years|age of|years of age|years old"
    r"|adults?|\d+ (and|or) (over|older)|or older)\b"
)
_AGE = re.compile(
    r"\b(?:under|younger than|at least|age of|aged?|over)\s+(?:the age of\s+)?(18|19|21|twenty[- ]one|eighteen|nineteen)\b"
    r"|\b(18|19|21|twenty[- ]one|eighteen|nineteen)\s+years\b"
)
_REGULATE = re.compile(
    r"\b(consumer (health and )?(safety |protection)|processing|civil penalt\w*|kratom (products? )?(act|regulation)|regulat\w+|registration|register\w*|licen[cs]\w*|permit\w*"
    r"|retail\w*|processor\w*|vendor\w*|dealer\w*|adulterat\w+|test(ing)?|labell?\w*)\b"
)
_STATUS_WORD = re.compile(
    r"\b(is|are|became|becomes|was made|has been|have been|were|was|now)\s+(now\s+|also\s+)?(illegal|banned|prohibited|outlawed"
    r"|a (schedule i|controlled) substance)\b"
)
# the codebook's licensing: sellers or manufacturers must register or hold a licence, in either spelling ("licence",
# "license"), with an adverb or an agency's name allowed before "with" ("register annually with the department")
_LICENSE = re.compile(
    r"\b(licen[cs]\w*|registration|register\w*\s+(?:\w+\s+){0,2}with|(?:must|shall|to) register|permit)\b"
)
_LABEL = re.compile(r"\blabell?\w*\b")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?|one|two|three|four|five|ten)[\s-]*(?:%|percent|per cent)")
_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "ten": "10",
    "eighteen": "18",
    "nineteen": "19",
    "twenty-one": "21",
    "twenty one": "21",
}
# "including but not limited to mitragynine and 7-hydroxymitragynine" lists substances; it limits nothing
_NOT_LIMITED = re.compile(r"\b(including,? )?(but )?not limited to\b")
# a prohibition on some products (a product standard), not on kratom: "certain kratom products", "products that contain ..."
_SOME_PRODUCTS = re.compile(
    r"\b(certain|such|specified|particular|unregistered|unlabell?ed|misbranded)\b[^.;]{0,30}\bproducts?\b"
    r"|\bproducts?\b[^.;]{0,20}\b(that|which) (do|does|contain\w*|is|are|exceed\w*|has|have)\b"
)
# a label requirement is written as a prohibition on products that do not carry one; only a repeal negates it
_LABEL_NEGATION = re.compile(
    r"\b(remov\w*|delet\w*|repeal\w*|exempt\w*|eliminat\w*)\b[^.;]{0,60}\blabel"
)
# the act of putting a substance in a schedule, to find which substance the schedule applies to
_SCHEDULE_ACT = re.compile(
    r"\b(adds?|adding|added|plac\w+|list\w*|classif\w*|designat\w*|schedul\w+|includ\w+)\b"
)
# a full-text hit on an enacted bill whose caption is about the controlled substances schedules
_CSA_CAPTION = re.compile(r"\b(relating to:? )?controlled (dangerous )?substances\b")
# an act that orders an agency to schedule later ("require the department to adopt regulations designating
# additional substances as controlled substances") lists nothing itself: the rule it orders does, once adopted.
# The clause is read up to the next semicolon, full stop or enumeration mark, so "(4) ..." stays.
_ORDERED_SCHEDULING = re.compile(
    r"\b(requir\w*|direct\w*|order\w*|instruct\w*|authori[sz]\w*|empower\w*|shall)\b[^.;()]{0,80}?"
    r"\b(adopt|promulgate|issue|make)\w*\s+(?:\w+\s+)?(regulations?|rules?)\b"
    r"[^.;()]*?\b(designat\w*|schedul\w*|controlled (dangerous )?substances?)\b[^.;()]*"
)
# a clause about the earlier state ("which had listed kratom in Schedule I since 2017", "formerly legal", "until 2026,
# kratom was ..."): the new status is what the rest of the sentence says. A date's comma ("July 1, 2019") stays inside.
_PAST_ASIDE = re.compile(
    r",\s*(?:(?:which|that|who)\s+)?(?:had|previously|formerly)\b(?:[^,;]|,\s*\d{4}\b)*(?:,|(?=;)|$)"
)
_PAST_CLAUSE = re.compile(r"(?:^|(?<=;))\s*until\b[^;]*?\b(?:was|were|had)\b[^;]*")
# "kratom-related products", "mitragynine-related compounds": the compounds derived from the plant (7-OH and its
# kin, as the rules that use the phrase define it), not the plant; read as the 7-OH attribute
_RELATED = re.compile(r"(?<![\w-])(kratom|mitragynine)[\s-]+related\b")
# "..., except for products composed solely of mitragynine, ...": what the rule leaves out is not what it is about
_EXCEPTION = re.compile(r"\b(except(?: for)?|excluding|other than)\b[^,;]*")
# a prohibition whose object is only the products above some 7-OH or alkaloid level ("products with excessive levels of
# 7-hydroxymitragynine may not be sold") is a cap on those products, not a ban of the plant or of 7-OH
_ABOVE_LEVEL = re.compile(
    r"\b(excess\w*|high|elevated|unsafe)\s+(levels?|amounts?|concentrations?|quantit\w+)\s+of\b[^.;]{0,40}"
    r"(7[\s-]*hydroxy|7[\s-]?oh|alkaloid)"
)
# a ban on exporting is a trade rule on one act, not a ban of the plant: the codebook's sale_prohibited covers sale,
# supply and import, and an export regime with licences is regulation. A clause (between commas, semicolons, colons)
# that bans exports and names no sale, import or possession is set aside before the ban rules read the sentence.
_EXPORT = re.compile(r"\bexport\w*\b")
_NON_LAW = re.compile(
    r"\b(resolution|memorial|urg(e|es|ing)|study|task force|commend\w*|recogni[sz]\w*)\b"
)

MONTHS = (
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
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
DATE_RE = re.compile(
    rf"(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<n1>\d{1,2})/(?P<n2>\d{1,2})/(?P<n3>\d{2,4})|(?P<i1>\d{4})-(?P<i2>\d{2})-(?P<i3>\d{2})"
)
_EFFECT = r"(?:effective(?: date)?|take[s]? effect|shall become effective|becomes? effective|in (?:full )?force|go(?:es)? into effect)"
_EFFECT_RE = re.compile(rf"\b{_EFFECT}")
_LEAD = re.compile(
    r"\W{0,3}(?:(?:on|from|as of|beginning|starting|no later than|since|date)\s*:?\s*)?(?:the\s+)?"
)
_PAREN_DATE = re.compile(r"\(\s*(\d{1,2}/\d{1,2}/\d{2,4})\s*\)\s*\.?$")
_WHEN = re.compile(r"\b(?:from|since|on|as of)\s+")
_EFFECTIVE_NO_YEAR = re.compile(
    rf"{_EFFECT}\W{{0,3}}(?:on|from|as of|beginning)?\s*(?:the\s+)?{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!,?\s*\d)"
)
_UPON_SIGNATURE = re.compile(
    rf"{_EFFECT}\W{{0,3}}(?:immediately\s+)?(?:up)?on\s+(?:the\s+)?(?:its\s+)?(?:signature|approval|passage and approval"
    r"|becoming (?:a )?law|being signed|enactment|governor'?s? (?:signature|approval)|signing)"
    rf"|{_EFFECT}\W{{0,3}}immediately|emergency clause"
)
_DAYS_AFTER = re.compile(
    r"(\d+|ninety|sixty|thirty|ninety-one|ninety-first)[\s-]*(?:st\s+)?days?\s+(?:after|following|from)\s+(?:the\s+)?(?:date of\s+)?"
    r"(adjournment|sine die|final adjournment|end of the session|(?:its\s+)?(?:passage|approval|signature|enactment|publication|becoming law))"
)
_DAYS = {"ninety": 90, "sixty": 60, "thirty": 30, "ninety-one": 91, "ninety-first": 91}
_ACT = re.compile(
    r"\b(?:becomes?|became)\s+(act\s+(?:no\.?\s*)?\d+)|^\W*(act\s+(?:no\.?\s*)?\d+)\b|\b(chapter\s+(?:no\.?\s*)?\d+)(?:,?\s+(?:statutes|laws) of \d{4})?"
    r"|\b(public law(?: no)?:?\s*\d+-\d+)|\b(session law(?:s)? \d{4}-\d+)",
    re.I,
)


@dataclass
class Analysis:
    """What the documents establish: partial codebook attributes, why, when, and the enactment."""

    attributes: dict = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    effective_from: str | None = None
    effective_basis: str | None = None
    effective_note: str | None = None
    enacted_on: str | None = None
    enactment: dict = field(default_factory=dict)
    dated: str | None = (
        None  # the day a page dates its statement (its dateline); never an effective date
    )

    def as_dict(self) -> dict:
        """The JSON stored in Proposal.suggested (before complete() adds the merged attributes)."""
        out = {k: v for k, v in self.attributes.items()}
        out.update(
            established=sorted(self.attributes),
            rules=list(self.rules),
            reason=" … ".join(self.reasons[:3]) or None,
            reasons=list(self.reasons[:6]),
            effective_from=self.effective_from,
            effective_basis=self.effective_basis,
            effective_note=self.effective_note,
            enacted_on=self.enacted_on,
            enactment=dict(self.enactment),
            act=self.enactment.get("number"),
            dated=self.dated,
        )
        return out


def sentences(text: str) -> list[str]:
    """The sentences of a text (also split at line breaks and semicolons' clauses)."""
    return [s.strip() for s in _SENTENCE.split(text or "") if s and s.strip()]


def _num(word: str) -> str:
    return _WORDS.get(word.lower(), word)


def _plant_named(folded: str) -> list[str]:
    found = []
    for m in _PLANT.finditer(folded):
        if not _NOT_PLANT.search(folded[max(0, m.start() - 40) : m.start()]):
            found.append(m.group(1))
    return found


def _substances(folded: str) -> set[str]:
    out = set()
    if PATTERNS["kratom"].search(folded) or PATTERNS["Mitragyna speciosa"].search(folded):
        out.add("kratom")
    if re.search(r"(?<![\w-])(?<!hydroxy )mitragynine(?![\s-]*pseudoindoxyl)(?![^\W_])", folded):
        out.add("mitragynine")
    if PATTERNS["7-hydroxymitragynine"].search(folded) or PATTERNS["7-OH"].search(folded):
        out.add("7-hydroxymitragynine")
    if PATTERNS["mitragynine pseudoindoxyl"].search(folded):
        out.add("mitragynine-pseudoindoxyl")
    if re.search(r"\b(analog(ue)?s?|isomers?|derivatives?)\b", folded) and out:
        out.add("analogues")
    return out


def _raise(attrs: dict, name: str, value, rank: dict) -> bool:
    old = attrs.get(name)
    if old is None or rank.get(value, 0) > rank.get(old, 0):
        attrs[name] = value
        return True
    return False


def _present(folded: str) -> str:
    """A folded sentence without its clauses about the earlier state (see _PAST_ASIDE)."""
    return _PAST_CLAUSE.sub(" ", _PAST_ASIDE.sub(" ", folded))


def _reading(folded: str) -> str:
    """What a folded sentence says now: the earlier state, orders to schedule later, export bans and "kratom-related"
    set aside."""
    now = _without_export_bans(_present(folded))
    return _RELATED.sub("7-oh-related", _ORDERED_SCHEDULING.sub(" ", now))


def _without_export_bans(f: str) -> str:
    """The sentence without its clauses that only ban exporting (see _EXPORT)."""
    clauses = re.split(r"(?<=[,;:])", f)
    return "".join(" " if _bans_export_only(c) else c for c in clauses)


def _bans_export_only(clause: str) -> bool:
    return bool(
        _EXPORT.search(clause)
        and _PROHIBIT.search(clause)
        and not _SALE.search(clause)
        and not _POSSESS.search(clause)
    )


def _prohibits_a_subset(f: str) -> bool:
    """The prohibition's object is a subset of sales (to minors) or of products (above a 7-OH level): an age limit
    or a cap, read by their own rules, never a ban of the plant."""
    return bool(_MINORS.search(f) or _ABOVE_LEVEL.search(f))


def _schedule_clause(f: str) -> str:
    """The clause (between semicolons) that names the schedule: "7-OH placed in Schedule I; kratom leaf remains legal"
    schedules 7-OH only."""
    clauses = [c for c in re.split(r";|\s+-\s+|:\s", f) if c.strip()]
    hits = [c for c in clauses if _SCHEDULE.search(c)]
    return " ; ".join(hits) if hits else f


def _sentence_rules(
    sentence: str, attrs: dict, rules: list[str], reasons: list[str], implied: str | None = None
) -> None:
    f = _reading(fold(sentence))
    plant = _plant_named(_EXCEPTION.sub(" ", f))
    seven = bool(_SEVEN_OH.search(f))
    if (
        implied
        and not plant
        and not seven
        and _CSA_CAPTION.search(f)
        and not _SCHEDULE.search(f)
        and not _NEGATION.search(f)
        and len(f) < 200
    ):
        # a caption such as "relating to: controlled substances" on an enacted bill the full-text search found
        plant = [implied]
        _raise(attrs, "leaf", "controlled", LEAF_RANK)
        _raise(attrs, "seven_oh", "controlled", SEVEN_OH_RANK)
        rules.append(
            f"the bill's text names {implied} (full-text search hit) and its caption amends the controlled substances schedules"
        )
        reasons.append(sentence.strip()[:400])
        return
    if implied and not plant and not seven and _SCHEDULE.search(f) and not _NEGATION.search(f):
        # a full-text search hit on a bill whose summary only says "adds compounds to Schedule I"
        plant = [implied]
        rules.append(
            f"the bill's text names {implied} (full-text search hit) and the summary adds substances to a schedule"
        )
    if not plant and not seven:
        return
    hit = False
    negated = bool(_NEGATION.search(f))
    if _SCHEDULE.search(f) and not negated:
        clause = _schedule_clause(f)
        # "7-OH is placed in Schedule I; kratom leaf products remain legal": the schedule applies to 7-OH only
        scheduled_plant = plant and (
            implied or _plant_named(clause) or not _SEVEN_OH.search(clause)
        )
        if scheduled_plant:
            _raise(attrs, "leaf", "controlled", LEAF_RANK)
            _raise(attrs, "seven_oh", "controlled", SEVEN_OH_RANK)
            rules.append("kratom / mitragynine placed in a schedule → leaf controlled")
        else:
            _raise(attrs, "seven_oh", "controlled", SEVEN_OH_RANK)
            rules.append("7-OH placed in a schedule → seven_oh controlled")
        hit = True
    # "selling kratom is prohibited; possession is not punished" is a sale ban (read below), not kratom banned
    elif (
        plant
        and _STATUS_WORD.search(f)
        and not negated
        and not _prohibits_a_subset(f)
        and not _POSSESSION_LAWFUL.search(f)
    ):
        _raise(attrs, "leaf", "controlled", LEAF_RANK)
        _raise(attrs, "seven_oh", "controlled", SEVEN_OH_RANK)
        rules.append(
            "kratom said to be illegal / banned / a controlled substance → leaf controlled"
        )
        hit = True
    elif _PROHIBIT.search(f) and not negated and not _prohibits_a_subset(f):
        if plant and _POSSESS.search(f) and _SALE.search(f) and not _POSSESSION_LAWFUL.search(f):
            _raise(attrs, "leaf", "controlled", LEAF_RANK)
            _raise(attrs, "seven_oh", "controlled", SEVEN_OH_RANK)
            rules.append("possession and sale of kratom prohibited → leaf controlled")
            hit = True
        elif (
            plant
            and _SALE.search(f)
            and not re.search(
                r"adulterat|synthetic|contain\w* (a |any )?(level|amount|concentration)", f
            )
            and not _SOME_PRODUCTS.search(f)
        ):
            _raise(attrs, "leaf", "sale_prohibited", LEAF_RANK)
            rules.append("sale of kratom prohibited → leaf sale_prohibited")
            hit = True
        elif seven and not _PERCENT.search(f):
            _raise(attrs, "seven_oh", "controlled", SEVEN_OH_RANK)
            rules.append("7-OH products prohibited → seven_oh controlled")
            hit = True
        elif plant and _SALE.search(f) and _SOME_PRODUCTS.search(f):
            _raise(attrs, "leaf", "regulated", LEAF_RANK)
            rules.append(
                "sale of certain kratom products prohibited (a product standard) → leaf regulated"
            )
            hit = True
    age = _AGE.search(f)
    if age and plant and _MINORS.search(f):
        value = int(_num((age.group(1) or age.group(2)).replace(" ", "-")))
        if attrs.get("min_age") is None or value > attrs["min_age"]:
            attrs["min_age"] = value
        _raise(attrs, "leaf", "regulated", LEAF_RANK)
        rules.append(f"minimum age {value} named → min_age {value}")
        hit = True
    pct = _PERCENT.search(f)
    if pct and seven and attrs.get("seven_oh") != "controlled":
        attrs["seven_oh"] = "capped"
        attrs["seven_oh_threshold"] = f"{_num(pct.group(1))}%"
        rules.append(f"7-OH limited to {attrs['seven_oh_threshold']} → seven_oh capped")
        if plant or "alkaloid" in f:
            _raise(attrs, "leaf", "regulated", LEAF_RANK)
        hit = True
    if (
        seven
        and attrs.get("seven_oh") not in ("controlled", "capped")
        and (
            re.search(
                r"\b(limit\w*|cap\w*|restrict\w*|no more than|not exceed\w*)\b[^.;]{0,60}(7[\s-]*hydroxy|7[\s-]?oh|alkaloid)",
                _NOT_LIMITED.sub(" ", f),
            )
            or _ABOVE_LEVEL.search(f)
        )
    ):
        attrs["seven_oh"] = "capped"
        rules.append("7-OH content limited (no figure given) → seven_oh capped")
        hit = True
    if (
        (plant or "kratom product" in f)
        and _LABEL.search(f)
        and negated
        and not _LABEL_NEGATION.search(f)
        and re.search(r"\b(does|do|shall) not\b", f)
        and not re.search(r"\b(remov\w*|delet\w*|repeal\w*|exempt\w*)\b", f)
    ):
        # "selling a kratom product that does not have a label that sets forth ..." requires a label
        attrs["labelling"] = True
        _raise(attrs, "leaf", "regulated", LEAF_RANK)
        rules.append(
            "kratom products must carry a label (sale of unlabelled products prohibited) → labelling"
        )
        hit = True
    if _REGULATE.search(f) and not negated and (plant or "product" in f):
        before = dict(attrs)
        if "kratom" in f or plant:
            _raise(attrs, "leaf", "regulated", LEAF_RANK)
        if _LICENSE.search(f):
            attrs["licensing"] = True
        if _LABEL.search(f):
            attrs["labelling"] = True
        if (
            attrs != before or plant
        ):  # a "retailer notice" on 7-OH products regulates nothing by itself
            rules.append(
                "kratom-specific regulation (consumer protection, registration, labelling) → leaf regulated"
            )
            hit = True
    if hit:
        reasons.append(sentence.strip()[:400])


def parse_date(m: re.Match) -> date | None:
    """A date from a DATE_RE match (month names, D Month YYYY, M/D/YY, ISO); None when impossible."""
    g = m.groupdict()
    try:
        if g["m1"] or g["m2"]:
            key = (g["m1"] or g["m2"]).lower()[:3]
            number = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(key))
            return date(int(g["y1"] or g["y2"]), number, int(g["d1"] or g["d2"]))
        if g["n1"]:
            yy = int(g["n3"])
            return date(yy + 2000 if yy < 100 else yy, int(g["n1"]), int(g["n2"]))
        if g["i1"]:
            return date(int(g["i1"]), int(g["i2"]), int(g["i3"]))
    except (ValueError, StopIteration):
        return None
    return None


def _dates_after(pattern: re.Pattern, f: str) -> list[date]:
    found = []
    for m in pattern.finditer(f):
        lead = _LEAD.match(f, m.end())
        d = DATE_RE.match(f, lead.end() if lead else m.end())
        if d and (parsed := parse_date(d)):
            found.append(parsed)
    return found


def effective_dates(sentence: str, *, loose: bool = False) -> list[date]:
    """Dates a sentence says something takes effect on ("effective July 1, 2025", "(8/1/25)" at the end;
    loose: also "from 1 August 2025", "since 26 May 2016", "on 10 March 2009", as encyclopedias write)."""
    f = _present(fold(sentence))
    found = _dates_after(_EFFECT_RE, f)
    if (
        (m := _PAREN_DATE.search(f))
        and (d := DATE_RE.match(m.group(1)))
        and (parsed := parse_date(d))
    ):
        found.append(parsed)
    for d in DATE_RE.finditer(f):
        if re.match(r"\W{0,3}(?:is\s+)?(?:the\s+)?effective date", f[d.end() :]) and (
            parsed := parse_date(d)
        ):
            found.append(parsed)
    if loose and not found:
        found = _dates_after(_WHEN, _without_publication_days(f))
    return found


# "published in the Official Journal on 1 January 2020", "announced on ...": the day a text was made public, which
# is not the day it takes effect unless the sentence says so (then _EFFECT_RE has read it before the loose reading)
_PUBLISHED_ON = re.compile(
    r"(\b(?:published|gazetted|promulgated|announced|posted|issued|printed)\b[^,;.()]{0,60}?)\b(?:on|from|as of)\s+"
)


def _without_publication_days(f: str) -> str:
    """A folded sentence without the "on" of a publication day, so that the loose reading passes it by."""
    return _PUBLISHED_ON.sub(r"\1", f)


def _effective(
    texts: list[tuple[str, str]],
    analysis: Analysis,
    signed_on: date | None,
    adjourned_on: date | None,
    loose: bool = False,
) -> None:
    dated: list[tuple[date, str]] = []
    upon_signature = days_after = no_year = None
    for where, text in texts:
        for sentence in sentences(text):
            f = fold(sentence)
            for found in effective_dates(sentence, loose=loose):
                dated.append((found, f"{where}: {sentence.strip()[:300]!r}"))
            if upon_signature is None and _UPON_SIGNATURE.search(f):
                upon_signature = f"{where}: {sentence.strip()[:300]!r}"
            if days_after is None and (m := _DAYS_AFTER.search(f)):
                days_after = (
                    int(
                        _DAYS.get(m.group(1), m.group(1))
                        if not m.group(1).isdigit()
                        else m.group(1)
                    ),
                    m.group(2),
                    f"{where}: {sentence.strip()[:300]!r}",
                )
            if no_year is None and not dated and (m := _EFFECTIVE_NO_YEAR.search(f)):
                no_year = (m, f"{where}: {sentence.strip()[:300]!r}")
    if dated:
        first = min(dated)
        analysis.effective_from, analysis.effective_basis = first[0].isoformat(), first[1]
        others = sorted({d.isoformat() for d, _ in dated} - {first[0].isoformat()})
        if others:
            analysis.effective_note = (
                f"several dates named ({', '.join(others)}); the earliest is suggested"
            )
        return
    if upon_signature:
        dateline = _dateline(texts, upon_signature) if loose and not signed_on else None
        if signed_on:
            analysis.effective_from, analysis.effective_basis = (
                signed_on.isoformat(),
                f"{upon_signature}; signed {signed_on}",
            )
        elif dateline:
            # a statement dated in its own sentence: "August 13, 2025 - ... filed an emergency rule ..., effective immediately"
            analysis.effective_from, analysis.effective_basis = (
                dateline.isoformat(),
                f"{upon_signature}; dated {dateline}",
            )
        else:
            analysis.effective_note = (
                f"takes effect on signature, but no signing date was found ({upon_signature})"
            )
        return
    if days_after:
        n, after, basis = days_after
        anchor = (
            adjourned_on
            if re.search(r"adjourn|sine die|end of the session", after)
            else (
                signed_on
                if re.search(r"approval|signature|enactment|becoming law", after)
                else None
            )
        )
        if anchor:
            analysis.effective_from = (anchor + timedelta(days=n)).isoformat()
            analysis.effective_basis = f"{basis}; {after} on {anchor}"
        else:
            analysis.effective_note = (
                f"{n} days after {after}, whose date is not known here ({basis}); unsure"
            )
        return
    if no_year:
        m, basis = no_year
        analysis.effective_note = f"an effective day without a year ({basis}); unsure of the year"
        return
    analysis.effective_note = "the documents fetched do not state an effective date"


def _dateline(texts: list[tuple[str, str]], basis: str) -> date | None:
    """The one date named in the sentence that says "effective immediately" (a dated statement), if any."""
    for where, text in texts:
        for sentence in sentences(text):
            if f"{where}: {sentence.strip()[:300]!r}" != basis:
                continue
            found = {d for m in DATE_RE.finditer(fold(sentence)) if (d := parse_date(m))}
            return found.pop() if len(found) == 1 else None
    return None


def _enactment(actions: Iterable, analysis: Analysis, laws: Iterable[str] = ()) -> date | None:
    """Signed date and act / chapter / public law number from the bill's actions (classified or described)."""
    from tracker.ingest.stages import stage_of_text

    signed = None
    for action in actions:
        desc = getattr(action, "description", "") or ""
        labels = set(getattr(action, "classification", ()) or ())
        enacting = labels & {"executive-signature", "became-law", "veto-override-passage"} or (
            not labels and stage_of_text(desc) == "enacted"
        )
        if not enacting:
            continue
        when = _iso(getattr(action, "date", None))
        if when and (signed is None or "executive-signature" in labels):
            signed = when
        m = _ACT.search(desc)
        if m:
            number = next(g for g in m.groups() if g)
            analysis.enactment.setdefault(
                "number", re.sub(r"\s+", " ", number).strip().rstrip(".").title()
            )
    for law in laws:
        analysis.enactment.setdefault("number", law)
    if signed:
        analysis.enacted_on = signed.isoformat()
        analysis.enactment["signed_on"] = signed.isoformat()
    return signed


def _iso(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def analyse(
    texts: Iterable[tuple[str, str]],
    *,
    date_texts: Iterable[tuple[str, str]] = (),
    actions: Iterable = (),
    laws: Iterable[str] = (),
    structured_effective: str | None = None,
    adjourned_on: date | None = None,
    establishes_status: bool = True,
    loose_dates: bool = False,
    secondary: Iterable[tuple[str, str]] = (),
    implied: str | None = None,
) -> Analysis:
    """Read every (where, text) pair; return the attributes, reasons, effective date and enactment.

    date_texts are read only for the effective date (action descriptions: "Effective date 07/01/25").
    """
    texts = [(where, text) for where, text in texts if text and str(text).strip()]
    analysis = Analysis()
    actions = list(actions)
    signed = _enactment(actions, analysis, laws)
    secondary = [(where, text) for where, text in secondary if text and str(text).strip()]
    if establishes_status:
        substances: set[str] = set()
        # the summaries and the text say what a bill does; a title only when they establish nothing
        # (Georgia HB 181's title still says "Schedule I" for what became a consumer protection act)
        for group in (texts, secondary):
            seen: set[str] = set()
            for _, text in group:
                for sentence in sentences(text):
                    key = fold(sentence)
                    if key in seen:
                        continue
                    seen.add(key)
                    before = dict(analysis.attributes)
                    _sentence_rules(
                        sentence, analysis.attributes, analysis.rules, analysis.reasons, implied
                    )
                    if analysis.attributes != before or _SCHEDULE.search(key):
                        substances |= _substances(_reading(key)) or (
                            {implied} if implied in codebook.SUBSTANCES else set()
                        )
            if analysis.attributes:
                break
        if analysis.attributes:
            analysis.attributes["substances"] = sorted(substances, key=codebook.SUBSTANCES.index)
        analysis.rules = list(dict.fromkeys(analysis.rules))
    if structured_effective:
        analysis.effective_from, analysis.effective_basis = (
            str(structured_effective)[:10],
            "the source's effective date field",
        )
    else:
        _effective(
            texts + secondary + [(w, t) for w, t in date_texts if t],
            analysis,
            signed,
            adjourned_on,
            loose_dates,
        )
    return analysis


def suggest_change(text: str) -> dict:
    """A partial set of codebook attributes with the rules that produced them (never a status by itself)."""
    found = analyse([("text", text or "")])
    out = dict(found.attributes)
    if out:
        out["rules"] = found.rules
    return out


# ---------------------------------------------------------------- merged with the history


def _period_attributes(period) -> dict:
    if period is None:
        return {
            "leaf": "unregulated",
            "seven_oh": "unregulated",
            "seven_oh_threshold": None,
            "min_age": None,
            "licensing": False,
            "labelling": False,
            "substances": [],
        }
    return {
        name: (list(getattr(period, name) or []) if name == "substances" else getattr(period, name))
        for name in ATTRIBUTES
    }


def merge(base: dict, established: dict) -> dict:
    """The full attribute set: the period in force, changed by what the documents establish."""
    merged = dict(base)
    merged.update({k: v for k, v in established.items() if k in ATTRIBUTES})
    if established.get("leaf") == "controlled":
        for name, empty in (("min_age", None), ("licensing", False), ("labelling", False)):
            if name not in established:
                merged[name] = empty
        if "seven_oh" not in established:
            merged["seven_oh"] = "controlled"
    if (
        base.get("leaf") == "controlled"
        and established.get("leaf") not in (None, "controlled")
        and "seven_oh" not in established
    ):
        merged["seven_oh"] = (
            "unregulated"  # the ban carried 7-OH with it; the document lifts the ban
        )
    if merged.get("seven_oh") != "capped":
        merged["seven_oh_threshold"] = None
    if not established.get("substances"):
        merged["substances"] = list(base.get("substances") or [])
    return merged


def complete(session, jurisdiction, analysis: Analysis, bill: str | None = None) -> dict:
    """Proposal.suggested: the analysis merged with the period in force on its effective date (or today).

    An enactment whose documents establish no attribute confirms the period the history already
    records as that bill's enactment (same signing day, the bill named in the period's sources)."""
    out = analysis.as_dict()
    if not analysis.attributes:
        out = {k: v for k, v in out.items() if k not in ATTRIBUTES}
        recorded = recorded_enactment(session, jurisdiction, analysis.enacted_on, bill)
        if recorded is not None:
            out["confirms_period"] = recorded.id
        return out
    period, confirmed = _base_period(session, jurisdiction, analysis)
    merged = merge(_period_attributes(period), analysis.attributes)
    out.update(merged)
    out["category"] = codebook.derive_category(
        merged["leaf"], merged["seven_oh"], merged["min_age"]
    )
    out["base_period"] = period.id if period is not None else None
    signed = _iso(analysis.enacted_on)
    # a period in force before the law was signed, or before the day the documents date the change from, cannot be
    # the change's own: something changed that the attributes do not name, so the proposal stays open for the curator
    predates = _predates(period, _iso(analysis.effective_from) or signed)
    if confirmed is None and not predates and records(period, analysis.attributes):
        confirmed = period
    out["confirms_period"] = confirmed.id if confirmed is not None else None
    # read by reconciliation: the review's closer compares attributes only, so it must not close a dated change
    out["predates_change"] = bool(predates and analysis.effective_from)
    return out


def _predates(period, day: date | None) -> bool:
    """The period began before the day (or has no start) — it was in force before the change."""
    return (
        period is not None
        and day is not None
        and (period.effective_from is None or period.effective_from < day)
    )


def _figure(value) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", re.sub(r"\btwo\b", "2", str(value or "").lower()))[:1]


def records(period, established: dict) -> bool:
    """The period asserts every attribute the documents establish (a threshold by its figure: "2%" is
    "2% of the alkaloid composition"); attributes the documents do not mention are not compared."""
    if period is None or not established:
        return False
    implied = merge(
        _period_attributes(None), established
    )  # a ban implies 7-OH controlled, and so on
    for name in COMPARED:
        if name not in established and not (
            name == "seven_oh" and established.get("leaf") == "controlled"
        ):
            continue
        wanted, have = implied[name], getattr(period, name)
        if name == "seven_oh_threshold":
            if _figure(wanted) and _figure(wanted) != _figure(have):
                return False
        elif wanted != have and not _left_open(name, have, established, period):
            return False
    return True


def _left_open(name: str, have, established: dict, period) -> bool:
    """The period leaves 7-OH `unknown` and the documents do not name 7-OH (their 7-OH value only follows from a ban
    of the plant): neither side establishes it, so it is no disagreement, provided the period covers every substance
    the documents name (a period listing only an alkaloid is not the record of a ban of the plant). A document that
    names 7-OH tells the curator something the period lacks, and stays open."""
    named = set(established.get("substances") or ())
    return (
        name == "seven_oh"
        and have == "unknown"
        and "7-hydroxymitragynine" not in named
        and named <= set(getattr(period, "substances", None) or ())
    )


# a bill as prose writes it: "SB 891", "S.B. 891", "Senate Bill 891", "HB1500"
_BILL_MENTION = re.compile(
    r"\b(?:(?:House|Senate|Assembly)\s+Bill|[A-Z](?:\.?\s?[A-Z]){0,4}\.?)\s*\d+[A-Z]?\b"
)


def names_bill(text: str, identifier: str) -> bool:
    """Whether a text mentions this bill, however it is written (normalise_bill_number decides)."""
    target = normalise_bill_number(identifier or "")
    if not re.search(r"\d", target):
        return False
    return any(normalise_bill_number(m[0]) == target for m in _BILL_MENTION.finditer(text or ""))


def recorded_enactment(session, jurisdiction, enacted_on: str | date | None, bill: str | None):
    """The current period the history records as this bill's enactment, or None: its enacted_on is
    within three days of the signing, and its summary, notes or a citation name the bill."""
    from tracker.status import history

    signed = _iso(enacted_on)
    if jurisdiction is None or signed is None or not bill:
        return None
    for period in history.current_periods(session, jurisdiction):
        if period.enacted_on is None or abs((period.enacted_on - signed).days) > 3:
            continue
        texts = [period.summary or "", period.notes or "", *(c.label for c in period.citations)]
        if any(names_bill(t, bill) for t in texts):
            return period
    return None


def _base_period(session, jurisdiction, analysis: Analysis):
    """(the period the change applies to, a later period that already records it or None).

    With an effective date: the period in force that day. Without one: the period in force when the
    law was signed (today when unknown), and any period starting within two years after signing that
    already asserts every established attribute confirms it."""
    from tracker.status import history

    if jurisdiction is None:
        return None, None
    effective = _iso(analysis.effective_from)
    if effective:
        return history.status_on(session, jurisdiction, effective), None
    signed = _iso(analysis.enacted_on)
    if signed is None:
        return history.status_on(session, jurisdiction, date.today()), None
    base = history.status_on(session, jurisdiction, signed)
    for period in history.current_periods(session, jurisdiction):
        start = period.effective_from
        if start and signed <= start <= signed + timedelta(days=730):
            if records(period, analysis.attributes):
                return period, period
    return base, None


def is_status_change(suggested: dict | None) -> bool:
    """A proposal suggests a codebook change (not only an event worth a note)."""
    return bool((suggested or {}).get("established"))


# ---------------------------------------------------------------- what each source gives

AGGREGATORS = (
    "openstates.org",
    "legiscan.com",
    "legiplex.com",
    "fastdemocracy.com",
    "billtrack50.com",
    "govtrack.us",
    "trackbill.com",
    "quorum.us",
    "pluralpolicy.com",
    "wikipedia.org",
)
NON_LAW_TYPES = {
    "HRES",
    "SRES",
    "HCONRES",
    "SCONRES",
}  # Congress.gov: simple and concurrent resolutions never become law


def is_aggregator(url: str) -> bool:
    """A bill tracker or encyclopedia rather than the official publisher."""
    host = re.sub(r"^https?://", "", url or "").split("/", 1)[0].lower()
    return any(host == a or host.endswith("." + a) for a in AGGREGATORS)


def order_links(urls: Iterable[str]) -> list[str]:
    """Distinct URLs, official pages first (legislature, Federal Register, eCFR), aggregators second."""
    unique = list(dict.fromkeys(u for u in urls if u))
    return [u for u in unique if not is_aggregator(u)] + [u for u in unique if is_aggregator(u)]


def bill_links(item) -> list[str]:
    """The legislature's page (Open States `sources`, LegiScan `state_link`) first, the aggregator's second."""
    native = getattr(item, "native", None) or {}
    return order_links(
        [
            native.get("state_link") or "",
            *getattr(item, "sources", ()),
            item.url,
            native.get("url") or "",
        ]
    )


def notice_links(item) -> list[str]:
    """The Federal Register's own document URL, the eCFR section, the Regulations.gov page."""
    native = getattr(item, "native", None) or {}
    return order_links([item.url, native.get("html_url") or "", native.get("pdf_url") or ""])


def normalise_bill_number(identifier: str, jurisdiction: str = "") -> str:
    """ "SB 154" = "SB154" = "S.B. 154" = "Senate Bill 154" → "SB154"; Congress "H.R. 1" = LegiScan "HB1"."""
    text = re.sub(r"[.\s_-]+", "", (identifier or "").upper())
    text = text.replace("HOUSEBILL", "HB").replace("SENATEBILL", "SB").replace("ASSEMBLYBILL", "AB")
    m = re.fullmatch(r"([A-Z]+)0*(\d+)([A-Z]?)", text)
    if not m:
        return text
    prefix, number, suffix = m.groups()
    prefix = {"H": "HB", "S": "SB", "A": "AB"}.get(prefix, prefix)
    if jurisdiction == "US":
        prefix = {
            "HR": "HB",
            "HJRES": "HJR",
            "SJRES": "SJR",
            "HCONRES": "HCR",
            "SCONRES": "SCR",
        }.get(prefix, prefix)
    return f"{prefix}{number}{suffix}"


def bill_year(item) -> str:
    """The session's first year (Open States "2025", LegiScan year_start, the 119th Congress → 2025), plus "s" for a special session."""
    native = getattr(item, "native", None) or {}
    session_meta = native.get("session") if isinstance(native.get("session"), dict) else {}
    special = bool(session_meta.get("special")) or bool(
        re.search(r"special|extraordinary|\d(s|ss|x)\d*$|\bss\d|\bx\d", str(item.session), re.I)
    )
    year = session_meta.get("year_start")
    if not year and item.source == "congress" and str(item.session).isdigit():
        year = 1787 + 2 * int(item.session)
    if not year:
        m = re.search(r"(19|20)\d{2}", str(item.session))
        year = m.group(0) if m else None
    if not year:
        dates = sorted(a.date for a in item.actions if a.date)
        year = dates[0][:4] if dates else str(item.session)
    return f"{year}{'s' if special else ''}"


def bill_event_key(item) -> str:
    """The same bill from Open States, LegiScan and Congress.gov: jurisdiction, session year, normalised number."""
    return f"bill:{item.jurisdiction}:{bill_year(item)}:{normalise_bill_number(item.identifier, item.jurisdiction)}"


def notice_event_key(item) -> str:
    """The same notice from the Federal Register and Regulations.gov: the FR document number."""
    native = getattr(item, "native", None) or {}
    attrs = native.get("attributes") if isinstance(native.get("attributes"), dict) else {}
    fr_number = native.get("document_number") or attrs.get("frDocNum")
    if fr_number:
        return f"notice:{item.jurisdiction}:fr:{str(fr_number).strip()}"
    return f"notice:{item.source}:{item.external_id}"


def source_entry(item, links: list[str]) -> dict:
    """One line of a proposal's evidence: which source said it, under which id, where."""
    return {
        "source": item.source,
        "id": item.external_id,
        "url": item.url,
        "official_url": links[0] if links else item.url,
        "identifier": getattr(item, "identifier", None),
        "title": (getattr(item, "title", "") or "")[:300],
    }


def _native_texts(native: dict) -> list[tuple[str, str]]:
    out = []
    for key in ("abstracts",):
        for block in native.get(key) or ():
            if isinstance(block, dict) and block.get("abstract"):
                out.append(("abstract", block["abstract"]))
    if native.get("description"):
        out.append(("description", str(native["description"])))
    subjects = native.get("subject") or native.get("subjects") or ()
    names = [s.get("subject_name") if isinstance(s, dict) else str(s) for s in subjects]
    if names:
        out.append(("subjects", "; ".join(n for n in names if n)))
    for block in (
        native.get("text_sections") or ()
    ):  # fetched bill text, when a source or the evaluator attaches it
        out.append(("text", str(block)))
    return out


def establishes_status(item) -> bool:
    """Bills can change a status; resolutions and memorials cannot."""
    native = getattr(item, "native", None) or {}
    classes = [str(c).lower() for c in native.get("classification") or ()]
    if classes and not any("bill" in c for c in classes):
        return False
    if str(native.get("bill_type") or "B").upper() not in ("B", "1"):
        return False
    return not (item.source == "congress" and str(native.get("type", "")).upper() in NON_LAW_TYPES)


# a bill whose kratom provisions were struck before it passed: "amended to remove kratom", "kratom was taken out",
# "the amendments removed kratom from the substances that would have been scheduled", "deleted from the bill". Past
# tense or a passive only, so a bill that itself "removes kratom from Schedule I" (a descheduling) is not one.
_TAKEN_OUT = re.compile(
    r"\bamendments?\b(?!\s+(?:to|of)\b)[^.;]{0,80}\b(?:removed|struck|deleted|stripped|took out|taken out)\b"
    r"|\b(?:was|were|been|is|are)\s+amended\s+to\s+(?:remove|strike|delete|exclude|take out)\b"
    r"|\b(?:taken|took|stripped|struck|pulled)\s+out\b"
    r"|\b(?:removed|struck|stripped|deleted|taken)\b[^.;]{0,60}\bfrom\s+(?:the|this|that)\s+(?:\w+\s+)?"
    r"(?:bill|measure|legislation)\b"
)


def names_kratom_only_as_taken_out(item) -> bool:
    """Every sentence of a bill's texts that names kratom or 7-OH says they were taken out of it, so once signed
    the bill says nothing about kratom (a signed act is no event for kratom). False when no sentence names them
    (a full-text hit): the text the search read is not here to say."""
    native = getattr(item, "native", None) or {}
    texts = [item.title or "", *(t for _, t in _native_texts(native))]
    named = [
        f
        for text in texts
        for f in (fold(s) for s in sentences(text))
        if _plant_named(f) or _SEVEN_OH.search(f)
    ]
    return bool(named) and all(_TAKEN_OUT.search(f) for f in named)


def analyse_bill(item, adjourned_on: date | None = None) -> Analysis:
    """Everything a bill record gives: title, abstracts / description, subjects, fetched text, actions."""
    native = getattr(item, "native", None) or {}
    laws = [
        f"{law.get('type') or 'Public Law'} {law.get('number')}"
        for law in native.get("laws") or ()
        if isinstance(law, dict)
    ]
    primary = [t for t in _native_texts(native) if t[0] != "subjects"]
    secondary = [("title", item.title), *[t for t in _native_texts(native) if t[0] == "subjects"]]
    date_texts = [("action", a.description) for a in item.actions]
    if native.get("latest_action_description"):
        date_texts.append(("latest action", native["latest_action_description"]))
    named = match_terms(" ".join(t for _, t in primary + secondary))
    hit = [t for t in getattr(item, "matched_terms", ()) if t not in named]
    implied = None
    if hit and not named:  # found by a full-text search only: the bill's text names the term
        implied = {
            "kratom": "kratom",
            "Mitragyna speciosa": "kratom",
            "mitragynine": "mitragynine",
        }.get(hit[0], "7-hydroxymitragynine")
    return analyse(
        primary,
        secondary=secondary,
        date_texts=date_texts,
        actions=item.actions,
        laws=laws,
        adjourned_on=adjourned_on,
        establishes_status=establishes_status(item),
        implied=implied,
    )


def notice_establishes_status(item) -> bool:
    """Only a rule can change a status (a DEA order, a final rule); notices of intent, proposed rules and
    withdrawals are events worth a curator's note."""
    text = fold(
        " ".join(
            filter(
                None,
                [
                    item.title,
                    (item.native or {}).get("action") if isinstance(item.native, dict) else None,
                ],
            )
        )
    )
    return (item.doc_type or "").lower() == "rule" and not re.search(
        r"withdraw|notice of intent|extension|correction", text
    )


_NOT_NEWS = re.compile(
    r"request for comments?|public comment|comment period|international drug scheduling|world health organization"
    r"|information collection|paperwork reduction|meeting|listening session|agency information"
)


def notice_worth_a_proposal(item) -> bool:
    """Rules, notices of intent, withdrawals, orders and warnings; not comment requests, WHO reviews,
    information collections, meetings, or the public's own submissions."""
    if (item.doc_type or "").lower() in (
        "public submission",
        "supporting & related material",
        "other",
    ):
        return False
    native = item.native if isinstance(item.native, dict) else {}
    text = fold(" ".join(filter(None, [item.title, native.get("action")])))
    return not _NOT_NEWS.search(text)


def analyse_notice(item) -> Analysis:
    """Everything a notice gives: title, action, abstract, the Federal Register's excerpts and dates."""
    native = item.native if isinstance(item.native, dict) else {}
    attrs = native.get("attributes") if isinstance(native.get("attributes"), dict) else {}
    excerpts = native.get("excerpts")
    texts = [
        ("title", item.title),
        ("action", native.get("action") or ""),
        ("abstract", item.abstract or ""),
        (
            "excerpts",
            re.sub(
                r"<[^>]+>",
                "",
                " ".join(excerpts) if isinstance(excerpts, list) else str(excerpts or ""),
            ),
        ),
        ("dates", native.get("dates") or ""),
        ("summary", attrs.get("summary") or ""),
    ]
    status = notice_establishes_status(item)
    return analyse(
        texts, establishes_status=status, structured_effective=item.effective_on if status else None
    )


# ---------------------------------------------------------------- encyclopedia lines (Wikipedia)

_STATUS_TOKENS = re.compile(
    r"\b(not (?:federally |yet )?(?:scheduled|controlled|banned|illegal|regulated)|unregulated|uncontrolled|decriminali[sz]\w*"
    r"|legal|illegal|banned|ban|prohibited|outlawed|controlled|scheduled|schedule [ivx\d]+|narcotics?|sale prohibited"
    r"|prescription(?: only)?|regulated|regulation|age (?:limit|restriction|of \d+)|\d+ (?:years|or older)|over \d+|minors?"
    # an age limit written as the buyer's age: "selling kratom to a person under 18 is a gross misdemeanor"
    r"|(?:under|younger than) (?:the age of )?\d+"
    r"|licen[cs]\w*|registration|label\w*|consumer protection|removed|repeal\w*|capped|limit\w*"
    r"|designated substances?)\b"
)
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "sale_prohibited",
        re.compile(
            r"\bsale prohibited\b|\bsale (?:is |was )?(?:banned|prohibited)\b|\bimport (?:is )?(?:banned|prohibited)\b"
        ),
    ),
    ("prescription", re.compile(r"\bprescription\b")),
    (
        "controlled",
        re.compile(
            r"(?<!not )(?<!not federally )\b(banned|illegal|prohibited|outlawed|controlled|schedule [ivx\d]+|scheduled|narcotics?)\b"
        ),
    ),
    (
        "regulated",
        re.compile(
            r"\b(regulated|regulation|age (?:limit|restriction)|\d+ (?:years|or older)|under \d+|minors?|licen[cs]\w*|consumer protection|label\w*)\b"
        ),
    ),
    (
        "unregulated",
        re.compile(
            r"\b(legal|unregulated|uncontrolled|not (?:federally )?(?:scheduled|controlled|banned|illegal)|removed|decriminali[sz]\w*)\b"
        ),
    ),
)


_IN_FORCE = re.compile(
    r"\beffective immediately\b|\btakes? effect\b|\bin (full )?(force|effect)\b|\bis now (illegal|banned|prohibited|a schedule)"
    r"|\bnow illegal\b|\b(filed|adopted|issued|published) an? (emergency |final |permanent )?(rule|order)\b"
    # a law voted, passed or enacted "into law" is law, as one "signed into law" is
    r"|\bfinal (rule|order)\b|\b(signed|voted|passed|enacted) into law\b|\bbecame law\b"
    # a completed approval or adoption of the rules themselves ("the committee approved regulations", "the rule
    # was adopted"); "approved" alone (a budget, a drug, a bill in one chamber) is not a rule in force
    r"|\b(approved|adopted|finali[sz]ed)\s+(the\s+)?(\w+\s+)?(regulations?|rules?)\b"
    r"|\b(regulations?|rules?)\s+(was|were|has been|have been)\s+(approved|adopted|finali[sz]ed)\b"
)
_NOT_IN_FORCE = re.compile(
    r"\b(recommend\w*|propos\w*|notice of intent|intends?|plans? to|would|urg\w+|consider\w*|request\w*"
    r"|comment\w*|draft|pending|withdr\w+)\b"
)


# French official pages (a country's drug agency, its Journal officiel) state a listing with a few legal words. Rather
# than a second rule set, a French text's legal words are put in the English the rules read; anything else in French
# stays unread, so a page says no more than these words state. The two lists are the French ones of controlled
# substances (stupéfiants, psychotropes), whose listing is control of the substance as Schedule I is in the US.
_FRENCH_FUNCTION_WORDS = re.compile(r"\b(?:le|la|les|des|du|est|une|dans|pour|sur|qu'|d'|n')", re.I)
_FRENCH_LEGAL = (
    (
        r"\b(?:class[ée]e?s?|inscrite?s?)\s+(?:parmi|sur la liste des|comme|au tableau des|dans la liste des)\s+"
        r"(?:les\s+)?(?:substances\s+)?(?:stup[ée]fiants?|psychotropes?)\b",
        "listed as a controlled substance",
    ),
    (
        r"\bn'est plus (?:possible|autoris[ée]e?|permise?|l[ée]gale?) d[e'](?:\s+)?",
        "is now illegal to ",
    ),
    (r"\binterdite?s?\b", "prohibited"),
    (r"\bpar (?:un )?arr[êe]t[ée](?: du| en date du)?\b", "by an order of"),
    (r"\bacheter\b", "buy"),
    (r"\b(?:poss[ée]der|d[ée]tenir)\b", "possess"),
    (r"\bvendre\b", "sell"),
)
_FRENCH_MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)


def _french_read(text: str) -> str:
    """A French text with its legal words and month names in English (see _FRENCH_LEGAL); any other text as it is.
    French is recognised by its function words (five or more), so an English page naming "arrêté" is left alone."""
    if len(_FRENCH_FUNCTION_WORDS.findall(text)) < 5:
        return text
    for pattern, english in _FRENCH_LEGAL:
        text = re.sub(pattern, english, text, flags=re.I)
    for number, month in enumerate(_FRENCH_MONTHS):
        text = re.sub(rf"\b{month}\b", MONTHS[number], text, flags=re.I)
    return text


# a meeting's record of a discussion ("the committee discussed how to word a recommendation ...; no recommendation was
# adopted") is no act of the agency: nothing was decided, so nothing happened for the curator to record. A decision
# in the same lines ("voted to endorse", "adopted an emergency rule", "gives notice of its intent") is one
_DISCUSSED = re.compile(
    r"\b(discuss\w*|deliberat\w*|debat\w*|heard (?:public )?(?:testimony|comments?|presentations?)|reviewed)\b"
)
_NO_DECISION = re.compile(
    r"\bno (?:formal )?(?:recommendation|decision|action|vote|motion|determination)s?\b[^.;]{0,20}"
    r"\b(?:was|were|has been|have been|had been)?\s*(?:adopted|taken|made|reached|passed|held|approved)\b"
    r"|\b(?:took|takes|taking) no (?:formal )?(?:action|decision|vote|position)\b"
    r"|\bwithout (?:a |any )?(?:decision|vote|action|recommendation)\b"
)
_DECIDED = re.compile(
    r"\b(vot(?:ed|es)|adopt(?:ed|s)|approv(?:ed|es)|decid(?:ed|es)|resolv(?:ed|es)|recommend(?:ed|s)|fil(?:ed|es)|issu(?:ed|es)"
    r"|publish(?:ed|es)|announc(?:ed|es)|gives? notice|notice of (?:intent|proposed)|propos(?:ed|es)|schedul(?:ed|es)"
    r"|classif(?:ied|ies)|plac(?:ed|es)|list(?:ed|s)|ban(?:ned|s)|prohibit(?:ed|s)|warn(?:ed|s|ing)|recall\w*|seiz\w*)\b"
)


def _only_discussed(text: str) -> bool:
    """Every line of the change that names kratom or 7-OH records a discussion and no decision (see _DISCUSSED)."""
    named = [fold(line) for line in text.splitlines() if match_terms(line)]
    return bool(named) and all(_records_a_discussion_only(line) for line in named)


def _records_a_discussion_only(line: str) -> bool:
    rest = _NO_DECISION.sub(" ", line)
    return bool(_DISCUSSED.search(rest) or _NO_DECISION.search(line)) and not _DECIDED.search(rest)


def analyse_page(text: str) -> Analysis:
    """A watched official page's added text. A statement that a rule or law is in force ("filed an emergency rule
    ..., effective immediately", "is now illegal") can establish a status; a recommendation, proposal or notice of
    intent cannot (an event for the curator at most)."""
    read = _french_read(text)
    french, text = read != text, read
    folded = fold(text)
    in_force = bool(_IN_FORCE.search(folded)) and not _NOT_IN_FORCE.search(folded)
    analysis = analyse([("page", text)], establishes_status=in_force, loose_dates=True)
    if match_terms(text) and not _only_discussed(text):
        # only a statement about kratom or 7-OH is dated for a proposal, and only one that records an act
        analysis.dated = dateline(text)
    elif not analysis.attributes:
        # nor does a change naming neither establish a status: its day ("the hearing will be conducted on
        # <day>") is another matter's, and it would raise an event about other substances on a kratom page. A
        # meeting's discussion of kratom with no decision dates nothing either: its day is a meeting's, not an act's
        analysis.effective_from = analysis.effective_basis = analysis.effective_note = None
    if french:  # the curator sees that the quoted reasons are the page's French with its legal words in English
        analysis.rules.append(
            "page in French: only its legal words were read (listing, ban, order, months)"
        )
    if analysis.attributes and not analysis.effective_from and analysis.dated:
        # a rule in force with no effective date: the dateline is the day it was approved or adopted. It dates the
        # proposal for the curator and for linking; it is not an effective date
        analysis.enacted_on = analysis.enactment["adopted_on"] = analysis.dated
        analysis.effective_note = (
            f"the page dates the approval or adoption {analysis.dated} but states no effective date"
        )
    return analysis


# where a dated statement starts: "July 1, 2026 - ...", "FRANKFORT, Ky. (Nov. 5, 2025) - ...", a line that is a date
# a place before the date, in brackets or after a comma: "FRANKFORT, Ky. (Nov. 5, 2025) -", "OTTAWA, June 12, 2017 -"
_DATELINE_LEAD = re.compile(
    r"\W*(?:[a-z][a-z .,]{0,30}\(\s*|[a-z][a-z .]{0,30},\s*(?=[a-z]{3,9}\.? \d))?"
)


def dateline(text: str) -> str | None:
    """The day of the first line that opens with a date (a press release's or news item's dateline) and whose
    statement (that line or the next) names kratom or 7-OH, or None. A date inside a sentence ("superseding the
    rule of August 13, 2025") is not a dateline, and a date beside other news (a footer's "3/2/2031") dates nothing.
    Failing a dateline, a filing day (_filed_on), then a publication field (_publication_field) dates it."""
    lines = [line for line in fold(text).splitlines() if line.strip()]
    for i, line in enumerate(lines):
        lead = _DATELINE_LEAD.match(line)
        m = DATE_RE.match(line, lead.end()) or DATE_RE.match(line)
        if m and (day := parse_date(m)) and match_terms(" ".join(lines[i : i + 2])):
            return day.isoformat()
    return _filed_on(lines) or _publication_field(lines)


# a filing or publication day written after its verb ("statement of inquiry filed August 22, 2024 as WSR ...",
# "published on 3 May 2025"): the day the agency's document is dated, as a dateline would date it
# "by an order of <day>" (a decree, an order) dates the order itself, the day it was made
_FILED_ON = re.compile(
    r"\b(?:filed|published|issued|posted)\s+(?:on\s+)?|\bby (?:an? |the )?(?:order|decree) (?:of|dated)\s+"
)


def _filed_on(lines: list[str]) -> str | None:
    """The filing or publication day of the first line that names kratom or 7-OH itself (a neighbouring line's filing,
    an unrelated rule's, dates nothing), or None. "Issued a warning" names no day, so it dates nothing."""
    for line in lines:
        if not match_terms(line):
            continue
        for verb in _FILED_ON.finditer(line):
            if (m := DATE_RE.match(line, verb.end())) and (day := parse_date(m)):
                return day.isoformat()
    return None


# a document's own publication field ("Published Date: 02/28/2014", "Date issued: 3 May 2025", "Posted: ..."), as an
# alert, notice or bulletin heads its text: the day of the document the page shows. A page's upkeep date ("Updated",
# "Last modified", "Response Date") is not one: it dates the page or another act, not the statement
_PUBLICATION_FIELD = re.compile(
    r"\W*(?:(?:published|publication|issued?|posted|release[d]?)(?:\s+date)?|date\s+(?:of\s+)?"
    r"(?:published|publication|issued?|posted|release[d]?))\s*:\s*"
)


def _publication_field(lines: list[str]) -> str | None:
    """The day of the first line that is a publication field (see _PUBLICATION_FIELD), or None. dateline() reads it
    only when the change names kratom or 7-OH, so the document is about them."""
    for line in lines:
        if (field := _PUBLICATION_FIELD.match(line)) and (m := DATE_RE.match(line, field.end())):
            if day := parse_date(m):
                return day.isoformat()
    return None


def worth_a_page_proposal(analysis: Analysis) -> bool:
    """A page change becomes a proposal when it establishes a status or names the day of an event (an effective
    date, or the dateline of an agency's statement about kratom or 7-OH: a warning, an announcement, a notice); an
    undated administrative detail (a fee, an address, a form) does not."""
    return bool(analysis.attributes) or bool(analysis.effective_from) or bool(analysis.dated)


def same_line_status(old: str, new: str) -> bool:
    """An encyclopedia edit that leaves a jurisdiction's status as it was: the new lines establish nothing, or the
    same attributes as the old lines (a reworded sentence, a reordered clause)."""
    after = analyse_lines(new).attributes
    if not after:
        return True
    before = analyse_lines(old).attributes if old.strip() else {}
    return all(before.get(k) == after.get(k) for k in COMPARED if k in before or k in after)


_REJECTED = re.compile(
    r"\b(rejected|defeated|vetoed|voted (down|against)|killed|died|tabled|failed)\b"
    r"|\b(a |the )?(bill|proposal|measure|petition) to\b|\bwould\b|\bproposed\b"
)


# an encyclopedia clause reporting a measure that is not law yet ("bills to ban ... were introduced", "a proposed ban",
# "legislation is pending") says what may happen, not the status; the status is what the rest of the line says
# ("kratom remains unregulated there"). A clause naming the measure's enactment ("signed", "took effect") stays.
# a bill is also named by its number ("SB 262", "H.B. 1234", "LD 1788", "S. 221"): the number is the measure
_MEASURE = re.compile(
    r"\b(bills?|proposals?|measures?|legislation)\b"
    r"|\b(?:sb|hb|ab|lb|sf|hf|hr|sjr|hjr|scr|hcr|ld|s\.\s?b\.|h\.\s?b\.|a\.\s?b\.|h\.\s?r\.|s\.|h\.)\s?\d{1,5}\b"
)
_PENDING = re.compile(
    r"\b(introduced|pending|(?:pre-?)?filed|referred|under (?:consideration|review|debate)|in committee|awaiting)\b"
)
_IN_LAW = re.compile(
    r"(?<!not )(?<!never )(?<!not been )(?<!not yet )"  # "was not enacted" is not an enactment (_NOT_ENACTED)
    r"\b(signed|enacted|became law|took effect|takes effect|in force|effective|approved by the governor)\b"
)
# a measure described by what it is meant to do ("SB 262 to make kratom a Schedule I substance", "a bill that would
# ban kratom") states an intent, not a status. "would have" is a measure that failed: _REJECTED reads that line whole
_INTENDED = re.compile(
    r"\b(?:that |which )?would\b(?! have\b)|\bseek(?:s|ing)? to\b|\baim(?:s|ed|ing)? to\b"
    r"|\bto (?:make|ban|place|add|schedule|classify|list|prohibit|restrict|regulate|outlaw|criminali[sz]e|require|raise"
    r"|lower|set|legali[sz]e|remove)\b"
)
_CONTRAST = re.compile(r";|,\s*(?=(?:but|while|whereas|although|though|yet)\b)")


# a negated enactment ("was not enacted", "did not pass", "never became law"): the measure the sentence is about
# ("a kratom regulation bill ... but was not enacted") did not happen, so none of its status words is the status
_NOT_ENACTED = re.compile(
    r"\b(?:not|never)\s+(?:(?:yet|been|be)\s+)*(?:enacted|passed|signed|adopted|approved|pass|become law|became law"
    r"|took effect|take effect)\b"
)


def _without_failed_measures(text: str) -> str:
    """An encyclopedia line without its sentences or semicolon clauses about a measure that was not enacted; the
    subject and the negation are often in two commas' clauses ("a bill ... was reported, but was not enacted"), so
    the whole clause between semicolons goes. The rest ("; kratom remains legal") is still read."""
    parts = re.split(r"(?<=[.;])\s+", text)
    kept = [p for p in parts if not (_MEASURE.search(fold(p)) and _NOT_ENACTED.search(fold(p)))]
    return text if len(kept) == len(parts) else " ".join(kept)


def _without_pending_measures(text: str) -> str:
    """An encyclopedia line without its clauses about measures not yet law (see _MEASURE); unchanged otherwise."""
    clauses = _CONTRAST.split(text)
    kept = [c.strip() for c in clauses if not _reports_a_pending_measure(c)]
    return text if len(kept) == len(clauses) else "; ".join(kept)


# a measure someone endorses, supports, backs, opposes or recommends ("a medical board voted to endorse a regulation
# bill rather than a ban") is one still before the legislature: the stance is news, the bill's words are no status
_ADVOCATED = re.compile(
    r"\b(endors\w*|support(?:s|ed|ing)?|back(?:s|ed|ing)|oppos(?:es|ed|ing)|recommend(?:s|ed|ing)?|lobb(?:y|ied|ies|ying))\b"
)


def _reports_a_pending_measure(clause: str) -> bool:
    f = fold(clause)
    pending = re.search(r"\bproposed\b", f) or (
        _MEASURE.search(f) and (_PENDING.search(f) or _ADVOCATED.search(f) or _INTENDED.search(f))
    )
    return bool(pending) and not _IN_LAW.search(f)


def only_numbers_changed(old: str, new: str) -> bool:
    """An encyclopedia edit whose lines read word for word as before except for a number (an age, a year, a day, a
    cap: "under 21" → "under 18", "2021" → "2012"). The stored section text carries no references, so such an edit
    cannot show a source for the new number; it is what a vandal or a typo does, and a real change in the law is
    written as a new sentence. Like a wording-only edit, it raises no status change (reconcile warns instead)."""
    if old == new or not old.strip():
        return False
    return re.sub(r"\d+", "#", old) == re.sub(r"\d+", "#", new)


def line_status(text: str) -> frozenset[str]:
    """The status words of a jurisdiction's lines; equal sets before and after = a wording-only edit."""
    return frozenset(m.group(0) for m in _STATUS_TOKENS.finditer(fold(text)))


def analyse_lines(text: str) -> Analysis:
    """A suggestion from an encyclopedia's table row or sentence about one jurisdiction (kratom implied)."""
    text = "\n".join(
        _without_pending_measures(_without_failed_measures(line)) for line in text.splitlines()
    )
    analysis = analyse([("line", text)], loose_dates=True)
    if "leaf" in analysis.attributes:
        return analysis
    folded = _without_export_bans(_present(fold(text)))
    if _REJECTED.search(folded):
        return analysis  # a rejected or proposed measure: the status words describe what did not happen
    if analysis.attributes:
        # the sentence rules established something else (7-OH): the leaf follows only a clause that names the plant
        folded = " ; ".join(c for c in re.split(r";", folded) if _plant_named(c)) or ""
    for leaf, pattern in _LINE_RULES:
        if analysis.attributes and leaf not in ("controlled", "sale_prohibited", "prescription"):
            continue
        m = pattern.search(folded)
        if leaf == "controlled" and _prohibits_a_subset(folded):
            continue  # "sales to people under 21 are prohibited": an age limit or a cap, not a ban
        if m and not (
            leaf == "controlled"
            and re.search(
                r"\b(removed|decriminali[sz]\w*|no longer|not)\b[^.|]{0,40}"
                + re.escape(m.group(0)),
                folded,
            )
        ):
            analysis.attributes["leaf"] = leaf
            if leaf == "controlled":
                analysis.attributes["seven_oh"] = "controlled"
            analysis.rules.append(f"encyclopedia says {m.group(0)!r} → leaf {leaf}")
            analysis.reasons.append(text.strip()[:400])
            break
    if analysis.attributes:
        analysis.attributes.setdefault("substances", ["kratom"])
    return analysis

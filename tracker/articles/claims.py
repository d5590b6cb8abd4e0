"""Check an article's legal claims against the data, on the article's date and today.

Recognised claims (in the article's legality section):

- **count claims**: a quantity and a kind of place with what is said of them, e.g. "six states
  have banned kratom", "legal in many parts of the United States", "some states and countries
  have banned or regulated its use", "at least 12 countries";
- **named jurisdictions** (countries by their pycountry names, US states by name) with what the
  clause says of them ("banned in Alabama", "legal in Texas"), or just mentioned;
- **federal agencies** (FDA, DEA, HHS): the US federal entries on record.

Counting rules (shown on the page with every check):

- "states" and "parts of the United States" mean the 50 states (not DC or the territories).
- "countries" means the countries the tracker has researched; unresearched ones are not counted.
- banned = category ``banned``; "not banned" (what "legal in" is checked as) = ``legal``,
  ``regulated`` or ``restricted``; "regulated" = ``regulated`` or ``restricted``. A place whose
  status is ``unknown`` on a date is counted in neither and listed separately.
- Vague quantifiers are read as: some / several / a few / certain / multiple = at least 2;
  many / numerous = at least a fifth of the places counted; most = more than half; all = every
  one; no / none = zero. "about N" allows a difference of 2; "at least", "more than", "over",
  "fewer than" are read literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrapers.jurisdictions import country_names, us_subdivisions
from scrapers.places import jurisdictions_in
from tracker.articles import importer as _importer
from tracker.articles import reader as _reader
from tracker.articles import scorer as _scorer
from tracker.articles.places import PlaceIndex
from tracker.articles.reader import NUMBER_WORDS
from tracker.articles.sentences import TITLE_ABBREV
from tracker.status import history
from tracker.status.codebook import CATEGORIES
from tracker.status.periods import when_text
from tracker.status.regions import is_us_state
from tracker.store.models import Article, Jurisdiction, JurisdictionEvent, StatusPeriod

# -- what a clause says ------------------------------------------------------------------------

PREDICATES = {
    "banned": re.compile(
        r"\b(?:bans?|banned|banning|prohibit\w*|outlaw\w*|illegal|unlawful|criminali[sz]\w*|schedul\w*"
        r"|controlled substances?|not legal)\b",
        re.IGNORECASE,
    ),
    "regulated": re.compile(
        r"\b(?:regulat\w*|restrict\w*|age limits?|minimum age|age requirements?|consumer protection|licens\w*"
        r"|labell?ing rules)\b",
        re.IGNORECASE,
    ),
    "legal": re.compile(
        r"\b(?:is|are|remains?|was|were|be|been|being|still|fully|largely|while|now|stays?)\s+(?:\w+\s+)?legal\b"
        r"|\blegal(?:ly available|ly sold)?\s+(?:in|for|to|across|throughout|under|at|everywhere)\b"
        r"|\b(?:allowed|permitted|lawful)\s+(?:in|to|for)\b",
        re.IGNORECASE,
    ),
}
# categories that satisfy each predicate ("legal in" = not banned)
PREDICATE_CATEGORIES = {
    "banned": {"banned"},
    "regulated": {"regulated", "restricted"},
    "legal": {"legal", "regulated", "restricted"},
}
PREDICATE_WORDS = {"banned": "banned", "regulated": "regulated", "legal": "not banned"}

VAGUE = (
    "some",
    "several",
    "a few",
    "certain",
    "multiple",
    "a number of",
    "a handful of",
    "many",
    "numerous",
    "most",
    "all",
    "no",
    "dozens of",
    "few",
)
MODIFIERS = (
    "at least",
    "more than",
    "over",
    "fewer than",
    "less than",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "only",
    "just",
    "exactly",
)

_NUM = "|".join(sorted((re.escape(w) for w in [*NUMBER_WORDS, *VAGUE]), key=len, reverse=True))
_MOD = "|".join(re.escape(m) for m in MODIFIERS)
COUNT_CLAIM = re.compile(
    rf"\b(?:(?P<mod>{_MOD})\s+)?(?P<q>\d{{1,3}}|{_NUM})"
    r"(?:\s+(?:of\s+the\s+(?:\d+\s+|fifty\s+)?)?(?:other|more|additional|different|u\.s\.|us|american|european|asian))*"
    r"\s+(?P<noun>states?|countries|country|nations?|jurisdictions"
    r"|parts\s+of\s+the\s+(?:United\s+States|U\.S\.?|USA|US|country))"
    r"(?:\s+and\s+(?P<noun2>countries|states|nations))?\b",
    re.IGNORECASE,
)
# Claims name or count countries, US states and federal agencies; localities never enter a check.
CLAIM_KINDS = ("federal", "supranational", "country", "subdivision")
SINCE_LISTED = 50  # changes since the article listed beside it; the count is always complete

AGENCIES = {
    "FDA": ("FDA", "Food and Drug Administration"),
    "DEA": ("DEA", "Drug Enforcement Administration"),
    "HHS": ("HHS", "Department of Health and Human Services"),
}
AGENCY = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for names in AGENCIES.values() for n in names) + r")\b"
)
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014]|\s(?:but|while|whereas|although|though|however)\s", re.IGNORECASE
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Claim:
    """One recognised claim: where it is in the text and what it asserts."""

    kind: str  # count | jurisdiction | agency
    text: str  # the words of the claim
    sentence: str
    span: Span
    predicates: tuple[str, ...] = ()  # banned / regulated / legal (empty: only mentioned)
    quantity: int | None = None  # an exact number, if given
    quantifier: str | None = None  # the vague word, or the number as written
    modifier: str | None = None  # at least / about / ...
    scopes: tuple[str, ...] = ()  # states / countries (count claims)
    code: str | None = None  # jurisdiction claims
    agency: str | None = None  # agency claims

    @property
    def categories(self) -> set[str]:
        out: set[str] = set()
        for p in self.predicates:
            out |= PREDICATE_CATEGORIES[p]
        return out

    @property
    def asserted(self) -> str:
        return " or ".join(PREDICATE_WORDS[p] for p in self.predicates) or "mentioned"


def _sentences(text: str) -> list[Span]:
    """Sentence spans; a full stop after a known abbreviation (U.S.) does not end a sentence."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?]+(?=\s|$)|\n\s*\n", text):
        end = m.end()
        if m.group(0).startswith(".") and text[:end].endswith(TITLE_ABBREV):
            continue
        if text[start:end].strip():
            spans.append(Span(start, end))
        start = end
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    # trim whitespace at both ends
    out = []
    for s in spans:
        a, b = s.start, s.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append(Span(a, b))
    return out


def _clauses(text: str, sentence: Span) -> list[Span]:
    out, start = [], sentence.start
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        out.append(Span(start, m.start()))
        start = m.start()
    out.append(Span(start, sentence.end))
    return [c for c in out if text[c.start : c.end].strip()]


def _predicates(text: str) -> tuple[str, ...]:
    found = [p for p, rx in PREDICATES.items() if rx.search(text)]
    if (
        "legal" in found
        and "banned" in found
        and re.search(r"\bnot\s+legal\b", text, re.IGNORECASE)
    ):
        found.remove("legal")
    return tuple(found)


@lru_cache(maxsize=1)
def _names_by_code() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in (country_names(), us_subdivisions()):
        for name, code in table.items():
            out.setdefault(code, []).append(name)
    for names in out.values():
        names.sort(key=len, reverse=True)
    return out


def _name_span(text: str, code: str, lo: int, hi: int) -> Span | None:
    for name in _names_by_code().get(code, []):
        m = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)", re.IGNORECASE).search(text, lo, hi)
        if m:
            return Span(m.start(), m.end())
    return None


def _scopes(noun: str, noun2: str | None) -> tuple[str, ...]:
    def one(n: str) -> str:
        n = n.lower()
        if n.startswith(("countr", "nation")):
            return "countries"
        if n.startswith("jurisdiction"):
            return "jurisdictions"
        return "states"

    scopes = [one(noun)] + ([one(noun2)] if noun2 else [])
    if "jurisdictions" in scopes:
        scopes = ["states", "countries"]
    return tuple(dict.fromkeys(scopes))


def _quantity(q: str) -> int | None:
    q = q.lower()
    if q.isdigit():
        return int(q)
    return NUMBER_WORDS.get(q)


def recognise(text: str) -> list[Claim]:
    """The claims in a legality section, in reading order."""
    claims: list[Claim] = []
    for sentence in _sentences(text):
        s_text = text[sentence.start : sentence.end]
        s_preds = _predicates(s_text)
        us_context = bool(
            re.search(r"\b(?:United States|U\.S\.|USA|American|states?)\b", s_text)
        ) or any(
            c.startswith("US-")
            for c in jurisdictions_in(s_text)  # Georgia next to Florida is the state
        )
        clause_spans = _clauses(text, sentence)
        for clause in clause_spans:
            c_text = text[clause.start : clause.end]
            preds = _predicates(c_text) or s_preds
            taken: list[Span] = []
            for m in COUNT_CLAIM.finditer(text, clause.start, clause.end):
                q = m.group("q")
                quantity = _quantity(q)
                if quantity is None and q.lower() not in VAGUE:
                    continue
                if quantity == 1 and m.group("noun").lower().endswith("s"):
                    continue  # "one of the states" is not a count
                span = Span(m.start(), m.end())
                taken.append(span)
                if not preds:
                    continue  # a number of places with nothing said about them
                claims.append(
                    Claim(
                        kind="count",
                        text=m.group(0),
                        sentence=s_text,
                        span=span,
                        predicates=preds,
                        quantity=quantity,
                        quantifier=q.lower(),
                        modifier=(m.group("mod") or "").lower() or None,
                        scopes=_scopes(m.group("noun"), m.group("noun2")),
                    )
                )
            # named places, outside the words of a count claim ("parts of the United States")
            masked = list(c_text)
            for t in taken:
                for i in range(t.start - clause.start, t.end - clause.start):
                    masked[i] = " "
            masked_text = "".join(masked)
            for code in jurisdictions_in(masked_text, us_context=us_context):
                span = _name_span(masked_text, code, 0, len(masked_text))
                if span is None:
                    continue
                span = Span(clause.start + span.start, clause.start + span.end)
                claims.append(
                    Claim(
                        kind="jurisdiction",
                        text=text[span.start : span.end],
                        sentence=s_text,
                        span=span,
                        predicates=preds,
                        code=code,
                    )
                )
            for m in AGENCY.finditer(text, clause.start, clause.end):
                key = next(k for k, names in AGENCIES.items() if m.group(0) in names)
                if any(
                    c.kind == "agency" and c.agency == key and c.sentence == s_text for c in claims
                ):
                    continue
                claims.append(
                    Claim(
                        kind="agency",
                        text=m.group(0),
                        sentence=s_text,
                        span=Span(m.start(), m.end()),
                        predicates=preds,
                        agency=key,
                    )
                )
    claims.sort(key=lambda c: (c.span.start, c.span.end))
    return claims


# -- the data on a date -------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: str
    category: str


def is_state(j: Jurisdiction) -> bool:
    """One of the 50 states (DC, Puerto Rico and the other territories are not states)."""
    return is_us_state(j.code, j.kind)


@dataclass
class World:
    """Every jurisdiction's category on one date (as the tracker knows it now)."""

    on: date
    places: dict[str, Place]
    periods: dict[str, StatusPeriod | None]

    def scope(self, scope: str) -> tuple[list[Place], str]:
        if scope == "states":
            states = sorted(
                (p for p in self.places.values() if p.kind == "state"), key=lambda p: p.name
            )
            return states, f"the {len(states)} US states"
        researched = [
            p
            for c, p in self.places.items()
            if p.kind == "country" and self.periods.get(c) is not None
        ]
        return sorted(
            researched, key=lambda p: p.name
        ), f"the {len(researched)} countries the tracker has researched"


def load_world(session: Session, on: date, jurisdictions: list[Jurisdiction]) -> World:
    """The category on a date, as known now, of the given jurisdictions."""
    periods = history.statuses_on(session, on, kinds=CLAIM_KINDS)
    places, by_code = {}, {}
    for j in jurisdictions:
        p = periods.get(j.id)
        kind = "state" if is_state(j) else j.kind
        places[j.code] = Place(j.code, j.name, kind, p.category if p else "unknown")
        by_code[j.code] = p
    return World(on, places, by_code)


# -- checking ------------------------------------------------------------------------------------


@dataclass
class ScopeCount:
    scope: str
    label: str  # what was counted
    total: int
    matched: list[Place]
    unknown: list[Place]
    others: list[Place]

    def by_category(self) -> list[tuple[str, list[Place]]]:
        return _by_category(self.matched)

    def others_by_category(self) -> list[tuple[str, list[Place]]]:
        return _by_category(self.others)


def _by_category(places: list[Place]) -> list[tuple[str, list[Place]]]:
    return [
        (c, [p for p in places if p.category == c])
        for c in CATEGORIES
        if any(p.category == c for p in places)
    ]


@dataclass
class Result:
    """What the data says about one claim on one date."""

    on: date
    verdict: str  # supported | not supported | no verdict
    summary: str
    counts: list[ScopeCount] = field(default_factory=list)
    place: Place | None = None
    period: StatusPeriod | None = None
    events: list[JurisdictionEvent] = field(default_factory=list)
    federal: Place | None = None


@dataclass
class Check:
    number: int
    claim: Claim
    results: list[Result]
    rule: str  # how the claim was read


def _vague_ok(q: str, count: int, total: int) -> bool | None:
    if q in (
        "some",
        "several",
        "a few",
        "certain",
        "multiple",
        "a number of",
        "a handful of",
        "dozens of",
    ):
        return count >= (24 if q == "dozens of" else 2)
    if q in ("many", "numerous"):
        return count * 5 >= total and count >= 2
    if q == "most":
        return count * 2 > total
    if q == "all":
        return count == total
    if q == "no":
        return count == 0
    return None  # "few": no verdict


def _exact_ok(n: int, modifier: str | None, count: int) -> bool:
    if modifier == "at least":
        return count >= n
    if modifier in ("more than", "over"):
        return count > n
    if modifier in ("fewer than", "less than"):
        return count < n
    if modifier in ("nearly", "almost", "about", "around", "roughly", "approximately"):
        return abs(count - n) <= 2
    return count == n


def _verdict(ok: bool | None) -> str:
    return "no verdict" if ok is None else ("supported" if ok else "not supported")


def _count_rule(claim: Claim) -> str:
    q = claim.quantity if claim.quantity is not None else claim.quantifier
    how = {
        None: "",
        "at least": "at least ",
        "more than": "more than ",
        "over": "more than ",
        "fewer than": "fewer than ",
        "less than": "fewer than ",
    }.get(claim.modifier, "about " if claim.modifier else "")
    places = " and ".join(
        "of the 50 states" if s == "states" else "of the researched countries" for s in claim.scopes
    )
    reading = {
        "some": "at least 2",
        "several": "at least 2",
        "a few": "at least 2",
        "certain": "at least 2",
        "multiple": "at least 2",
        "a number of": "at least 2",
        "a handful of": "at least 2",
        "many": "at least a fifth",
        "numerous": "at least a fifth",
        "most": "more than half",
        "all": "every one",
        "no": "none",
        "dozens of": "at least 24",
        "few": "a small number (no verdict)",
    }.get(
        str(q),
        f"{how}{q}"
        + (
            " (±2)"
            if claim.modifier in ("nearly", "almost", "about", "around", "roughly", "approximately")
            else ""
        ),
    )
    return (
        f"Read as: {reading} {places} {claim.asserted} "
        f"(counted: categories {', '.join(sorted(claim.categories, key=CATEGORIES.index))}; "
        "places with unknown status are counted in neither group and listed separately)."
    )


def _check_count(claim: Claim, world: World) -> Result:
    counts = []
    for scope in claim.scopes:
        places, label = world.scope(scope)
        matched = [p for p in places if p.category in claim.categories]
        unknown = [p for p in places if p.category == "unknown"]
        others = [
            p for p in places if p.category not in claim.categories and p.category != "unknown"
        ]
        counts.append(ScopeCount(scope, label, len(places), matched, unknown, others))
    if claim.quantity is not None:
        ok: bool | None = _exact_ok(
            claim.quantity, claim.modifier, sum(len(c.matched) for c in counts)
        )
    else:
        oks = [_vague_ok(claim.quantifier or "", len(c.matched), c.total) for c in counts]
        ok = None if None in oks else all(oks)
    summary = "; ".join(
        f"{len(c.matched)} of {c.label} {claim.asserted}"
        + (f", {len(c.unknown)} unknown" if c.unknown else "")
        for c in counts
    )
    return Result(world.on, _verdict(ok), summary, counts=counts)


def _check_place(claim: Claim, world: World) -> Result:
    place = world.places[claim.code]
    period = world.periods.get(claim.code)
    if not claim.predicates or place.category == "unknown":
        ok = None
    else:
        ok = place.category in claim.categories
    summary = f"{place.name}: {place.category}"
    if period is not None and period.effective_from:
        summary += f" (since {when_text(period.effective_from, period.effective_from_edtf)})"
    return Result(world.on, _verdict(ok), summary, place=place, period=period)


def _check_agency(claim: Claim, world: World, events: list[JurisdictionEvent]) -> Result:
    names = AGENCIES[claim.agency]
    mine = [
        e
        for e in events
        if e.date <= world.on and any(re.search(rf"\b{re.escape(n)}\b", e.title) for n in names)
    ]
    federal = world.places.get("US")
    ok = True if mine else None
    summary = f"{len(mine)} {claim.agency} action{'s' if len(mine) != 1 else ''} on record by {world.on.isoformat()}"
    if federal is not None:
        summary += f"; US federal status: {federal.category}"
    return Result(
        world.on,
        _verdict(ok),
        summary,
        events=mine,
        federal=federal,
        period=world.periods.get("US"),
    )


@dataclass
class Segment:
    text: str
    marked: bool
    refs: list[int]  # claim numbers whose span ends here


@dataclass
class ArticleCheck:
    article: Article
    dates: list[date]  # article date (if any), then today
    checks: list[Check]
    paragraphs: list[list[Segment]]
    changes_since: list[history.Change]  # oldest first; the newest SINCE_LISTED when there are more
    changes_since_total: int
    federal_events: list[JurisdictionEvent]

    @property
    def since_start(self) -> date | None:
        """The first day counted as 'since the article' (the day after publication)."""
        published = self.article.published_on
        return published + timedelta(days=1) if published else None


def annotate(text: str, claims: list[Claim]) -> list[list[Segment]]:
    """The text cut into paragraphs of segments: marked where a claim is, with its reference."""
    cuts = {0, len(text)}
    for c in claims:
        cuts |= {c.span.start, c.span.end}
    for m in re.finditer(r"\n\s*\n", text):
        cuts |= {m.start(), m.end()}
    points = sorted(cuts)
    paragraphs: list[list[Segment]] = [[]]
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if re.fullmatch(r"\n\s*\n", piece):
            paragraphs.append([])
            continue
        marked = any(c.span.start <= a and b <= c.span.end for c in claims)
        refs = [i + 1 for i, c in enumerate(claims) if c.span.end == b]
        paragraphs[-1].append(Segment(piece, marked, refs))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]


def check_text(
    session: Session,
    text: str,
    dates: list[date],
    jurisdictions: list[Jurisdiction] | None = None,
) -> tuple[list[Check], list[JurisdictionEvent]]:
    """Recognise the claims in a text and check each on every date, as the tracker knows it now."""
    if jurisdictions is None:
        jurisdictions = claimable_jurisdictions(session)
    known = {j.code for j in jurisdictions}
    claims = [c for c in recognise(text) if c.kind != "jurisdiction" or c.code in known]
    worlds = [load_world(session, d, jurisdictions) for d in dates]
    us = next((j for j in jurisdictions if j.code == "US"), None)
    events = (
        list(
            session.scalars(
                select(JurisdictionEvent)
                .where(
                    JurisdictionEvent.jurisdiction_id == us.id,
                    JurisdictionEvent.superseded_at.is_(None),
                )
                .order_by(JurisdictionEvent.date)
            )
        )
        if us is not None
        else []
    )
    checks = []
    for n, claim in enumerate(claims, start=1):
        if claim.kind == "count":
            results, rule = [_check_count(claim, w) for w in worlds], _count_rule(claim)
        elif claim.kind == "jurisdiction":
            results = [_check_place(claim, w) for w in worlds]
            rule = (
                f"Read as: {claim.text} is {claim.asserted} (counted: categories "
                f"{', '.join(sorted(claim.categories, key=CATEGORIES.index))})."
                if claim.predicates
                else f"{claim.text} is named without a legal claim; its status is shown."
            )
        else:
            results = [_check_agency(claim, w, events) for w in worlds]
            rule = (
                f"The {claim.agency} is a US federal agency: the US federal entries on record that name it, "
                "and the US federal status. A record of actions supports a claim that the agency acted; "
                "the tracker does not judge what the actions mean."
            )
        checks.append(Check(n, claim, results, rule))
    return checks, events


def claimable_jurisdictions(session: Session) -> list[Jurisdiction]:
    """The places a claim can name or count: federal, countries and their subdivisions (not localities)."""
    return list(session.scalars(select(Jurisdiction).where(Jurisdiction.kind.in_(CLAIM_KINDS))))


def check_article(session: Session, article: Article, today: date | None = None) -> ArticleCheck:
    """Every claim of an article checked on its publication date and today, and what changed since.

    The changes since are counted in full and listed newest first up to SINCE_LISTED; the rest
    are a link to /changes away.
    """
    today = today or date.today()
    dates = [d for d in (article.published_on, today) if d is not None]
    dates = list(dict.fromkeys(dates))
    stored = article.section_text
    text = "\n\n".join(
        stored[s.start : s.end].strip() for s in _importer.split_sections(stored) if s.checked
    )
    checks, events = check_text(session, text, dates)
    since: list[history.Change] = []
    total = 0
    if article.published_on is not None and article.published_on < today:
        start = article.published_on + timedelta(days=1)
        total = history.count_changes(session, start, today)
        since = history.changes_between(session, start, today, newest=SINCE_LISTED)
    paragraphs = annotate(text, [c.claim for c in checks])
    return ArticleCheck(article, dates, checks, paragraphs, since, total, events)


# == the article checker (issue #14): read claims, judge each on its date and today ==========


VERDICTS = ("holds", "does not hold", "partly", "not checkable")
VERDICT_LABELS = {
    "holds": "holds",
    "does not hold": "does not hold",
    "partly": "partly holds",
    "not checkable": "not checkable",
}
ALL_KINDS = (*CLAIM_KINDS, "locality")


@dataclass
class Judgement:
    """One claim judged on one date against the period in force then."""

    on: date
    verdict: str  # one of VERDICTS
    why: str
    period: StatusPeriod | None = None
    place: Place | None = None
    counted: ScopeCount | None = None


@dataclass
class ClaimCheck:
    number: int
    claim: _reader.ReadClaim
    then: Judgement  # on the claim's own date (its time words, else the article's date)
    now: Judgement  # today
    reading_words: str

    @property
    def confidence(self) -> str | None:
        p = self.then.period or self.now.period
        return p.confidence if p is not None else None


def reading_words(c: _reader.ReadClaim) -> str:
    r = c.reading
    if c.kind == "agency":
        return f"the {r['agency']} acted on kratom (its actions on record)"
    if c.kind == "count":
        n = c.count.get("count")
        mod = (c.count.get("modifier") or "") + " "
        what = {
            "banned": "ban",
            "legal": "do not ban",
            "not_banned": "do not ban",
            "regulated": "regulate",
            "restricted": "restrict",
        }.get(r.get("category"), "?")
        return f"{mod.strip()} {n} {c.count.get('scope')} {what} kratom".strip()
    if "min_age" in r:
        return f"minimum age {r['min_age']}"
    if "seven_oh" in r:
        return f"7-OH {r['seven_oh']}"
    words = {
        "banned": "banned",
        "legal": "legal (not banned)",
        "not_banned": "not banned",
        "regulated": "regulated",
        "restricted": "restricted (sale prohibited or prescription only)",
    }[r["category"]]
    return words + (f", the {c.ordinal}th state to do so" if c.ordinal else "")


def judge(reading: dict, period: StatusPeriod | None) -> tuple[str, str]:
    """(verdict, why) of one reading against one period (rules in docs, see module text)."""
    if period is None or period.leaf == "unknown":
        return "not checkable", "the tracker has no known status on that date"
    leaf, cat = period.leaf, period.category
    if "min_age" in reading:
        want = reading["min_age"]
        if cat == "banned":
            return "does not hold", "banned outright, not an age limit"
        if period.min_age == want:
            return "holds", f"minimum age {period.min_age}"
        if period.min_age is not None:
            return "partly", f"an age limit, but {period.min_age}, not {want}"
        return "does not hold", "no minimum age on record"
    if "seven_oh" in reading:
        want = reading["seven_oh"]
        if period.seven_oh == "unknown":
            return "not checkable", "7-OH status unknown"
        if period.seven_oh == want:
            return "holds", f"7-OH {period.seven_oh}"
        if {want, period.seven_oh} == {"capped", "controlled"}:
            return "partly", f"7-OH is {period.seven_oh}, not {want}"
        if leaf == "controlled":
            return "holds", "the whole plant is controlled, 7-OH with it"
        return "does not hold", f"7-OH {period.seven_oh}"
    want = reading.get("category")
    if want == "banned":
        if leaf == "controlled":
            return "holds", "controlled (banned)"
        if leaf in ("sale_prohibited", "prescription"):
            return "partly", f"not banned but {leaf.replace('_', ' ')} ({cat})"
        return "does not hold", f"{cat}: not banned"
    if want in ("legal", "not_banned"):
        if leaf in ("unregulated", "regulated"):
            return "holds", f"{cat}: not banned"
        if leaf in ("sale_prohibited", "prescription"):
            return "partly", f"not banned, but {leaf.replace('_', ' ')}"
        return "does not hold", "banned"
    if want == "regulated":
        if cat in ("regulated", "restricted") and leaf != "controlled":
            return "holds", cat
        if leaf == "controlled":
            return "does not hold", "banned, not regulated"
        return "does not hold", "no kratom-specific rules on record"
    if want == "restricted":
        if cat == "restricted":
            return "holds", f"restricted ({leaf.replace('_', ' ')})"
        if cat == "banned":  # sale prohibited, and more: the claim is right as far as it goes
            return "partly", "banned, not only restricted"
        return "does not hold", cat  # regulated or unregulated: sale is not prohibited
    return "not checkable", "nothing the tracker records"


class _Dates:
    """The data on each date asked for, loaded once per date."""

    def __init__(self, session: Session, jurisdictions: list[Jurisdiction]):
        self.session, self.jurisdictions = session, jurisdictions
        self.today: date | None = None
        self.by_code = {j.code: j for j in jurisdictions}
        self.periods: dict[date, dict[int, StatusPeriod]] = {}
        self.worlds: dict[date, World] = {}

    def period(self, code: str, on: date) -> StatusPeriod | None:
        if on not in self.periods:
            self.periods[on] = history.statuses_on(self.session, on, kinds=ALL_KINDS)
        j = self.by_code.get(code)
        return self.periods[on].get(j.id) if j is not None else None

    def federal_events(self) -> list[JurisdictionEvent]:
        if not hasattr(self, "_events"):
            us = self.by_code.get("US")
            self._events = (
                list(
                    self.session.scalars(
                        select(JurisdictionEvent)
                        .where(
                            JurisdictionEvent.jurisdiction_id == us.id,
                            JurisdictionEvent.superseded_at.is_(None),
                        )
                        .order_by(JurisdictionEvent.date)
                    )
                )
                if us is not None
                else []
            )
        return self._events

    def next_period(self, code: str, after: date, within: timedelta) -> StatusPeriod | None:
        """The first period of a jurisdiction that starts after a date, within a span."""
        j = self.by_code.get(code)
        if j is None:
            return None
        starts = self.session.scalars(
            select(StatusPeriod.effective_from)
            .where(
                StatusPeriod.jurisdiction_id == j.id,
                StatusPeriod.effective_from > after,
                StatusPeriod.effective_from <= after + within,
            )
            .order_by(StatusPeriod.effective_from)
        ).all()
        for start in starts:
            p = self.period(code, start)
            if p is not None and p.effective_from == start:
                return p
        return None

    def world(self, on: date) -> World:
        if on not in self.worlds:
            self.worlds[on] = load_world(
                self.session, on, [j for j in self.jurisdictions if j.kind != "locality"]
            )
        return self.worlds[on]


def _judge_claim(c: _reader.ReadClaim, on: date, data: _Dates) -> Judgement:
    if c.kind == "agency":
        # "the FDA has expressed concerns": the agency's actions on record by that date
        agency = c.reading["agency"]
        names = AGENCIES.get(agency, (agency,))
        mine = [
            e
            for e in data.federal_events()
            if e.date <= on and any(re.search(rf"\b{re.escape(n)}\b", e.title) for n in names)
        ]
        period = data.period("US", on)
        us = data.by_code.get("US")
        place = (
            Place("US", us.name, us.kind, period.category if period else "unknown")
            if us is not None
            else None
        )
        if not mine:
            return Judgement(
                on, "not checkable", f"no {agency} action on record by that date", period, place
            )
        last = mine[-1]
        return Judgement(
            on,
            "holds",
            f"{len(mine)} {agency} action{'s' if len(mine) != 1 else ''} on record, the latest "
            f"{last.date.isoformat()}: {last.title}",
            period,
            place,
        )
    if c.kind == "count":
        if c.count.get("scope") != "states" or "category" not in c.reading:
            return Judgement(
                on, "not checkable", "the tracker does not hold every country or locality"
            )
        cat = c.reading["category"]
        legacy = Claim(
            kind="count",
            text=c.place,
            sentence=c.text,
            span=Span(c.mark.start, c.mark.end),
            predicates=(
                {
                    "banned": "banned",
                    "legal": "legal",
                    "not_banned": "legal",
                    "regulated": "regulated",
                    "restricted": "regulated",
                }[cat],
            ),
            quantity=c.count["count"] if isinstance(c.count["count"], int) else None,
            quantifier=str(c.count["count"]),
            modifier=c.count.get("modifier"),
            scopes=("states",),
        )
        r = _check_count(legacy, data.world(on))
        verdict = {"supported": "holds", "not supported": "does not hold"}.get(
            r.verdict, "not checkable"
        )
        if not isinstance(c.count["count"], int) and c.count["count"] not in ("most", "all"):
            # "some", "several", "many", "a few": too vague to hold or fail; the count is shown
            return Judgement(
                on,
                "not checkable",
                f"a vague count (\u201c{c.count['count']}\u201d); {r.summary}",
                counted=r.counts[0] if r.counts else None,
            )
        return Judgement(on, verdict, r.summary, counted=r.counts[0] if r.counts else None)
    if c.code is None or c.code not in data.by_code:
        return Judgement(on, "not checkable", f"{c.place} is not tracked")
    j = data.by_code[c.code]
    period = data.period(c.code, on)
    verdict, why = judge(c.reading, period)
    if (
        c.enacted
        and verdict != "holds"
        and (c.claim_date == on or c.claim_date is None and on != data.today)
    ):
        # "passed in April 2019": the law is meant, checked when it took effect (within a year)
        later = data.next_period(c.code, on, timedelta(days=366))
        if later is not None and judge(c.reading, later)[0] == "holds":
            period = later
            verdict, why = (
                "holds",
                judge(c.reading, later)[1] + f" (in force from {later.effective_from.isoformat()})",
            )
    if c.ordinal and verdict == "holds" and "category" not in c.reading:
        verdict, why = "not checkable", why + "; the tracker ranks only bans of the leaf"
    elif c.ordinal and verdict == "holds" and period is not None and period.effective_from:
        # "the sixth state to ban it": the states banning it when its ban began. States whose
        # status the tracker does not know on that date could be among them, so a rank within
        # reach of them cannot be judged either way.
        first = period.effective_from
        states = [p for p in data.world(first).places.values() if p.kind == "state"]
        banned = sum(1 for p in states if p.category == "banned")
        unknown = sum(1 for p in states if p.category == "unknown")
        if banned == c.ordinal:
            why += f"; the {c.ordinal}th of the states to ban it ({first.isoformat()})"
        elif banned < c.ordinal <= banned + unknown:
            verdict, why = (
                "not checkable",
                f"{banned} states banned kratom when its ban began ({first.isoformat()}) and "
                f"{unknown} had a status the tracker does not know",
            )
        else:
            verdict, why = (
                "does not hold",
                f"{banned} states banned kratom when its ban began ({first.isoformat()})",
            )
    place = Place(
        j.code, j.name, "state" if is_state(j) else j.kind, period.category if period else "unknown"
    )
    return Judgement(on, verdict, why, period, place)


@lru_cache(maxsize=8)
def _index_for(localities: tuple[tuple[str, str], ...]) -> PlaceIndex:
    return PlaceIndex(dict(localities))


def place_index(jurisdictions: list[Jurisdiction]) -> PlaceIndex:
    """The place index with the tracker's localities ("San Diego" → US-CA/san-diego)."""
    locs = []
    for j in jurisdictions:
        if j.kind == "locality":
            locs.append((re.sub(r"\s*\(.*?\)", "", j.name).strip(), j.code))
    return _index_for(tuple(sorted(locs)))


@dataclass
class ArticleReport:
    """An article checked: its sections (checked or skipped), its claims judged, what changed since."""

    article: Article
    today: date
    sections: list[_importer.StoredSection]
    checks: list[ClaimCheck]
    truncated: bool
    main: str | None
    changes_since: list[history.Change]
    changes_since_total: int
    max_claims: int = _reader.MAX_CLAIMS
    language: str | None = None  # set when the article's language is one the reader does not read
    stopped_at: int | None = None  # where reading stopped (MAX_READ_CHARS), an offset in the text
    max_chars: int = _reader.MAX_READ_CHARS
    set_aside: list[_reader.ReadClaim] = field(default_factory=list)  # scored below the threshold
    scorer_model: _scorer.Model | None = None

    def reader_confidence(self, claim: _reader.ReadClaim) -> dict | None:
        """How sure the claim scorer is that this is a claim a careful reader would extract:
        {"score": 0.93, "band": "high"} (None: no model shipped)."""
        if self.scorer_model is None or claim.score is None:
            return None
        return {"score": round(claim.score, 3), "band": self.scorer_model.band(claim.score)}

    @property
    def checked_chars(self) -> int:
        """Characters in the checked sections (what the reader would read without its budget)."""
        return sum(s.end - s.start for s in self.sections if s.checked)

    def summary(self) -> str:
        """e.g. "11 claims: 8 hold today, 2 no longer hold, 1 never held"."""
        n = len(self.checks)
        hold = sum(1 for c in self.checks if c.now.verdict == "holds")
        no_longer = sum(
            1 for c in self.checks if c.now.verdict == "does not hold" and c.then.verdict == "holds"
        )
        never = sum(
            1 for c in self.checks if c.now.verdict == "does not hold" and c.then.verdict != "holds"
        )
        partly = sum(1 for c in self.checks if c.now.verdict == "partly")
        unchecked = sum(1 for c in self.checks if c.now.verdict == "not checkable")
        parts = [f"{hold} hold today"]
        if no_longer:
            parts.append(f"{no_longer} no longer hold")
        if never:
            parts.append(f"{never} never held")
        if partly:
            parts.append(f"{partly} partly hold")
        if unchecked:
            parts.append(f"{unchecked} not checkable")
        return f"{n} claim{'s' if n != 1 else ''}: " + ", ".join(parts)


def read_stored(session: Session, article: Article, today: date, jurisdictions=None):
    jurisdictions = (
        jurisdictions
        if jurisdictions is not None
        else list(session.scalars(select(Jurisdiction).where(Jurisdiction.kind.in_(ALL_KINDS))))
    )
    text = article.section_text
    sections = _importer.split_sections(text)
    if not _reader.reads_language(_importer.language_of(text)):
        return (
            sections,
            _reader.Reading([], None, False, language=_importer.language_of(text)),
            jurisdictions,
        )
    checked = [(s.start, s.end, s.heading) for s in sections if s.checked]
    reading = _reader.read(
        text,
        checked,
        index=place_index(jurisdictions),
        title=article.title,
        today=today,
        published=article.published_on,
        url=article.url,
    )
    return sections, _scorer.sift(reading, checked), jurisdictions


def check_read(
    session: Session,
    claims_read: list[_reader.ReadClaim],
    article_date: date | None,
    today: date,
    jurisdictions: list[Jurisdiction],
) -> list[ClaimCheck]:
    data = _Dates(session, jurisdictions)
    data.today = today
    out = []
    for n, c in enumerate(claims_read, start=1):
        on = c.claim_date or article_date or today
        out.append(
            ClaimCheck(
                n, c, _judge_claim(c, on, data), _judge_claim(c, today, data), reading_words(c)
            )
        )
    return out


def report(session: Session, article: Article, today: date | None = None) -> ArticleReport:
    """Every claim of an article judged on its own date and today; changes since, for the places it names."""
    today = today or date.today()
    sections, reading, jurisdictions = read_stored(session, article, today)
    checks = check_read(session, reading.claims, article.published_on, today, jurisdictions)
    named = {c.claim.code for c in checks if c.claim.code} | (
        {reading.main} if reading.main else set()
    )
    since: list[history.Change] = []
    if article.published_on is not None and article.published_on < today and named:
        start = article.published_on + timedelta(days=1)
        since = [
            ch
            for ch in history.changes_between(session, start, today, newest=10_000)
            if ch.jurisdiction.code in named
        ][-SINCE_LISTED:]
    return ArticleReport(
        article,
        today,
        sections,
        checks,
        reading.truncated,
        reading.main,
        since,
        len(since),
        language=reading.language,
        stopped_at=reading.stopped_at,
        max_chars=_reader.MAX_READ_CHARS,
        set_aside=reading.set_aside,
        scorer_model=_scorer.shipped_model(),
    )


def claims_json(rep: ArticleReport) -> list[dict]:
    """The claims as `article show --json` prints them."""

    def period_json(j: Judgement):
        p = j.period
        if p is None:
            return None
        cite = p.citations[0] if p.citations else None
        return {
            "from": p.effective_from.isoformat() if p.effective_from else None,
            "to": p.effective_to.isoformat() if p.effective_to else None,
            "category": p.category,
            "min_age": p.min_age,
            "seven_oh": p.seven_oh,
            "confidence": p.confidence,
            "citation": {"label": cite.label, "url": cite.url} if cite else None,
        }

    out = []
    for ch in rep.checks:
        c = ch.claim
        reading = dict(c.reading)
        if c.count:
            reading.update(c.count)
        if c.ordinal:
            reading["ordinal"] = c.ordinal
        out.append(
            {
                "text": c.text,
                "code": c.code,
                "reading": reading,
                "claim_date": (c.claim_date or rep.article.published_on or rep.today).isoformat(),
                "verdict_then": ch.then.verdict,
                "verdict_now": ch.now.verdict,
                "period_then": period_json(ch.then),
                "period_now": period_json(ch.now),
                "reader_confidence": rep.reader_confidence(c),
            }
        )
    return out


@dataclass
class Piece:
    text: str
    check: ClaimCheck | None = None  # the claim this piece is a mention of


@dataclass
class ShownSection:
    heading: str | None
    checked: bool
    reason: str
    blocks: list[tuple[str, list[Piece]]]  # (kind: p | li | row | h, pieces)


MAX_SHOWN = 400_000  # characters of checked text shown; the rest is summarised


def highlighted(rep: ArticleReport) -> tuple[list[ShownSection], bool]:
    """The checked sections cut into pieces, each mention of a claim its own piece (linear: the
    marks are sorted once and walked with the text). Skipped sections keep only their heading."""
    text = rep.article.section_text
    marks = sorted(
        ((m.start, m.end, ch) for ch in rep.checks for m in ch.claim.mentions),
        key=lambda t: (t[0], -t[1]),
    )
    out, mi, shown, cut = [], 0, 0, False
    for s in rep.sections:
        if not s.checked:
            out.append(ShownSection(s.heading, False, s.reason, []))
            continue
        blocks = []
        for m in re.finditer(r"[^\n]+", text[s.start : s.end]):
            lo, hi = s.start + m.start(), s.start + m.end()
            if text[lo] == "#":
                blocks.append(("h", [Piece(text[lo:hi].lstrip("#").strip())]))
                continue
            if shown + (hi - lo) > MAX_SHOWN:
                cut = True
                break
            shown += hi - lo
            kind = (
                "li"
                if text.startswith("\u2022 ", lo)
                else "row"
                if text.startswith("| ", lo)
                else "p"
            )
            pieces, pos = [], lo
            while mi < len(marks) and marks[mi][0] < lo:
                mi += 1
            while mi < len(marks) and marks[mi][1] <= hi:
                a, b, ch = marks[mi]
                mi += 1
                if a < pos:
                    continue  # overlaps the previous mark
                if a > pos:
                    pieces.append(Piece(text[pos:a]))
                pieces.append(Piece(text[a:b], ch))
                pos = b
            if pos < hi:
                pieces.append(Piece(text[pos:hi]))
            blocks.append((kind, pieces))
        out.append(ShownSection(s.heading, True, s.reason, blocks))
        if cut:
            break
    return out, cut

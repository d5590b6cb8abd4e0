"""The status table: every jurisdiction's status on a date, filtered, sorted and paged.

One SQL statement reads every jurisdiction with the columns of the period in force (the table
shows no citations, so none are read), into small read-only views rather than ORM objects;
filtering, sorting and paging then run in Python. At 10,000 jurisdictions that is one query
and a sort of 10,000 tuples, which keeps "unknown" (no period) rows under the same ordering
rules as researched ones without building dynamic SQL for every sort key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import lru_cache
from math import ceil

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.reports.labels import citation_rank
from tracker.reports.status_table import in_force
from tracker.status import history, regions
from tracker.status.codebook import (
    CATEGORIES,
    CONFIDENCE_VALUES,
    JURISDICTION_KINDS,
    LEAF_VALUES,
    SEVEN_OH_VALUES,
)
from tracker.status.regions import REGION_LABELS, REGIONS  # noqa: F401 (the table's filter choices)
from tracker.store.models import Citation, Jurisdiction, StatusPeriod

SORT_KEYS = (
    "name",
    "code",
    "kind",
    "category",
    "leaf",
    "seven_oh",
    "min_age",
    "effective_from",
    "verified_on",
    "confidence",
)
DIRECTIONS = ("asc", "desc")
SEVEN_OH_FILTER = ("yes", "no")
PER_DEFAULT, PER_MAX = 100, 500
SEVEN_OH_RULES = frozenset({"capped", "controlled"})


def in_region(j: Jurisdiction, region: str) -> bool:
    """Whether a jurisdiction belongs to a region of the table's region filter."""
    return regions.contains(region, j.code, j.kind)


def has_seven_oh_rule(period: StatusPeriod | None) -> bool:
    """A specific 7-OH rule: a cap on 7-OH or 7-OH controlled (unknown and none count as no)."""
    return period is not None and period.seven_oh in SEVEN_OH_RULES


@dataclass(frozen=True)
class TableQuery:
    """What the table shows: the date, the filters, the order and the page."""

    as_of: date
    known_on: date | None = None
    kind: str | None = None
    region: str = "all"
    category: str | None = None
    seven_oh: str | None = None  # yes | no
    q: str | None = None
    sort: str = "name"
    dir: str = "asc"
    page: int = 1
    per: int = PER_DEFAULT

    def __post_init__(self) -> None:
        checks = (
            ("kind", self.kind, JURISDICTION_KINDS),
            ("region", self.region, REGIONS),
            ("category", self.category, CATEGORIES),
            ("seven_oh", self.seven_oh, SEVEN_OH_FILTER),
            ("sort", self.sort, SORT_KEYS),
            ("dir", self.dir, DIRECTIONS),
        )
        for name, value, allowed in checks:
            if value is not None and value not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}")
        if not 1 <= self.per <= PER_MAX or self.page < 1:
            raise ValueError("page must be at least 1 and per between 1 and 500")


@dataclass(frozen=True, slots=True)
class Place:
    """What the table shows of a jurisdiction."""

    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Status:
    """What the table shows of the period in force (a read-only view of a StatusPeriod row)."""

    id: int
    category: str
    leaf: str
    seven_oh: str
    seven_oh_threshold: str | None
    min_age: int | None
    effective_from: date | None
    verified_on: date | None
    confidence: str
    effective_from_edtf: str | None = None  # the start as a month or year ("since 2017")
    effective_from_latest: date | None = None


STATUS_COLUMNS = tuple(f.name for f in fields(Status))


def _answered(status: Status, as_of: date, federal, follows: bool) -> Status:
    """The status as answered on as_of: the uncertain-start rule and rule F (tracker.status.history)."""
    if status.effective_from_edtf is not None and not history.start_established(
        status.effective_from_latest, as_of
    ):
        status = replace(
            status, **{k: v for k, v in history.UNESTABLISHED_FIELDS.items() if k in STATUS_COLUMNS}
        )
    if follows:
        changed = history.federal_fields(
            {"automatic": True}, status.leaf, status.seven_oh, status.min_age, None, federal
        )
        if changed is not None:
            status = replace(
                status,
                leaf=changed["leaf"],
                seven_oh=changed["seven_oh"],
                seven_oh_threshold=None,
                category=changed["category"],
            )
    return status


@dataclass(frozen=True, slots=True)
class Row:
    jurisdiction: Place
    period: Status | None

    @property
    def category(self) -> str:
        return self.period.category if self.period else "unknown"


@dataclass
class TablePage:
    query: TableQuery
    rows: list[Row]
    total: int  # rows matching the filters (all pages)
    everything: int  # rows before filtering
    category_counts: dict[str, int] = field(default_factory=dict)  # of the filtered rows

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.query.per))

    @property
    def first(self) -> int:
        return 0 if not self.total else (self.query.page - 1) * self.query.per + 1

    @property
    def last(self) -> int:
        return min(self.total, self.query.page * self.query.per)


@lru_cache(
    maxsize=65_536
)  # above the number of jurisdictions: a cold sort of 10,000 names costs 0.4 s
def name_key(name: str) -> str:
    """Alphabetical order that ignores case and accents (Åland Islands sorts with the As)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()


def _rank(values: tuple[str, ...]) -> Callable[[str | None], int | None]:
    order = {v: i for i, v in enumerate(values)}
    return lambda v: order.get(v, len(order)) if v is not None else None


_CATEGORY, _LEAF, _SEVEN_OH, _CONFIDENCE = (
    _rank(CATEGORIES),
    _rank(LEAF_VALUES),
    _rank(SEVEN_OH_VALUES),
    _rank(CONFIDENCE_VALUES),
)
_KIND = _rank(("federal", "supranational", "country", "subdivision", "locality"))

# Sort keys: codebook values sort in codebook order (banned before legal, high before low),
# not alphabetically; a missing value (no period) always sorts last, whatever the direction.
SORTERS: dict[str, Callable[[Row], object]] = {
    "name": lambda r: name_key(r.jurisdiction.name),
    "code": lambda r: r.jurisdiction.code,
    "kind": lambda r: _KIND(r.jurisdiction.kind),
    "category": lambda r: _CATEGORY(r.category),
    "leaf": lambda r: _LEAF(r.period.leaf) if r.period else None,
    "seven_oh": lambda r: _SEVEN_OH(r.period.seven_oh) if r.period else None,
    "min_age": lambda r: r.period.min_age if r.period else None,
    "effective_from": lambda r: (r.period.effective_from or date.min) if r.period else None,
    "verified_on": lambda r: r.period.verified_on if r.period else None,
    "confidence": lambda r: _CONFIDENCE(r.period.confidence) if r.period else None,
}


def all_rows(session: Session, as_of: date, known_on: date | None = None) -> list[Row]:
    """Every jurisdiction with the period in force on as_of (None = nothing researched), one statement."""
    stmt = (
        select(
            Jurisdiction.id,
            Jurisdiction.code,
            Jurisdiction.name,
            Jurisdiction.kind,
            *(getattr(StatusPeriod, c) for c in STATUS_COLUMNS),
            Jurisdiction.federal_scheduling,
        )
        .select_from(Jurisdiction)
        .outerjoin(StatusPeriod, in_force(as_of, known_on))
    )
    rows, federal = [], ...  # the federal answer is read once, when a following state is met
    for r in session.execute(stmt).all():
        place = Place(r[0], r[1], r[2], r[3])
        status = Status(*r[4:-1]) if r[4] is not None else None
        follows = bool((r[-1] or {}).get("automatic"))
        if follows and federal is ...:
            federal = history.federal_answer(session, as_of, known_on)
        if status is not None and (status.effective_from_edtf is not None or follows):
            status = _answered(status, as_of, None if federal is ... else federal, follows)
        rows.append(Row(place, status))
    return rows


def matches(
    query: TableQuery, code: str, name: str, kind: str, category: str, seven_oh: str | None
) -> bool:
    """Whether a place passes the query's filters (the table, its CSV and its JSON all ask this)."""
    if query.kind and kind != query.kind:
        return False
    if not regions.contains(query.region, code, kind):
        return False
    if query.category and category != query.category:
        return False
    if query.seven_oh and (seven_oh in SEVEN_OH_RULES) != (query.seven_oh == "yes"):
        return False
    if query.q:
        needle = query.q.casefold()
        if needle not in name.casefold() and needle not in code.casefold():
            return False
    return True


def _matches(row: Row, query: TableQuery) -> bool:
    j, p = row.jurisdiction, row.period
    return matches(query, j.code, j.name, j.kind, row.category, p.seven_oh if p else None)


def sort_rows(rows: list[Row], sort: str, direction: str) -> list[Row]:
    """Rows ordered by one column (ties by name, then code), missing values last, and places whose
    status is unknown after every researched one, whatever the column and direction (issue #15:
    194 grey rows sorting first hid Louisiana on page 2)."""
    key = SORTERS[sort]
    rows = sorted(rows, key=lambda r: (name_key(r.jurisdiction.name), r.jurisdiction.code))
    known = [r for r in rows if r.category != "unknown"]
    unknown = [r for r in rows if r.category == "unknown"]
    out = []
    for group in (known, unknown):
        present = [r for r in group if key(r) is not None]
        missing = [r for r in group if key(r) is None]
        present.sort(key=key, reverse=direction == "desc")  # stable: ties keep the name order
        out += present + missing
    return out


def first_citations(session: Session, period_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """The citation to show beside each period (official sources first): {period id: (kind, label, url)}."""
    if not period_ids:
        return {}
    stmt = (
        select(Citation.period_id, Citation.kind, Citation.label, Citation.url)
        .where(Citation.period_id.in_(period_ids))
        .order_by(Citation.period_id, Citation.position, Citation.id)
    )
    best: dict[int, tuple[int, tuple[str, str, str]]] = {}
    for pid, kind, label, url in session.execute(stmt):
        rank = citation_rank(kind)
        if pid not in best or rank < best[pid][0]:
            best[pid] = (rank, (kind, label, url))
    return {pid: value for pid, (_rank, value) in best.items()}


def table_page(session: Session, query: TableQuery, rows: list[Row] | None = None) -> TablePage:
    """The page of the status table that a query asks for (rows: reuse already loaded rows)."""
    rows = all_rows(session, query.as_of, query.known_on) if rows is None else rows
    matching = [r for r in rows if _matches(r, query)]
    counts = {c: 0 for c in CATEGORIES}
    for r in matching:
        counts[r.category] += 1
    ordered = sort_rows(matching, query.sort, query.dir)
    start = (query.page - 1) * query.per
    return TablePage(query, ordered[start : start + query.per], len(matching), len(rows), counts)

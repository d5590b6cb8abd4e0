"""The status table in plain SQL: every jurisdiction with the period in force on a date.

The ORM path (history.statuses_on) builds an object per period and per citation, which is fine
for a page but slow for 10,000 rows. This module answers the same question in plain column rows
and returns the same dictionaries as tracker.status.serialize.status_json: a page in two statements
(the rows, paged in SQL, then their citations), and the whole table for exports as a stream
from one statement (rows joined to their citations, read in batches).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from tracker.status.history import (
    believed_at,
    category_on,
    federal_answer,
    federal_fields,
    federal_followers,
    known_on_instant,
    possibly_in_force_on,
    unestablished,
)
from tracker.status.periods import PUBLIC_FIELD_NAMES, PUBLIC_FIELDS
from tracker.status.serialize import citation_dict, citations_json, federal_dict
from tracker.store.models import Citation, Jurisdiction, StatusPeriod

DATE_FIELDS = frozenset(
    {*(f.name for f in PUBLIC_FIELDS if f.type == "date"), "effective_from_latest"}
)
# the declared public fields (tracker.status.periods) but the citations, plus the latest possible start
PERIOD_FIELDS = (*(n for n in PUBLIC_FIELD_NAMES if n != "citations"), "effective_from_latest")


def _column(name: str):
    """A period column to select; dates come back as ISO text where the driver stores text (SQLite),
    skipping a parse to date and a format back to text per cell (PostgreSQL's driver gives dates)."""
    col = getattr(StatusPeriod, name)
    return type_coerce(col, String).label(name) if name in DATE_FIELDS else col


def _iso(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def in_force(as_of: date, known_on: date | datetime | None):
    """Join condition: the jurisdiction's period in force on as_of, as known on known_on."""
    return and_(
        StatusPeriod.jurisdiction_id == Jurisdiction.id,
        believed_at(known_on_instant(known_on)),
        possibly_in_force_on(as_of),
    )


def status_table(
    session: Session,
    as_of: date,
    known_on: date | datetime | None = None,
    *,
    where=None,
    category: str | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(total rows, one page of rows) of the status table on as_of, filtered by `where` and category."""
    parent = aliased(Jurisdiction)
    base = (
        select(Jurisdiction.id)
        .select_from(Jurisdiction)
        .outerjoin(StatusPeriod, in_force(as_of, known_on))
    )
    filters = [] if where is None else [where]
    federal = federal_answer(session, as_of, known_on)
    answered = category_on(as_of, federal_followers(session), federal)
    if category == "unknown":
        filters.append(or_(StatusPeriod.id.is_(None), answered == "unknown"))
    elif category:
        filters.append(answered == category)
    total = session.scalar(select(func.count()).select_from(base.where(*filters).subquery()))
    stmt = (
        select(
            Jurisdiction.code,
            Jurisdiction.name,
            Jurisdiction.kind,
            parent.code.label("parent_code"),
            StatusPeriod.id.label("period_id"),
            *(_column(f) for f in PERIOD_FIELDS),
            Jurisdiction.federal_scheduling,
        )
        .select_from(Jurisdiction)
        .outerjoin(parent, parent.id == Jurisdiction.parent_id)
        .outerjoin(StatusPeriod, in_force(as_of, known_on))
        .where(*filters)
        .order_by(Jurisdiction.code)
        .offset(offset)
        .limit(limit)
    )
    rows = session.execute(stmt).all()
    cites = _citations(session, [r.period_id for r in rows if r.period_id])
    return total, [_row(r, cites.get(r.period_id, []), as_of, federal) for r in rows]


def iter_status(
    session: Session,
    as_of: date,
    known_on: date | datetime | None = None,
    batch: int = 1000,
) -> Iterator[dict[str, Any]]:
    """Every row of the status table on as_of, in code order, streamed: one statement, flat memory."""
    federal = federal_answer(session, as_of, known_on)
    for first, cites in iter_grouped(session, as_of, known_on, batch):
        yield _row(first, citations_json(_GroupedCitation(c) for c in cites), as_of, federal)


class _GroupedCitation:
    """A citation read from iter_grouped's joined rows, with the attribute names serialize expects."""

    __slots__ = ("accessed", "kind", "label", "source_date", "url", "via")

    def __init__(self, r):
        self.kind, self.label, self.url = r.cite_kind, r.cite_label, r.cite_url
        self.accessed, self.source_date = r.cite_accessed, r.cite_source_date
        self.via = r.cite_via


GROUPED_URL = 5 + len(PERIOD_FIELDS) + 1 + 2  # position of cite_url in iter_grouped's rows
GROUPED_WIDTH = GROUPED_URL + 4  # after cite_url: cite_accessed, cite_source_date, cite_via


def iter_grouped(
    session: Session,
    as_of: date,
    known_on: date | datetime | None = None,
    batch: int = 1000,
) -> Iterator[tuple[Any, list]]:
    """(row, its citation rows) for every jurisdiction in code order, from one streamed statement.

    Each jurisdiction comes back once per citation of its period (outer join), consecutive in
    code order, and is folded back here; a server-side cursor on PostgreSQL. Row fields are
    named as in PERIOD_FIELDS plus code, name, kind, parent_code, period_id, federal_scheduling; citation
    rows carry cite_kind, cite_label, cite_url, cite_accessed, cite_source_date, cite_via, in recorded order
    (callers put official kinds first). Dates are ISO text on SQLite.
    """
    parent = aliased(Jurisdiction)
    stmt = (
        select(
            Jurisdiction.code,
            Jurisdiction.name,
            Jurisdiction.kind,
            parent.code.label("parent_code"),
            StatusPeriod.id.label("period_id"),
            *(_column(f) for f in PERIOD_FIELDS),
            Jurisdiction.federal_scheduling,
            Citation.kind.label("cite_kind"),
            Citation.label.label("cite_label"),
            Citation.url.label("cite_url"),
            type_coerce(Citation.accessed, String).label("cite_accessed"),
            Citation.source_date.label("cite_source_date"),
            Citation.via.label("cite_via"),
        )
        .select_from(Jurisdiction)
        .outerjoin(parent, parent.id == Jurisdiction.parent_id)
        .outerjoin(StatusPeriod, in_force(as_of, known_on))
        .outerjoin(Citation, Citation.period_id == StatusPeriod.id)
        .order_by(Jurisdiction.code, Citation.position, Citation.id)
        .execution_options(yield_per=batch)
    )
    first, cites = None, []
    for r in session.connection().execute(stmt):  # Core: rows need no ORM bookkeeping
        if first is not None and r[0] != first[0]:  # by position: code, and cite_url (GROUPED_URL)
            yield first, cites
            first, cites = None, []
        if first is None:
            first = r
        if r[GROUPED_URL] is not None:
            cites.append(r)
    if first is not None:
        yield first, cites


def _citations(session: Session, period_ids: list[int]) -> dict[int, list]:
    """Citations of a page's periods, by period id, in citation order."""
    if not period_ids:
        return {}
    stmt = select(
        Citation.period_id,
        Citation.kind,
        Citation.label,
        Citation.url,
        Citation.accessed,
        Citation.source_date,
        Citation.via,
    ).where(Citation.period_id.in_(period_ids))
    out: dict[int, list] = defaultdict(list)
    for c in session.execute(stmt.order_by(Citation.period_id, Citation.position)):
        out[c.period_id].append(
            citation_dict(c.kind, c.label, c.url, c.accessed, c.source_date, c.via)
        )
    return {
        k: sorted(v, key=lambda c: not c["official"]) for k, v in out.items()
    }  # official kinds first


ROW_ORDER = (
    "code",
    "name",
    "kind",
    "parent",
    *PUBLIC_FIELD_NAMES,
    "federal_scheduling",
)  # status_json's keys
_NO_PERIOD = {f: None for f in ROW_ORDER[4:]} | {
    "category": "unknown"
}  # same key order as a researched row
_ROW_DATES = DATE_FIELDS - {"effective_from_latest"}


def _row(r, citations: list, as_of: date, federal=None) -> dict[str, Any]:
    """One row of the table, keys in the published order (10,000 of these per export: kept lean).

    Inside a period's uncertain start window the row answers `unknown` with the reason
    (history.unestablished), and a state that follows federal scheduling takes a federal control
    (history.federal_fields, rule F): the same rules as every other reader.
    """
    out = {"code": r.code, "name": r.name, "kind": r.kind, "parent": r.parent_code}
    if r.period_id is None:
        out.update(_NO_PERIOD)
        out["substances"], out["citations"] = [], citations
        out["federal_scheduling"] = federal_dict(r.federal_scheduling)
        return out
    m = r._mapping
    for f in ROW_ORDER[4:]:
        out[f] = citations if f == "citations" else m[f]
    if m["effective_from_edtf"] is not None:
        latest = m["effective_from_latest"]
        fields = unestablished(
            m["effective_from_edtf"],
            _day(m["effective_from"]),
            _day(latest),
            as_of,
            m["category"],
            m["summary"],
        )
        if fields is not None:
            out.update(fields)
    for f in _ROW_DATES:
        out[f] = _iso(out[f])
    order = None
    if out["federal_scheduling"] is not None:
        fields = federal_fields(
            out["federal_scheduling"],
            out["leaf"],
            out["seven_oh"],
            out["min_age"],
            out["notes"],
            federal,
        )
        if fields is not None:
            order = fields.pop("federal_order")
            out.update(fields)
    out["federal_scheduling"] = federal_dict(out["federal_scheduling"], order)
    out["substances"] = list(out["substances"] or [])
    return out


def _day(value) -> date | None:
    """A date column value as a date (SQLite hands back the ISO text this module asked for)."""
    return date.fromisoformat(value) if isinstance(value, str) else value

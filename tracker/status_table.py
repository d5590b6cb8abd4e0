"""The status table in plain SQL: every jurisdiction with the period in force on a date.

The ORM path (history.statuses_on) builds an object per period and per citation, which is fine
for a page but slow for 10,000 rows. This module answers the same question in two statements
whatever the size — one for the rows (paged in SQL), one for their citations — and returns the
same dictionaries as tracker.serialize.status_json.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.history import _believed, _valid_on, known_on_instant
from tracker.models import Citation, Jurisdiction, StatusPeriod

PERIOD_FIELDS = ("category", "leaf", "seven_oh", "seven_oh_threshold", "min_age", "licensing", "labelling",
                 "substances", "effective_from", "effective_to", "enacted_on", "summary", "notes", "confidence",
                 "verified_on")


def _iso(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _in_force(as_of: date, known_on: date | datetime | None):
    return and_(StatusPeriod.jurisdiction_id == Jurisdiction.id, _believed(known_on_instant(known_on)), _valid_on(as_of))


def status_table(
    session: Session, as_of: date, known_on: date | datetime | None = None, *, where=None,
    category: str | None = None, limit: int | None = None, offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(total rows, the rows) of the status table on as_of, filtered by `where` and category."""
    parent = aliased(Jurisdiction)
    base = (
        select(Jurisdiction.id)
        .select_from(Jurisdiction)
        .outerjoin(StatusPeriod, _in_force(as_of, known_on))
    )
    filters = [] if where is None else [where]
    if category == "unknown":
        filters.append(or_(StatusPeriod.id.is_(None), StatusPeriod.category == "unknown"))
    elif category:
        filters.append(StatusPeriod.category == category)
    total = session.scalar(select(func.count()).select_from(base.where(*filters).subquery()))
    stmt = (
        select(Jurisdiction.code, Jurisdiction.name, Jurisdiction.kind, parent.code.label("parent_code"),
               StatusPeriod.id.label("period_id"), *(getattr(StatusPeriod, f) for f in PERIOD_FIELDS))
        .select_from(Jurisdiction)
        .outerjoin(parent, parent.id == Jurisdiction.parent_id)
        .outerjoin(StatusPeriod, _in_force(as_of, known_on))
        .where(*filters)
        .order_by(Jurisdiction.code)
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    cites = _citations(session, as_of, known_on, [r.period_id for r in rows if r.period_id], paged=limit is not None)
    return total, [_row(r, cites.get(r.period_id, [])) for r in rows]


def _citations(session: Session, as_of: date, known_on, period_ids: list[int], paged: bool) -> dict[int, list]:
    """Citations of the rows: by id for a page, by the same as-of join for the whole table."""
    stmt = select(Citation.period_id, Citation.kind, Citation.label, Citation.url, Citation.accessed)
    if paged:
        if not period_ids:
            return {}
        stmt = stmt.where(Citation.period_id.in_(period_ids))
    else:
        stmt = stmt.join(StatusPeriod, StatusPeriod.id == Citation.period_id).where(
            _believed(known_on_instant(known_on)), _valid_on(as_of)
        )
    out: dict[int, list] = defaultdict(list)
    for c in session.execute(stmt.order_by(Citation.period_id, Citation.position)):
        out[c.period_id].append({"kind": c.kind, "label": c.label, "url": c.url, "accessed": _iso(c.accessed)})
    return out


def _row(r, citations: list) -> dict[str, Any]:
    found = r.period_id is not None
    data = {"code": r.code, "name": r.name, "kind": r.kind, "parent": r.parent_code}
    for f in PERIOD_FIELDS:
        data[f] = _iso(getattr(r, f)) if found else None
    data["category"] = r.category if found else "unknown"
    data["substances"] = list(r.substances or []) if found else []
    data["citations"] = citations
    order = ("code", "name", "kind", "parent", "category", "leaf", "seven_oh", "seven_oh_threshold", "min_age",
             "licensing", "labelling", "substances", "effective_from", "effective_to", "enacted_on", "summary",
             "notes", "citations", "confidence", "verified_on")
    return {k: data[k] for k in order}

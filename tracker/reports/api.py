"""Read services behind the JSON API (/api/v1/): filtered, paged and serialised, one session in."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from tracker.ingest import health
from tracker.reports.status_table import status_table
from tracker.status import history, regions
from tracker.status.serialize import citations_json, period_json, status_json
from tracker.store.models import Bill, Jurisdiction

REGIONS = regions.REGIONS
MAX_PER = 500
DEFAULT_PER = 100


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def region_filter(region: str | None):
    """SQL condition for a region (tracker.status.regions is the one definition)."""
    return regions.condition(region)


def jurisdiction_json(j: Jurisdiction) -> dict[str, Any]:
    return {
        "code": j.code,
        "name": j.name,
        "kind": j.kind,
        "parent": j.parent.code if j.parent else None,
    }


def list_jurisdictions(
    session: Session, kind: str | None = None, region: str | None = None
) -> list[dict[str, Any]]:
    """Every jurisdiction (optionally of one kind / region), in code order."""
    stmt = (
        select(Jurisdiction).options(selectinload(Jurisdiction.parent)).order_by(Jurisdiction.code)
    )
    if kind:
        stmt = stmt.where(Jurisdiction.kind == kind)
    cond = region_filter(region)
    if cond is not None:
        stmt = stmt.where(cond)
    return [jurisdiction_json(j) for j in session.scalars(stmt)]


def page_info(total: int, page: int, per: int) -> dict[str, Any]:
    return {"page": page, "per": per, "total": total, "pages": max(1, -(-total // per))}


def status_page(
    session: Session,
    as_of: date,
    known_on: date | None = None,
    *,
    kind: str | None = None,
    region: str | None = None,
    category: str | None = None,
    page: int = 1,
    per: int = DEFAULT_PER,
) -> dict[str, Any]:
    """One page of the status table on as_of, as known on known_on, with filters (paged in SQL)."""
    conds = []
    if kind:
        conds.append(Jurisdiction.kind == kind)
    cond = region_filter(region)
    if cond is not None:
        conds.append(cond)
    total, rows = status_table(
        session,
        as_of,
        known_on,
        where=and_(*conds) if conds else None,
        category=category,
        limit=per,
        offset=(page - 1) * per,
    )
    return {
        "as_of": as_of.isoformat(),
        "known_on": _iso(known_on),
        **page_info(total, page, per),
        "results": rows,
    }


def status_one(
    session: Session, j: Jurisdiction, as_of: date, known_on: date | None = None
) -> dict[str, Any]:
    """One jurisdiction's status on as_of, as known on known_on."""
    return {
        "as_of": as_of.isoformat(),
        "known_on": _iso(known_on),
        **status_json(j, history.status_on(session, j, as_of, known_on)),
    }


def history_doc(session: Session, j: Jurisdiction, known_on: date | None = None) -> dict[str, Any]:
    """Valid-time periods (as known on known_on), each with its field diff from the one before,
    and every superseded belief (transaction-time history)."""
    periods = history.history(session, j, known_on)
    out = []
    for before, p in zip([None, *periods], periods):
        adjacent = (
            before if before is not None and before.effective_to == p.effective_from else None
        )
        data = period_json(p)
        data["changes"] = (
            [
                {"field": c.field, "before": _plain(c.before), "after": _plain(c.after)}
                for c in history.diff_periods(adjacent, p)
            ]
            if p.effective_from is not None
            else []
        )
        out.append(data)
    instant = history.known_on_instant(known_on)
    superseded = [
        period_json(p)
        for p in history.all_beliefs(session, j)
        if p.superseded_at is not None and (instant is None or p.recorded_at < instant)
    ]
    return {
        **jurisdiction_json(j),
        "known_on": _iso(known_on),
        "periods": out,
        "superseded": superseded,
    }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (list, tuple)) else value


def changes_doc(
    session: Session,
    since: date,
    until: date,
    known_on: date | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """Every change effective in [since, until], with its field diff and citations."""
    scope = None
    cond = region_filter(region)
    if cond is not None:
        scope = list(session.scalars(select(Jurisdiction).where(cond)))
    changes = history.changes_between(session, since, until, known_on, jurisdictions=scope)
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "known_on": _iso(known_on),
        "total": len(changes),
        "results": [
            {
                "code": c.jurisdiction.code,
                "name": c.jurisdiction.name,
                "kind": c.jurisdiction.kind,
                "effective": _iso(c.effective),
                "period_id": c.after.id,
                "before": c.before.category if c.before is not None else None,
                "after": c.after.category,
                "changes": [
                    {"field": f.field, "before": _plain(f.before), "after": _plain(f.after)}
                    for f in c.fields
                ],
                "summary": c.after.summary,
                "citations": citations_json(c.after.citations),
                "recorded_at": _iso(c.after.recorded_at),
            }
            for c in changes
        ],
    }


def bills_page(
    session: Session,
    *,
    jurisdiction: Jurisdiction | None = None,
    stage: str | None = None,
    intent: str | None = None,
    page: int = 1,
    per: int = DEFAULT_PER,
) -> dict[str, Any]:
    """Relevant bills, newest first by when they last changed, with their actions."""
    j = aliased(Jurisdiction)
    base = select(Bill).where(Bill.relevant.is_(True))
    if jurisdiction is not None:
        base = base.where(Bill.jurisdiction_id == jurisdiction.id)
    if stage:
        base = base.where(Bill.stage == stage)
    if intent:
        base = base.where(Bill.intent == intent)
    total = session.scalar(select(func.count()).select_from(base.subquery()))
    stmt = (
        base.add_columns(j.code)
        .outerjoin(j, Bill.jurisdiction_id == j.id)
        .options(selectinload(Bill.actions))
        .order_by(Bill.last_changed_at.desc(), Bill.id.desc())
        .offset((page - 1) * per)
        .limit(per)
    )
    results = [
        {
            "id": b.id,
            "source": b.source,
            "external_id": b.external_id,
            "jurisdiction": code,
            "session": b.session,
            "identifier": b.identifier,
            "title": b.title,
            "url": b.url,
            "stage": b.stage,
            "intent": b.intent,
            "first_seen_at": _iso(b.first_seen_at),
            "last_changed_at": _iso(b.last_changed_at),
            "actions": [
                {"date": a.date, "description": a.description, "chamber": a.chamber}
                for a in b.actions
            ],
        }
        for b, code in session.execute(stmt).tuples()
    ]
    return {**page_info(total or 0, page, per), "results": results}


def sources_doc(session: Session) -> dict[str, Any]:
    """Scraper health, one row per source, timestamps as ISO 8601."""
    rows = []
    for r in health.source_health(session, public=True):
        rows.append({k: _iso(v) if isinstance(v, (date, datetime)) else v for k, v in r.items()})
    return {"results": rows}

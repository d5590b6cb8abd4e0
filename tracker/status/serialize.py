"""JSON shapes shared by the CLI, the API and exports (keys as in DESIGN.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tracker.store.models import Jurisdiction, StatusPeriod


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def citation_json(period: StatusPeriod | None) -> list[dict[str, Any]]:
    """A period's citations as {kind, label, url, accessed}."""
    if period is None:
        return []
    return [{"kind": c.kind, "label": c.label, "url": c.url, "accessed": _iso(c.accessed)} for c in period.citations]


def status_json(j: Jurisdiction, period: StatusPeriod | None) -> dict[str, Any]:
    """A jurisdiction's status in one period (None = nothing researched: category unknown)."""
    p = period
    return {
        "code": j.code,
        "name": j.name,
        "kind": j.kind,
        "parent": j.parent.code if j.parent else None,
        "category": p.category if p else "unknown",
        "leaf": p.leaf if p else None,
        "seven_oh": p.seven_oh if p else None,
        "seven_oh_threshold": p.seven_oh_threshold if p else None,
        "min_age": p.min_age if p else None,
        "licensing": p.licensing if p else None,
        "labelling": p.labelling if p else None,
        "substances": list(p.substances or []) if p else [],
        "effective_from": _iso(p.effective_from) if p else None,
        "effective_to": _iso(p.effective_to) if p else None,
        "enacted_on": _iso(p.enacted_on) if p else None,
        "summary": p.summary if p else None,
        "notes": p.notes if p else None,
        "citations": citation_json(p),
        "confidence": p.confidence if p else None,
        "verified_on": _iso(p.verified_on) if p else None,
    }


def period_json(p: StatusPeriod) -> dict[str, Any]:
    """A period with its transaction-time fields, for history views."""
    data = status_json(p.jurisdiction, p)
    for key in ("code", "name", "kind", "parent"):
        data.pop(key)
    data.update(
        id=p.id,
        recorded_at=_iso(p.recorded_at),
        superseded_at=_iso(p.superseded_at),
        recorded_by=p.recorded_by,
    )
    return data

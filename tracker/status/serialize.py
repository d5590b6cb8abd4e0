"""JSON shapes shared by the CLI, the API, exports and pages (keys as in DESIGN.md).

The one place where a citation becomes JSON (citation_dict) and where a list of citations is put
in order (official kinds first, docs/CODEBOOK.md); the SQL status table and the exports call the
same functions on their plain rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from tracker.status import codebook
from tracker.status.periods import CITATIONS, PUBLIC_FIELDS, PublicField
from tracker.store.models import Jurisdiction, StatusPeriod


def _iso(value: date | datetime | str | None) -> str | None:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def citation_dict(
    kind: str,
    label: str,
    url: str,
    accessed: date | str | None,
    source_date: str | None,
    via: str | None = None,
) -> dict[str, Any]:
    """A citation as {kind, official, label, url, accessed, source_date, via}."""
    return {
        "kind": kind,
        "official": codebook.is_official(kind),
        "label": label,
        "url": url,
        "accessed": _iso(accessed),
        "source_date": source_date,
        "via": via,
    }


def citations_json(citations: Iterable) -> list[dict[str, Any]]:
    """Citations (ORM rows or anything with kind/label/url/accessed/source_date), official kinds first."""
    return codebook.official_first(
        [
            citation_dict(c.kind, c.label, c.url, c.accessed, c.source_date, c.via)
            for c in citations
        ],
        kind=lambda c: c["kind"],
    )


def citation_json(period: StatusPeriod | None) -> list[dict[str, Any]]:
    """A period's citations, official kinds first."""
    return [] if period is None else citations_json(period.citations)


def federal_dict(
    raw: dict[str, Any] | None, federal_order: str | None = None
) -> dict[str, Any] | None:
    """A jurisdiction's federal_scheduling block as JSON: {automatic, scope, citation, federal_order}."""
    if not raw:
        return None
    c = raw["citation"]
    return {
        "automatic": raw["automatic"],
        "scope": raw["scope"],
        "citation": citation_dict(
            c["kind"], c["label"], c["url"], c.get("accessed"), c.get("source_date"), c.get("via")
        ),
        "federal_order": federal_order,
    }


def federal_json(j: Jurisdiction) -> dict[str, Any] | None:
    """Whether the jurisdiction's law adopts federal (DEA) scheduling, with its source (schema v2)."""
    return federal_dict(j.federal_scheduling)


def _period_value(f: PublicField):
    """How a period attribute becomes its JSON value, from its declared type."""
    name = f.name
    if f.type == "date":
        return lambda p: _iso(getattr(p, name))
    if f.type == "array":
        return lambda p: list(getattr(p, name) or [])
    return lambda p: getattr(p, name)


# (key, getter) for every public field but the citations, in PUBLIC_FIELDS order (periods.py declares them)
_PERIOD_VALUES = tuple((f.name, _period_value(f)) for f in PUBLIC_FIELDS if f is not CITATIONS)
_ARRAYS = tuple(f.name for f in PUBLIC_FIELDS if f.type == "array")
_NO_PERIOD = {f.name: [] if f.type == "array" else None for f in PUBLIC_FIELDS} | {
    "category": "unknown"
}


def status_json(j: Jurisdiction, period: StatusPeriod | None) -> dict[str, Any]:
    """A jurisdiction's status in one period (None = nothing researched: category unknown).

    Keys: code, name, kind, parent, the period's public fields (periods.PUBLIC_FIELDS), federal_scheduling.
    """
    p = period
    out: dict[str, Any] = {
        "code": j.code,
        "name": j.name,
        "kind": j.kind,
        "parent": j.parent.code if j.parent else None,
    }
    out.update(_NO_PERIOD)  # every key, in the published order, with its empty value
    if p is not None:
        for key, value in _PERIOD_VALUES:
            out[key] = value(p)
        out["citations"] = citation_json(p)
    else:
        out.update((key, []) for key in _ARRAYS)  # fresh lists: callers may change them
    out["federal_scheduling"] = federal_dict(j.federal_scheduling, p.federal_order if p else None)
    return out


def period_json(p: StatusPeriod) -> dict[str, Any]:
    """A period with its transaction-time fields, for history views."""
    data = status_json(p.jurisdiction, p)
    for key in ("code", "name", "kind", "parent", "federal_scheduling"):
        data.pop(key)
    data.update(
        id=p.id,
        recorded_at=_iso(p.recorded_at),
        superseded_at=_iso(p.superseded_at),
        recorded_by=p.recorded_by,
    )
    return data

"""JSON shapes shared by the CLI, the API, exports and pages (keys as in DESIGN.md).

The one place where a citation becomes JSON (citation_dict) and where a list of citations is put
in order (official kinds first, docs/CODEBOOK.md); the SQL status table and the exports call the
same functions on their plain rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable

from tracker.status import codebook
from tracker.store.models import Jurisdiction, StatusPeriod


def _iso(value: date | datetime | str | None) -> str | None:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def citation_dict(kind: str, label: str, url: str, accessed: date | str | None, source_date: str | None) -> dict[str, Any]:
    """A citation as {kind, official, label, url, accessed, source_date}."""
    return {"kind": kind, "official": codebook.is_official(kind), "label": label, "url": url,
            "accessed": _iso(accessed), "source_date": source_date}


def citations_json(citations: Iterable) -> list[dict[str, Any]]:
    """Citations (ORM rows or anything with kind/label/url/accessed/source_date), official kinds first."""
    return codebook.official_first(
        [citation_dict(c.kind, c.label, c.url, c.accessed, c.source_date) for c in citations],
        kind=lambda c: c["kind"],
    )


def citation_json(period: StatusPeriod | None) -> list[dict[str, Any]]:
    """A period's citations, official kinds first."""
    return [] if period is None else citations_json(period.citations)


def federal_dict(raw: dict[str, Any] | None, federal_order: str | None = None) -> dict[str, Any] | None:
    """A jurisdiction's federal_scheduling block as JSON: {automatic, scope, citation, federal_order}."""
    if not raw:
        return None
    c = raw["citation"]
    return {"automatic": raw["automatic"], "scope": raw["scope"],
            "citation": citation_dict(c["kind"], c["label"], c["url"], c.get("accessed"), c.get("source_date")),
            "federal_order": federal_order}


def federal_json(j: Jurisdiction) -> dict[str, Any] | None:
    """Whether the jurisdiction's law adopts federal (DEA) scheduling, with its source (schema v2)."""
    return federal_dict(j.federal_scheduling)


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
        **v2_fields(p.effective_from_edtf if p else None, p.effective_to_edtf if p else None,
                    p.official_search if p else None, p.recorded_on if p else None),
        "federal_scheduling": federal_dict(j.federal_scheduling, p.federal_order if p else None),
    }


def v2_fields(from_edtf: str | None, to_edtf: str | None, official_search: str | None,
              recorded_on: date | str | None) -> dict[str, Any]:
    """The schema-v2 keys of a status row: boundary precision, where officials were searched, when first stated."""
    return {"effective_from_edtf": from_edtf, "effective_to_edtf": to_edtf, "official_search": official_search,
            "recorded_on": _iso(recorded_on)}


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

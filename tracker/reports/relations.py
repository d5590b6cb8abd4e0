"""How places relate on a jurisdiction's page (issue #15): the places under it with their status, and
the bills its researched history cites (shown before, or beside, any scraped bill)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.reports import table
from tracker.status import history
from tracker.store.models import Citation, Jurisdiction, StatusPeriod


def children(
    session: Session, parent: Jurisdiction, as_of: date, known_on: date | None = None
) -> list[table.Row]:
    """The places directly under `parent` (a state's localities, the federal level's states and
    territories) with their status on as_of: researched first, then by name."""
    ids = set(session.scalars(select(Jurisdiction.id).where(Jurisdiction.parent_id == parent.id)))
    if not ids:
        return []
    rows = [r for r in table.all_rows(session, as_of, known_on) if r.jurisdiction.id in ids]
    return table.sort_rows(rows, "name", "asc")


# A citation is a bill when it is the legislature's bill page or the act as passed, or when its label
# names a bill number (an aggregator's copy of "SB 154 (2025)" is still that bill).
BILL_KINDS = ("bill_page", "session_law", "bill")
BILL_NUMBER = re.compile(r"\b(?:[SHAL]\.?\s?[BFR]|HJR|SJR|HCR|SCR|H\.?R\.?|S\.)\s?\d{1,5}\b")


def is_bill(kind: str | None, label: str) -> bool:
    return kind in BILL_KINDS or bool(BILL_NUMBER.search(label or ""))


@dataclass(frozen=True)
class DatasetBill:
    """A bill the dataset cites as evidence for a period (no scrape needed to know of it)."""

    label: str
    url: str
    period_category: str
    effective_from: date | None


def dataset_bills(periods: Sequence[StatusPeriod]) -> list[DatasetBill]:
    """Citations of kind "bill" in a history's periods, newest period first, each bill once."""
    out: list[DatasetBill] = []
    seen: set[tuple[str, str]] = set()
    for p in sorted(periods, key=lambda p: p.effective_from or date.min, reverse=True):
        for c in p.citations:
            key = (c.label, c.url)
            if is_bill(c.kind, c.label) and key not in seen:
                seen.add(key)
                out.append(DatasetBill(c.label, c.url, p.category, p.effective_from))
    return out


@dataclass(frozen=True)
class CitedBill:
    jurisdiction: Jurisdiction
    label: str
    url: str


def all_dataset_bills(
    session: Session, jurisdiction: Jurisdiction | None = None
) -> list[CitedBill]:
    """Every bill the current dataset cites (periods not superseded), by jurisdiction name then label."""
    stmt = (
        select(Jurisdiction, Citation.label, Citation.url, Citation.kind)
        .join(StatusPeriod, StatusPeriod.jurisdiction_id == Jurisdiction.id)
        .join(Citation, Citation.period_id == StatusPeriod.id)
        .where(
            StatusPeriod.superseded_at.is_(None),
            Citation.kind.notin_(("news", "vendor", "encyclopedia")),
        )
    )
    if jurisdiction is not None:
        stmt = stmt.where(Jurisdiction.id == jurisdiction.id)
    out, seen = [], set()
    for j, label, url, kind in session.execute(stmt):
        if is_bill(kind, label) and (j.id, label, url) not in seen:
            seen.add((j.id, label, url))
            out.append(CitedBill(j, label, url))
    out.sort(key=lambda b: (table.name_key(b.jurisdiction.name), b.label))
    return out


@dataclass
class Above:
    """A higher level whose law applies on top (the state for a locality, the federal level)."""

    jurisdiction: Jurisdiction
    period: StatusPeriod | None


def layers_above(session, j: Jurisdiction, as_of: date, known_on: date | None) -> list[Above]:
    """The parents of a jurisdiction (state, then federal) with their status on as_of."""
    out: list[Above] = []
    seen = {j.id}
    parent = j.parent
    while parent is not None and parent.id not in seen:
        seen.add(parent.id)
        out.append(Above(parent, history.status_on(session, parent, as_of, known_on)))
        parent = parent.parent
    return out

"""Exports of the status table (CSV and JSON) for any as-of / known-on date."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import history
from tracker.models import Jurisdiction
from tracker.serialize import status_json

CSV_COLUMNS = (
    "code", "name", "kind", "parent", "category", "leaf", "seven_oh", "seven_oh_threshold", "min_age",
    "licensing", "labelling", "substances", "effective_from", "effective_to", "enacted_on", "confidence",
    "verified_on", "citation_labels", "citation_urls", "summary",
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> str:
    """Make a cell inert in spreadsheets: a leading formula character gets a quote prefix."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def status_rows(session: Session, as_of: date, known_on: date | datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every jurisdiction's status on as_of, as known on known_on, in code order."""
    periods = history.statuses_on(session, as_of, known_on)
    stmt = select(Jurisdiction).options(selectinload(Jurisdiction.parent)).order_by(Jurisdiction.code)
    for j in session.scalars(stmt):
        yield status_json(j, periods.get(j.id))


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = dict(row)
    flat["substances"] = ";".join(row["substances"])
    flat["citation_labels"] = " | ".join(c["label"] for c in row["citations"])
    flat["citation_urls"] = " ".join(c["url"] for c in row["citations"])
    return {k: flat.get(k) for k in CSV_COLUMNS}


def csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The CSV text, one chunk per row, every cell neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([neutralise_cell(v) for v in _flat(row).values()])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()

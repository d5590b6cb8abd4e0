"""Exports of the status table and of the full history (CSV and JSON), with a "cite this" block.

Both are generators, so the web app streams them and the CLI writes them as they come: the
history export reads its rows in batches (yield_per), so memory stays flat however long it is.
Columns are described in docs/CODEBOOK.md ("Export columns").
"""

from __future__ import annotations

import csv
import io
import json
from operator import itemgetter
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.reports.labels import place_type
from tracker.status import history
from tracker.status.dataset import dataset_meta
from tracker.store.models import Citation, Jurisdiction, StatusPeriod
from tracker.reports.status_table import GROUPED_URL as URL
from tracker.reports.status_table import iter_grouped, iter_status

CSV_COLUMNS = (
    "code", "name", "kind", "place_type", "parent", "category", "leaf", "seven_oh", "seven_oh_threshold", "min_age",
    "licensing", "labelling", "substances", "effective_from", "effective_to", "enacted_on", "confidence",
    "verified_on", "citation_labels", "citation_urls", "summary", "notes",
)
HISTORY_COLUMNS = (
    "code", "name", "kind", "place_type", "parent", "period_id", "effective_from", "effective_to", "enacted_on", "category",
    "leaf", "seven_oh", "seven_oh_threshold", "min_age", "licensing", "labelling", "substances", "confidence",
    "verified_on", "recorded_at", "recorded_by", "citation_kinds", "citation_labels", "citation_urls",
    "summary", "notes",
)
TITLE = "Kratom legal-status tracker"
HISTORY_BATCH = 500
CSV_CHUNK = 64 * 1024  # characters per streamed chunk
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


LABEL = URL - 1  # positions of a citation's label and URL in iter_grouped's rows
_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)  # all one character: a set lookup per cell


def neutralise_cell(value: Any) -> str:
    """Make a cell inert in spreadsheets: a leading formula character gets a quote prefix."""
    if type(value) is bool:  # lower-case, as JSON, the Table Schema and most CSV readers expect
        return "true" if value else "false"
    text = value if type(value) is str else ("" if value is None else str(value))
    return "'" + text if text[:1] in _FORMULA_FIRST else text


# keep(code, name, kind, category, seven_oh) -> bool: which rows an export holds (the table's filters;
# tracker.reports.table.matches), None for every row.
Keep = Callable[[str, str, str, str, Any], bool]


def status_rows(
    session: Session, as_of: date, known_on: date | datetime | None = None, keep: Keep | None = None,
) -> Iterator[dict[str, Any]]:
    """Every jurisdiction's status on as_of, as known on known_on, in code order (streamed), each with
    its place_type (US state, DC, territory, federal, country ...) after its kind."""
    for row in iter_status(session, as_of, known_on):  # one statement at any size
        if keep is not None and not keep(row["code"], row["name"], row["kind"], row["category"], row["seven_oh"]):
            continue
        out = {"code": row["code"], "name": row["name"], "kind": row["kind"],
               "place_type": place_type(row["code"], row["kind"])}
        out.update(row)
        yield out


def status_csv_cells(
    session: Session, as_of: date, known_on: date | datetime | None = None, keep: Keep | None = None,
) -> Iterator[list]:
    """The CSV_COLUMNS cells of every jurisdiction's row (that keep accepts), straight from the SQL rows.

    The same content as _cells(CSV_COLUMNS) over status_rows (a test holds them equal), without
    building a dictionary per row: 10,000 rows are exported in the time budget with room.
    """
    neutral = neutralise_cell
    for r, cites in iter_grouped(session, as_of, known_on):
        # unpacked by position: ten times cheaper than 21 attribute lookups on each row
        (code, name, kind, parent, period_id, category, leaf, seven_oh, threshold, min_age, licensing, labelling,
         substances, start, end, enacted, summary, notes, confidence, verified, *_cite) = r
        category = category if period_id is not None else "unknown"
        if keep is not None and not keep(code, name, kind, category, seven_oh):
            continue
        yield [neutral(v) for v in (
            code, name, kind, place_type(code, kind), parent, category, leaf, seven_oh, threshold,
            min_age, licensing, labelling, ";".join(substances or ()), _text(start), _text(end), _text(enacted),
            confidence, _text(verified), " | ".join(c[LABEL] for c in cites), " ".join(c[URL] for c in cites),
            summary, notes,
        )]


def _text(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def history_rows(
    session: Session, known_on: date | datetime | None = None, batch: int = HISTORY_BATCH
) -> Iterator[dict[str, Any]]:
    """Every period of every jurisdiction as the tracker knew it on known_on (default now), with
    citations, in code then valid-time order.

    Plain column rows read `batch` at a time (a server-side cursor on PostgreSQL), each batch's
    citations in one query: memory stays flat and no ORM objects pile up in the session.
    """
    parent = aliased(Jurisdiction)
    p = StatusPeriod
    stmt = (
        select(
            Jurisdiction.code, Jurisdiction.name, Jurisdiction.kind, parent.code.label("parent"),
            p.id, p.effective_from, p.effective_to, p.enacted_on, p.category, p.leaf, p.seven_oh,
            p.seven_oh_threshold, p.min_age, p.licensing, p.labelling, p.substances, p.confidence,
            p.verified_on, p.recorded_at, p.recorded_by, p.summary, p.notes,
        )
        .join(Jurisdiction, p.jurisdiction_id == Jurisdiction.id)
        .outerjoin(parent, Jurisdiction.parent_id == parent.id)
        .where(history._believed(history.known_on_instant(known_on)))
        .order_by(Jurisdiction.code, p.effective_from.is_not(None), p.effective_from, p.id)
        .execution_options(yield_per=batch)
    )
    for part in session.execute(stmt).partitions():
        cites: dict[int, list[dict[str, Any]]] = {}
        cite_rows = session.execute(
            select(Citation.period_id, Citation.kind, Citation.label, Citation.url, Citation.accessed)
            .where(Citation.period_id.in_([r.id for r in part]))
            .order_by(Citation.period_id, Citation.position, Citation.id)
        )
        for c in cite_rows:
            cites.setdefault(c.period_id, []).append(
                {"kind": c.kind, "label": c.label, "url": c.url, "accessed": _iso(c.accessed)}
            )
        for r in part:
            yield {
                "code": r.code, "name": r.name, "kind": r.kind, "place_type": place_type(r.code, r.kind),
                "parent": r.parent, "period_id": r.id,
                "effective_from": _iso(r.effective_from), "effective_to": _iso(r.effective_to),
                "enacted_on": _iso(r.enacted_on), "category": r.category, "leaf": r.leaf, "seven_oh": r.seven_oh,
                "seven_oh_threshold": r.seven_oh_threshold, "min_age": r.min_age, "licensing": r.licensing,
                "labelling": r.labelling, "substances": list(r.substances or []), "confidence": r.confidence,
                "verified_on": _iso(r.verified_on), "recorded_at": _iso(r.recorded_at), "recorded_by": r.recorded_by,
                "summary": r.summary, "notes": r.notes, "citations": cites.get(r.id, []),
            }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# Columns a CSV row computes from the row's lists; every other column is the row's own value.
_DERIVED = {
    "substances": lambda row: ";".join(row["substances"]),
    "citation_kinds": lambda row: " | ".join(c["kind"] for c in row["citations"]),
    "citation_labels": lambda row: " | ".join(c["label"] for c in row["citations"]),
    "citation_urls": lambda row: " ".join(c["url"] for c in row["citations"]),
}


def _cells(columns: tuple[str, ...]):
    """A function from a row to its CSV cells, neutralised, in column order."""
    getters = [_DERIVED.get(c) or itemgetter(c) for c in columns]
    return lambda row: [neutralise_cell(get(row)) for get in getters]


def csv_lines(rows: Iterable, columns: tuple[str, ...] = CSV_COLUMNS, *, cells=None) -> Iterator[str]:
    """The CSV text, every cell neutralised: the header at once (before any query runs), then
    chunks of about CSV_CHUNK characters (one write per row would cost a socket write per row).

    rows are dictionaries (cells=None) or already the cells of each row (cells=list).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    yield buf.getvalue()
    buf.seek(0)
    buf.truncate()
    to_cells = cells or _cells(columns)
    for row in rows:
        writer.writerow(to_cells(row))
        if buf.tell() >= CSV_CHUNK:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def json_chunks(head: dict[str, Any], key: str, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object: head's keys, then `key` holding the rows as a list, written row by row."""
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    yield opening[:-2].rstrip() + f',\n  "{key}": ['
    sep = "\n"
    for row in rows:
        yield sep + "    " + json.dumps(row, ensure_ascii=False)
        sep = ",\n"
    yield "\n  ]\n}\n"


# --- "cite this" ---------------------------------------------------------------------------------


def pinned_known_on(known_on: date | None, today: date | None = None) -> date:
    """The known-on date an export reproduces: the one asked for, else today (UTC)."""
    return known_on or today or datetime.now(timezone.utc).date()


def cite_block(
    what: str, as_of: date | None, known_on: date | None, permalink: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """How to cite an export: dataset version, as-of date, known-on date and a permalink.

    what is "status" (the table on as_of) or "history" (every period). known_on is pinned to the
    export day when not given, so the permalink reproduces the same rows later.
    """
    meta = dataset_meta()
    now = now or datetime.now(timezone.utc)
    known = pinned_known_on(known_on, now.date())
    scope = f"status of every jurisdiction on {as_of.isoformat()}" if what == "status" else "full status history"
    text = f"{TITLE}, dataset {meta['version']}: {scope}, as known on {known.isoformat()}."
    if permalink:
        text += f" {permalink}"
    return {
        "title": TITLE,
        "dataset_version": meta["version"],
        "dataset_as_of": meta["as_of"].isoformat(),
        "what": what,
        "as_of": as_of.isoformat() if as_of else None,
        "known_on": known.isoformat(),
        "exported_at": now.isoformat(timespec="seconds"),
        "permalink": permalink,
        "text": text,
    }


def filename(what: str, ext: str, as_of: date | None, known_on: date) -> str:
    """kratom-status_2025-03-15_known-2026-11-27.csv / kratom-history_known-2026-11-27.json"""
    when = f"_{as_of.isoformat()}" if as_of else ""
    return f"kratom-{what}{when}_known-{known_on.isoformat()}.{ext}"


def status_export(
    session: Session, fmt: str, as_of: date, known_on: date | None = None, permalink: str | None = None,
    keep: Keep | None = None, filters: dict[str, str] | None = None,
) -> Iterator[str]:
    """The status table on as_of as CSV or JSON text chunks (JSON carries the cite block).

    keep picks the rows (the table's filters, given in words as `filters` for the JSON head)."""
    if fmt == "csv":
        return csv_lines(status_csv_cells(session, as_of, known_on, keep), CSV_COLUMNS, cells=list)
    rows = status_rows(session, as_of, known_on, keep)
    cite = cite_block("status", as_of, known_on, permalink)
    meta = dataset_meta()
    head = {
        "cite": cite,
        "dataset": {"version": meta["version"], "as_of": meta["as_of"].isoformat()},
        "as_of": as_of.isoformat(),
        "known_on": known_on.isoformat() if known_on else None,
        "filters": filters or {},
        "exported_at": cite["exported_at"],
    }
    return json_chunks(head, "jurisdictions", rows)


def history_export(
    session: Session, fmt: str, known_on: date | None = None, permalink: str | None = None
) -> Iterator[str]:
    """Every period of every jurisdiction as CSV or JSON text chunks (JSON carries the cite block)."""
    rows = history_rows(session, known_on)
    if fmt == "csv":
        return csv_lines(rows, HISTORY_COLUMNS)
    cite = cite_block("history", None, known_on, permalink)
    meta = dataset_meta()
    head = {
        "cite": cite,
        "dataset": {"version": meta["version"], "as_of": meta["as_of"].isoformat()},
        "known_on": known_on.isoformat() if known_on else None,
        "exported_at": cite["exported_at"],
    }
    return json_chunks(head, "periods", rows)

"""Exports of the status table and of the full history (CSV and JSON), with a "cite this" block.

Both are generators, so the web app streams them and the CLI writes them as they come: the
history export reads its rows in batches (yield_per), so memory stays flat however long it is.
Columns are described in docs/CODEBOOK.md ("Export columns").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.reports.labels import place_type
from tracker.reports.status_table import GROUPED_URL as URL
from tracker.reports.status_table import GROUPED_WIDTH, iter_grouped, iter_status
from tracker.reports.status_table import PERIOD_FIELDS as ROW_FIELDS
from tracker.status import codebook, history
from tracker.status.dataset import dataset_meta
from tracker.status.periods import (
    ASSURANCE,
    ATTRIBUTES,
    CITATIONS,
    PRECISION,
    PUBLIC,
    TEXT,
    VALID_TIME,
)
from tracker.status.serialize import citations_json
from tracker.store.models import Citation, Jurisdiction, StatusPeriod

JURISDICTION_COLUMNS = ("code", "name", "kind", "place_type", "parent")
CITATION_COLUMNS = (
    "citation_kinds",
    "citation_labels",
    "citation_urls",
)  # the period's citations, in CSV


def csv_names(fields) -> tuple[str, ...]:
    """CSV column names of public period fields (tracker.status.periods): citations take three columns."""
    return tuple(n for f in fields for n in (CITATION_COLUMNS if f is CITATIONS else (f.name,)))


# The published column orders (docs/CODEBOOK.md "Export columns"), composed of the declared field groups.
CSV_FIELDS = (*ATTRIBUTES, *VALID_TIME, *ASSURANCE, CITATIONS, *TEXT, *PRECISION)
CSV_COLUMNS = (*JURISDICTION_COLUMNS, *csv_names(CSV_FIELDS))
HISTORY_COLUMNS = (
    *JURISDICTION_COLUMNS,
    "period_id",
    *csv_names((*VALID_TIME, *ATTRIBUTES, *ASSURANCE)),
    "recorded_at",
    "recorded_by",
    *csv_names((CITATIONS, *TEXT, *PRECISION)),
)
TITLE = "Kratom legal-status tracker"
HISTORY_BATCH = 500
CSV_CHUNK = 64 * 1024  # characters per streamed chunk
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


LABEL = URL - 1  # positions of a citation's label, URL and kind in iter_grouped's rows
KIND = URL - 2
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
    session: Session,
    as_of: date,
    known_on: date | datetime | None = None,
    keep: Keep | None = None,
) -> Iterator[dict[str, Any]]:
    """Every jurisdiction's status on as_of, as known on known_on, in code order (streamed), each with
    its place_type (US state, DC, territory, federal, country ...) after its kind."""
    for row in iter_status(session, as_of, known_on):  # one statement at any size
        if keep is not None and not keep(
            row["code"], row["name"], row["kind"], row["category"], row["seven_oh"]
        ):
            continue
        out = {
            "code": row["code"],
            "name": row["name"],
            "kind": row["kind"],
            "place_type": place_type(row["code"], row["kind"]),
        }
        out.update(row)
        yield out


# Positions in iter_grouped's rows: code, name, kind, parent, period_id, then status_table.PERIOD_FIELDS,
# then federal_scheduling and the citation columns; status_csv_cells appends place_type and the three
# citation cells after them, and picks the CSV_COLUMNS cells by position (derived here, once).
_AT = {name: 5 + i for i, name in enumerate(ROW_FIELDS)}
_PLACE = GROUPED_WIDTH  # the first cell appended after the row's own columns
_AT.update(
    code=0,
    name=1,
    kind=2,
    parent=3,
    place_type=_PLACE,
    **{c: _PLACE + 1 + i for i, c in enumerate(CITATION_COLUMNS)},
)
_PICK = itemgetter(*(_AT[c] for c in CSV_COLUMNS))
_CATEGORY, _SEVEN_OH, _SUMMARY = _AT["category"], _AT["seven_oh"], _AT["summary"]
_FROM_EDTF, _START, _LATEST = (
    _AT["effective_from_edtf"],
    _AT["effective_from"],
    _AT["effective_from_latest"],
)
_DATES = tuple(_AT[c] for c in CSV_COLUMNS if c in PUBLIC and PUBLIC[c].type == "date")
_ARRAYS = tuple(_AT[c] for c in CSV_COLUMNS if c in PUBLIC and PUBLIC[c].type == "array")


def status_csv_cells(
    session: Session,
    as_of: date,
    known_on: date | datetime | None = None,
    keep: Keep | None = None,
) -> Iterator[list]:
    """The CSV_COLUMNS cells of every jurisdiction's row (that keep accepts), straight from the SQL rows.

    The same content as _cells(CSV_COLUMNS) over status_rows (a test holds them equal), without
    building a dictionary per row: 10,000 rows are exported in the time budget with room.
    """
    neutral = neutralise_cell
    official = codebook.is_official
    for r, cites in iter_grouped(session, as_of, known_on):
        v = list(r)  # by position (_AT): far cheaper than attribute lookups on each row
        code, kind = v[0], v[2]
        if v[4] is None:  # no period in force
            v[_CATEGORY] = "unknown"
        if (
            v[_FROM_EDTF] is not None
        ):  # a start known to a month or year: the one rule (history.unestablished)
            fields = history.unestablished(
                v[_FROM_EDTF], _day(v[_START]), _day(v[_LATEST]), as_of, v[_CATEGORY], v[_SUMMARY]
            )
            if fields is not None:
                for name, value in fields.items():
                    v[_AT[name]] = value
        if keep is not None and not keep(code, v[1], kind, v[_CATEGORY], v[_SEVEN_OH]):
            continue
        if len(cites) > 1:
            cites = sorted(cites, key=lambda c: not official(c[KIND]))  # official kinds first
        for i in _DATES:
            v[i] = _text(v[i])
        for i in _ARRAYS:
            v[i] = ";".join(v[i] or ())
        v += (
            place_type(code, kind),
            " | ".join(c[KIND] for c in cites),
            " | ".join(c[LABEL] for c in cites),
            " ".join(c[URL] for c in cites),
        )
        yield [neutral(x) for x in _PICK(v)]


def _text(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


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
            Jurisdiction.code,
            Jurisdiction.name,
            Jurisdiction.kind,
            parent.code.label("parent"),
            p.id,
            p.recorded_at,
            p.recorded_by,
            *(getattr(p, name) for name, _ in _HISTORY_VALUES),
        )
        .join(Jurisdiction, p.jurisdiction_id == Jurisdiction.id)
        .outerjoin(parent, Jurisdiction.parent_id == parent.id)
        .where(history.believed_at(history.known_on_instant(known_on)))
        .order_by(Jurisdiction.code, p.effective_from.is_not(None), p.effective_from, p.id)
        .execution_options(yield_per=batch)
    )
    for part in session.execute(stmt).partitions():
        by_period: dict[int, list] = {}
        cite_rows = session.execute(
            select(
                Citation.period_id,
                Citation.kind,
                Citation.label,
                Citation.url,
                Citation.accessed,
                Citation.source_date,
                Citation.via,
            )
            .where(Citation.period_id.in_([r.id for r in part]))
            .order_by(Citation.period_id, Citation.position, Citation.id)
        )
        for c in cite_rows:
            by_period.setdefault(c.period_id, []).append(c)
        cites = {k: citations_json(v) for k, v in by_period.items()}
        for r in part:
            out = {
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "place_type": place_type(r.code, r.kind),
                "parent": r.parent,
                "period_id": r.id,
            }
            out.update(_HISTORY_EMPTY)  # the published key order
            values = r[7:]
            for (name, convert), value in zip(_HISTORY_VALUES, values):
                out[name] = convert(value) if convert else value
            out["recorded_at"], out["recorded_by"] = _iso(r.recorded_at), r.recorded_by
            out["citations"] = cites.get(r.id, [])
            yield out


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _history_convert(f):
    """How a history row's value becomes JSON, from the field's declared type (None: as it is)."""
    if f.type == "date":
        return _iso
    if f.type == "array":
        return lambda value: list(value or [])
    return None


# The history JSON key order (published): valid time, attributes, assurance, transaction time, text,
# citations, precision; the CSV takes HISTORY_COLUMNS from the same rows.
_HISTORY_ORDER = (
    *VALID_TIME,
    *ATTRIBUTES,
    *ASSURANCE,
    "recorded_at",
    "recorded_by",
    *TEXT,
    CITATIONS,
    *PRECISION,
)
_HISTORY_EMPTY = dict.fromkeys(f if isinstance(f, str) else f.name for f in _HISTORY_ORDER)
_HISTORY_VALUES = tuple(
    (f.name, _history_convert(f))
    for f in _HISTORY_ORDER
    if not isinstance(f, str) and f is not CITATIONS
)


# Columns a CSV row computes from the row's lists; every other column is the row's own value.
def _joined(name: str):
    return lambda row: ";".join(row[name])


_DERIVED = {
    **{
        f.name: _joined(f.name) for f in (*ATTRIBUTES, *PRECISION, *TEXT) if f.type == "array"
    },  # substances
    "citation_kinds": lambda row: " | ".join(c["kind"] for c in row["citations"]),
    "citation_labels": lambda row: " | ".join(c["label"] for c in row["citations"]),
    "citation_urls": lambda row: " ".join(c["url"] for c in row["citations"]),
}


def _cells(columns: tuple[str, ...]):
    """A function from a row to its CSV cells, neutralised, in column order."""
    getters = [_DERIVED.get(c) or itemgetter(c) for c in columns]
    return lambda row: [neutralise_cell(get(row)) for get in getters]


def csv_lines(
    rows: Iterable, columns: tuple[str, ...] = CSV_COLUMNS, *, cells=None
) -> Iterator[str]:
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


def json_chunks(
    head: dict[str, Any],
    key: str,
    rows: Iterable[dict[str, Any]],
    tail: tuple[str, Any] | None = None,
) -> Iterator[str]:
    """One JSON object: head's keys, then `key` holding the rows as a list, written row by row, then
    optionally a last key whose value is computed once the rows are written (tail = (key, callable))."""
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    yield opening[:-2].rstrip() + f',\n  "{key}": ['
    sep = "\n"
    for row in rows:
        yield sep + "    " + json.dumps(row, ensure_ascii=False)
        sep = ",\n"
    if tail is None:
        yield "\n  ]\n}\n"
    else:
        value = json.dumps(tail[1](), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield f'\n  ],\n  "{tail[0]}": {value}\n}}\n'


# --- sourcing: how much of the table rests on official texts (issue #13) ---------------------------


class Sourcing:
    """Counts, over status rows, of how the current researched statuses are sourced.

    `official_share` is the share of non-unknown statuses with at least one official-kind citation;
    `interested_only` lists those whose every citation is a vendor, advocacy or aggregator page,
    and `aggregator_only` those citing only aggregators (often copies of a statute).
    `official_on_official_site` counts those with an official text read on the official site
    itself, not on a verbatim copy elsewhere (a citation with `via`).
    """

    def __init__(self) -> None:
        self.researched = self.with_official = self.on_official_site = 0
        self.interested_only: list[str] = []
        self.aggregator_only: list[str] = []

    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        if row["category"] != "unknown":
            kinds = [c["kind"] for c in row["citations"]]
            self.researched += 1
            if any(codebook.is_official(k) for k in kinds):
                self.with_official += 1
                if any(
                    codebook.is_official(c["kind"]) and not c.get("via") for c in row["citations"]
                ):
                    self.on_official_site += 1
            elif kinds and all(k in codebook.INTERESTED_CITATION_KINDS for k in kinds):
                self.interested_only.append(row["code"])
                if all(k == "aggregator" for k in kinds):
                    self.aggregator_only.append(row["code"])
        return row

    def report(self) -> dict[str, Any]:
        share = self.with_official / self.researched if self.researched else None
        return {
            "researched_statuses": self.researched,
            "with_official_citation": self.with_official,
            "official_share": round(share, 4) if share is not None else None,
            "official_on_official_site": self.on_official_site,
            "interested_only": len(self.interested_only),
            "interested_only_codes": self.interested_only,
            "aggregator_only": len(self.aggregator_only),
            "aggregator_only_codes": self.aggregator_only,
        }


def sourcing_report(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The Sourcing report of a whole status table."""
    tally = Sourcing()
    for row in rows:
        tally.add(row)
    return tally.report()


def history_sourcing(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Over history rows: researched periods citing only aggregator pages, and those with no official
    citation that lean on an aggregator (often a copy of the statute), with their codes."""
    rows = [
        r
        for r in rows
        if r["category"] != "unknown"
        and r["citations"]
        and not any(c["official"] for c in r["citations"])
    ]
    only = [r["code"] for r in rows if all(c["kind"] == "aggregator" for c in r["citations"])]
    leaning = [r["code"] for r in rows if any(c["kind"] == "aggregator" for c in r["citations"])]
    return {
        "aggregator_only_periods": len(only),
        "aggregator_only_codes": sorted(set(only)),
        "unofficial_periods_citing_aggregators": len(leaning),
        "unofficial_periods_citing_aggregators_codes": sorted(set(leaning)),
    }


# --- "cite this" ---------------------------------------------------------------------------------


def pinned_known_on(known_on: date | None, today: date | None = None) -> date:
    """The known-on date an export reproduces: the one asked for, else today (UTC)."""
    return known_on or today or datetime.now(UTC).date()


def cite_block(
    what: str,
    as_of: date | None,
    known_on: date | None,
    permalink: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """How to cite an export: dataset version, as-of date, known-on date and a permalink.

    what is "status" (the table on as_of) or "history" (every period). known_on is pinned to the
    export day when not given, so the permalink reproduces the same rows later.
    """
    meta = dataset_meta()
    now = now or datetime.now(UTC)
    known = pinned_known_on(known_on, now.date())
    scope = (
        f"status of every jurisdiction on {as_of.isoformat()}"
        if what == "status"
        else "full status history"
    )
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
    session: Session,
    fmt: str,
    as_of: date,
    known_on: date | None = None,
    permalink: str | None = None,
    keep: Keep | None = None,
    filters: dict[str, str] | None = None,
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
    tally = Sourcing()
    return json_chunks(
        head, "jurisdictions", (tally.add(r) for r in rows), tail=("sourcing", tally.report)
    )


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
    seen: list[dict[str, Any]] = []

    def keep(row: dict[str, Any]) -> dict[str, Any]:
        if row["category"] != "unknown" and not any(c["official"] for c in row["citations"]):
            seen.append(row)
        return row

    return json_chunks(
        head, "periods", (keep(r) for r in rows), tail=("sourcing", lambda: history_sourcing(seen))
    )

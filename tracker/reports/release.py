"""Versioned dataset releases: a Frictionless Data Package of the whole tracker, reproducible to the byte.

A release is named by a date, `YYYY.MM.DD`, and is the data *as of* that day *as the tracker knew
it at the end of that day (UTC)*: the status table on that day, every period row recorded by
then with its transaction time (a supersession recorded later is not shown), their citations,
the jurisdictions and the changes in the law. Because the history is append-only, building the
release of a past date again later gives the same bytes; nothing in it depends on the clock,
the host or the order rows come out of the database.

Files (each CSV has a JSON twin holding a `cite` object and the same rows, typed):

    datapackage.json   the descriptor: version, licence, a table schema and sha256 per resource
    status.csv         every jurisdiction's status on the release date
    history.csv        every period row, bitemporal (effective_from/to, recorded_at/superseded_at)
    citations.csv      the citations of every period row
    jurisdictions.csv  every jurisdiction (code, name, kind, parent)
    changes.csv        every change in the law: a period with a known start and what it changed
    CHANGELOG.md       what changed in the data since the previous release
    LICENSE.txt        CC BY 4.0
    SHA256SUMS         checksums of every other file (`sha256sum -c SHA256SUMS`)

The package follows the Frictionless Data Package specification (https://specs.frictionlessdata.io/);
the tests validate it with the `frictionless` library.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.status.dataset import dataset_meta
from tracker.status.history import DIFF_FIELDS
from tracker.status.periods import ASSURANCE, ATTRIBUTES, TEXT, VALID_TIME, PublicField
from tracker.store.models import Citation, Jurisdiction, StatusPeriod

TITLE = "Kratom legal-status tracker"
NAME = "kratom-legal-status"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
VERSION_FORMAT = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})$")
CHANGE_FIELDS = tuple(f for f in DIFF_FIELDS if f != "confidence")  # as the feeds define a change

LICENSE_TEXT = """\
This data package is licensed under the Creative Commons Attribution 4.0 International
licence (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/

You may share and adapt it for any purpose, provided you give appropriate credit, link to the
licence and indicate if changes were made. Cite it with the `cite` object of datapackage.json.

The documents the dataset cites (statutes, bills, rules, gazettes, articles) belong to their
authors and are not covered by this licence. Not legal advice: check the cited source.
"""


class ReleaseError(ValueError):
    """A release cannot be made as asked (a malformed version, an unreadable previous release)."""


def parse_version(text: str) -> date:
    """'2026.12.07' -> date(2026, 12, 7); anything else is a ReleaseError naming the form."""
    m = VERSION_FORMAT.match(text or "")
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise ReleaseError(
        f"{text!r} is not a release version: use the release date as YYYY.MM.DD, e.g. 2026.12.07"
    )


def version_of(day: date) -> str:
    return f"{day.year:04d}.{day.month:02d}.{day.day:02d}"


# --- schemas -------------------------------------------------------------------------------------

F = tuple[str, str, str]  # (name, Table Schema type, description)

JURISDICTION_FIELDS: list[F] = [
    (
        "code",
        "string",
        "ISO 3166-1 alpha-2, ISO 3166-2 (US-LA), EU/UN, or PARENT/slug for a locality",
    ),
    ("name", "string", "English name"),
    ("kind", "string", "country, subdivision, federal, supranational or locality"),
    ("parent", "string", "the code of the jurisdiction this one is part of"),
]


def _table_field(f: PublicField) -> F:
    """A declared period field (tracker.status.periods) as a Table Schema field: lists are ';'-joined text."""
    if f.type == "array":
        return (f.name, "string", f"{f.description}, separated by ';'")
    return (f.name, f.type, f.description)


ATTRIBUTE_FIELDS: list[F] = [_table_field(f) for f in ATTRIBUTES]
# The release's period columns: the declared groups but the schema-v2 precision fields (PRECISION),
# which the release tables do not carry.
RELEASE_PERIOD_FIELDS = (*VALID_TIME, *ATTRIBUTES, *ASSURANCE, *TEXT)
PERIOD_FIELDS: list[F] = [_table_field(f) for f in RELEASE_PERIOD_FIELDS]
STATUS_FIELDS: list[F] = [
    *JURISDICTION_FIELDS,
    ("period_id", "integer", "the history.csv row in force (empty: no researched status)"),
    *PERIOD_FIELDS,
    ("citation_labels", "string", "the period's citations, separated by ' | '"),
    ("citation_urls", "string", "their URLs, separated by spaces"),
]
HISTORY_FIELDS: list[F] = [
    ("period_id", "integer", "the row's id, stable across releases"),
    ("code", "string", "the jurisdiction"),
    *PERIOD_FIELDS,
    ("recorded_at", "datetime", "transaction time: when the tracker recorded this belief (UTC)"),
    (
        "superseded_at",
        "datetime",
        "transaction time: when a correction replaced it (empty: believed at the release)",
    ),
    ("recorded_by", "string", "who recorded it: a dataset load or an accepted proposal"),
]
CITATION_FIELDS: list[F] = [
    ("period_id", "integer", "the history.csv row the citation supports"),
    ("position", "integer", "its order among the period's citations, from 1"),
    (
        "kind",
        "string",
        "statute, session_law, bill, regulation, agency, court, gazette, news, secondary, ...",
    ),
    ("label", "string", "how the source names itself"),
    ("url", "string", "where the source can be read"),
    ("accessed", "date", "the day it was read"),
]
CHANGE_FIELDS_SCHEMA: list[F] = [
    ("period_id", "integer", "the history.csv row that begins with the change"),
    ("code", "string", "the jurisdiction"),
    ("effective_on", "date", "the day the change took effect"),
    (
        "before_period_id",
        "integer",
        "the history.csv row in force the day before (empty: none recorded)",
    ),
    ("category_before", "string", "the category before (empty: no earlier record)"),
    ("category_after", "string", "the category from effective_on"),
    ("changed_fields", "string", "codebook attributes that changed, separated by ';'"),
    ("change", "string", "the change in words: 'leaf: regulated → controlled; ...'"),
    ("recorded_at", "datetime", "when the tracker recorded the period (UTC)"),
]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: list[F]
    primary_key: list[str]
    foreign_keys: list[dict] = field(default_factory=list)


def _fk(fields: list[str], resource: str, ref: list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref}}


TABLES = [
    Table(
        "status",
        "Status on the release date",
        "Every jurisdiction's status on the release date, as the tracker knew it at the end of that day.",
        STATUS_FIELDS,
        ["code"],
        [_fk(["code"], "jurisdictions", ["code"]), _fk(["period_id"], "history", ["period_id"])],
    ),
    Table(
        "history",
        "Every period, bitemporal",
        "Every period row recorded by the end of the release date: valid time (effective_from/to) and "
        "transaction time (recorded_at/superseded_at). Rows with an empty superseded_at are the current beliefs.",
        HISTORY_FIELDS,
        ["period_id"],
        [_fk(["code"], "jurisdictions", ["code"])],
    ),
    Table(
        "citations",
        "Citations",
        "The public documents each period row cites.",
        CITATION_FIELDS,
        ["period_id", "position"],
        [_fk(["period_id"], "history", ["period_id"])],
    ),
    Table(
        "jurisdictions",
        "Jurisdictions",
        "Every jurisdiction the tracker knows, researched or not.",
        JURISDICTION_FIELDS,
        ["code"],
    ),
    Table(
        "changes",
        "Changes in the law",
        "Every current period with a known start, and how it differs from the period before it.",
        CHANGE_FIELDS_SCHEMA,
        ["period_id"],
        [_fk(["code"], "jurisdictions", ["code"]), _fk(["period_id"], "history", ["period_id"])],
    ),
]


# --- values --------------------------------------------------------------------------------------


def iso_datetime(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a T and a Z: 2026-11-27T08:15:02.123456Z (naive values are UTC)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def _plain(value: Any) -> Any:
    """A JSON value: dates and datetimes as ISO 8601 text, lists joined as in the CSV."""
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return value


def csv_cell(value: Any) -> str:
    """A CSV cell: booleans as true/false, empty for none (the Table Schema defaults)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- reading ---------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """Everything a release holds, read once."""

    day: date
    cutoff: datetime
    jurisdictions: list[dict]
    history: list[dict]
    citations: list[dict]
    status: list[dict]
    changes: list[dict]

    def rows(self, table: str) -> list[dict]:
        return getattr(self, table)


def cutoff_of(day: date) -> datetime:
    """The end of the release day (UTC): rows recorded before it are in the release."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def read_snapshot(session: Session, day: date) -> Snapshot:
    """The release's rows, sorted by their keys so the bytes never depend on the database's order."""
    cutoff = cutoff_of(day)
    naive_cutoff = cutoff.replace(tzinfo=None)
    parent = aliased(Jurisdiction)
    places = session.execute(
        select(
            Jurisdiction.id, Jurisdiction.code, Jurisdiction.name, Jurisdiction.kind, parent.code
        ).outerjoin(parent, Jurisdiction.parent_id == parent.id)
    ).all()
    by_id = {
        pid: {"code": code, "name": name, "kind": kind, "parent": pcode}
        for pid, code, name, kind, pcode in places
    }
    jurisdictions = sorted(by_id.values(), key=lambda j: j["code"])

    p = StatusPeriod
    period_rows = session.execute(
        select(
            p.id,
            p.jurisdiction_id,
            p.recorded_at,
            p.superseded_at,
            p.recorded_by,
            *(getattr(p, f.name) for f in RELEASE_PERIOD_FIELDS),
        ).where(p.recorded_at < cutoff)
    ).all()
    history_rows: list[dict] = []
    believed: dict[str, list[dict]] = defaultdict(list)
    for r in period_rows:
        superseded = _naive_utc(r.superseded_at)
        if superseded is not None and superseded >= naive_cutoff:
            superseded = None  # a correction recorded after the release day is not part of it
        row = {"period_id": r.id, "code": by_id[r.jurisdiction_id]["code"]}
        for f, value in zip(RELEASE_PERIOD_FIELDS, r[5:]):
            row[f.name] = sorted(value or []) if f.type == "array" else value
        row.update(
            recorded_at=_naive_utc(r.recorded_at),
            superseded_at=superseded,
            recorded_by=r.recorded_by,
        )
        history_rows.append(row)
        if superseded is None:
            believed[row["code"]].append(row)
    history_rows.sort(key=lambda h: h["period_id"])

    ids = {h["period_id"] for h in history_rows}
    cite_rows = session.execute(
        select(
            Citation.period_id,
            Citation.position,
            Citation.id,
            Citation.kind,
            Citation.label,
            Citation.url,
            Citation.accessed,
        )
    ).all()
    cites_by_period: dict[int, list] = defaultdict(list)
    for c in cite_rows:
        if c.period_id in ids:
            cites_by_period[c.period_id].append(c)
    citations: list[dict] = []
    for period_id in sorted(cites_by_period):
        ordered = sorted(cites_by_period[period_id], key=lambda c: (c.position or 0, c.id))
        for n, c in enumerate(ordered, 1):
            citations.append(
                {
                    "period_id": period_id,
                    "position": n,
                    "kind": c.kind,
                    "label": c.label,
                    "url": c.url,
                    "accessed": c.accessed,
                }
            )
    labels: dict[int, list[dict]] = defaultdict(list)
    for c in citations:
        labels[c["period_id"]].append(c)

    status = []
    changes = []
    for j in jurisdictions:
        periods = sorted(
            believed.get(j["code"], []),
            key=lambda h: (
                h["effective_from"] is not None,
                h["effective_from"] or date.min,
                h["period_id"],
            ),
        )
        now = next(
            (
                h
                for h in periods
                if (h["effective_from"] is None or h["effective_from"] <= day)
                and (h["effective_to"] is None or h["effective_to"] > day)
            ),
            None,
        )
        row = dict(j)
        row["period_id"] = now["period_id"] if now else None
        for name, *_ in PERIOD_FIELDS:
            row[name] = now[name] if now else None
        row["category"] = now["category"] if now else "unknown"
        cites = labels.get(now["period_id"], []) if now else []
        row["citation_labels"] = " | ".join(c["label"] for c in cites) or None
        row["citation_urls"] = " ".join(c["url"] for c in cites) or None
        status.append(row)
        changes.extend(_changes(periods))
    changes.sort(key=lambda c: (c["effective_on"], c["code"], c["period_id"]))
    return Snapshot(day, cutoff, jurisdictions, history_rows, citations, status, changes)


def _changes(periods: list[dict]) -> list[dict]:
    """Each believed period with a known start, against the one in force the day before it."""
    out = []
    for h in periods:
        start = h["effective_from"]
        if start is None:
            continue
        before = next(
            (
                b
                for b in periods
                if b is not h
                and (b["effective_from"] is None or b["effective_from"] < start)
                and b["effective_to"] is not None
                and b["effective_to"] >= start
            ),
            None,
        )
        changed = (
            [f for f in CHANGE_FIELDS if (before or {}).get(f) != h[f]]
            if before
            else list(CHANGE_FIELDS)
        )
        words = (
            "; ".join(f"{f}: {_word(before.get(f))} → {_word(h[f])}" for f in changed)
            if before
            else "first record"
        )
        out.append(
            {
                "period_id": h["period_id"],
                "code": h["code"],
                "effective_on": start,
                "before_period_id": before["period_id"] if before else None,
                "category_before": before["category"] if before else None,
                "category_after": h["category"],
                "changed_fields": ";".join(changed) if before else None,
                "change": words
                if changed
                else "no codebook attribute changed (a new law or source with the same effect)",
                "recorded_at": h["recorded_at"],
            }
        )
    return out


def _word(value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


# --- writing ---------------------------------------------------------------------------------------


def cite_object(version: str, day: date) -> dict:
    """How to cite this release (also the first key of every JSON file in it)."""
    return {
        "title": TITLE,
        "dataset_version": version,
        "as_of": day.isoformat(),
        "known_on": day.isoformat(),
        "license": LICENSE["name"],
        "license_url": LICENSE["path"],
        "text": f"{TITLE}, dataset {version}: the law as of {day.isoformat()}, as known at the end of that day (UTC). "
        f"Licensed under CC BY 4.0.",
    }


def csv_bytes(table: Table, rows: Iterable[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    names = [f[0] for f in table.fields]
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(_plain(row[n])) for n in names])
    return buf.getvalue().encode("utf-8")


def json_bytes(table: Table, rows: Iterable[dict], cite: dict) -> bytes:
    names = [f[0] for f in table.fields]
    lines = ",\n".join(
        "    " + json.dumps({n: _plain(row[n]) for n in names}, ensure_ascii=False) for row in rows
    )
    head = json.dumps({"cite": cite, "table": table.name}, ensure_ascii=False, indent=2)
    text = head[:-2] + ',\n  "rows": [\n' + lines + ("\n" if lines else "") + "  ]\n}\n"
    return text.encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _schema(table: Table) -> dict:
    schema: dict[str, Any] = {
        "fields": [{"name": n, "type": t, "description": d} for n, t, d in table.fields],
        "primaryKey": table.primary_key,
    }
    if table.foreign_keys:
        schema["foreignKeys"] = table.foreign_keys
    return schema


@dataclass
class ReleaseReport:
    version: str
    out_dir: Path
    files: dict[str, str]  # file name -> sha256
    counts: dict[str, int]
    previous: str | None


def build_release(
    session: Session, out_dir: Path, day: date, previous: Path | None = None
) -> ReleaseReport:
    """Write the release of `day` into out_dir (created if needed; our files are overwritten)."""
    version = version_of(day)
    snap = read_snapshot(session, day)
    cite = cite_object(version, day)
    files: dict[str, bytes] = {}
    resources = []
    for table in TABLES:
        rows = snap.rows(table.name)
        for fmt, data, media in (
            ("csv", csv_bytes(table, rows), "text/csv"),
            ("json", json_bytes(table, rows, cite), "application/json"),
        ):
            path = f"{table.name}.{fmt}"
            files[path] = data
            resource = {
                "name": table.name if fmt == "csv" else f"{table.name}-json",
                "type": "table",
                "path": path,
                "title": table.title + (" (JSON)" if fmt == "json" else ""),
                "description": table.description,
                "format": fmt,
                "mediatype": media,
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{_sha256(data)}",
                "schema": _schema(table),
            }
            if fmt == "json":
                # frictionless streams JSON tables and cannot count their bytes: their checksums
                # are in SHA256SUMS with every other file's
                del resource["bytes"], resource["hash"]
                resource["dialect"] = {"json": {"property": "rows"}}
                resource["schema"] = {
                    k: v for k, v in resource["schema"].items() if k != "foreignKeys"
                }
            resources.append(resource)

    prev = _read_previous(previous, version) if previous else None
    files["CHANGELOG.md"] = changelog(version, snap, prev).encode("utf-8")
    files["LICENSE.txt"] = LICENSE_TEXT.encode("utf-8")
    meta = dataset_meta()
    descriptor = {
        "profile": "data-package",
        "name": NAME,
        "title": TITLE,
        "description": (
            "The legal status of kratom (Mitragyna speciosa) and 7-hydroxymitragynine in every US state, DC, "
            "Puerto Rico, at US federal level, in countries and in localities, as a bitemporal history with "
            "citations. Not legal advice: check the cited source."
        ),
        "version": version,
        "created": iso_datetime(cutoff_of(day) - timedelta(microseconds=1)),
        "licenses": [LICENSE],
        "keywords": [
            "kratom",
            "mitragynine",
            "7-hydroxymitragynine",
            "drug policy",
            "law",
            "bitemporal",
        ],
        "contributors": [{"title": "The kratom-tracker contributors", "role": "author"}],
        "cite": cite,
        "as_of": day.isoformat(),
        "known_on": day.isoformat(),
        "bundled_dataset": {"version": meta["version"], "as_of": meta["as_of"].isoformat()},
        "previous_version": prev["version"] if prev else None,
        "resources": resources,
    }
    files["datapackage.json"] = (
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    sums = "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(files.items()))
    files["SHA256SUMS"] = sums.encode("utf-8")

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = out_dir / name
        if not target.exists() or target.read_bytes() != data:  # an unchanged file keeps its mtime
            target.write_bytes(data)
    counts = {t.name: len(snap.rows(t.name)) for t in TABLES}
    return ReleaseReport(
        version,
        out_dir,
        {n: _sha256(d) for n, d in files.items()},
        counts,
        prev["version"] if prev else None,
    )


# --- the changelog ---------------------------------------------------------------------------------


def find_previous(out_dir: Path, version: str) -> Path | None:
    """The newest release older than `version` among out_dir's siblings (releases/2026.11.27/...)."""
    parent = out_dir.resolve().parent
    candidates = []
    for d in sorted(parent.iterdir()) if parent.is_dir() else []:
        if d.resolve() == out_dir.resolve() or not (d / "datapackage.json").is_file():
            continue
        try:
            v = json.loads((d / "datapackage.json").read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            continue
        if isinstance(v, str) and VERSION_FORMAT.match(v) and v < version:
            candidates.append((v, d))
    return max(candidates)[1] if candidates else None


def _read_previous(path: Path, version: str) -> dict:
    try:
        descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        status = _read_csv(path / "status.csv", "code")
        history = _read_csv(path / "history.csv", "period_id")
    except (OSError, ValueError, KeyError) as exc:
        raise ReleaseError(f"{path} is not a readable release ({exc})") from None
    prev_version = str(descriptor.get("version"))
    if prev_version >= version:
        raise ReleaseError(
            f"the previous release {prev_version} ({path}) is not older than {version}"
        )
    return {"version": prev_version, "status": status, "history": history}


def _read_csv(path: Path, key: str) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row[key]: row for row in csv.DictReader(f)}


def changelog(version: str, snap: Snapshot, prev: dict | None) -> str:
    """What changed in the data since the previous release, in Markdown."""
    lines = [f"# Kratom legal-status dataset {version}", ""]
    lines.append(
        f"The law as of {snap.day.isoformat()}, as the tracker knew it at the end of that day (UTC)."
    )
    lines.append("")
    status_table = next(t for t in TABLES if t.name == "status")
    if prev is None:
        researched = sum(1 for s in snap.status if s["period_id"] is not None)
        lines += [
            "First release (no earlier release was given or found beside this one).",
            "",
            f"- {len(snap.jurisdictions)} jurisdictions, {researched} with a researched status on {snap.day.isoformat()}",
            f"- {len(snap.history)} period rows ({sum(1 for h in snap.history if h['superseded_at'] is None)} current beliefs)",
            f"- {len(snap.citations)} citations, {len(snap.changes)} changes in the law",
            "",
        ]
        return "\n".join(lines)
    lines += [f"Changes since dataset {prev['version']}.", ""]
    now_cells = {
        row["code"]: dict(
            zip(
                [f[0] for f in status_table.fields],
                (csv_cell(_plain(row[f[0]])) for f in status_table.fields),
            )
        )
        for row in snap.status
    }
    watched = [
        f[0] for f in status_table.fields if f[0] not in ("name", "kind", "parent", "period_id")
    ]
    moved = []
    for code in sorted(now_cells):
        before = prev["status"].get(code)
        after = now_cells[code]
        if before is None:
            moved.append(f"- {code} ({after['name']}): new jurisdiction, {after['category']}")
            continue
        diffs = [
            f"{f}: {before.get(f) or 'none'} → {after[f] or 'none'}"
            for f in watched
            if f in before
            and before[f] != after[f]
            and f not in ("citation_labels", "citation_urls", "summary", "notes")
        ]
        if diffs:
            moved.append(f"- {code} ({after['name']}): " + "; ".join(diffs))
    lines += ["## Status on the release date", ""]
    lines += moved or ["No jurisdiction's status differs from the previous release."]
    lines.append("")
    new_rows = [h for h in snap.history if str(h["period_id"]) not in prev["history"]]
    corrected = [
        h
        for h in snap.history
        if h["superseded_at"] is not None
        and str(h["period_id"]) in prev["history"]
        and not prev["history"][str(h["period_id"])].get("superseded_at")
    ]
    lines += ["## Periods recorded since the previous release", ""]
    lines += [
        f"- {h['code']}: {h['category']} from {_day(h['effective_from'])} to {_day(h['effective_to'])} "
        f"(period {h['period_id']}, recorded by {h['recorded_by']})"
        for h in new_rows
    ] or ["None."]
    lines += ["", "## Periods superseded since the previous release (corrections)", ""]
    lines += [
        f"- {h['code']}: period {h['period_id']} ({h['category']} from {_day(h['effective_from'])}) "
        f"superseded at {iso_datetime(h['superseded_at'])}"
        for h in corrected
    ] or ["None."]
    lines.append("")
    return "\n".join(lines)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "open"

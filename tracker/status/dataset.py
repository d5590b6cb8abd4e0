"""The bundled dataset: one YAML file per jurisdiction, validated, then loaded through the write path."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.status import history
from tracker.status import jurisdictions
from tracker.status.jurisdictions import LOCALITY_SLUG, iso_name
from tracker.store.models import Jurisdiction, JurisdictionEvent, utcnow
from tracker.status.periods import CitationInput, PeriodInput, ValidationError, check_no_overlap, validate_period



class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml is ~10x faster when present
    """A safe loader that leaves dates as text, so a bad date is reported with its field name."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
SAFE_LOADER = _Loader
FILE_KEYS = {"code", "name", "parent", "notes", "periods", "events"}
PERIOD_KEYS = {
    "effective_from", "effective_to", "enacted_on", "leaf", "seven_oh", "seven_oh_threshold", "min_age",
    "licensing", "labelling", "substances", "summary", "notes", "confidence", "verified_on", "citations",
}
CITATION_KEYS = {"kind", "label", "url", "accessed"}
EVENT_KEYS = {"date", "title", "citation"}


@dataclass(frozen=True)
class EventInput:
    date: date
    title: str
    citation: CitationInput

    def fingerprint(self) -> str:
        c = self.citation
        return hashlib.sha256(repr((self.date, self.title, c.kind, c.label, c.url)).encode()).hexdigest()


@dataclass
class JurisdictionFile:
    path: str
    code: str
    name: str
    kind: str
    parent: str | None
    notes: str | None
    periods: list[PeriodInput]
    events: list[EventInput] = field(default_factory=list)


@dataclass
class LoadReport:
    files: int = 0
    jurisdictions_added: int = 0
    periods_inserted: int = 0
    periods_superseded: int = 0
    events_inserted: int = 0
    events_retired: int = 0
    notes_updated: int = 0

    @property
    def changes(self) -> int:
        return (
            self.jurisdictions_added + self.periods_inserted + self.periods_superseded
            + self.events_inserted + self.events_retired + self.notes_updated
        )


def bundled_data_root() -> Path:
    """The folder holding the bundled dataset (package data, so `pip install .` carries it)."""
    return Path(str(resources.files("tracker") / "data"))


def data_root() -> Path:
    """The dataset folder: TRACKER_DATASET_DIR (an operator's edited copy) when set, else the bundled one."""
    from tracker.store.settings import get_settings

    return get_settings().dataset_dir or bundled_data_root()


def dataset_meta(root: Path | None = None) -> dict[str, Any]:
    """The dataset's version and 'as of' date from data/dataset.yaml."""
    meta = yaml.safe_load((root or data_root()).joinpath("dataset.yaml").read_text(encoding="utf-8"))
    return {"version": str(meta["version"]), "as_of": _date(meta["as_of"], "as_of", allow_none=False)}


def _date(value: Any, field_name: str, allow_none: bool = True) -> date | None:
    if value is None and allow_none:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError(field_name, f"{value!r} is not a date (YYYY-MM-DD)")


def _check_keys(data: Any, allowed: set[str], where: str, required: Iterable[str] = ()) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(where or "file", "must be a mapping")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(f"{where}{unknown[0]}", "is not an attribute of the codebook or the data format")
    for key in required:
        if key not in data:
            raise ValidationError(f"{where}{key}", "is required")
    return data


def _citation(raw: Any, where: str) -> CitationInput:
    raw = _check_keys(raw, CITATION_KEYS, where, required=("kind", "label", "url"))
    if not raw.get("url"):
        raise ValidationError(f"{where}url", "is missing: every citation needs a URL")
    return CitationInput(
        kind=str(raw["kind"]), label=str(raw["label"]), url=str(raw["url"]).strip(),
        accessed=_date(raw.get("accessed"), f"{where}accessed"),
    )


def _period(raw: Any, i: int) -> PeriodInput:
    where = f"periods[{i}]."
    raw = _check_keys(raw, PERIOD_KEYS, where, required=("effective_from", "leaf", "seven_oh", "confidence"))
    citations = raw.get("citations") or []
    if not isinstance(citations, list):
        raise ValidationError(f"{where}citations", "must be a list")
    substances = raw.get("substances") or []
    if not isinstance(substances, list):
        raise ValidationError(f"{where}substances", "must be a list")
    min_age = raw.get("min_age")
    if min_age is not None and (isinstance(min_age, bool) or not isinstance(min_age, int)):
        raise ValidationError(f"{where}min_age", f"{min_age!r} is not a whole number of years")
    for flag in ("licensing", "labelling"):
        if not isinstance(raw.get(flag, False), bool):
            raise ValidationError(f"{where}{flag}", "must be true or false")
    period = PeriodInput(
        effective_from=_date(raw.get("effective_from"), f"{where}effective_from"),
        effective_to=_date(raw.get("effective_to"), f"{where}effective_to"),
        enacted_on=_date(raw.get("enacted_on"), f"{where}enacted_on"),
        leaf=str(raw["leaf"]),
        seven_oh=str(raw["seven_oh"]),
        seven_oh_threshold=raw.get("seven_oh_threshold"),
        min_age=min_age,
        licensing=raw.get("licensing", False),
        labelling=raw.get("labelling", False),
        substances=tuple(str(s) for s in substances),
        summary=(raw.get("summary") or "").strip() or None,
        notes=(raw.get("notes") or "").strip() or None,
        confidence=str(raw["confidence"]),
        verified_on=_date(raw.get("verified_on"), f"{where}verified_on"),
        citations=tuple(_citation(c, f"{where}citations[{k}].") for k, c in enumerate(citations)),
    )
    try:
        validate_period(period)
    except ValidationError as exc:
        raise exc.located(None, where) from None
    return period


def _event(raw: Any, i: int) -> EventInput:
    where = f"events[{i}]."
    raw = _check_keys(raw, EVENT_KEYS, where, required=("date", "title", "citation"))
    return EventInput(
        date=_date(raw["date"], f"{where}date", allow_none=False),
        title=str(raw["title"]).strip(),
        citation=_citation(raw["citation"], f"{where}citation."),
    )


def _identity(raw: dict, stem: str) -> tuple[str, str, str, str | None]:
    code = jurisdictions.normalise_code(str(raw["code"]))
    if code.replace("/", "__") != stem:
        raise ValidationError("code", f"{code!r} does not match the file name (expected {code.replace('/', '__')}.yaml)")
    if "/" in code:
        parent, _, slug = code.partition("/")
        if not LOCALITY_SLUG.match(slug):
            raise ValidationError("code", f"locality slug {slug!r} must be lower-case words joined by '-'")
        if raw.get("parent") and jurisdictions.normalise_code(str(raw["parent"])) != parent:
            raise ValidationError("parent", f"{raw['parent']!r} is not the parent named in the code ({parent})")
        if iso_name(parent) is None:
            raise ValidationError("code", f"unknown parent code {parent!r}")
        if not raw.get("name"):
            raise ValidationError("name", "a locality needs a name")
        return code, str(raw["name"]), "locality", parent
    known = iso_name(code)
    if known is None:
        raise ValidationError("code", f"unknown code {code!r}: not ISO 3166-1/-2, US, EU or UN")
    name, kind = known
    return code, str(raw.get("name") or name), kind, ("US" if code.startswith("US-") else None)


def parse_file(path: Path) -> JurisdictionFile:
    """Parse and validate one dataset file; errors name the file and the field."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        raw = _check_keys(raw, FILE_KEYS, "", required=("code", "periods"))
        code, name, kind, parent = _identity(raw, path.stem)
        if not isinstance(raw["periods"], list):
            raise ValidationError("periods", "must be a list")
        periods = [_period(p, i) for i, p in enumerate(raw["periods"])]
        check_no_overlap(periods)
        events = [_event(e, i) for i, e in enumerate(raw.get("events") or [])]
    except ValidationError as exc:
        raise exc.located(str(path)) from None
    except yaml.YAMLError as exc:
        raise ValidationError("yaml", str(exc).replace("\n", " "), str(path)) from None
    notes = (raw.get("notes") or "").strip() or None
    return JurisdictionFile(str(path), code, name, kind, parent, notes, periods, events)


def dataset_files(root: Path | None = None) -> list[Path]:
    """Every jurisdiction file of the dataset, in a stable order."""
    return sorted((root or data_root()).joinpath("jurisdictions").rglob("*.yaml"))


def parse_dataset(root: Path | None = None) -> list[JurisdictionFile]:
    """Parse every file; the first error aborts before anything touches the database."""
    files = [parse_file(p) for p in dataset_files(root)]
    seen: dict[str, str] = {}
    for f in files:
        if f.code in seen:
            raise ValidationError("code", f"{f.code} is also defined in {seen[f.code]}", f.path)
        seen[f.code] = f.path
    return files


def _ensure(session: Session, f: JurisdictionFile, report: LoadReport) -> Jurisdiction:
    j = jurisdictions.find(session, f.code)
    if j is None:
        parent = jurisdictions.find(session, f.parent) if f.parent else None
        if f.parent and parent is None:
            raise ValidationError("parent", f"{f.parent} is not a known jurisdiction", f.path)
        j = Jurisdiction(code=f.code, name=f.name, kind=f.kind, parent=parent)
        session.add(j)
        session.flush()
        report.jurisdictions_added += 1
    if j.notes != f.notes:
        j.notes = f.notes
        report.notes_updated += 1
    return j


def _sync_events(session: Session, j: Jurisdiction, events: list[EventInput], recorded_by: str, report: LoadReport) -> None:
    current = list(
        session.scalars(
            select(JurisdictionEvent).where(
                JurisdictionEvent.jurisdiction_id == j.id, JurisdictionEvent.superseded_at.is_(None)
            )
        )
    )
    have = {e.fingerprint for e in current}
    want = {e.fingerprint(): e for e in events}
    now = utcnow()
    for row in current:
        if row.fingerprint not in want:
            row.superseded_at = now
            report.events_retired += 1
    for fp, e in want.items():
        if fp in have:
            continue
        session.add(
            JurisdictionEvent(
                jurisdiction_id=j.id, date=e.date, title=e.title, citation_kind=e.citation.kind,
                citation_label=e.citation.label, citation_url=e.citation.url, fingerprint=fp,
                recorded_at=now, superseded_at=None, recorded_by=recorded_by,
            )
        )
        report.events_inserted += 1


def load_dataset(
    session: Session, root: Path | None = None, files: list[JurisdictionFile] | None = None
) -> LoadReport:
    """Validate the whole dataset, then record it through the write path (caller commits)."""
    files = parse_dataset(root) if files is None else files
    meta = dataset_meta(root)
    recorded_by = f"dataset {meta['version']}"
    report = LoadReport(files=len(files))
    report.jurisdictions_added += jurisdictions.ensure_jurisdictions(session)
    for f in sorted(files, key=lambda f: f.code.count("/")):  # parents before localities
        j = _ensure(session, f, report)
        result = history.record_history(
            session, j, f.periods, recorded_by=recorded_by, replace_all=True, reason=f"dataset file {Path(f.path).name}"
        )
        report.periods_inserted += result.inserted
        report.periods_superseded += result.superseded
        _sync_events(session, j, f.events, recorded_by, report)
    session.flush()
    return report

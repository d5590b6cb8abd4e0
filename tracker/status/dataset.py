"""The bundled dataset: one YAML file per jurisdiction, validated, then loaded through the write path."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.status import codebook, history, jurisdictions
from tracker.status.jurisdictions import LOCALITY_SLUG, iso_name
from tracker.status.periods import (
    INPUT_KEYS,
    PUBLIC,
    CitationInput,
    PeriodInput,
    SupersededInput,
    ValidationError,
    check_no_overlap,
    overlaps,
    parse_when,
    url_host,
    validate_period,
)
from tracker.store.models import Jurisdiction, JurisdictionEvent, utcnow
from tracker.store.yamlio import SAFE_LOADER


class _Loader(SAFE_LOADER):  # libyaml's when present (tracker.store.yamlio)
    """A safe loader that leaves dates as text, so a bad date is reported with its field name."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)
SAFE_LOADER = _Loader
# Schema v2 (docs/DATA-FORMAT.md): exactly these keys, nothing else.
FILE_KEYS = {
    "code",
    "name",
    "parent",
    "notes",
    "federal_scheduling",
    "periods",
    "superseded",
    "events",
}
PERIOD_KEYS = set(
    INPUT_KEYS
)  # the declared public fields a dataset states (tracker.status.periods)
PERIOD_REQUIRED = (
    "effective_from",
    "effective_to",
    "leaf",
    "seven_oh",
    "confidence",
    "verified_on",
    "recorded_on",
)
# A superseded belief: a period as an earlier release stated it, and when and why it was given up.
SUPERSEDED_KEYS = PERIOD_KEYS | {"superseded_on", "reason"}
SUPERSEDED_REQUIRED = (*PERIOD_REQUIRED, "superseded_on", "reason")
CITATION_KEYS = {"kind", "label", "url", "accessed", "source_date", "via"}
EVENT_KEYS = {"date", "title", "citation"}
FEDERAL_SCHEDULING_KEYS = {"automatic", "scope", "citation"}


@dataclass(frozen=True)
class EventInput:
    date: date
    title: str
    citation: CitationInput

    def fingerprint(self) -> str:
        c = self.citation
        return hashlib.sha256(
            repr((self.date, self.title, c.kind, c.label, c.url)).encode()
        ).hexdigest()


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
    federal_scheduling: dict | None = (
        None  # {automatic, scope, citation{kind, label, url, accessed}}
    )
    # beliefs earlier releases stated and a later one gave up (docs/DATA-FORMAT.md, `superseded:`)
    superseded: list[SupersededInput] = field(default_factory=list)


@dataclass
class LoadReport:
    files: int = 0
    jurisdictions_added: int = 0
    periods_inserted: int = 0
    periods_superseded: int = 0
    # of which: beliefs from the files' `superseded:` lists recorded (a fresh install) or closed
    # at their superseded_on (an install that held them as current)
    retired_beliefs_recorded: int = 0
    retired_beliefs_closed: int = 0
    retired_beliefs_skipped: int = 0  # would overlap a belief the install recorded itself
    events_inserted: int = 0
    events_retired: int = 0
    notes_updated: int = 0

    @property
    def changes(self) -> int:
        return (
            self.jurisdictions_added
            + self.periods_inserted
            + self.periods_superseded
            + self.events_inserted
            + self.events_retired
            + self.notes_updated
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
    meta = yaml.load(
        (root or data_root()).joinpath("dataset.yaml").read_text(encoding="utf-8"),
        Loader=SAFE_LOADER,  # asked for by every page (#11)
    )
    return {
        "version": str(meta["version"]),
        "as_of": _date(meta["as_of"], "as_of", allow_none=False),
    }


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
        raise ValidationError(
            f"{where}{unknown[0]}", "is not an attribute of the codebook or the data format"
        )
    for key in required:
        if key not in data:
            raise ValidationError(f"{where}{key}", "is required")
    return data


def _citation(
    raw: Any, where: str, *, accessed_required: bool = True, legacy_kinds: bool = False
) -> CitationInput:
    required = (
        ("kind", "label", "url", "accessed") if accessed_required else ("kind", "label", "url")
    )
    raw = _check_keys(raw, CITATION_KEYS, where, required=required)
    if not raw.get("url"):
        raise ValidationError(f"{where}url", "is missing: every citation needs a URL")
    kind = str(raw["kind"])
    kinds = codebook.CITATION_KINDS + (codebook.LEGACY_CITATION_KINDS if legacy_kinds else ())
    if kind not in kinds:
        raise ValidationError(f"{where}kind", f"{kind!r} is not one of {', '.join(kinds)}")
    source_date = raw.get("source_date")
    if source_date is not None:
        when = parse_when(source_date, f"{where}source_date")
        source_date = when.edtf or when.earliest.isoformat()
    return CitationInput(
        kind=kind,
        label=str(raw["label"]),
        url=str(raw["url"]).strip(),
        accessed=_date(raw.get("accessed"), f"{where}accessed", allow_none=not accessed_required),
        source_date=source_date,
        via=_via(raw.get("via"), kind, str(raw["url"]).strip(), where),
    )


def _via(raw: Any, kind: str, url: str, where: str) -> str | None:
    """The host of the verbatim copy an official text was read on, checked against the URL."""
    if raw is None:
        return None
    via = str(raw).strip().lower()
    if not codebook.is_official(kind):
        raise ValidationError(
            f"{where}via", f"only an official text is read on a copy; {kind!r} is not official"
        )
    if via != url_host(url):
        raise ValidationError(f"{where}via", f"{via!r} is not the host of {url!r}")
    return via


def _boundary(raw: dict, key: str, where: str) -> tuple[date | None, str | None]:
    """(earliest day, EDTF notation or None) of effective_from/effective_to; null = open."""
    if raw.get(key) is None:
        return None, None
    when = parse_when(raw[key], f"{where}{key}")
    return when.earliest, when.edtf


# Fields _period reads with their own rules; any other declared input field is read by its declared type.
_SPECIAL = {
    "effective_from",
    "effective_to",
    "official_search",
    "recorded_on",
    "enacted_on",
    "leaf",
    "seven_oh",
    "seven_oh_threshold",
    "min_age",
    "licensing",
    "labelling",
    "substances",
    "summary",
    "notes",
    "confidence",
    "verified_on",
    "citations",
}
_GENERIC = tuple(name for name in INPUT_KEYS if name not in _SPECIAL)


def _typed(raw: dict, name: str, where: str) -> Any:
    """A declared field with no rule of its own, checked against its declared type (absent: its default)."""
    f, value = PUBLIC[name], raw.get(name)
    if value is None:
        return () if f.type == "array" else (False if f.type == "boolean" else None)
    if f.type == "date":
        return _date(value, f"{where}{name}")
    ok = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
    }[f.type](value)
    if not ok:
        raise ValidationError(f"{where}{name}", f"{value!r} is not a {f.type}")
    if f.choices and any(v not in f.choices for v in (value if f.type == "array" else [value])):
        raise ValidationError(
            f"{where}{name}", f"{value!r} is not in the codebook: {', '.join(f.choices)}"
        )
    return tuple(str(v) for v in value) if f.type == "array" else value


def _period(raw: Any, i: int, *, superseded: bool = False) -> PeriodInput:
    """A current period (periods[i]), or with superseded=True the period of superseded[i]: stated as
    an earlier release stated it, so legacy citation kinds are accepted and the schema-v2 rules
    that release did not have yet (_check_v2_rules) are not applied."""
    where = f"superseded[{i}]." if superseded else f"periods[{i}]."
    raw = _check_keys(
        raw,
        SUPERSEDED_KEYS if superseded else PERIOD_KEYS,
        where,
        required=SUPERSEDED_REQUIRED if superseded else PERIOD_REQUIRED,
    )
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
    effective_from, from_edtf = _boundary(raw, "effective_from", where)
    effective_to, to_edtf = _boundary(raw, "effective_to", where)
    official_search = raw.get("official_search")
    if official_search is not None and not (
        isinstance(official_search, str) and official_search.strip()
    ):
        raise ValidationError(
            f"{where}official_search", "must be a sentence saying where and when was searched"
        )
    period = PeriodInput(
        effective_from=effective_from,
        effective_to=effective_to,
        effective_from_edtf=from_edtf,
        effective_to_edtf=to_edtf,
        official_search=official_search.strip() if official_search else None,
        recorded_on=_date(raw.get("recorded_on"), f"{where}recorded_on", allow_none=False),
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
        citations=tuple(
            _citation(c, f"{where}citations[{k}].", legacy_kinds=superseded)
            for k, c in enumerate(citations)
        ),
        **{name: _typed(raw, name, where) for name in _GENERIC},
    )
    try:
        validate_period(period, legacy_kinds=superseded)
    except ValidationError as exc:
        raise exc.located(None, where) from None
    if not superseded:
        _check_v2_rules(period, where)
    return period


def superseded_entry(raw: Any, i: int) -> SupersededInput:
    """One entry of a file's `superseded:` list (docs/DATA-FORMAT.md)."""
    where = f"superseded[{i}]."
    period = _period(raw, i, superseded=True)
    superseded_on = _date(raw.get("superseded_on"), f"{where}superseded_on", allow_none=False)
    if superseded_on <= period.recorded_on:
        raise ValidationError(
            f"{where}superseded_on",
            f"{superseded_on} must be after recorded_on ({period.recorded_on}): "
            "a release can only give up a belief an earlier release stated",
        )
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError(f"{where}reason", "must say in a few words why the belief changed")
    return SupersededInput(period, superseded_on, " ".join(reason.split()))


def _check_beliefs(periods: list[PeriodInput], superseded: list[SupersededInput]) -> None:
    """No two beliefs of a file held at the same time may overlap in valid time, and a superseded
    belief is not also stated, unchanged, by a current period recorded before it was given up."""
    held = [(p, p.recorded_on, None, f"periods[{i}]") for i, p in enumerate(periods)] + [
        (s.period, s.period.recorded_on, s.superseded_on, f"superseded[{i}]")
        for i, s in enumerate(superseded)
    ]
    for k, (s, start, end, name) in enumerate(held):
        if end is None:
            continue
        for other, o_start, o_end, o_name in held[:k] + held[k + 1 :]:
            if not (o_start < end and (o_end is None or o_end > start)):
                continue  # never held at the same time
            if o_end is None and other.assertion() == s.assertion():
                raise ValidationError(
                    f"{name}.superseded_on",
                    f"{o_name} states the same (boundaries and attributes) and was recorded on "
                    f"{o_start}, before {end}: an unchanged assertion keeps its recorded_on and "
                    "needs no superseded entry",
                )
            if overlaps(s.effective_from, s.effective_to, other.effective_from, other.effective_to):
                raise ValidationError(
                    f"{name}.effective_from",
                    f"overlaps {o_name}, which was also believed between {max(start, o_start)} "
                    f"and {min(d for d in (end, o_end) if d is not None)}",
                )


def _check_v2_rules(p: PeriodInput, where: str) -> None:
    """The dataset's own rules on top of the codebook (DATA-FORMAT.md, schema v2)."""
    if p.effective_from is None and p.category not in ("legal", "unknown"):
        raise ValidationError(
            f"{where}effective_from",
            f"an open start is only allowed for a period with no kratom-specific law or an unknown one, "
            f"not for a {p.category} period: give the year at least, with an unknown period before it",
        )
    if (
        p.leaf != "unknown"
        and not any(codebook.is_official(c.kind) for c in p.citations)
        and not p.official_search
    ):
        raise ValidationError(
            f"{where}official_search",
            "is required when a period that is not unknown has no official citation "
            "(say where an official text was searched for, and when)",
        )


def _event(raw: Any, i: int) -> EventInput:
    where = f"events[{i}]."
    raw = _check_keys(raw, EVENT_KEYS, where, required=("date", "title", "citation"))
    return EventInput(
        date=_date(raw["date"], f"{where}date", allow_none=False),
        title=str(raw["title"]).strip(),
        # event citations written before schema v2 carry no reading date; new ones should
        citation=_citation(raw["citation"], f"{where}citation.", accessed_required=False),
    )


def _federal_scheduling(raw: Any, code: str) -> dict | None:
    """The jurisdiction-level federal_scheduling block (US states only)."""
    if raw is None:
        return None
    where = "federal_scheduling."
    raw = _check_keys(
        raw, FEDERAL_SCHEDULING_KEYS, where, required=("automatic", "scope", "citation")
    )
    if not code.startswith("US-") or "/" in code:
        raise ValidationError("federal_scheduling", "is only recorded for US states")
    if not isinstance(raw["automatic"], bool):
        raise ValidationError(f"{where}automatic", "must be true or false")
    if not isinstance(raw["scope"], str) or not raw["scope"].strip():
        raise ValidationError(f"{where}scope", "must say, in your words, what the statute adopts")
    c = _citation(raw["citation"], f"{where}citation.")
    return {
        "automatic": raw["automatic"],
        "scope": " ".join(raw["scope"].split()),
        "citation": {
            "kind": c.kind,
            "label": c.label,
            "url": c.url,
            "accessed": c.accessed.isoformat(),
            "source_date": c.source_date,
            "via": c.via,
        },
    }


def _identity(raw: dict, stem: str) -> tuple[str, str, str, str | None]:
    code = jurisdictions.normalise_code(str(raw["code"]))
    if code.replace("/", "__") != stem:
        raise ValidationError(
            "code",
            f"{code!r} does not match the file name (expected {code.replace('/', '__')}.yaml)",
        )
    if "/" in code:
        parent, _, slug = code.partition("/")
        if not LOCALITY_SLUG.match(slug):
            raise ValidationError(
                "code", f"locality slug {slug!r} must be lower-case words joined by '-'"
            )
        if raw.get("parent") and jurisdictions.normalise_code(str(raw["parent"])) != parent:
            raise ValidationError(
                "parent", f"{raw['parent']!r} is not the parent named in the code ({parent})"
            )
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
        raw_superseded = raw.get("superseded")
        if raw_superseded is None:
            raw_superseded = []
        if not isinstance(raw_superseded, list):
            raise ValidationError("superseded", "must be a list")
        superseded = [superseded_entry(s, i) for i, s in enumerate(raw_superseded)]
        _check_beliefs(periods, superseded)
        events = [_event(e, i) for i, e in enumerate(raw.get("events") or [])]
        federal_scheduling = _federal_scheduling(raw.get("federal_scheduling"), code)
    except ValidationError as exc:
        raise exc.located(str(path)) from None
    except yaml.YAMLError as exc:
        raise ValidationError("yaml", str(exc).replace("\n", " "), str(path)) from None
    notes = (raw.get("notes") or "").strip() or None
    return JurisdictionFile(
        str(path), code, name, kind, parent, notes, periods, events, federal_scheduling, superseded
    )


def dataset_files(root: Path | None = None) -> list[Path]:
    """Every jurisdiction file of the dataset, in a stable order."""
    return sorted((root or data_root()).joinpath("jurisdictions").rglob("*.yaml"))


def parse_dataset(root: Path | None = None) -> list[JurisdictionFile]:
    """Parse every file; the first error aborts before anything touches the database."""
    files = [parse_file(p) for p in dataset_files(root)]
    as_of = dataset_meta(root)["as_of"]
    seen: dict[str, str] = {}
    for f in files:
        for i, s in enumerate(f.superseded):
            if s.superseded_on > as_of:
                raise ValidationError(
                    f"superseded[{i}].superseded_on",
                    f"{s.superseded_on} is after the dataset's as_of ({as_of}): a belief is given "
                    "up by a release, not in the future",
                    f.path,
                )
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
    if j.federal_scheduling != f.federal_scheduling:
        j.federal_scheduling = f.federal_scheduling
        report.notes_updated += 1
    return j


def _sync_events(
    session: Session,
    j: Jurisdiction,
    events: list[EventInput],
    recorded_by: str,
    report: LoadReport,
) -> None:
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
                jurisdiction_id=j.id,
                date=e.date,
                title=e.title,
                citation_kind=e.citation.kind,
                citation_label=e.citation.label,
                citation_url=e.citation.url,
                fingerprint=fp,
                recorded_at=now,
                superseded_at=None,
                recorded_by=recorded_by,
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
    # Transaction time comes from the data, not the clock: each period is recorded at midnight UTC
    # of its recorded_on (the release that first stated it), a retired one at the release's as_of
    # date, so every install knows the same thing on the same day (docs/DATA.md).
    released = history.midnight_utc(meta["as_of"])
    report = LoadReport(files=len(files))
    report.jurisdictions_added += jurisdictions.ensure_jurisdictions(session)
    for f in sorted(files, key=lambda f: f.code.count("/")):  # parents before localities
        j = _ensure(session, f, report)
        result = history.record_dataset_beliefs(
            session,
            j,
            f.periods,
            f.superseded,
            recorded_by=recorded_by,
            now=released,
            reason=f"dataset file {Path(f.path).name}",
        )
        report.periods_inserted += result.inserted
        report.periods_superseded += result.superseded
        report.retired_beliefs_recorded += result.retired_recorded
        report.retired_beliefs_closed += result.retired_closed
        report.retired_beliefs_skipped += result.retired_skipped
        _sync_events(session, j, f.events, recorded_by, report)
    session.flush()
    return report

"""The input shape of a status period, its validation and its fingerprint."""

from __future__ import annotations

import calendar
import functools
import hashlib
import json
import re
import typing
from dataclasses import asdict, dataclass, field
from datetime import date
from urllib.parse import urlsplit

from tracker.status import codebook

# The EDTF (ISO 8601-2) forms a period boundary or a source date may take: a day, a month or a year,
# the last two optionally approximate (~), uncertain (?) or both (%). Anything else is refused.
_EDTF_FORM = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?[~?%]?")
# A year or a calendar month (01-12), qualified or not: the forms the dataset uses. Their strict
# bounds are computed here; anything else (a season such as 2017-21, a qualified day) goes to the
# edtf grammar, which costs milliseconds a parse and tens of milliseconds to import.
_YEAR_OR_MONTH = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]))?[~?%]?")
# A year, or a year and a two-digit "month", qualified or not: refused without the grammar when the
# year is 0000 (no calendar date) or the number is neither a month (01-12) nor a season (21-41),
# as the grammar refuses them (a refusal was its slowest parse).
_YEAR_AND_NUMBER = re.compile(r"(\d{4})(?:-(\d{2}))?[~?%]?")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class ValidationError(ValueError):
    """A period or dataset entry breaks a rule; names the field (and the file, when known)."""

    def __init__(self, field: str, message: str, where: str | None = None):
        self.field, self.message, self.where = field, message, where
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.field}: {self.message}"

    def located(self, where: str, prefix: str = "") -> ValidationError:
        """The same error, placed in a file and under a field prefix."""
        return ValidationError(prefix + self.field, self.message, where)


@dataclass(frozen=True)
class When:
    """A date as the source gives it: an exact day, or a month or year (EDTF), with its bounds."""

    earliest: date
    latest: date
    edtf: str | None  # None = an exact day

    @property
    def exact(self) -> bool:
        return self.edtf is None


def parse_when(value: object, field_name: str) -> When:
    """A YYYY-MM-DD date or a reduced-precision EDTF date ("2017", "2017-03", "2017-03~", "2012?").

    The bounds are the strict ones of the stated precision (all of 2017 for "2017"): "~" and "?"
    mark the stated month or year as approximate or uncertain and are kept for display, but widen
    nothing, so "2026-02~" still ends its window on 2026-02-28. (The edtf package's fuzzy bounds
    would pad a month-precision date by more than a year.)
    """
    if isinstance(value, date):
        return When(value, value, None)
    text = (
        str(value).strip()
        if isinstance(value, (str, int)) and not isinstance(value, bool)
        else None
    )
    if text is None or not _EDTF_FORM.fullmatch(text):
        raise ValidationError(
            field_name,
            f"{value!r} is not a date (YYYY-MM-DD) or an EDTF year or month "
            "('2017', '2017-03', '2017-03~', '2012?')",
        )
    when = _parse_edtf(text)
    if when is None:
        raise ValidationError(field_name, f"{value!r} is not a valid date")
    return when


@functools.lru_cache(maxsize=4096)
def _parse_edtf(text: str) -> When | None:
    """The bounds of an EDTF text, or None; a plain day, year or month skips the grammar."""
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        return When(day, day, None)
    form = _YEAR_AND_NUMBER.fullmatch(text)
    if form and (
        form[1] == "0000"
        or (form[2] is not None and not ("01" <= form[2] <= "12" or "21" <= form[2] <= "41"))
    ):
        return None
    plain = _YEAR_OR_MONTH.fullmatch(text)
    if plain and plain[1] != "0000":
        year = int(plain[1])
        if plain[2] is None:
            return When(date(year, 1, 1), date(year, 12, 31), text)
        month = int(plain[2])
        return When(
            date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), text
        )
    from edtf import parse_edtf, struct_time_to_date
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
        lo, hi = (
            struct_time_to_date(parsed.lower_strict()),
            struct_time_to_date(parsed.upper_strict()),
        )
    except (EDTFParseException, ValueError, OverflowError):
        return None
    return When(lo, hi, text)


def when_text(day: date | None, edtf: str | None) -> str | None:
    """A boundary as people read it: '2017-03-15', '2017', 'March 2017', 'about March 2017', '2012 (uncertain)'."""
    if edtf is None:
        return day.isoformat() if day is not None else None
    core, mark = (edtf[:-1], edtf[-1]) if edtf[-1] in "~?%" else (edtf, "")
    parts = core.split("-")
    text = (
        parts[0]
        if len(parts) == 1
        else (f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) == 2 else core)
    )
    if mark in ("~", "%"):
        text = f"about {text}"
    if mark in ("?", "%"):
        text = f"{text} (uncertain)"
    return text


@dataclass(frozen=True)
class CitationInput:
    kind: str
    label: str
    url: str
    accessed: date | None = None
    source_date: str | None = (
        None  # the date the source itself shows, EDTF (may be "2016" or "2016-08")
    )
    # the host of a verbatim copy of an official text read where the official site was not
    # (law.justia.com for a state code): the citation is still the statute, and says where it was read
    via: str | None = None


@dataclass(frozen=True)
class PeriodInput:
    """One status period as given by the dataset, a proposal or a curator.

    effective_from/effective_to are the earliest possible start and end (exclusive); when a
    boundary is known only to a month or a year, its EDTF notation is kept in
    effective_from_edtf/effective_to_edtf and the latest possible start follows from it.
    """

    effective_from: date | None
    effective_to: date | None
    leaf: str
    seven_oh: str
    confidence: str
    citations: tuple[CitationInput, ...] = ()
    seven_oh_threshold: str | None = None
    min_age: int | None = None
    licensing: bool = False
    labelling: bool = False
    substances: tuple[str, ...] = ()
    summary: str | None = None
    notes: str | None = None
    verified_on: date | None = None
    enacted_on: date | None = None
    effective_from_edtf: str | None = None
    effective_to_edtf: str | None = None
    official_search: str | None = None
    # the dataset version that first stated the period: its transaction time on every install
    # (not part of what the period asserts, so not in the fingerprint)
    recorded_on: date | None = field(default=None, compare=False)
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def category(self) -> str:
        return codebook.derive_category(self.leaf, self.seven_oh, self.min_age)

    @property
    def effective_from_latest(self) -> date | None:
        """The latest possible start: the start itself unless it is known only to a month or year."""
        if self.effective_from_edtf:
            return parse_when(self.effective_from_edtf, "effective_from").latest
        return self.effective_from

    def assertion(self) -> tuple:
        """What the period asserts about the law: its boundaries (with their EDTF precision) and its
        codebook attributes (ASSERTION_FIELDS). Two periods with the same assertion state the same
        fact, however differently sourced or worded; a changed assertion is a new belief, which
        the dataset records from the release that first states it (docs/DATA.md)."""
        return tuple(
            tuple(sorted(getattr(self, name))) if name == "substances" else getattr(self, name)
            for name in ASSERTION_FIELDS
        )

    def fingerprint(self) -> str:
        """A stable hash of everything the period records (assertion, sources, words); equal
        fingerprints = the same row.

        Optional schema-v2 fields are left out while empty, so a period that never used them keeps
        the fingerprint it had before they existed.
        """
        data = asdict(self)
        data.pop("extra")
        data.pop("recorded_on")
        for key in ("effective_from_edtf", "effective_to_edtf", "official_search"):
            if data[key] is None:
                data.pop(key)
        for c in data["citations"]:
            for key in ("source_date", "via"):
                if c[key] is None:
                    c.pop(key)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


# The fields whose change makes a period a different belief (PeriodInput.assertion): the valid time
# with its precision and the codebook attributes the category is derived from. Citations, summary,
# notes, confidence, verified_on, enacted_on and official_search only say how well and in which
# words the fact is sourced.
ASSERTION_FIELDS = (
    "effective_from",
    "effective_from_edtf",
    "effective_to",
    "effective_to_edtf",
    "leaf",
    "seven_oh",
    "seven_oh_threshold",
    "min_age",
    "licensing",
    "labelling",
    "substances",
)


@dataclass(frozen=True)
class SupersededInput:
    """A period exactly as an earlier dataset release stated it, and the release that stopped
    stating it: recorded as a belief held from period.recorded_on to superseded_on (docs/DATA.md)."""

    period: PeriodInput
    superseded_on: date
    reason: str


# --- the public fields of a period: the one declaration ----------------------------------------
# Every reader and writer of a period's public fields (status and period JSON, CSV exports, the
# OpenAPI schema, the release's Table Schema, the YAML loader's keys, review --set and the curator
# form) derives its list from the groups below; each public field is a PeriodInput field (or the
# derived category). A new attribute is added here, to PeriodInput and to the model, nowhere else.


@dataclass(frozen=True)
class PublicField:
    """One public field of a period: its name, its Table Schema type and what it means."""

    name: str
    type: str  # string, integer, boolean, date or array (a list of strings; ';'-joined in CSV)
    description: str
    choices: tuple[str, ...] = ()  # the codebook vocabulary of its values, if it has one
    input: bool = True  # a key of a dataset period (docs/DATA-FORMAT.md); False: derived on load
    nullable: bool = True


# The codebook attributes, in their published order (JSON, CSV, release); the category is derived.
ATTRIBUTES = (
    PublicField(
        "category",
        "string",
        "the derived map category: " + ", ".join(codebook.CATEGORIES) + " (docs/CODEBOOK.md)",
        codebook.CATEGORIES,
        input=False,
        nullable=False,
    ),
    PublicField(
        "leaf", "string", "status of the kratom leaf and its preparations", codebook.LEAF_VALUES
    ),
    PublicField(
        "seven_oh", "string", "status of 7-hydroxymitragynine products", codebook.SEVEN_OH_VALUES
    ),
    PublicField("seven_oh_threshold", "string", "the 7-OH limit, in the law's words"),
    PublicField("min_age", "integer", "minimum age of purchase in years"),
    PublicField("licensing", "boolean", "a licence or registration is required to sell"),
    PublicField("labelling", "boolean", "labelling rules apply"),
    PublicField(
        "substances", "array", "substances the law names", codebook.SUBSTANCES, nullable=False
    ),
)
VALID_TIME = (
    PublicField(
        "effective_from",
        "date",
        "valid time: the day the law took effect (empty: start not established)",
    ),
    PublicField(
        "effective_to",
        "date",
        "valid time: the day it stopped applying, exclusive (empty: still in force)",
    ),
    PublicField("enacted_on", "date", "the day the law was enacted"),
)
ASSURANCE = (
    PublicField("confidence", "string", "high, medium or low", codebook.CONFIDENCE_VALUES),
    PublicField("verified_on", "date", "the day the cited sources were checked"),
)
TEXT = (
    PublicField("summary", "string", "what the law does, in a sentence"),
    PublicField("notes", "string", "caveats, conflicts between sources, open questions"),
)
CITATIONS = PublicField(
    "citations",
    "array",
    "the public documents the period cites, official kinds first",
    nullable=False,
)
# Schema v2: boundary precision, where officials were searched, when first stated (not in the release tables).
PRECISION = (
    PublicField(
        "effective_from_edtf",
        "string",
        "The start as the sources give it when only a month or year is "
        "known (EDTF: '2017', '2017-03~'); effective_from is then its earliest day.",
        input=False,
    ),
    PublicField(
        "effective_to_edtf",
        "string",
        "The end as the sources give it when only a month or year is known (EDTF).",
        input=False,
    ),
    PublicField(
        "official_search", "string", "Where an official text was searched for, when none is cited."
    ),
    PublicField("recorded_on", "date", "The dataset release that first stated this period."),
)
# The status and period JSON order (DESIGN.md); the CSV exports and the release compose the groups in
# their own published orders (tracker.reports.export, tracker.reports.release).
PUBLIC_FIELDS = (*ATTRIBUTES, *VALID_TIME, *TEXT, CITATIONS, *ASSURANCE, *PRECISION)
PUBLIC_FIELD_NAMES = tuple(f.name for f in PUBLIC_FIELDS)
PUBLIC = {f.name: f for f in PUBLIC_FIELDS}
# Keys of a period entry in a dataset file (the loader's known keys).
INPUT_KEYS = tuple(f.name for f in PUBLIC_FIELDS if f.input)


def _require(cond: bool, field_name: str, message: str) -> None:
    if not cond:
        raise ValidationError(field_name, message)


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def validate_period(p: PeriodInput, *, legacy_kinds: bool = False) -> None:
    """Raise ValidationError naming the first field that breaks the codebook.

    legacy_kinds: also accept the citation kinds of releases before schema v2 that cannot be
    renamed unread (codebook.LEGACY_CITATION_KINDS); only for a superseded belief, stated as it was.
    """
    kinds = codebook.CITATION_KINDS + (codebook.LEGACY_CITATION_KINDS if legacy_kinds else ())
    _require(
        p.leaf in codebook.LEAF_VALUES,
        "leaf",
        f"{p.leaf!r} is not one of {', '.join(codebook.LEAF_VALUES)}",
    )
    _require(
        p.seven_oh in codebook.SEVEN_OH_VALUES,
        "seven_oh",
        f"{p.seven_oh!r} is not one of {', '.join(codebook.SEVEN_OH_VALUES)}",
    )
    _require(
        p.confidence in codebook.CONFIDENCE_VALUES,
        "confidence",
        f"{p.confidence!r} is not one of {', '.join(codebook.CONFIDENCE_VALUES)}",
    )
    for name in ("effective_from", "effective_to"):
        notation = getattr(p, f"{name}_edtf")
        if notation is not None:
            when = parse_when(notation, name)
            _require(
                when.earliest == getattr(p, name),
                name,
                f"{getattr(p, name)} is not the earliest day of {notation!r}",
            )
    if p.effective_from and p.effective_to:
        _require(p.effective_to > p.effective_from, "effective_to", "must be after effective_from")
        latest = p.effective_from_latest
        _require(
            p.effective_to_edtf is not None or latest is None or p.effective_to > latest,
            "effective_to",
            f"must be after the latest possible start ({latest})",
        )
    _require(
        p.seven_oh != "capped" or bool(p.seven_oh_threshold),
        "seven_oh_threshold",
        "a capped 7-OH rule needs its threshold",
    )
    _require(
        p.min_age is None or (isinstance(p.min_age, int) and 0 < p.min_age < 100),
        "min_age",
        f"{p.min_age!r} is not an age in years",
    )
    unknown_substances = sorted(set(p.substances) - set(codebook.SUBSTANCES))
    _require(
        not unknown_substances,
        "substances",
        f"not in the codebook: {', '.join(unknown_substances)}",
    )
    if p.leaf != "unknown":
        _require(
            bool(p.citations),
            "citations",
            "a period that is not unknown needs at least one citation",
        )
        _require(
            p.verified_on is not None,
            "verified_on",
            "a period that is not unknown needs a verified_on date",
        )
    for i, c in enumerate(p.citations):
        _require(
            c.kind in kinds,
            f"citations[{i}].kind",
            f"{c.kind!r} is not a citation kind",
        )
        _require(bool(c.label and c.label.strip()), f"citations[{i}].label", "is empty")
        _require(_is_web_url(c.url), f"citations[{i}].url", f"{c.url!r} is not an http(s) URL")
        if c.source_date is not None:
            parse_when(c.source_date, f"citations[{i}].source_date")
        if c.via is not None:
            _require(
                codebook.is_official(c.kind),
                f"citations[{i}].via",
                f"only an official text is read on a copy; {c.kind!r} is not an official kind",
            )
            _require(
                c.via == url_host(c.url),
                f"citations[{i}].via",
                f"{c.via!r} is not the host of {c.url!r}",
            )


def url_host(url: str) -> str:
    """The host of a URL without a leading "www." (the `via` of a citation names it)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def overlaps(
    a_from: date | None, a_to: date | None, b_from: date | None, b_to: date | None
) -> bool:
    """Whether two half-open valid-time intervals share a day (None = unbounded)."""
    lo_a, hi_a = a_from or date.min, a_to or date.max
    lo_b, hi_b = b_from or date.min, b_to or date.max
    return lo_a < hi_b and lo_b < hi_a


def check_no_overlap(periods: list[PeriodInput]) -> None:
    """Raise ValidationError when two periods of one history overlap in valid time."""
    order = sorted(range(len(periods)), key=lambda i: periods[i].effective_from or date.min)
    for i, j in zip(order, order[1:]):
        a, b = periods[i], periods[j]
        if overlaps(a.effective_from, a.effective_to, b.effective_from, b.effective_to):
            raise ValidationError(
                f"periods[{j}].effective_from",
                f"overlaps periods[{i}] ({a.effective_from or 'open start'} to {a.effective_to or 'open end'})",
            )


# ---------------------------------------------------------------- curator-editable fields
# The one list of fields a curator may set when accepting a proposal (CLI `review accept --set`
# and the curator form), with their types read from PeriodInput and their values from the codebook.

ATTRIBUTE_FIELDS = tuple(f.name for f in ATTRIBUTES if f.input)  # the category is derived
EDITABLE_FIELDS = (*ATTRIBUTE_FIELDS, "summary", "notes", "confidence", "enacted_on")
FIELD_CHOICES = {f.name: f.choices for f in PUBLIC_FIELDS if f.choices and f.input}
_TRUE, _FALSE = ("1", "true", "yes", "y", "on"), ("0", "false", "no", "n", "off", "")


def _field_types() -> dict[str, object]:
    hints = typing.get_type_hints(PeriodInput)
    return {name: hints[name] for name in EDITABLE_FIELDS}


FIELD_TYPES = _field_types()


def field_kind(name: str) -> str:
    """'choice', 'choices' (several codebook values), 'bool', 'int', 'date' or 'text', from PeriodInput's type."""
    tp = FIELD_TYPES[name]
    if typing.get_origin(tp) is tuple:
        return "choices"
    if name in FIELD_CHOICES:
        return "choice"
    args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
    return {bool: "bool", int: "int", date: "date"}.get(args[0], "text")


def field_optional(name: str) -> bool:
    """Whether the field may be empty (None) in a PeriodInput."""
    return type(None) in typing.get_args(FIELD_TYPES[name])


def convert_field(name: str, value) -> object:
    """A curator's value (text from the CLI or a form, or already typed) as the PeriodInput field's type.

    Raises ValidationError naming the field, with the valid fields or values, for anything else.
    """
    if name not in EDITABLE_FIELDS:
        raise ValidationError(
            name, f"is not a field a curator can set; valid fields: {', '.join(EDITABLE_FIELDS)}"
        )
    kind = field_kind(name)
    text = value.strip() if isinstance(value, str) else value
    if field_optional(name) and text in (None, "", "none", "null"):
        return None
    if kind == "bool":
        if isinstance(text, bool):
            return text
        if str(text).lower() in _TRUE:
            return True
        if str(text).lower() in _FALSE:
            return False
        raise ValidationError(name, f"{value!r} is not yes/no (true, false, 1, 0)")
    if kind == "int":
        if isinstance(text, int) and not isinstance(text, bool):
            return text
        if isinstance(text, str) and text.isdigit():
            return int(text)
        raise ValidationError(name, f"{value!r} is not a whole number")
    if kind == "date":
        if isinstance(text, date):
            return text
        try:
            return date.fromisoformat(str(text))
        except ValueError:
            raise ValidationError(name, f"{value!r} is not a date in the form YYYY-MM-DD") from None
    if kind == "choices":
        items = (
            text
            if isinstance(text, (list, tuple))
            else [s for s in str(text or "").replace(";", ",").split(",")]
        )
        items = tuple(dict.fromkeys(s.strip() for s in items if s and s.strip()))
        unknown = [s for s in items if s not in FIELD_CHOICES[name]]
        if unknown:
            raise ValidationError(
                name, f"{', '.join(unknown)} not in the codebook: {', '.join(FIELD_CHOICES[name])}"
            )
        return items
    if kind == "choice":
        if text not in FIELD_CHOICES[name]:
            raise ValidationError(name, f"{value!r} is not one of {', '.join(FIELD_CHOICES[name])}")
        return text
    if text is None:
        raise ValidationError(name, "is required")
    return str(text)


def convert_fields(values: dict) -> dict:
    """convert_field over a mapping; the first bad field raises."""
    return {name: convert_field(name, value) for name, value in values.items()}

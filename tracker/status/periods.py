"""The input shape of a status period, its validation and its fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from urllib.parse import urlsplit

from tracker.status import codebook
class ValidationError(ValueError):
    """A period or dataset entry breaks a rule; names the field (and the file, when known)."""

    def __init__(self, field: str, message: str, where: str | None = None):
        self.field, self.message, self.where = field, message, where
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.field}: {self.message}"

    def located(self, where: str, prefix: str = "") -> "ValidationError":
        """The same error, placed in a file and under a field prefix."""
        return ValidationError(prefix + self.field, self.message, where)


@dataclass(frozen=True)
class CitationInput:
    kind: str
    label: str
    url: str
    accessed: date | None = None


@dataclass(frozen=True)
class PeriodInput:
    """One status period as given by the dataset, a proposal or a curator."""

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
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def category(self) -> str:
        return codebook.derive_category(self.leaf, self.seven_oh, self.min_age)

    def fingerprint(self) -> str:
        """A stable hash of everything the period asserts; equal fingerprints = same belief."""
        data = asdict(self)
        data.pop("extra")
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _require(cond: bool, field_name: str, message: str) -> None:
    if not cond:
        raise ValidationError(field_name, message)


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def validate_period(p: PeriodInput) -> None:
    """Raise ValidationError naming the first field that breaks the codebook."""
    _require(p.leaf in codebook.LEAF_VALUES, "leaf", f"{p.leaf!r} is not one of {', '.join(codebook.LEAF_VALUES)}")
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
    if p.effective_from and p.effective_to:
        _require(p.effective_to > p.effective_from, "effective_to", "must be after effective_from")
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
    _require(not unknown_substances, "substances", f"not in the codebook: {', '.join(unknown_substances)}")
    if p.leaf != "unknown":
        _require(bool(p.citations), "citations", "a period that is not unknown needs at least one citation")
        _require(p.verified_on is not None, "verified_on", "a period that is not unknown needs a verified_on date")
    for i, c in enumerate(p.citations):
        _require(c.kind in codebook.CITATION_KINDS, f"citations[{i}].kind", f"{c.kind!r} is not a citation kind")
        _require(bool(c.label and c.label.strip()), f"citations[{i}].label", "is empty")
        _require(_is_web_url(c.url), f"citations[{i}].url", f"{c.url!r} is not an http(s) URL")


def overlaps(a_from: date | None, a_to: date | None, b_from: date | None, b_to: date | None) -> bool:
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

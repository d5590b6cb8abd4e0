"""Typed items the scrapers hand to the tracker (frozen, JSON-safe via to_json)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _json_safe(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _json_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class JsonItem:
    """Base of every item: to_json() gives a JSON-safe dict."""

    def to_json(self) -> dict:
        """Return a JSON-safe dict of this item (tuples as lists, dates as ISO strings)."""
        return _json_safe(self)


@dataclass(frozen=True)
class Evidence(JsonItem):
    """What was fetched: final URL (secrets redacted), status, UTC time, body sha256, content type."""

    url: str
    status: int
    fetched_at: str
    sha256: str
    content_type: str | None


@dataclass(frozen=True)
class Action(JsonItem):
    """One dated step in a bill's history; classification uses Open States' vocabulary."""

    date: str
    description: str
    classification: tuple[str, ...] = ()
    chamber: str | None = None


@dataclass(frozen=True)
class Bill(JsonItem):
    """A bill or resolution from a legislature (jurisdiction: US-XX, US, US-DC, US-PR)."""

    source: str
    external_id: str
    jurisdiction: str
    session: str
    identifier: str
    title: str
    url: str
    updated_at: str | None
    actions: tuple[Action, ...] = ()
    versions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    relevant: bool = False
    matched_terms: tuple[str, ...] = ()
    status_hint: str | None = None
    kind: str = "bill"
    native: dict = field(
        default_factory=dict, compare=False, hash=False
    )  # the record in the source's own field names


@dataclass(frozen=True)
class Notice(JsonItem):
    """A regulatory document: FR document, regulations.gov document or eCFR amendment."""

    source: str
    external_id: str
    jurisdiction: str
    title: str
    doc_type: str | None
    agencies: tuple[str, ...]
    publication_date: str | None
    effective_on: str | None
    url: str
    abstract: str | None
    relevant: bool
    matched_terms: tuple[str, ...]
    kind: str = "notice"
    native: dict = field(
        default_factory=dict, compare=False, hash=False
    )  # the record in the source's own field names


@dataclass(frozen=True)
class Section(JsonItem):
    """A text section: a Wikipedia section or an eCFR listing check."""

    source: str
    key: str
    title: str
    text: str
    revision_id: str | None
    url: str
    relevant: bool
    matched_terms: tuple[str, ...]
    kind: str = "section"
    native: dict = field(
        default_factory=dict, compare=False, hash=False
    )  # the record in the source's own field names


@dataclass(frozen=True)
class PageText(JsonItem):
    """The normalised text under a CSS selector of a watched page."""

    source: str
    key: str
    jurisdiction: str | None
    text: str
    url: str
    selector: str
    relevant: bool
    matched_terms: tuple[str, ...]
    kind: str = "page"
    native: dict = field(
        default_factory=dict, compare=False, hash=False
    )  # the record in the source's own field names


@dataclass
class SourceResult(JsonItem):
    """What one poll returns: items, the new state to persist, requests sent, outcome, notes."""

    items: list = field(default_factory=list)
    state: dict = field(default_factory=dict)
    requests: int = 0
    outcome: str = "ok"  # "ok" | "unchanged"
    notes: list[str] = field(default_factory=list)

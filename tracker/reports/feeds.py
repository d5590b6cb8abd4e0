"""Atom 1.0 feeds of status changes and new bills, and the change listing notifications share.

A "change" is a current status period that starts on a known date: the law moved into it
from the period before. Its entry id comes from the id of the *first* period row that recorded
that change (same jurisdiction, same start, same codebook attributes), so a correction that only
fixes a citation or a summary, or a write that re-inserts the unchanged remainder of a split
period, keeps the entry id instead of announcing the same change again. Rows are append-only,
so the id never changes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import quote
from xml.etree import ElementTree as ET

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, lazyload

from tracker.status.history import DIFF_FIELDS, FieldChange, diff_periods
from tracker.store.db import maxima
from tracker.store.models import AuditEntry, Bill, Jurisdiction, StatusPeriod

ATOM_NS = "http://www.w3.org/2005/Atom"
# The tag: URI authority of every entry and feed id. Fixed here (not taken from the request's
# host) so ids stay the same whichever host name serves the feed.
TAG_ENTITY = "kratom-tracker.invalid,2026"
FEED_LIMIT = 100
WINDOW_MIN = 200  # candidate rows read per statement by a bounded change listing
FEED_FORMAT = "atom-1"  # bump when the rendering changes, so cached ETags are not reused
AUTHOR = "Kratom legal-status tracker"
# the attributes that make a change the same change (confidence and wording may be corrected)
CHANGE_KEY_FIELDS = tuple(f for f in DIFF_FIELDS if f != "confidence")
# characters that XML 1.0 does not allow (C0 controls except tab/LF/CR, surrogates, U+FFFE/FFFF)
_XML_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM_NS)


def xml_text(value: object, limit: int = 4000) -> str:
    """Text safe to put in XML 1.0: illegal control characters and lone surrogates removed."""
    text = "" if value is None else str(value)
    return _XML_ILLEGAL.sub("", text)[:limit]


def tag_uri(specific: str) -> str:
    """A tag: URI (RFC 4151) under the tracker's fixed authority."""
    return f"tag:{TAG_ENTITY}:{specific}"


@dataclass(frozen=True)
class RecordedChange:
    """A change in the law as the tracker records it now, with the id that names it forever."""

    entry_id: int
    jurisdiction: Jurisdiction
    before: StatusPeriod | None
    after: StatusPeriod
    fields: list[FieldChange]
    first_recorded_at: datetime

    @property
    def effective(self) -> date:
        return self.after.effective_from  # type: ignore[return-value]

    def headline(self) -> str:
        """'Louisiana (US-LA): regulated → banned, effective 2025-08-01'."""
        j, after = self.jurisdiction, self.after
        before = self.before.category if self.before is not None else "no earlier record"
        move = (
            f"{before} → {after.category}"
            if before != after.category
            else f"still {after.category}"
        )
        return f"{j.name} ({j.code}): {move}, effective {after.effective_from.isoformat()}"

    def diff_text(self) -> str:
        """The field diff in words: 'category: regulated → banned; leaf: regulated → controlled'."""
        if not self.fields:
            return "no codebook attribute changed (a new law or source with the same effect)"
        return "; ".join(f"{c.field}: {_word(c.before)} → {_word(c.after)}" for c in self.fields)


def _word(value: object) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _key_values(row) -> tuple:
    values = []
    for name in CHANGE_KEY_FIELDS:
        v = getattr(row, name)
        values.append(tuple(sorted(v or [])) if name == "substances" else v)
    return tuple(values)


def recorded_changes(
    session: Session,
    jurisdiction: Jurisdiction | None = None,
    limit: int | None = None,
    recorded_after: datetime | None = None,
) -> list[RecordedChange]:
    """Current changes, newest first by the day the tracker first recorded them, then by effective date.

    recorded_after keeps only changes first recorded after that instant (notifications).

    With a limit the work is bounded by the limit, not by the history: candidates (a few columns
    each) are read in windows ordered by (day recorded, effective date, code). A change was first
    recorded on or before the day its current row was recorded, so that order is an upper bound
    on the feed's order, and reading stops once the next candidate cannot outrank the newest
    `limit` found; only those are then loaded as objects with their citations.
    """
    candidates = (
        select(
            StatusPeriod.id,
            StatusPeriod.jurisdiction_id,
            StatusPeriod.effective_from,
            StatusPeriod.recorded_at,
            Jurisdiction.code,
            *(getattr(StatusPeriod, f) for f in CHANGE_KEY_FIELDS),
        )
        .join(Jurisdiction, Jurisdiction.id == StatusPeriod.jurisdiction_id)
        .where(*_current_changes(jurisdiction, recorded_after))
        .order_by(
            func.date(StatusPeriod.recorded_at).desc(),
            StatusPeriod.effective_from.desc(),
            Jurisdiction.code.desc(),
            StatusPeriod.id.desc(),
        )
    )
    window = None if limit is None else max(limit, WINDOW_MIN)
    chosen: list[_Pick] = []
    offset = 0
    while True:
        rows = session.execute(
            candidates if window is None else candidates.offset(offset).limit(window + 1)
        ).all()
        batch, peek = (
            (rows, None) if window is None or len(rows) <= window else (rows[:window], rows[window])
        )
        first_seen = _first_seen(session, batch, scoped=window is not None)
        for r in batch:
            key = (r.jurisdiction_id, r.effective_from, _key_values(r))
            recorded_at, entry_id = min(
                first_seen.get(key, (r.recorded_at, r.id)), (r.recorded_at, r.id)
            )
            if recorded_after is None or recorded_at > recorded_after:
                chosen.append(
                    _Pick(
                        (recorded_at.date(), r.effective_from, r.code), entry_id, recorded_at, r.id
                    )
                )
        chosen.sort(key=lambda c: c.order, reverse=True)
        # the one row read past the window says whether another window could change the top `limit`
        if peek is None or (len(chosen) >= limit and _bound(peek) < chosen[limit - 1].order):
            break
        offset += window
    chosen = chosen if limit is None else chosen[:limit]
    return _load(session, chosen, jurisdiction, recorded_after, scoped=limit is not None)


@dataclass(frozen=True)
class _Pick:
    order: tuple  # (day first recorded, effective date, code): the feed's order, newest first
    entry_id: int
    first_recorded_at: datetime
    period_id: int


def _current_changes(jurisdiction: Jurisdiction | None, recorded_after: datetime | None) -> list:
    conditions = [StatusPeriod.superseded_at.is_(None), StatusPeriod.effective_from.is_not(None)]
    if jurisdiction is not None:
        conditions.append(StatusPeriod.jurisdiction_id == jurisdiction.id)
    if recorded_after is not None:  # first recorded after it implies recorded after it
        conditions.append(StatusPeriod.recorded_at > recorded_after)
    return conditions


def _bound(row) -> tuple:
    """The highest place the change a current row starts could take in the feed's order."""
    return (row.recorded_at.date(), row.effective_from, row.code)


def _load(
    session: Session, chosen: list[_Pick], jurisdiction, recorded_after, scoped: bool
) -> list[RecordedChange]:
    """The chosen changes as objects: each period with its jurisdiction, citations and the period before."""
    if not chosen:
        return []
    stmt = select(StatusPeriod).options(
        joinedload(StatusPeriod.jurisdiction)
    )  # citations: selectin, one statement
    if scoped:
        stmt = stmt.where(StatusPeriod.id.in_([c.period_id for c in chosen]))
    else:
        stmt = stmt.where(*_current_changes(jurisdiction, recorded_after))
    afters = {p.id: p for p in session.scalars(stmt)}
    befores = _befores(session, list(afters.values()), scoped)
    out = []
    for c in chosen:
        after = afters[c.period_id]
        before = befores.get((after.jurisdiction_id, after.effective_from))  # none across a gap
        out.append(
            RecordedChange(
                c.entry_id,
                after.jurisdiction,
                before,
                after,
                diff_periods(before, after),
                c.first_recorded_at,
            )
        )
    return out


def _first_seen(session: Session, batch: list, scoped: bool) -> dict[tuple, tuple[datetime, int]]:
    """(recorded_at, id) of the earliest superseded row recording the same change, by change key."""
    if not batch:
        return {}
    old = select(
        StatusPeriod.id,
        StatusPeriod.jurisdiction_id,
        StatusPeriod.effective_from,
        StatusPeriod.recorded_at,
        *(getattr(StatusPeriod, f) for f in CHANGE_KEY_FIELDS),
    ).where(StatusPeriod.superseded_at.is_not(None), StatusPeriod.effective_from.is_not(None))
    if scoped:
        old = old.where(
            StatusPeriod.jurisdiction_id.in_(sorted({p.jurisdiction_id for p in batch})),
            StatusPeriod.effective_from.in_(sorted({p.effective_from for p in batch})),
        )
    first_seen: dict[tuple, tuple[datetime, int]] = {}
    for row in session.execute(old):
        key = (row.jurisdiction_id, row.effective_from, _key_values(row))
        seen = (row.recorded_at, row.id)
        if key not in first_seen or seen < first_seen[key]:
            first_seen[key] = seen
    return first_seen


def _befores(
    session: Session, batch: list[StatusPeriod], scoped: bool
) -> dict[tuple, StatusPeriod]:
    """The current period that ends the day each change begins, by (jurisdiction id, that day)."""
    if not batch:
        return {}
    stmt = select(StatusPeriod).where(
        StatusPeriod.superseded_at.is_(None), StatusPeriod.effective_to.is_not(None)
    )
    if scoped:
        stmt = stmt.where(
            StatusPeriod.jurisdiction_id.in_(sorted({p.jurisdiction_id for p in batch})),
            StatusPeriod.effective_to.in_(sorted({p.effective_from for p in batch})),
        )
    stmt = stmt.options(lazyload(StatusPeriod.citations))  # only its attributes are compared
    return {(p.jurisdiction_id, p.effective_to): p for p in session.scalars(stmt)}


# --- validators (ETag / Last-Modified) without building the feed ---------------------------------


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime


def _validator(parts: Iterable[object], latest: datetime | None) -> Validator:
    digest = hashlib.sha256("|".join(str(p) for p in (FEED_FORMAT, *parts)).encode()).hexdigest()[
        :32
    ]
    when = latest or datetime(1970, 1, 1, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return Validator(etag=digest, last_modified=when.replace(microsecond=0))


def changes_validator(
    session: Session, base_url: str, jurisdiction: Jurisdiction | None = None
) -> Validator:
    """Changes only when a period is recorded or superseded (history is append-only).

    Index look-ups only, so a conditional GET costs the same at any size: a new period has a
    new highest id and recorded_at, and every history write (including one that only supersedes)
    adds an audit entry. For one jurisdiction's feed any audit entry counts: a spare 200, never
    a stale 304.
    """
    mine = [] if jurisdiction is None else [StatusPeriod.jurisdiction_id == jurisdiction.id]
    last_id, recorded, audit_id, audited = maxima(
        session,
        select(func.max(StatusPeriod.id)).where(*mine),
        select(func.max(StatusPeriod.recorded_at)).where(*mine),
        select(func.max(AuditEntry.id)),
        select(func.max(AuditEntry.at)),
    )
    return _validator(
        (
            "changes",
            base_url,
            jurisdiction.code if jurisdiction else "*",
            last_id,
            recorded,
            audit_id,
        ),
        _latest(recorded, audited),
    )


def bills_validator(session: Session, base_url: str) -> Validator:
    """Changes when a bill is first seen (a new highest id) or changes (last_changed_at moves; it is
    set on insert too). Both are index look-ups."""
    last_id, changed = maxima(
        session, select(func.max(Bill.id)), select(func.max(Bill.last_changed_at))
    )
    return _validator(("bills", base_url, last_id, changed), _latest(changed))


def _latest(*values) -> datetime | None:
    values = [_aware(v) for v in values if v is not None]
    return max(values) if values else None


def _aware(value) -> datetime:
    if isinstance(value, str):  # some drivers return aggregates of custom types as text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- rendering ----------------------------------------------------------------------------------


def _stamp(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=UTC)
    return _aware(value).astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(
        parent, f"{{{ATOM_NS}}}{name}", {k: xml_text(v, 2000) for k, v in attrs.items()}
    )
    if text is not None:
        el.text = xml_text(text)
    return el


def _feed(
    feed_id: str, title: str, self_url: str, alternate_url: str, updated: datetime
) -> ET.Element:
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    _sub(feed, "updated", _stamp(updated))
    author = _sub(feed, "author")
    _sub(author, "name", AUTHOR)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url)
    _sub(feed, "generator", "kratom-tracker")
    return feed


def _serialise(feed: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        feed, encoding="utf-8", xml_declaration=False
    )


def jurisdiction_url(base_url: str, code: str) -> str:
    """The jurisdiction page's absolute URL (codes may contain a slash)."""
    return f"{base_url.rstrip('/')}/j/{quote(code, safe='/')}"


def change_entry_id(change: RecordedChange) -> str:
    return tag_uri(f"change/{change.entry_id}")


def changes_feed(
    session: Session,
    base_url: str,
    self_url: str,
    updated: datetime,
    jurisdiction: Jurisdiction | None = None,
    limit: int = FEED_LIMIT,
) -> bytes:
    """The Atom document of the newest changes (all, or one jurisdiction's)."""
    base = base_url.rstrip("/")
    if jurisdiction is None:
        feed = _feed(
            tag_uri("feed/changes"),
            "Kratom legal-status changes",
            self_url,
            f"{base}/changes",
            updated,
        )
    else:
        feed = _feed(
            tag_uri(f"feed/changes/{jurisdiction.code}"),
            f"Kratom legal-status changes: {jurisdiction.name}",
            self_url,
            jurisdiction_url(base, jurisdiction.code),
            updated,
        )
    for change in recorded_changes(session, jurisdiction, limit=limit):
        after = change.after
        entry = _sub(feed, "entry")
        _sub(entry, "id", change_entry_id(change))
        _sub(entry, "title", change.headline())
        _sub(entry, "published", _stamp(change.first_recorded_at))
        _sub(entry, "updated", _stamp(after.recorded_at))
        _sub(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=f"{jurisdiction_url(base, change.jurisdiction.code)}?as_of={after.effective_from.isoformat()}",
        )
        _sub(entry, "category", term=after.category, label=after.category)
        cites = "; ".join(f"{c.label} <{c.url}>" for c in after.citations)
        summary = f"{change.diff_text()}. Effective {after.effective_from.isoformat()}."
        if after.summary:
            summary += f" {after.summary.strip()}"
        if cites:
            summary += f" Sources: {cites}"
        _sub(entry, "summary", summary, type="text")
    return _serialise(feed)


def bills_feed(
    session: Session, base_url: str, self_url: str, updated: datetime, limit: int = FEED_LIMIT
) -> bytes:
    """The Atom document of the newest relevant bills, newest first by when they were first seen."""
    base = base_url.rstrip("/")
    feed = _feed(
        tag_uri("feed/bills"), "Kratom bills: newly tracked", self_url, f"{base}/bills", updated
    )
    stmt = (
        select(Bill, Jurisdiction)
        .outerjoin(Jurisdiction, Bill.jurisdiction_id == Jurisdiction.id)
        .where(Bill.relevant.is_(True))
        .order_by(Bill.first_seen_at.desc(), Bill.id.desc())
        .limit(limit)
    )
    for bill, j in session.execute(stmt).tuples():
        where = f"{j.name} ({j.code})" if j is not None else "unknown jurisdiction"
        entry = _sub(feed, "entry")
        _sub(entry, "id", tag_uri(f"bill/{bill.id}"))
        _sub(
            entry,
            "title",
            f"{where}: {bill.identifier}{f' ({bill.session})' if bill.session else ''} — {bill.title}",
        )
        _sub(entry, "published", _stamp(bill.first_seen_at))
        _sub(entry, "updated", _stamp(bill.last_changed_at))
        href = (
            bill.url
            if bill.url and bill.url.startswith(("https://", "http://"))
            else (jurisdiction_url(base, j.code) if j is not None else f"{base}/bills")
        )
        _sub(entry, "link", rel="alternate", href=href)
        _sub(entry, "category", term=bill.stage, label=bill.stage)
        _sub(
            entry,
            "summary",
            f"Stage: {bill.stage}. Intent: {bill.intent or 'not classified'}. Source: {bill.source}. {bill.title}",
            type="text",
        )
    return _serialise(feed)

"""Bitemporal status history: the one write path and the read services.

Valid time (effective_from/effective_to) says when a law applied; transaction time
(recorded_at/superseded_at) says when the tracker believed it. Rows are never edited in
place: a new belief closes the old row's transaction time and inserts new rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, lazyload

from tracker.store.models import AuditEntry, Citation, Jurisdiction, StatusPeriod, utcnow
from tracker.status.periods import (
    CitationInput,
    PeriodInput,
    ValidationError,
    check_no_overlap,
    overlaps,
    validate_period,
)

DIFF_FIELDS = (
    "category", "leaf", "seven_oh", "seven_oh_threshold", "min_age", "licensing",
    "labelling", "substances", "confidence",
)


@dataclass(frozen=True)
class WriteResult:
    inserted: int = 0
    superseded: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.superseded)


def known_on_instant(known_on: date | datetime | None) -> datetime | None:
    """A known-on date means 'as the tracker knew it at the end of that day (UTC)'."""
    if known_on is None or isinstance(known_on, datetime):
        return known_on
    return datetime.combine(known_on + timedelta(days=1), time.min, tzinfo=timezone.utc)


def _believed(known_at: datetime | None):
    """SQL condition: the row was the tracker's belief at known_at (None = now)."""
    if known_at is None:
        return StatusPeriod.superseded_at.is_(None)
    return (StatusPeriod.recorded_at < known_at) & or_(
        StatusPeriod.superseded_at.is_(None), StatusPeriod.superseded_at >= known_at
    )


def _valid_on(as_of: date):
    return or_(StatusPeriod.effective_from.is_(None), StatusPeriod.effective_from <= as_of) & or_(
        StatusPeriod.effective_to.is_(None), StatusPeriod.effective_to > as_of
    )


def current_periods(session: Session, jurisdiction: Jurisdiction) -> list[StatusPeriod]:
    """The periods the tracker believes now, in valid-time order."""
    return history(session, jurisdiction)


def history(session: Session, jurisdiction: Jurisdiction, known_on: date | datetime | None = None) -> list[StatusPeriod]:
    """The valid-time history of a jurisdiction as the tracker knew it on known_on (default now)."""
    stmt = (
        select(StatusPeriod)
        .where(StatusPeriod.jurisdiction_id == jurisdiction.id, _believed(known_on_instant(known_on)))
        .order_by(StatusPeriod.effective_from.is_not(None), StatusPeriod.effective_from)
    )
    return list(session.scalars(stmt))


def all_beliefs(session: Session, jurisdiction: Jurisdiction) -> list[StatusPeriod]:
    """Every row ever recorded for a jurisdiction, current and superseded (transaction-time view)."""
    stmt = (
        select(StatusPeriod)
        .where(StatusPeriod.jurisdiction_id == jurisdiction.id)
        .order_by(StatusPeriod.recorded_at, StatusPeriod.effective_from.is_not(None), StatusPeriod.effective_from)
    )
    return list(session.scalars(stmt))


def status_on(
    session: Session, jurisdiction: Jurisdiction, as_of: date, known_on: date | datetime | None = None
) -> StatusPeriod | None:
    """The period in force on as_of, as the tracker knew it on known_on (None = now)."""
    stmt = (
        select(StatusPeriod)
        .where(StatusPeriod.jurisdiction_id == jurisdiction.id, _believed(known_on_instant(known_on)), _valid_on(as_of))
        .options(joinedload(StatusPeriod.citations))  # one round trip instead of two: the hot as-of path
    )
    return session.scalars(stmt).unique().first()


def statuses_on(
    session: Session, as_of: date, known_on: date | datetime | None = None, *, kinds: Iterable[str] | None = None
) -> dict[int, StatusPeriod]:
    """The period in force on as_of for every jurisdiction (of these kinds) that has one, by jurisdiction id."""
    stmt = select(StatusPeriod).where(_believed(known_on_instant(known_on)), _valid_on(as_of))
    if kinds is not None:
        stmt = stmt.join(Jurisdiction, Jurisdiction.id == StatusPeriod.jurisdiction_id).where(
            Jurisdiction.kind.in_(list(kinds))
        )
    return {p.jurisdiction_id: p for p in session.scalars(stmt)}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


def diff_periods(before: StatusPeriod | None, after: StatusPeriod | None) -> list[FieldChange]:
    """Field-level differences between two periods (None = no period)."""
    changes = []
    for name in DIFF_FIELDS:
        a = getattr(before, name, None) if before is not None else None
        b = getattr(after, name, None) if after is not None else None
        if name == "substances":
            a, b = sorted(a or []), sorted(b or [])
        if a != b:
            changes.append(FieldChange(name, a, b))
    return changes


@dataclass(frozen=True)
class Change:
    jurisdiction: Jurisdiction
    effective: date | None
    before: StatusPeriod | None
    after: StatusPeriod
    fields: list[FieldChange]


def changes_between(
    session: Session,
    start: date,
    end: date,
    known_on: date | datetime | None = None,
    jurisdictions: Iterable[Jurisdiction] | None = None,
    *,
    newest: int | None = None,
) -> list[Change]:
    """Every change whose effective date falls in [start, end] (or only the newest N), with its field diff.

    Two statements whatever the size of the history: the periods that begin in the window, then
    the periods that end in it (their predecessors); nothing outside the window is read.
    """
    believed = _believed(known_on_instant(known_on))
    ids = None if jurisdictions is None else [j.id for j in jurisdictions]
    stmt = (
        select(StatusPeriod)
        .join(Jurisdiction, Jurisdiction.id == StatusPeriod.jurisdiction_id)
        .where(believed, StatusPeriod.effective_from.is_not(None), StatusPeriod.effective_from.between(start, end))
        .options(contains_eager(StatusPeriod.jurisdiction))
        .order_by(StatusPeriod.effective_from.desc(), Jurisdiction.code.desc())
    )
    if ids is not None:
        stmt = stmt.where(StatusPeriod.jurisdiction_id.in_(ids))
    if newest is not None:
        stmt = stmt.limit(newest)
    afters = list(session.scalars(stmt))
    if not afters:
        return []
    # A change's "before" is the period that ends the day it begins; with a gap there is none.
    before_stmt = (
        select(StatusPeriod)
        .where(believed, StatusPeriod.effective_to.between(start, end))
        .options(lazyload(StatusPeriod.citations))  # read only for its attributes; citations on demand
    )
    if newest is not None or ids is not None:
        before_stmt = before_stmt.where(
            StatusPeriod.jurisdiction_id.in_(sorted({p.jurisdiction_id for p in afters}) if newest is not None else ids)
        )
    befores = {(p.jurisdiction_id, p.effective_to): p for p in session.scalars(before_stmt)}
    changes = []
    for after in reversed(afters):
        before = befores.get((after.jurisdiction_id, after.effective_from))
        changes.append(Change(after.jurisdiction, after.effective_from, before, after, diff_periods(before, after)))
    return changes


def count_changes(session: Session, start: date, end: date, known_on: date | datetime | None = None) -> int:
    """How many changes took effect in [start, end] (one per period that begins in the window)."""
    return session.scalar(
        select(func.count()).select_from(StatusPeriod).where(
            _believed(known_on_instant(known_on)), StatusPeriod.effective_from.between(start, end)
        )
    )


def _next_instant(session: Session, jurisdiction: Jurisdiction, now: datetime | None) -> datetime:
    """A transaction time strictly after anything already recorded for the jurisdiction."""
    now = now or utcnow()
    last = session.scalar(
        select(func.max(StatusPeriod.recorded_at)).where(StatusPeriod.jurisdiction_id == jurisdiction.id)
    )
    if last is not None and now <= last:
        now = last + timedelta(microseconds=1)
    return now


def _uncovered(start: date | None, end: date | None, covers: list[PeriodInput]) -> list[tuple[date | None, date | None]]:
    """The parts of [start, end) not covered by any of the given periods."""
    pieces = [(start or date.min, end or date.max)]
    for c in covers:
        lo, hi = c.effective_from or date.min, c.effective_to or date.max
        next_pieces = []
        for a, b in pieces:
            if hi <= a or lo >= b:
                next_pieces.append((a, b))
                continue
            if a < lo:
                next_pieces.append((a, lo))
            if hi < b:
                next_pieces.append((hi, b))
        pieces = next_pieces
    return [(None if a == date.min else a, None if b == date.max else b) for a, b in pieces]


def as_input(p: StatusPeriod, **changes) -> PeriodInput:
    """The PeriodInput that a stored period asserts, optionally with some fields changed."""
    values = dict(
        effective_from=p.effective_from,
        effective_to=p.effective_to,
        leaf=p.leaf,
        seven_oh=p.seven_oh,
        confidence=p.confidence,
        citations=tuple(CitationInput(c.kind, c.label, c.url, c.accessed) for c in p.citations),
        seven_oh_threshold=p.seven_oh_threshold,
        min_age=p.min_age,
        licensing=p.licensing,
        labelling=p.labelling,
        substances=tuple(p.substances or ()),
        summary=p.summary,
        notes=p.notes,
        verified_on=p.verified_on,
        enacted_on=p.enacted_on,
    )
    values.update(changes)
    return PeriodInput(**values)


def as_input_with(p: PeriodInput, changes: dict) -> PeriodInput:
    """A copy of a PeriodInput with some codebook attributes changed (a threshold only with a cap)."""
    changes = dict(changes)
    if changes.get("seven_oh", p.seven_oh) != "capped":
        changes["seven_oh_threshold"] = None
    return replace(p, **changes)


def _insert(session: Session, jurisdiction: Jurisdiction, p: PeriodInput, now: datetime, recorded_by: str) -> StatusPeriod:
    row = StatusPeriod(
        jurisdiction_id=jurisdiction.id,
        effective_from=p.effective_from,
        effective_to=p.effective_to,
        enacted_on=p.enacted_on,
        leaf=p.leaf,
        seven_oh=p.seven_oh,
        seven_oh_threshold=p.seven_oh_threshold,
        min_age=p.min_age,
        licensing=p.licensing,
        labelling=p.labelling,
        substances=list(p.substances),
        category=p.category,
        summary=p.summary,
        notes=p.notes,
        confidence=p.confidence,
        verified_on=p.verified_on,
        fingerprint=p.fingerprint(),
        recorded_at=now,
        superseded_at=None,
        recorded_by=recorded_by[:200],  # the column's width: a long e-mail must not fail the write on PostgreSQL
    )
    row.citations = [
        Citation(position=i, kind=c.kind, label=c.label, url=c.url, accessed=c.accessed)
        for i, c in enumerate(p.citations)
    ]
    session.add(row)
    return row


def record_history(
    session: Session,
    jurisdiction: Jurisdiction,
    periods: Sequence[PeriodInput],
    *,
    recorded_by: str,
    replace_all: bool = False,
    now: datetime | None = None,
    reason: str | None = None,
) -> WriteResult:
    """The one write path for status history.

    Validates the periods, supersedes the current rows they replace (with replace_all, every
    current row not restated), keeps the uncovered remainder of partly replaced rows, inserts
    the new rows, derives each category, and writes one audit entry. Re-recording periods that
    are already current is a no-op.
    """
    for i, p in enumerate(periods):
        try:
            validate_period(p)
        except ValidationError as exc:
            raise exc.located(exc.where or jurisdiction.code, f"periods[{i}].") from None
    check_no_overlap(list(periods))

    current = current_periods(session, jurisdiction)
    current_fps = {c.fingerprint for c in current}
    wanted_fps = {p.fingerprint() for p in periods}
    new = [p for p in periods if p.fingerprint() not in current_fps]
    if replace_all:
        retired = [c for c in current if c.fingerprint not in wanted_fps]
    else:
        retired = [
            c for c in current
            if c.fingerprint not in wanted_fps
            and any(overlaps(c.effective_from, c.effective_to, n.effective_from, n.effective_to) for n in new)
        ]
    if not new and not retired:
        return WriteResult()

    now = _next_instant(session, jurisdiction, now)
    remainders = []
    if not replace_all:
        for c in retired:
            for lo, hi in _uncovered(c.effective_from, c.effective_to, new):
                remainders.append(as_input(c, effective_from=lo, effective_to=hi))
    for c in retired:
        c.superseded_at = now
    rows = [_insert(session, jurisdiction, p, now, recorded_by) for p in [*new, *remainders]]
    session.flush()
    _assert_no_current_overlap(session, jurisdiction)
    session.add(
        AuditEntry(
            at=now,
            actor=recorded_by[:200],
            action="record_history",
            entity="jurisdiction",
            entity_id=jurisdiction.code,
            detail={
                "inserted": [r.id for r in rows],
                "superseded": [c.id for c in retired],
                "reason": reason,
            },
        )
    )
    return WriteResult(inserted=len(rows), superseded=len(retired))


def _assert_no_current_overlap(session: Session, jurisdiction: Jurisdiction) -> None:
    rows = current_periods(session, jurisdiction)
    for a, b in zip(rows, rows[1:]):
        if overlaps(a.effective_from, a.effective_to, b.effective_from, b.effective_to):
            raise ValidationError(
                "effective_from",
                f"would overlap the current period from {a.effective_from or 'open start'}",
                jurisdiction.code,
            )

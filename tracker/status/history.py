"""Bitemporal status history: the one write path and the read services.

Valid time (effective_from/effective_to) says when a law applied; transaction time
(recorded_at/superseded_at) says when the tracker believed it. Rows are never edited in
place: a new belief closes the old row's transaction time and inserts new rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import bindparam, case, func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, lazyload

from tracker.status import codebook
from tracker.status.periods import (
    ASSURANCE,
    ATTRIBUTES,
    CITATIONS,
    PUBLIC_FIELDS,
    CitationInput,
    PeriodInput,
    SupersededInput,
    ValidationError,
    check_no_overlap,
    overlaps,
    validate_period,
    when_text,
)
from tracker.store.models import AuditEntry, Citation, Jurisdiction, StatusPeriod, utcnow

DIFF_FIELDS = (
    *(f.name for f in ATTRIBUTES),
    ASSURANCE[0].name,
)  # the codebook attributes and the confidence
# The stored period columns that carry a PeriodInput field (tracker.status.periods.PUBLIC_FIELDS): all
# but the derived category and the citations (rows of their own).
STORED_FIELDS = tuple(f.name for f in PUBLIC_FIELDS if f is not CITATIONS and f.name != "category")


@dataclass(frozen=True)
class WriteResult:
    inserted: int = 0
    superseded: int = 0
    # of which, for a dataset file's superseded beliefs (record_dataset_beliefs): rows recorded for
    # them, and rows an install held as current that were closed at the release that gave them up
    retired_recorded: int = 0
    retired_closed: int = 0
    retired_skipped: int = 0  # not inserted: it would overlap a belief this install recorded itself

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.superseded)


def midnight_utc(day: date) -> datetime:
    """The first instant of a day in UTC: a dataset's recorded_on as a transaction time."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def known_on_instant(known_on: date | datetime | None) -> datetime | None:
    """A known-on date means 'as the tracker knew it at the end of that day (UTC)'."""
    if known_on is None or isinstance(known_on, datetime):
        return known_on
    return datetime.combine(known_on + timedelta(days=1), time.min, tzinfo=UTC)


def believed_at(known_at: datetime | None):
    """SQL condition: the row was the tracker's belief at known_at (None = now)."""
    if known_at is None:
        return StatusPeriod.superseded_at.is_(None)
    return (StatusPeriod.recorded_at < known_at) & or_(
        StatusPeriod.superseded_at.is_(None), StatusPeriod.superseded_at >= known_at
    )


def possibly_in_force_on(as_of: date):
    """SQL condition: as_of lies between the period's earliest possible start and its earliest possible end.

    A period whose start is known only to a month or a year covers its whole uncertain window
    here; what it answers inside that window is decided by the one rule below (answer()).
    """
    return or_(StatusPeriod.effective_from.is_(None), StatusPeriod.effective_from <= as_of) & or_(
        StatusPeriod.effective_to.is_(None), StatusPeriod.effective_to > as_of
    )


# --- The one rule for starts known only to a month or a year (docs/DATA.md, "Uncertain dates") ---
#
# A period stored from its earliest possible start answers an as-of date with its status only from
# its latest possible start. Before the earliest possible start it does not answer at all (the
# earlier period answers, or nothing: category unknown). In between, the law may or may not have
# applied yet, so the answer is `unknown`, with the reason. Every reader goes through answer() (ORM
# objects), unestablished() (plain rows) or category_on() (SQL filters).

UNESTABLISHED_FIELDS = {
    "category": "unknown",
    "leaf": "unknown",
    "seven_oh": "unknown",
    "seven_oh_threshold": None,
    "min_age": None,
    "licensing": False,
    "labelling": False,
}


def start_established(latest_start: date | None, as_of: date) -> bool:
    """Whether as_of is on or after a period's latest possible start (so its status applies)."""
    return latest_start is None or latest_start <= as_of


def unestablished_reason(start_edtf: str | None, earliest: date | None) -> str:
    """'law dated 2017; exact day not established' for a period whose start is a year or month."""
    return f"law dated {when_text(earliest, start_edtf)}; exact day not established"


def unestablished(
    start_edtf: str | None,
    earliest: date | None,
    latest: date | None,
    as_of: date,
    category: str,
    summary: str | None,
) -> dict | None:
    """The fields that replace a period's attributes on as_of inside its uncertain start window, or None."""
    if start_established(latest, as_of):
        return None
    return {
        **UNESTABLISHED_FIELDS,
        "substances": [],
        "effective_to": latest,
        "effective_to_edtf": None,
        "summary": unestablished_reason(start_edtf, earliest),
        "notes": f"From {latest.isoformat()} the tracker records {category}"
        + (f": {summary}" if summary else "."),
    }


def category_on(as_of: date, followers: Sequence[int] = (), federal: StatusPeriod | None = None):
    """SQL: the category a period answers on as_of: unknown inside its uncertain start window, and
    for the jurisdictions in `followers` (rule F) the category a federal control gives them."""
    whens = [(StatusPeriod.effective_from_latest > as_of, "unknown")]
    if followers and federal is not None:
        follower = StatusPeriod.jurisdiction_id.in_(list(followers)) & (
            StatusPeriod.leaf != "unknown"
        )
        if federal.leaf == "controlled":
            whens.append((follower, "banned"))
        elif federal.seven_oh == "controlled":
            whens.append((follower & (StatusPeriod.leaf != "controlled"), "restricted"))
    return case(*whens, else_=StatusPeriod.category)


def federal_followers(session: Session) -> list[int]:
    """Ids of the jurisdictions that adopt federal scheduling automatically (rule F)."""
    rows = session.execute(
        select(Jurisdiction.id, Jurisdiction.federal_scheduling).where(
            Jurisdiction.code.like("US-%")
        )
    )
    return [i for i, block in rows if (block or {}).get("automatic")]


def answer(period: StatusPeriod | None, as_of: date) -> StatusPeriod | None:
    """What a period found in force on as_of answers: itself, or an `unknown` stand-in with the reason.

    The stand-in is a transient StatusPeriod (never added to a session, id None) that keeps the
    period's citations, confidence and transaction time, so every view can show it as it shows any
    period; its notes say what the tracker records from the latest possible start.
    """
    if period is None:
        return None
    fields = unestablished(
        period.effective_from_edtf,
        period.effective_from,
        period.effective_from_latest,
        as_of,
        period.category,
        period.summary,
    )
    if fields is None:
        return period
    return _standin(period, effective_from_latest=period.effective_from, **fields)


_COPIED = (
    "jurisdiction_id",
    *STORED_FIELDS,
    "effective_from_latest",
    "category",
    "fingerprint",
    "recorded_at",
    "superseded_at",
    "recorded_by",
)


def _standin(period: StatusPeriod, **fields) -> StatusPeriod:
    """A transient copy of a period (never added to a session, id None) with some fields replaced."""
    values = {name: getattr(period, name) for name in _COPIED} | fields
    federal_order = values.pop("federal_order", period.federal_order)
    standin = StatusPeriod(id=None, **values)
    standin.jurisdiction = period.jurisdiction
    standin.answers_for = period.answers_for or period
    standin.federal_order = federal_order
    standin.citations = [
        Citation(
            position=c.position,
            kind=c.kind,
            label=c.label,
            url=c.url,
            accessed=c.accessed,
            source_date=c.source_date,
            via=c.via,
        )
        for c in period.citations
    ]
    return standin


# --- Rule F: states that adopt federal scheduling automatically (docs/CODEBOOK.md) ---

FEDERAL_CODE = "US"


def federal_answer(
    session: Session, as_of: date, known_on: date | datetime | None = None
) -> StatusPeriod | None:
    """What the US federal level answers on as_of (as known on known_on)."""
    stmt = (
        select(StatusPeriod)
        .join(Jurisdiction, Jurisdiction.id == StatusPeriod.jurisdiction_id)
        .where(
            Jurisdiction.code == FEDERAL_CODE,
            believed_at(known_on_instant(known_on)),
            possibly_in_force_on(as_of),
        )
        .options(joinedload(StatusPeriod.citations))  # one statement
    )
    return answer(session.scalars(stmt).unique().first(), as_of)


def federal_fields(
    federal_scheduling: dict | None,
    leaf: str,
    seven_oh: str,
    min_age: int | None,
    notes: str | None,
    federal: StatusPeriod | None,
) -> dict | None:
    """The fields a federal order changes in a state that follows federal scheduling, or None."""
    if not federal_scheduling or not federal_scheduling.get("automatic") or federal is None:
        return None
    new_leaf, new_seven_oh, applied = codebook.apply_federal_scheduling(
        leaf, seven_oh, federal.leaf, federal.seven_oh
    )
    if not applied:
        return None
    order = f"{codebook.FEDERAL_ORDER_NOTE} ({federal.summary or federal.category})"
    return {
        "leaf": new_leaf,
        "seven_oh": new_seven_oh,
        "seven_oh_threshold": None,  # applied: 7-OH is now controlled, no cap
        "category": codebook.derive_category(new_leaf, new_seven_oh, min_age),
        "notes": f"{order}. {notes or ''}".strip(),
        "federal_order": order,
    }


def follow_federal(
    period: StatusPeriod | None, jurisdiction: Jurisdiction, federal: StatusPeriod | None
) -> StatusPeriod | None:
    """Rule F on an answer: a state that adopts federal scheduling takes a federal control on the date."""
    if period is None:
        return None
    fields = federal_fields(
        jurisdiction.federal_scheduling,
        period.leaf,
        period.seven_oh,
        period.min_age,
        period.notes,
        federal,
    )
    if fields is None:
        return period
    return _standin(period, **fields)


def current_periods(session: Session, jurisdiction: Jurisdiction) -> list[StatusPeriod]:
    """The periods the tracker believes now, in valid-time order."""
    return history(session, jurisdiction)


def history(
    session: Session, jurisdiction: Jurisdiction, known_on: date | datetime | None = None
) -> list[StatusPeriod]:
    """The valid-time history of a jurisdiction as the tracker knew it on known_on (default now)."""
    known_at = known_on_instant(known_on)
    params = {"jurisdiction_id": jurisdiction.id}
    if known_at is not None:
        params["known_at"] = known_at
    return list(session.scalars(_history_statement(known_at is not None), params))


# The two hottest reads (every page, every write, every check) are built once with bound
# parameters: SQLAlchemy keeps a statement's cache key on the statement, so it is not rebuilt and
# walked again on each call (#11). believed_at() with a parameter is the same condition.
@cache
def _history_statement(known: bool):
    return (
        select(StatusPeriod)
        .where(
            StatusPeriod.jurisdiction_id == bindparam("jurisdiction_id"),
            believed_at(bindparam("known_at") if known else None),
        )
        .order_by(StatusPeriod.effective_from.is_not(None), StatusPeriod.effective_from)
    )


def all_beliefs(session: Session, jurisdiction: Jurisdiction) -> list[StatusPeriod]:
    """Every row ever recorded for a jurisdiction, current and superseded (transaction-time view)."""
    stmt = (
        select(StatusPeriod)
        .where(StatusPeriod.jurisdiction_id == jurisdiction.id)
        .order_by(
            StatusPeriod.recorded_at,
            StatusPeriod.effective_from.is_not(None),
            StatusPeriod.effective_from,
        )
    )
    return list(session.scalars(stmt))


def period_covering(
    session: Session, jurisdiction: Jurisdiction, day: date, known_on: date | datetime | None = None
) -> StatusPeriod | None:
    """The stored period whose valid time covers day (from its earliest possible start), as is.

    For writers (a curator building a new period on top of the current one); readers use status_on.
    """
    known_at = known_on_instant(known_on)
    params = {"jurisdiction_id": jurisdiction.id, "day": day}
    if known_at is not None:
        params["known_at"] = known_at
    return session.scalars(_covering_statement(known_at is not None), params).unique().first()


@cache
def _covering_statement(known: bool):
    return (
        select(StatusPeriod)
        .where(
            StatusPeriod.jurisdiction_id == bindparam("jurisdiction_id"),
            believed_at(bindparam("known_at") if known else None),
            possibly_in_force_on(bindparam("day")),
        )
        .options(
            joinedload(StatusPeriod.citations)
        )  # one round trip instead of two: the hot as-of path
    )


def status_on(
    session: Session,
    jurisdiction: Jurisdiction,
    as_of: date,
    known_on: date | datetime | None = None,
) -> StatusPeriod | None:
    """What the tracker answers for as_of, as it knew it on known_on (None = now): see answer(), and
    rule F for a state that follows federal scheduling (follow_federal)."""
    period = answer(period_covering(session, jurisdiction, as_of, known_on), as_of)
    if period is not None and (jurisdiction.federal_scheduling or {}).get("automatic"):
        period = follow_federal(period, jurisdiction, federal_answer(session, as_of, known_on))
    return period


def statuses_on(
    session: Session,
    as_of: date,
    known_on: date | datetime | None = None,
    *,
    kinds: Iterable[str] | None = None,
) -> dict[int, StatusPeriod]:
    """What the tracker answers for as_of for every jurisdiction (of these kinds) that has a period, by id."""
    stmt = select(StatusPeriod).where(
        believed_at(known_on_instant(known_on)), possibly_in_force_on(as_of)
    )
    if kinds is not None:
        stmt = stmt.join(Jurisdiction, Jurisdiction.id == StatusPeriod.jurisdiction_id).where(
            Jurisdiction.kind.in_(list(kinds))
        )
    answers = {p.jurisdiction_id: answer(p, as_of) for p in session.scalars(stmt)}
    followers = [i for i in federal_followers(session) if i in answers]
    if followers:
        federal = federal_answer(session, as_of, known_on)
        for i in followers:
            answers[i] = follow_federal(answers[i], answers[i].jurisdiction, federal)
    return answers


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
    believed = believed_at(known_on_instant(known_on))
    ids = None if jurisdictions is None else [j.id for j in jurisdictions]
    stmt = (
        select(StatusPeriod)
        .join(Jurisdiction, Jurisdiction.id == StatusPeriod.jurisdiction_id)
        .where(
            believed,
            StatusPeriod.effective_from.is_not(None),
            StatusPeriod.effective_from.between(start, end),
        )
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
        .options(
            lazyload(StatusPeriod.citations)
        )  # read only for its attributes; citations on demand
    )
    if newest is not None or ids is not None:
        before_stmt = before_stmt.where(
            StatusPeriod.jurisdiction_id.in_(
                sorted({p.jurisdiction_id for p in afters}) if newest is not None else ids
            )
        )
    befores = {(p.jurisdiction_id, p.effective_to): p for p in session.scalars(before_stmt)}
    changes = []
    for after in reversed(afters):
        before = befores.get((after.jurisdiction_id, after.effective_from))
        changes.append(
            Change(
                after.jurisdiction, after.effective_from, before, after, diff_periods(before, after)
            )
        )
    return changes


def count_changes(
    session: Session, start: date, end: date, known_on: date | datetime | None = None
) -> int:
    """How many changes took effect in [start, end] (one per period that begins in the window)."""
    return session.scalar(
        select(func.count())
        .select_from(StatusPeriod)
        .where(
            believed_at(known_on_instant(known_on)), StatusPeriod.effective_from.between(start, end)
        )
    )


@dataclass(frozen=True)
class _Last:
    """The latest transaction times already used for a jurisdiction."""

    recorded: datetime | None
    superseded: datetime | None


def _last_instant(session: Session, jurisdiction: Jurisdiction) -> _Last:
    """The latest transaction times already used for the jurisdiction (recorded, superseded)."""
    recorded, superseded = session.execute(
        select(func.max(StatusPeriod.recorded_at), func.max(StatusPeriod.superseded_at)).where(
            StatusPeriod.jurisdiction_id == jurisdiction.id
        )
    ).one()
    if (
        recorded is not None and recorded.tzinfo is None
    ):  # aggregate results skip the column type on some drivers
        recorded = recorded.replace(tzinfo=UTC)
    if superseded is not None and superseded.tzinfo is None:
        superseded = superseded.replace(tzinfo=UTC)
    return _Last(recorded, superseded)


def _after(instant: datetime, last: _Last) -> datetime:
    """instant, moved on so that transaction time only moves forward: strictly after the last
    recorded instant, and not before the last superseded one. A row superseded at t is believed up
    to t included and a row recorded at t only after it, so a belief may begin exactly where
    another ended (a replacement is found by that equality: tracker.reports.timeline)."""
    if last.recorded is not None and instant <= last.recorded:
        instant = last.recorded + timedelta(microseconds=1)
    if last.superseded is not None and instant < last.superseded:
        instant = last.superseded
    return instant


def _uncovered(
    start: date | None, end: date | None, covers: list[PeriodInput]
) -> list[tuple[date | None, date | None]]:
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
    # every stored field but recorded_on (a belief restated later is not the dataset's first statement)
    values = {name: getattr(p, name) for name in STORED_FIELDS if name != "recorded_on"}
    values["substances"] = tuple(p.substances or ())
    values["citations"] = tuple(
        CitationInput(c.kind, c.label, c.url, c.accessed, c.source_date, c.via) for c in p.citations
    )
    for name in (
        "effective_from",
        "effective_to",
    ):  # a new boundary day drops the old reduced precision
        if name in changes and f"{name}_edtf" not in changes:
            values[f"{name}_edtf"] = None
    values.update(changes)
    return PeriodInput(**values)


def as_input_with(p: PeriodInput, changes: dict) -> PeriodInput:
    """A copy of a PeriodInput with some codebook attributes changed (a threshold only with a cap)."""
    changes = dict(changes)
    if changes.get("seven_oh", p.seven_oh) != "capped":
        changes["seven_oh_threshold"] = None
    return replace(p, **changes)


def _insert(
    session: Session, jurisdiction: Jurisdiction, p: PeriodInput, now: datetime, recorded_by: str
) -> StatusPeriod:
    row = StatusPeriod(
        jurisdiction_id=jurisdiction.id,
        **{name: getattr(p, name) for name in STORED_FIELDS},
        effective_from_latest=p.effective_from_latest,
        category=p.category,
        fingerprint=p.fingerprint(),
        recorded_at=now,
        superseded_at=None,
        recorded_by=recorded_by[
            :200
        ],  # the column's width: a long e-mail must not fail the write on PostgreSQL
    )
    row.substances = list(p.substances)
    row.citations = [
        Citation(
            position=i,
            kind=c.kind,
            label=c.label,
            url=c.url,
            accessed=c.accessed,
            source_date=c.source_date,
            via=c.via,
        )
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
    detail: dict | None = None,
) -> WriteResult:
    """The one write path for status history.

    Validates the periods, supersedes the current rows they replace (with replace_all, every
    current row not restated), keeps the uncovered remainder of partly replaced rows, inserts
    the new rows, derives each category, and writes one audit entry (with `detail` added, e.g.
    which fields a curator changed). Re-recording periods that are already current is a no-op.

    Transaction time: a period with a recorded_on (the dataset release that first stated it) is
    recorded at midnight UTC of that day, any other at `now` (default: the clock); either moved to
    just after the jurisdiction's last recorded instant if it is not later. A replaced row is
    superseded when the first new row overlapping it begins (else at the earliest new instant).
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
            c
            for c in current
            if c.fingerprint not in wanted_fps
            and any(
                overlaps(c.effective_from, c.effective_to, n.effective_from, n.effective_to)
                for n in new
            )
        ]
    if not new and not retired:
        return WriteResult()

    last = _last_instant(session, jurisdiction)
    base = _after(now or utcnow(), last)
    instants = [_after(midnight_utc(p.recorded_on), last) if p.recorded_on else base for p in new]
    first = min(instants, default=base)
    rows = [_insert(session, jurisdiction, p, t, recorded_by) for p, t in zip(new, instants)]
    for c in retired:
        replacing = [
            t
            for p, t in zip(new, instants)
            if overlaps(c.effective_from, c.effective_to, p.effective_from, p.effective_to)
        ]
        c.superseded_at = min(replacing, default=first)
        if not replace_all:
            for lo, hi in _uncovered(c.effective_from, c.effective_to, new):
                remainder = as_input(
                    c,
                    effective_from=lo,
                    effective_to=hi,
                    effective_from_edtf=c.effective_from_edtf if lo == c.effective_from else None,
                    effective_to_edtf=c.effective_to_edtf if hi == c.effective_to else None,
                )
                rows.append(_insert(session, jurisdiction, remainder, c.superseded_at, recorded_by))
    now = first
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
                **(detail or {}),
            },
        )
    )
    return WriteResult(inserted=len(rows), superseded=len(retired))


def record_dataset_beliefs(
    session: Session,
    jurisdiction: Jurisdiction,
    periods: Sequence[PeriodInput],
    superseded: Sequence[SupersededInput] = (),
    *,
    recorded_by: str,
    now: datetime | None = None,
    reason: str | None = None,
) -> WriteResult:
    """Record a dataset file: its current periods (record_history, replace_all) and the beliefs
    earlier releases stated and a later one gave up (its `superseded:` list, docs/DATA.md).

    A superseded belief is one row believed from midnight UTC of its recorded_on to midnight UTC of
    its superseded_on, so "as the tracker knew it" on any day is the same on every install:
    1. an install that holds the belief as current (same assertion: boundaries and attributes,
       recorded before superseded_on; e.g. one that ran `init` on release 2026.11.27) has that row
       closed at superseded_on, not now, before the current periods are recorded, so the new
       belief begins exactly where the old one ended;
    2. then the current periods are recorded through record_history;
    3. then a belief the install never held is inserted as a closed row; one it already holds (same
       assertion, recorded before superseded_on) is left alone, so loading twice changes nothing.
       A row that would overlap another belief of this install in both valid and transaction time
       (one this install recorded itself) is not inserted: nothing already recorded is changed.
    Every row written is a new row (or, in step 1, the setting of a current row's superseded_at), as
    in record_history, and one audit entry names them with their reasons.
    """
    for i, s in enumerate(superseded):
        try:
            validate_period(s.period, legacy_kinds=True)
        except ValidationError as exc:
            raise exc.located(exc.where or jurisdiction.code, f"superseded[{i}].") from None
        if s.period.recorded_on is None or s.superseded_on <= s.period.recorded_on:
            raise ValidationError(
                f"superseded[{i}].superseded_on", "must be after recorded_on", jurisdiction.code
            )
    closed = []
    current = (
        current_periods(session, jurisdiction) if superseded else []
    )  # one query, not one per entry
    for s in superseded:
        end = midnight_utc(s.superseded_on)
        for row in current:
            if row.superseded_at is not None:  # closed by an earlier entry of this list
                continue
            if _recorded_before(row, end) and as_input(row).assertion() == s.period.assertion():
                row.superseded_at = end
                closed.append(row)
    if closed:
        session.flush()
    result = record_history(
        session,
        jurisdiction,
        periods,
        recorded_by=recorded_by,
        replace_all=True,
        now=now,
        reason=reason,
    )
    inserted, skipped = [], []
    rows = all_beliefs(session, jurisdiction) if superseded else []  # kept current below
    for s in superseded:
        start, end = midnight_utc(s.period.recorded_on), midnight_utc(s.superseded_on)
        if any(
            _recorded_before(r, end) and as_input(r).assertion() == s.period.assertion()
            for r in rows
        ):
            continue  # held already (recorded by an earlier load, or closed in step 1)
        clash = [
            r
            for r in rows
            if _aware(r.recorded_at) < end
            and (r.superseded_at is None or _aware(r.superseded_at) > start)
            and overlaps(
                r.effective_from, r.effective_to, s.period.effective_from, s.period.effective_to
            )
        ]
        if clash:
            skipped.append({"recorded_on": s.period.recorded_on.isoformat(), "clash": clash[0].id})
            continue
        row = _insert(session, jurisdiction, s.period, start, recorded_by)
        row.superseded_at = end
        inserted.append((row, s.reason))
        rows.append(row)  # a later entry of this list is checked against it too
    if not closed and not inserted:  # a standing clash is reported again, but writes nothing
        return replace(result, retired_skipped=len(skipped))
    session.flush()
    session.add(
        AuditEntry(
            at=now or utcnow(),
            actor=recorded_by[:200],
            action="record_superseded",
            entity="jurisdiction",
            entity_id=jurisdiction.code,
            detail={
                "closed": [r.id for r in closed],
                "inserted": [{"id": r.id, "reason": why} for r, why in inserted],
                "not_inserted": skipped,
                "reason": reason,
            },
        )
    )
    return WriteResult(
        inserted=result.inserted + len(inserted),
        superseded=result.superseded + len(closed),
        retired_recorded=len(inserted),
        retired_closed=len(closed),
        retired_skipped=len(skipped),
    )


def _aware(instant: datetime) -> datetime:
    """A stored instant as an aware UTC datetime (SQLite hands some back naive)."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def _recorded_before(row: StatusPeriod, instant: datetime) -> bool:
    return _aware(row.recorded_at) < instant


def _assert_no_current_overlap(session: Session, jurisdiction: Jurisdiction) -> None:
    rows = current_periods(session, jurisdiction)
    for a, b in zip(rows, rows[1:]):
        if overlaps(a.effective_from, a.effective_to, b.effective_from, b.effective_to):
            raise ValidationError(
                "effective_from",
                f"would overlap the current period from {a.effective_from or 'open start'}",
                jurisdiction.code,
            )

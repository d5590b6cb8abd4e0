"""A jurisdiction's history told in words and pictures, and the list of changes across jurisdictions.

- :func:`describe` / :func:`timeline_entries`: each period with the field diff from the one before,
  in words ("regulated → banned, effective 2025-08-01, SB 154 (2025 Regular Session), Act 41 of 2025").
- :func:`corrections`: superseded beliefs ("as the tracker knew it"), with what replaced them.
- :func:`strip_svg`: the category over time as a server-rendered SVG strip (markupsafe-escaped,
  presentation attributes and classes only, so it passes a strict Content-Security-Policy).
- :func:`changes_by_effective` / :func:`changes_by_recorded`: every change in a date range and region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, contains_eager, lazyload

from tracker.status import history, regions
from tracker.status.codebook import CATEGORY_COLOURS
from tracker.status.history import FieldChange, diff_periods
from tracker.status.periods import overlaps
from tracker.status.periods import when_text as _when
from tracker.store.models import Citation, Jurisdiction, JurisdictionEvent, StatusPeriod

REGIONS = regions.REGIONS
FIELD_LABELS = {
    "category": "category",
    "leaf": "leaf",
    "seven_oh": "7-OH rule",
    "seven_oh_threshold": "7-OH threshold",
    "min_age": "minimum age",
    "licensing": "licensing",
    "labelling": "labelling",
    "substances": "substances",
    "confidence": "confidence",
}
# The kinds of citation that best name the law behind a change, best first: official texts, then
# bill trackers and statute copies (aggregators name the act), then other secondary sources.
ENACTING_KINDS = (
    "session_law",
    "statute",
    "bill_page",
    "agency_rule",
    "gazette",
    "court_ruling",
    "official_release",
    "aggregator",
    "law_firm",
    "news",
    "encyclopedia",
    "academic",
    "advocacy",
    "vendor",
)


# ---------------------------------------------------------------------------------------------
# Field diffs in words


def value_words(name: str, value: object) -> str:
    """A codebook value as a reader would say it."""
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if name in ("leaf", "seven_oh"):
        return str(value).replace("_", " ")
    return str(value)


@dataclass(frozen=True)
class FieldWords:
    field: str
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"


def field_words(changes: Iterable[FieldChange]) -> list[FieldWords]:
    """Each field change with a label and its values in words."""
    return [
        FieldWords(
            c.field,
            FIELD_LABELS.get(c.field, c.field),
            value_words(c.field, c.before),
            value_words(c.field, c.after),
        )
        for c in changes
    ]


def enacting_citation(period: StatusPeriod | None) -> Citation | None:
    """The citation that best names the law behind a period (a statute or bill before news)."""
    if period is None or not period.citations:
        return None
    rank = {kind: i for i, kind in enumerate(ENACTING_KINDS)}
    return min(period.citations, key=lambda c: (rank.get(c.kind, len(rank)), c.position))


def headline(before: StatusPeriod | None, after: StatusPeriod) -> str:
    """One line: 'regulated → banned, effective 2025-08-01, SB 154 (…), Act 41 of 2025'."""
    if before is None:
        parts = [f"first record: {after.category}"]
    elif before.category != after.category:
        parts = [f"{before.category} → {after.category}"]
    else:
        parts = [f"{after.category} (category unchanged)"]  # the field diff says what did change
    if after.effective_from is not None:
        parts.append(f"effective {_when(after.effective_from, after.effective_from_edtf)}")
    else:
        parts.append("in force before the records begin")
    if after.enacted_on is not None and after.enacted_on != after.effective_from:
        parts.append(f"enacted {after.enacted_on.isoformat()}")
    cite = enacting_citation(after)
    if cite is not None:
        parts.append(cite.label)
    return ", ".join(parts)


@dataclass
class TimelineEntry:
    """One period of a jurisdiction's history and how it differs from the one before."""

    period: StatusPeriod
    before: StatusPeriod | None
    words: list[FieldWords]
    headline: str
    citation: Citation | None
    gap_before: bool  # no period covered the days just before this one
    in_force: bool  # the period in force on the page's as_of date


def _valid_on(p: StatusPeriod, day: date) -> bool:
    return (p.effective_from is None or p.effective_from <= day) and (
        p.effective_to is None or p.effective_to > day
    )


def in_force(periods: Sequence[StatusPeriod], as_of: date) -> StatusPeriod | None:
    """What a history answers on as_of: the period valid then, through the uncertain-start rule
    (tracker.status.history.answer)."""
    return history.answer(next((p for p in periods if _valid_on(p, as_of)), None), as_of)


def timeline_entries(
    periods: Sequence[StatusPeriod], as_of: date | None = None, newest_first: bool = True
) -> list[TimelineEntry]:
    """Each period (given oldest first) with the field diff from the period just before it."""
    entries = []
    previous: StatusPeriod | None = None
    for p in periods:
        adjacent = previous is not None and previous.effective_to == p.effective_from
        before = previous if adjacent else None
        entries.append(
            TimelineEntry(
                period=p,
                before=before,
                words=field_words(diff_periods(before, p)) if before is not None else [],
                headline=headline(before, p),
                citation=enacting_citation(p),
                gap_before=previous is not None and not adjacent,
                in_force=as_of is not None and _valid_on(p, as_of),
            )
        )
        previous = p
    return list(reversed(entries)) if newest_first else entries


# ---------------------------------------------------------------------------------------------
# Corrections: the transaction-time view


@dataclass
class Correction:
    """A belief the tracker held and later replaced."""

    old: StatusPeriod
    replaced_by: list[StatusPeriod]
    words: list[FieldWords]
    view_known_on: date | None  # a known_on date on which the page still showed the old belief


def last_day_believed(row: StatusPeriod) -> date | None:
    """The last known_on date whose end-of-day view still contained this row (None if none)."""
    if row.superseded_at is None:
        return None
    day = row.superseded_at.astimezone(UTC).date() - timedelta(days=1)
    recorded_day = row.recorded_at.astimezone(UTC).date()
    return day if recorded_day <= day else None


def corrections(beliefs: Sequence[StatusPeriod], known_on: date | None = None) -> list[Correction]:
    """Superseded rows (newest correction first), each with the rows that replaced it."""
    limit = history.known_on_instant(known_on)
    out = []
    for old in beliefs:
        if old.superseded_at is None or (limit is not None and old.superseded_at >= limit):
            continue
        replaced_by = [
            r
            for r in beliefs
            if r.recorded_at == old.superseded_at
            and overlaps(r.effective_from, r.effective_to, old.effective_from, old.effective_to)
        ]
        main = replaced_by[0] if replaced_by else None
        out.append(
            Correction(
                old=old,
                replaced_by=replaced_by,
                words=field_words(diff_periods(old, main)) if main is not None else [],
                view_known_on=last_day_believed(old),
            )
        )
    out.sort(key=lambda c: (c.old.superseded_at, c.old.effective_from or date.min), reverse=True)
    return out


def events(
    session: Session, jurisdiction: Jurisdiction, known_on: date | None = None
) -> list[JurisdictionEvent]:
    """The jurisdiction's dated events (notices, warnings) as known on known_on, newest first."""
    known_at = history.known_on_instant(known_on)
    if known_at is None:
        believed = JurisdictionEvent.superseded_at.is_(None)
    else:
        believed = (JurisdictionEvent.recorded_at < known_at) & or_(
            JurisdictionEvent.superseded_at.is_(None), JurisdictionEvent.superseded_at >= known_at
        )
    stmt = (
        select(JurisdictionEvent)
        .where(JurisdictionEvent.jurisdiction_id == jurisdiction.id, believed)
        .order_by(JurisdictionEvent.date.desc(), JurisdictionEvent.id.desc())
    )
    return list(session.scalars(stmt))


# ---------------------------------------------------------------------------------------------
# The timeline strip (SVG)

STRIP_WIDTH = 1000
BAR_TOP, BAR_HEIGHT = 8, 30
LABEL_TOP, LABEL_STEP, LABEL_ROWS = 64, 17, 4
CHAR_WIDTH = 6.4  # average width of a 12px sans-serif character, for placing labels
GAP_FILL = "#f4f4f4"


@dataclass
class Strip:
    svg: Markup
    text: str  # the same picture in words (also inside the SVG's <desc>)
    start: date
    end: date
    ticks: list[tuple[date, str]] = field(default_factory=list)


def _short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def strip_svg(
    periods: Sequence[StatusPeriod], *, name: str, today: date, as_of: date | None = None
) -> Strip:
    """The category over time, from the first period to today (or the last scheduled change)."""
    dated = [d for p in periods for d in (p.effective_from, p.effective_to) if d is not None]
    lo = min(dated) if dated else today
    hi = max([*dated, today])
    span = max((hi - lo).days, 1)
    open_start = not periods or periods[0].effective_from is None or not dated
    start = lo - timedelta(days=max(365, span // 10)) if open_start else lo
    end = hi + timedelta(days=max(30, span // 100))
    total = (end - start).days
    inner = STRIP_WIDTH - 2

    def x(day: date) -> float:
        day = min(max(day, start), end)
        return round(1 + (day - start).days / total * inner, 1)

    pieces: list[tuple[date, date, str, str]] = []  # (from, to, category or "gap", title)
    cursor = start
    for p in periods:
        p_from = p.effective_from or start
        p_to = p.effective_to or end
        if p_from > cursor:
            pieces.append(
                (
                    cursor,
                    p_from,
                    "gap",
                    f"no record from {cursor.isoformat()} to {p_from.isoformat()}",
                )
            )
        label = f"{p.category} from {_when(p.effective_from, p.effective_from_edtf) or 'before the records'}"
        label += f" to {_when(p.effective_to, p.effective_to_edtf)}" if p.effective_to else " on"
        latest = p.effective_from_latest
        if (
            p.effective_from_edtf and latest and latest > p_from
        ):  # the uncertain start window answers unknown
            reason = history.unestablished_reason(p.effective_from_edtf, p.effective_from)
            pieces.append((max(p_from, start), min(latest, end), "unknown", reason))
            p_from = latest
        pieces.append((max(p_from, start), min(p_to, end), p.category, label))
        cursor = max(cursor, p_to)
    if cursor < end and periods:
        pieces.append((cursor, end, "gap", f"no record from {cursor.isoformat()}"))
    if not periods:
        pieces.append((start, end, "unknown", "nothing researched: unknown"))

    parts: list[Markup] = []
    for a, b, cat, title in pieces:
        fill = GAP_FILL if cat == "gap" else CATEGORY_COLOURS.get(cat, CATEGORY_COLOURS["unknown"])
        parts.append(
            Markup(
                '<rect class="seg seg-{}" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
            ).format(cat, x(a), BAR_TOP, max(round(x(b) - x(a), 1), 0.5), BAR_HEIGHT, fill, title)
        )

    # a tick at each change, labelled with the date and the enacting law's citation
    ticks: list[tuple[date, str]] = []
    for p in periods:
        if p.effective_from is not None:
            cite = enacting_citation(p)
            ticks.append((p.effective_from, cite.label if cite else "no citation"))
    row_right = [-1e9] * LABEL_ROWS
    used_rows = 0
    tick_lines: list[Markup] = []
    tick_labels: list[Markup] = []
    for day, label in ticks:
        tx = x(day)
        text = f"{day.isoformat()} · {_short(label)}"
        width = len(text) * CHAR_WIDTH
        anchor = "start" if tx + width <= STRIP_WIDTH else "end"
        left = tx if anchor == "start" else tx - width
        row = next((r for r in range(LABEL_ROWS) if left > row_right[r] + 10), None)
        if row is None:
            row = min(range(LABEL_ROWS), key=lambda r: row_right[r])
        row_right[row] = left + width
        used_rows = max(used_rows, row + 1)
        y = LABEL_TOP + row * LABEL_STEP
        # every tick line first, every label after with a white halo, so no line crosses a label
        tick_lines.append(
            Markup(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1a1a1a" stroke-width="1.5"/>'
            ).format(tx, BAR_TOP - 4, tx, y - 12)
        )
        tick_labels.append(
            Markup(
                '<g class="tick"><title>{}: {}</title>'
                '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="#1a1a1a" stroke="#fff" stroke-width="4"'
                ' stroke-linejoin="round" paint-order="stroke">{}</text></g>'
            ).format(day.isoformat(), label, tx, y, anchor, text)
        )
    parts += tick_lines + tick_labels
    axis_y = BAR_TOP + BAR_HEIGHT + 14
    start_label = "earlier" if open_start else start.isoformat()
    end_label = f"today ({today.isoformat()})" if hi == today else f"{hi.isoformat()} (scheduled)"
    parts.append(
        Markup('<text class="axis" x="2" y="{}" font-size="11" fill="#555">{}</text>').format(
            axis_y, start_label
        )
    )
    parts.append(
        Markup(
            '<text class="axis" x="{}" y="{}" font-size="11" fill="#555" text-anchor="end">{}</text>'
        ).format(STRIP_WIDTH - 2, axis_y, end_label)
    )
    if as_of is not None and start <= as_of <= end:
        ax = x(as_of)
        parts.append(
            Markup(
                '<g class="asof"><title>showing {}</title><line x1="{}" y1="2" x2="{}" y2="{}" stroke="#000" '
                'stroke-width="2" stroke-dasharray="4 3"/></g>'
            ).format(as_of.isoformat(), ax, ax, BAR_TOP + BAR_HEIGHT + 4)
        )

    text = describe_strip(periods, name)
    height = LABEL_TOP + max(used_rows - 1, 0) * LABEL_STEP + 8
    svg = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="timeline-strip" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="strip-title strip-desc" font-family="system-ui, sans-serif">'
        '<title id="strip-title">{}</title><desc id="strip-desc">{}</desc>{}</svg>'
    ).format(STRIP_WIDTH, height, f"Category over time: {name}", text, Markup("").join(parts))
    return Strip(svg=svg, text=text, start=start, end=end, ticks=ticks)


def describe_strip(periods: Sequence[StatusPeriod], name: str) -> str:
    """The strip in words: each period's category and dates, with the law that began it."""
    if not periods:
        return f"{name}: nothing researched; the status is unknown."
    bits = []
    for p in periods:
        if p.effective_from is None:
            since = (
                "until " + _when(p.effective_to, p.effective_to_edtf)
                if p.effective_to
                else "throughout the records"
            )
            until = ""
        else:
            since = f"from {_when(p.effective_from, p.effective_from_edtf)}"
            until = f" to {_when(p.effective_to, p.effective_to_edtf)}" if p.effective_to else " on"
        cite = enacting_citation(p) if p.effective_from else None
        bits.append(f"{p.category} {since}{until}" + (f" ({cite.label})" if cite else ""))
    return f"{name}: " + "; ".join(bits) + "."


# ---------------------------------------------------------------------------------------------
# Changes across jurisdictions


def region_condition(region: str | None):
    """SQL condition on Jurisdiction for a region (tracker.status.regions is the one definition)."""
    return regions.condition(region)


@dataclass
class ChangeRow:
    """One change for the changes page and feeds."""

    jurisdiction: Jurisdiction
    effective: date | None
    recorded_at: datetime
    recorded_by: str
    kind: str  # change | first record | correction
    before: StatusPeriod | None
    after: StatusPeriod
    words: list[FieldWords]
    headline: str
    citation: Citation | None


def _jurisdictions(session: Session, region: str | None) -> list[Jurisdiction]:
    stmt = select(Jurisdiction)
    cond = region_condition(region)
    if cond is not None:
        stmt = stmt.where(cond)
    return list(session.scalars(stmt))


def changes_by_effective(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    region: str | None = None,
    known_on: date | None = None,
    limit: int | None = None,
    jurisdiction: Jurisdiction | None = None,
) -> list[ChangeRow]:
    """Every change whose effective date is in [start, end] (or the newest `limit`), newest first;
    only in one jurisdiction when given (and then only if it is in the region)."""
    places = None if region in (None, "all") else _jurisdictions(session, region)
    if jurisdiction is not None:
        places = [jurisdiction] if places is None or jurisdiction in places else []
    changes = history.changes_between(
        session, start or date.min, end or date.max, known_on, places, newest=limit
    )
    rows = [
        ChangeRow(
            jurisdiction=c.jurisdiction,
            effective=c.effective,
            recorded_at=c.after.recorded_at,
            recorded_by=c.after.recorded_by,
            kind="change" if c.before is not None else "first record",
            before=c.before,
            after=c.after,
            words=field_words(c.fields) if c.before is not None else [],
            headline=headline(c.before, c.after),
            citation=enacting_citation(c.after),
        )
        for c in changes
    ]
    rows.sort(key=lambda r: (r.effective or date.min, r.jurisdiction.code), reverse=True)
    return rows


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def changes_by_recorded(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    region: str | None = None,
    limit: int = 1000,
    jurisdiction: Jurisdiction | None = None,
) -> tuple[list[ChangeRow], bool]:
    """Rows by when the tracker recorded them (newest first), each diffed against what it replaced.

    A row that replaced an earlier belief for the same days is a correction; a row that follows an
    adjacent period the tracker already held is a change; otherwise it is a first record.
    Returns (rows, truncated).
    """
    stmt = (
        select(StatusPeriod)
        .join(StatusPeriod.jurisdiction)
        .options(contains_eager(StatusPeriod.jurisdiction))
    )
    if start is not None:
        stmt = stmt.where(StatusPeriod.recorded_at >= _day_start(start))
    if end is not None:
        stmt = stmt.where(StatusPeriod.recorded_at < _day_start(end + timedelta(days=1)))
    cond = region_condition(region)
    if cond is not None:
        stmt = stmt.where(cond)
    if jurisdiction is not None:
        stmt = stmt.where(StatusPeriod.jurisdiction_id == jurisdiction.id)
    stmt = stmt.order_by(
        StatusPeriod.recorded_at.desc(),
        StatusPeriod.jurisdiction_id,
        StatusPeriod.effective_from.desc(),
    )
    found = list(session.scalars(stmt.limit(limit + 1)))
    truncated = len(found) > limit
    found = found[:limit]
    ids = sorted({p.jurisdiction_id for p in found})
    peers: dict[int, list[StatusPeriod]] = {}
    if ids:
        peer_stmt = (
            select(StatusPeriod)
            .where(StatusPeriod.jurisdiction_id.in_(ids))
            .options(lazyload(StatusPeriod.citations))
        )
        for p in session.scalars(peer_stmt):
            peers.setdefault(p.jurisdiction_id, []).append(p)
    rows = []
    for p in found:
        others = peers.get(p.jurisdiction_id, [])
        replaced = [
            o
            for o in others
            if o.superseded_at == p.recorded_at
            and overlaps(o.effective_from, o.effective_to, p.effective_from, p.effective_to)
        ]
        if replaced:
            before, kind = replaced[0], "correction"
        else:
            held = [
                o
                for o in others
                if o.id != p.id
                and o.recorded_at <= p.recorded_at
                and (o.superseded_at is None or o.superseded_at > p.recorded_at)
                and p.effective_from is not None
                and o.effective_to == p.effective_from
            ]
            before = held[0] if held else None
            kind = "change" if before is not None else "first record"
        rows.append(
            ChangeRow(
                jurisdiction=p.jurisdiction,
                effective=p.effective_from,
                recorded_at=p.recorded_at,
                recorded_by=p.recorded_by,
                kind=kind,
                before=before,
                after=p,
                words=field_words(diff_periods(before, p)) if before is not None else [],
                headline=headline(before, p)
                if kind != "correction"
                else correction_headline(before, p),
                citation=enacting_citation(p),
            )
        )
    return rows, truncated


def _span(p: StatusPeriod) -> str:
    a = p.effective_from.isoformat() if p.effective_from else "open start"
    b = p.effective_to.isoformat() if p.effective_to else "open end"
    return f"{a} to {b}"


def correction_headline(old: StatusPeriod, new: StatusPeriod) -> str:
    """'corrected: regulated → banned for 2025-08-01 to open end (was 2025-07-01 to open end)'."""
    if old.category != new.category:
        what = f"{old.category} → {new.category}"
    else:
        what = f"{new.category} (category unchanged)"
    text = f"corrected: {what} for {_span(new)}"
    if (old.effective_from, old.effective_to) != (new.effective_from, new.effective_to):
        text += f" (was {_span(old)})"
    return text

"""The landscape over time: how many US states, and how many researched countries, were in each
category month by month, plus the server-rendered SVG chart of it.

The valid time and category of every period the tracker believes (as of known_on) for states
and countries are read in one query; the monthly counts
are then computed in Python by a sweep over each jurisdiction's sorted periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.status.codebook import CATEGORIES, CATEGORY_COLOURS
from tracker.status.history import believed_at, known_on_instant
from tracker.status.regions import is_us_state
from tracker.store.models import Jurisdiction, StatusPeriod


class Span(NamedTuple):
    """A period's category and valid time: all the chart needs of it."""

    category: str
    effective_from: date | None
    effective_to: date | None


@dataclass
class Series:
    """Monthly counts per category for one group of jurisdictions."""

    key: str
    label: str
    members: int  # jurisdictions in the group
    months: list[date]  # first day of each month
    counts: dict[str, list[int]]  # category -> count per month

    def at(self, i: int) -> dict[str, int]:
        return {c: self.counts[c][i] for c in CATEGORIES}

    def change_rows(self) -> list[tuple[date, dict[str, int]]]:
        """The first month and every month whose counts differ from the month before."""
        out = []
        for i, month in enumerate(self.months):
            row = self.at(i)
            if not out or row != out[-1][1]:
                out.append((month, row))
        return out


@dataclass
class Landscape:
    start: date
    end: date
    first_state_law: date | None
    series: list[Series]


def _month_starts(start: date, end: date) -> list[date]:
    months, y, m = [], start.year, start.month
    while date(y, m, 1) <= end:
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _is_state(j_code: str, kind: str) -> bool:
    """The 50 states and DC (not the federal level, Puerto Rico or other territories)."""
    return is_us_state(j_code, kind, with_dc=True)


def landscape(
    session: Session, end: date | None = None, known_on: date | datetime | None = None
) -> Landscape:
    """Monthly category counts for US states (50 + DC) and researched countries.

    The window runs from the month of the first state law in the data (the earliest date on
    which any state's status changed) to the month of ``end`` (default today). A jurisdiction
    with no period covering a month counts as ``unknown`` that month; countries count only when
    researched (at least one period recorded), so the country total is the researched total.
    """
    end = end or date.today()
    rows = session.execute(
        select(
            Jurisdiction.code,
            Jurisdiction.kind,
            StatusPeriod.category,
            StatusPeriod.effective_from,
            StatusPeriod.effective_to,
            StatusPeriod.effective_from_latest,
        )
        .join(StatusPeriod, StatusPeriod.jurisdiction_id == Jurisdiction.id)
        .where(
            believed_at(known_on_instant(known_on)),
            Jurisdiction.kind.in_(("subdivision", "country")),
        )
    ).all()
    states: dict[str, list[Span]] = {}
    countries: dict[str, list[Span]] = {}
    for code, kind, category, lo, hi, latest in rows:
        # a start known to a month or year: unknown until its latest possible day (history.answer's rule)
        spans = [Span(category, lo, hi)]
        if lo is not None and latest is not None and latest > lo:
            spans = [Span("unknown", lo, latest), Span(category, latest, hi)]
        if _is_state(code, kind):
            states.setdefault(code, []).extend(spans)
        elif kind == "country":
            countries.setdefault(code, []).extend(spans)
    state_codes = set(
        session.scalars(
            select(Jurisdiction.code).where(
                Jurisdiction.kind == "subdivision", Jurisdiction.code.like("US-%")
            )
        )
    )
    state_codes = {c for c in state_codes if _is_state(c, "subdivision")}
    starts = [
        p.effective_from
        for ps in states.values()
        for p in ps
        if p.effective_from is not None and p.category != "unknown"
    ]
    first_law = min(starts) if starts else None
    start = (first_law or end).replace(day=1)
    months = _month_starts(start, end)
    return Landscape(
        start=start,
        end=end,
        first_state_law=first_law,
        series=[
            _series(
                "us", "US states (50 and DC)", {c: states.get(c, []) for c in state_codes}, months
            ),
            _series("countries", "Researched countries", countries, months),
        ],
    )


def _month_index(months: list[date], d: date | None, default: int) -> int:
    """Index of the first month start on or after d (default when d is open)."""
    if d is None:
        return default
    first = months[0]
    i = (d.year - first.year) * 12 + (d.month - first.month)
    if d.day > 1:
        i += 1
    return min(max(i, 0), len(months))


def _series(key: str, label: str, by_code: dict[str, list[Span]], months: list[date]) -> Series:
    """Counts per month by a difference array: O(periods + months), not O(periods x months)."""
    n = len(months)
    delta = {c: [0] * (n + 1) for c in CATEGORIES}
    covered = [0] * (n + 1)
    for periods in by_code.values():
        for p in periods:
            lo, hi = (
                _month_index(months, p.effective_from, 0),
                _month_index(months, p.effective_to, n),
            )
            if lo < hi:
                delta[p.category][lo] += 1
                delta[p.category][hi] -= 1
                covered[lo] += 1
                covered[hi] -= 1
    counts: dict[str, list[int]] = {}
    running = {c: 0 for c in CATEGORIES}
    cover = 0
    for c in CATEGORIES:
        counts[c] = [0] * n
    for i in range(n):
        cover += covered[i]
        for c in CATEGORIES:
            running[c] += delta[c][i]
            counts[c][i] = running[c]
        counts["unknown"][i] += len(by_code) - cover  # no period covers this month
    return Series(key, label, len(by_code), months, counts)


# -- the chart ------------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
# Stack order, bottom to top: the most restrictive at the bottom, unknown on top.
STACK = CATEGORIES


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def _steps(values: list[int], x, y) -> list[str]:
    """Points of a step line: a vertex only where the value changes (counts hold for a month)."""
    n = len(values)
    points = [f"{_fmt(x(0))},{_fmt(y(values[0]))}"]
    for i in range(1, n):
        if values[i] != values[i - 1]:
            points.append(f"{_fmt(x(i))},{_fmt(y(values[i - 1]))}")
            points.append(f"{_fmt(x(i))},{_fmt(y(values[i]))}")
    points.append(f"{_fmt(x(n - 1))},{_fmt(y(values[-1]))}")
    return points


def chart_svg(series: Series, dom_id: str) -> Markup:
    """A stacked-area chart of a series as inline SVG (presentation attributes only, escaped).

    The SVG is one image (role=img) with a title and a description; the page offers the same
    numbers as a table.
    """
    n = len(series.months)
    total = max(1, series.members)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: float) -> float:
        return LEFT + (plot_w * i / max(1, n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / total

    title_id, desc_id = f"{dom_id}-title", f"{dom_id}-desc"
    last = series.at(n - 1) if n else {c: 0 for c in CATEGORIES}
    first = series.at(0) if n else last
    desc = (
        "; ".join(
            f"{c}: {first[c]} in {series.months[0]:%B %Y} and {last[c]} in {series.months[-1]:%B %Y}"
            for c in STACK
        )
        if n
        else "no data"
    )
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" id="{}" class="landscape-chart"'
            ' role="img" aria-labelledby="{} {}">'
        ).format(WIDTH, HEIGHT, dom_id, title_id, desc_id),
        Markup('<title id="{}">{}: jurisdictions in each category, month by month</title>').format(
            title_id, series.label
        ),
        Markup('<desc id="{}">{}</desc>').format(desc_id, desc),
    ]
    base = [0] * n
    for cat in STACK:
        top = [base[i] + series.counts[cat][i] for i in range(n)]
        if n and any(series.counts[cat]):
            upper = _steps(top, x, y)
            lower = _steps(base, x, y)[::-1]
            parts.append(
                Markup(
                    '<polygon class="landscape-area landscape-area--{}" fill="{}" points="{}"/>'
                ).format(cat, CATEGORY_COLOURS[cat], " ".join(upper + lower))
            )
        base = top
    # axes: y ticks at 0, a quarter, half, three quarters and the total; x ticks every year (or fewer)
    parts.append(Markup('<g class="landscape-axis" fill="#333" font-size="11" stroke="#333">'))
    ticks = sorted({0, round(total / 4), round(total / 2), round(3 * total / 4), total})
    for v in ticks:
        parts.append(
            Markup(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke-width="0.5"/>'
                '<text x="{}" y="{}" text-anchor="end" stroke="none">{}</text>'
            ).format(LEFT - 4, LEFT, _fmt(y(v)), _fmt(y(v)), LEFT - 6, _fmt(y(v) + 4), v)
        )
    years = [i for i, m in enumerate(series.months) if m.month == 1]
    step = max(1, ceil_div(len(years), 12))
    for i in years[::step]:
        parts.append(
            Markup(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke-width="0.5"/>'
                '<text x="{}" y="{}" text-anchor="middle" stroke="none">{}</text>'
            ).format(
                _fmt(x(i)),
                _fmt(x(i)),
                TOP + plot_h,
                TOP + plot_h + 4,
                _fmt(x(i)),
                TOP + plot_h + 16,
                series.months[i].year,
            )
        )
    parts.append(
        Markup('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke-width="1"/>').format(
            LEFT, LEFT + plot_w, TOP + plot_h, TOP + plot_h
        )
    )
    parts.append(Markup("</g></svg>"))
    return Markup("").join(parts)


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)

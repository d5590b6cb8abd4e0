"""Budgets (issue #6 and research §7a) and the figures that are checked against them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Budget:
    """A ceiling for a figure (`limit` None = reported only, never fails when measured)."""

    limit: float | None
    unit: str
    why: str = ""
    label: str | None = None  # how to print the limit when it is not a plain number
    floor: bool = False  # the limit is a minimum (a rate that must reach it), not a ceiling

    def text(self) -> str:
        if self.limit is None:
            return "report only"
        if self.label:
            return self.label
        return f"{'>=' if self.floor else '<='} {_num(self.limit)} {self.unit}".strip()

    def holds(self, value: float) -> bool:
        if self.limit is None:
            return True
        return value >= self.limit if self.floor else value <= self.limit


def _num(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


# One place for every ceiling; docs/BENCHMARKS.md explains each.
HOME_1X_P99 = Budget(100, "ms", "issue #6: home page p99 at 1x on a 2-core machine")
JURISDICTION_P99 = Budget(100, "ms", "issue #6: a jurisdiction page with 200 periods")
API_P99 = Budget(50, "ms", "issue #6: API status list (research L3)")
ASOF_MEDIAN = Budget(5, "ms", "issue #6: as-of query for one jurisdiction at scale")
CSV_TOTAL = Budget(1.0, "s", "issue #6: CSV export of 10,000 rows, whole download")
CSV_TTFB = Budget(200, "ms", "research L5: first byte of the CSV export")
CSV_PEAK_GROWTH = Budget(50, "MB", "research L5: server RSS growth while exporting (flat memory)")
CSV_DRIFT = Budget(10, "MB", "flat memory: RSS after the last export vs after the first (no leak)")
REDLINE = Budget(1.0, "s", "issue #6: redline of two 1 MB texts (bounded, not quadratic)")
HOSTILE_HTML = Budget(
    5.0, "s", "issue #10: a hostile deeply nested document fails or finishes within 5 s"
)
SCRAPE_PER_QUERY = Budget(
    1, "requests", "issue #6: at most one request per source and query when nothing changed"
)
SCRAPE_ROWS = Budget(0, "rows", "issue #6: a no-change scrape writes nothing but run records")
DATASETTE_RATIO = Budget(
    1.5, "x", "our p99 over Datasette's for the same 100 rows of the same SQLite file"
)
PROPOSAL_PRECISION = Budget(90, "%", "issue #12: raised proposals that are real signal", floor=True)
PROPOSAL_RECALL = Budget(95, "%", "issue #12: recall of enacted status changes", floor=True)
PROPOSAL_CATEGORY = Budget(90, "%", "issue #12: suggested category right", floor=True)
PROPOSAL_EFFECTIVE = Budget(
    80, "%", "issue #12: effective date right, of the proposals that have one", floor=True
)
REPORT = Budget(None, "")


@dataclass
class Figure:
    """One measured figure: what, its budget, its value, and PASS/FAIL."""

    key: str
    name: str
    budget: Budget
    value: float | None = None
    unit: str = ""
    detail: str = ""
    error: str | None = None  # set when it could not be measured ("route missing", an exception)
    skipped: str | None = None  # a reason it does not apply in this run (not a failure)
    raw: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.skipped:
            return "SKIP"
        if (
            self.error
            or self.value is None
            or (isinstance(self.value, float) and math.isnan(self.value))
        ):
            return "FAIL"
        return "PASS" if self.budget.holds(self.value) else "FAIL"

    def measured(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        if self.error:
            return self.error
        if self.value is None:
            return "not measured"
        unit = self.unit or self.budget.unit
        return f"{_num(self.value)} {unit}".strip()

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "figure": self.name,
            "budget": self.budget.text(),
            "limit": self.budget.limit,
            "value": self.value,
            "unit": self.unit or self.budget.unit,
            "status": self.status,
            "detail": self.detail,
            "error": self.error,
            "skipped": self.skipped,
            "why": self.budget.why,
            "raw": self.raw,
        }


def failed(key: str, name: str, budget: Budget, error: str, **kw) -> Figure:
    return Figure(key, name, budget, error=error, **kw)


def table(figures: list[Figure], markdown: bool = False) -> str:
    """The results as a fixed-width text table, or a Markdown table."""
    header = ("figure", "budget", "measured", "result", "detail")
    rows = [(f.name, f.budget.text(), f.measured(), f.status, f.detail) for f in figures]
    if markdown:
        esc = [tuple(c.replace("|", "\\|") for c in r) for r in rows]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in esc]
        return "\n".join(lines)
    widths = [
        max(len(header[i]), *(len(r[i]) for r in rows)) if rows else len(header[i])
        for i in range(4)
    ]

    def fmt(r):
        return "  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4]

    sep = "  ".join("-" * w for w in widths) + "  " + "-" * 6
    return "\n".join([fmt(header), sep, *(fmt(r) for r in rows)])

"""The as-of query for one jurisdiction at scale: history.status_on, timed in-process."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from sqlalchemy import select

from bench import budgets
from bench.budgets import Figure
from bench.context import Ctx
from bench.generate import NOW, SPAN_END, SPAN_START, settings_for
from bench.load import percentile
from tracker.status import history
from tracker.store.models import Jurisdiction
from tracker.store.runtime import Runtime

TIME_LIMIT_S = 60.0


def _time_calls(rt: Runtime, cases: list[tuple[Jurisdiction, date, date | None]]) -> list[float]:
    """Milliseconds per status_on call inside an open session (as a request's g.db), identity map cleared."""
    out = []
    deadline = time.monotonic() + TIME_LIMIT_S
    with rt.sessions() as s:
        for j, as_of, known_on in cases:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            period = history.status_on(s, j, as_of, known_on)
            if period is not None:
                _ = (
                    period.citations
                )  # loaded with the period (selectin); touching it must not query
            out.append((time.perf_counter() - started) * 1000)
            s.expunge_all()  # the next call must load its rows again, as a new request would
    return out


def as_of_query(ctx: Ctx) -> list[Figure]:
    """Median (and p99) of status_on over random jurisdictions and dates, now and as known on a past day."""
    rng = random.Random(7)
    rt = Runtime(settings_for(ctx.url_scale))
    try:
        with rt.sessions() as s:
            rows = list(s.scalars(select(Jurisdiction)))
            s.expunge_all()
        by_code = {j.code: j for j in rows}
        long_history = by_code.get(ctx.manifest.get("history_code", ""))
        span = (SPAN_END - SPAN_START).days + 400

        def sample(with_known_on: bool) -> list[tuple[Jurisdiction, date, date | None]]:
            picks = []
            for i in range(ctx.asof_runs):
                j = long_history if (long_history and i % 10 == 0) else rng.choice(rows)
                # known-on days spread over the synthetic recording window, so most calls find a belief
                known = NOW.date() - timedelta(days=rng.randint(0, 120)) if with_known_on else None
                picks.append((j, SPAN_START + timedelta(days=rng.randrange(span)), known))
            return picks

        _time_calls(rt, sample(False)[:50])  # warm the pool and the page cache
        now = _time_calls(rt, sample(False))
        past = _time_calls(rt, sample(True))
    finally:
        rt.engine.dispose()

    def figure(key: str, name: str, values: list[float]) -> Figure:
        ordered = sorted(values)
        return Figure(
            key,
            name,
            budgets.ASOF_MEDIAN,
            value=round(statistics.median(values), 2),
            unit="ms",
            detail=f"median of {len(values)} calls (1 in 10 on the 200-period locality); "
            f"p90 {percentile(ordered, 90):.2f} ms, p99 {percentile(ordered, 99):.2f} ms",
            raw={"p99_ms": percentile(ordered, 99), "runs": len(values)},
        )

    return [
        figure(
            "asof_now_median", f"as-of query, one jurisdiction, median ({ctx.scale_label})", now
        ),
        figure(
            "asof_known_on_median",
            f"as-of + known-on query, one jurisdiction, median ({ctx.scale_label})",
            past,
        ),
    ]

"""A scrape where nothing changed upstream: requests per source and query, and rows written.

Every source is served by the test suite's replay server (tests/replay.py, tests/upstream.py)
on 127.0.0.1. The first run loads the fixtures; then upstream answers "nothing new" and a second
run must send at most one request per source and query and write nothing but run records
(every table except scrape_runs and sources is compared row by row).
"""

from __future__ import annotations

import shutil
from collections import Counter
from urllib.parse import urlencode

from sqlalchemy import select

from bench import budgets
from bench.budgets import Figure
from bench.context import Ctx
from bench.generate import sqlite_url
from tracker.cli import bootstrap
from tracker.store.models import Base
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

RUN_RECORD_TABLES = {"scrape_runs", "sources"}


def _rows(rt: Runtime) -> dict[str, set[tuple]]:
    """Every row of every table except the run records, as comparable tuples."""
    out = {}
    with rt.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in RUN_RECORD_TABLES:
                continue
            out[table.name] = {tuple(repr(v) for v in row) for row in conn.execute(select(table))}
    return out


def nothing_changed_scrape(ctx: Ctx) -> list[Figure]:
    from tests.replay import ReplayServer
    from tests.upstream import nothing_new_upstream, serve_all
    from tracker.ingest.scrape import run_scrape

    work = ctx.results / "scrape"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    replay = ReplayServer().start()
    try:
        env = {
            "TRACKER_DATABASE_URL": sqlite_url(work / "scrape.sqlite3"),
            "TRACKER_INSTANCE_PATH": str(work / "instance"),
            "TRACKER_SECRET_KEY": "bench",
            **serve_all(replay, work),
        }
        rt = Runtime(Settings.from_env(env))
        bootstrap.initialise(rt)
        first = run_scrape(rt, None)
        bad_first = [r.source for r in first if r.outcome not in ("ok", "unchanged", "skipped")]
        before = _rows(rt)
        nothing_new_upstream(replay)
        sent_before = len(replay.requests)
        second = run_scrape(rt, None)
        during = replay.requests[sent_before:]
        after = _rows(rt)
        rt.engine.dispose()
    finally:
        replay.stop()

    per_query = Counter(
        (r.path, urlencode(sorted((k, v) for k, vs in r.query.items() for v in vs))) for r in during
    )
    worst_query, worst = per_query.most_common(1)[0] if per_query else (("-", ""), 0)
    per_source = {r.source: r.requests for r in second}
    counted = sum(per_source.values())
    written = {
        name: len(after[name] ^ before[name]) for name in after if after[name] != before[name]
    }
    name_req = "no-change scrape: most requests for one source query"
    name_rows = "no-change scrape: rows written besides run records"
    req = Figure(
        "scrape_requests_per_query",
        name_req,
        budgets.SCRAPE_PER_QUERY,
        value=worst,
        unit="requests",
        detail=f"{len(during)} requests to {len(per_query)} distinct queries across {len(per_source)} sources; "
        f"per source {per_source}",
        raw={
            "per_source": per_source,
            "worst": list(worst_query),
            "outcomes": {r.source: r.outcome for r in second},
        },
    )
    rows = Figure(
        "scrape_rows_written",
        name_rows,
        budgets.SCRAPE_ROWS,
        value=sum(written.values()),
        unit="rows",
        detail="tables changed: " + (", ".join(f"{k} ({v})" for k, v in written.items()) or "none"),
        raw={"changed": written},
    )
    failed = [r.source for r in second if r.outcome == "failed"]
    if bad_first or failed:
        req.error = f"sources failed: first run {bad_first}, second run {failed}"
    elif counted != len(during):
        req.error = f"run records count {counted} requests but the server saw {len(during)}"
    return [req, rows]

"""SQL statements per request (the N+1 tripwire): the count must not grow with the number of rows.

Each route is requested in-process (Flask test client, in a child process killed after a time
limit) on the 1x and the scaled dataset, with a SQLAlchemy `before_cursor_execute` listener
counting statements (transaction control excluded). Each route is counted on its first request
after the app started, so an in-process cache cannot hide the work a cold request does.
"""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
import time

from sqlalchemy import event, func, select

from bench import budgets
from bench.budgets import Budget, Figure
from bench.context import Ctx
from bench.generate import settings_for
from tracker.store.models import Document, Jurisdiction, Snapshot, StatusPeriod
from tracker.store.runtime import Runtime

CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


def _busiest(rt: Runtime, kind: str) -> str:
    """The code of the jurisdiction of this kind with the most current periods."""
    with rt.sessions() as s:
        row = s.execute(
            select(Jurisdiction.code, func.count(StatusPeriod.id).label("n"))
            .join(StatusPeriod, StatusPeriod.jurisdiction_id == Jurisdiction.id)
            .where(StatusPeriod.superseded_at.is_(None), Jurisdiction.kind == kind)
            .group_by(Jurisdiction.code)
            .order_by(func.count(StatusPeriod.id).desc())
            .limit(1)
        ).first()
    return row[0] if row else "US-CA/san-diego"


def _small_like(url: str, exclude: str) -> str | None:
    """A locality at scale with snapshots of watched documents and the fewest current periods: the
    same sections as the 200-period page, so the two differ only in how many rows they show."""
    rt = Runtime(settings_for(url))
    try:
        with rt.sessions() as s:
            row = s.execute(
                select(Jurisdiction.code, func.count(StatusPeriod.id))
                .join(StatusPeriod, StatusPeriod.jurisdiction_id == Jurisdiction.id)
                .where(
                    StatusPeriod.superseded_at.is_(None),
                    Jurisdiction.kind == "locality",
                    Jurisdiction.code != exclude,
                    Jurisdiction.id.in_(
                        select(Document.jurisdiction_id).join(
                            Snapshot, Snapshot.document_id == Document.id
                        )
                    ),
                )
                .group_by(Jurisdiction.code)
                .order_by(func.count(StatusPeriod.id), Jurisdiction.code)
                .limit(1)
            ).first()
    finally:
        rt.engine.dispose()
    return row[0] if row else None


def _child() -> None:
    """Runs in a child process: argv = URL, routes JSON; prints one JSON line per route as it goes."""
    from tracker.web import create_app

    url, routes = sys.argv[1], json.loads(sys.argv[2])
    rt = Runtime(settings_for(url))
    app = create_app(rt)
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not CONTROL.match(statement):
            seen.append(" ".join(statement.split())[:160])

    client = app.test_client()
    client.get(
        "/healthz"
    ).get_data()  # app start-up; each route is then counted on its first (cold) request
    for name, path in routes.items():
        seen.clear()
        started = time.perf_counter()
        event.listen(rt.engine, "before_cursor_execute", count)
        try:
            resp = client.get(path)
            resp.get_data()  # a streamed body runs its queries while it is read
        finally:
            event.remove(rt.engine, "before_cursor_execute", count)
        print(
            json.dumps(
                {
                    "name": name,
                    "status": resp.status_code,
                    "statements": seen,
                    "seconds": round(time.perf_counter() - started, 3),
                }
            ),
            flush=True,
        )
    rt.engine.dispose()


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _counts(url: str, routes: dict[str, str], per_route_s: float) -> dict[str, dict]:
    """{route name: {status, statements, seconds}}, from a child process; a route that takes longer
    than per_route_s is left out, its child killed and a new one started for the remaining routes."""
    results: dict[str, dict] = {}
    pending = dict(routes)
    while pending:
        argv = [
            sys.executable,
            "-c",
            "from bench.cases.sql import _child; _child()",
            url,
            json.dumps(pending),
        ]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
        try:
            for i, name in enumerate(list(pending)):
                deadline = (
                    time.monotonic() + per_route_s + (10.0 if i == 0 else 0.0)
                )  # the first waits for start-up
                row = None
                while row is None and time.monotonic() < deadline:
                    try:
                        line = lines.get(timeout=max(0.05, deadline - time.monotonic()))
                    except queue.Empty:
                        break
                    if line is None:
                        break
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                del pending[name]
                if row is None:
                    break  # timed out or the child died: restart with what is left
                results[row["name"]] = row
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)
    return results


def statements_per_request(ctx: Ctx) -> list[Figure]:
    """One figure per route: statements at scale, budget = statements at 1x."""
    history_code = ctx.manifest.get("history_code", "US-CA/long-history")
    rt = Runtime(settings_for(ctx.url_1x))
    busiest = _busiest(rt, "locality")  # the 200-period page is a locality: compare like with like
    rt.engine.dispose()
    routes_1x = {
        "home": "/",
        "jurisdiction": f"/j/{busiest}",
        "api": "/api/v1/status",
        "csv": "/export/status.csv",
        "atom": "/changes.atom",
    }
    routes_scale = {**routes_1x, "jurisdiction": f"/j/{history_code}"}
    # The bundled data has no scraped documents, so a 1x jurisdiction page skips the snapshot
    # queries that the 200-period page runs; compare it with a small page of the same shape at scale.
    like = _small_like(ctx.url_scale, history_code)
    if like is not None:
        routes_scale["jurisdiction_small"] = f"/j/{like}"
    limit = 12.0 if ctx.quick else 120.0  # per route
    small = _counts(ctx.url_1x, routes_1x, limit)
    large = _counts(ctx.url_scale, routes_scale, limit)
    compared_like = like is not None and "jurisdiction_small" in large
    if compared_like:
        small["jurisdiction"] = large.pop("jurisdiction_small")
        routes_1x = {**routes_1x, "jurisdiction": f"/j/{like}"}
    figures = []
    for name, path_1x in routes_1x.items():
        where = "same scale, few periods" if name == "jurisdiction" and compared_like else "1x"
        label = f"SQL statements per request, {routes_scale[name]} ({ctx.scale_label}) vs {path_1x} ({where})"
        key = f"sql_{name}"
        problems = []
        for which, got in (("1x", small), ("scale", large)):
            row = got.get(name)
            if row is None:
                problems.append(f"{which}: not answered within {limit:.0f} s")
            elif row["status"] == 404:
                problems.append(f"{which}: route missing (404)")
            elif not 200 <= row["status"] < 300:
                problems.append(f"{which}: HTTP {row['status']}")
        if problems:
            figures.append(budgets.failed(key, label, budgets.REPORT, "; ".join(problems)))
            continue
        seen1, seen2 = small[name]["statements"], large[name]["statements"]
        n1, n2 = len(seen1), len(seen2)
        where = "same scale, few periods" if name == "jurisdiction" and compared_like else "1x"
        budget = Budget(
            n1,
            "statements",
            f"must not grow with the number of rows: many rows <= few rows ({where})",
            label=f"<= {n1} ({where} count)",
        )
        figures.append(
            Figure(
                key,
                label,
                budget,
                value=n2,
                unit="statements",
                detail=f"{where}: {n1}, scale: {n2} (one cold request each; "
                f"{large[name]['seconds']:.2f} s at scale)",
                raw={"1x": seen1, "scale": seen2},
            )
        )
    return figures

"""`python -m bench [--quick]`: every benchmark, a table of figures against budgets, exit 1 on a miss.

Results also go to bench/results/latest.json (and bench/results/latest.md, the table in Markdown).
Only 127.0.0.1 is contacted. See docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

from bench import budgets, load
from bench.budgets import Figure
from bench.cases import (
    articles,
    asof,
    datasette,
    export,
    hostile,
    proposals,
    redline,
    scrape,
    sql,
    traffic,
    web,
)
from bench.context import Ctx
from bench.generate import FULL, QUICK, RESULTS, build_1x, build_scale, sqlite_url
from tracker.store.settings import Settings

# (name, function, the figures it promises when it crashes) -- order: in-process first, then servers
CASES: list[tuple[str, Callable[[Ctx], list[Figure]]]] = [
    ("sql", sql.statements_per_request),
    ("asof", asof.as_of_query),
    ("redline", redline.redline_1mb),
    ("hostile-html", hostile.deep_html),
    ("scrape", scrape.nothing_changed_scrape),
    ("proposals", proposals.proposal_quality),
    ("web-1x", web.home_1x),
    ("web-scale", web.pages_at_scale),
    ("csv", export.csv_export),
    ("sorted", traffic.sorted_and_filtered),
    ("feed", traffic.feed_conditional),
    ("mixed", traffic.mixed),
    ("import", traffic.readers_during_import),
    ("datasette", datasette.versus_datasette),
    ("articles", articles.labelled_set),
    ("article-5mb", articles.five_mb_article),
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench", description="Run every benchmark against its budget."
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="Smaller scaled dataset and shorter load (under 5 minutes).",
    )
    p.add_argument(
        "--database-url",
        help="Run on PostgreSQL: the scaled dataset goes here (database name must contain "
        "'bench'; it is wiped). Default: SQLite files under bench/results/.",
    )
    p.add_argument(
        "--database-url-1x",
        help="With --database-url: a second PostgreSQL database for the 1x dataset "
        "(name must contain 'bench'). Default: a SQLite file.",
    )
    p.add_argument(
        "--fresh",
        action="store_true",
        help="Regenerate the scaled dataset even if an identical one exists.",
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="CASE",
        help=f"Run only these cases: {', '.join(n for n, _ in CASES)}.",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=2,
        help="Concurrent connections of the load generator (default 2).",
    )
    p.add_argument(
        "--json",
        dest="json_path",
        default=str(RESULTS / "latest.json"),
        help="Where to write the results.",
    )
    return p.parse_args(argv)


def _pg(url: str | None) -> str | None:
    return Settings.from_env({"TRACKER_DATABASE_URL": url}).database_url if url else None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    scale = QUICK if args.quick else FULL
    url_scale = _pg(args.database_url) or sqlite_url(RESULTS / f"bench-{scale.label}.sqlite3")
    url_1x = _pg(args.database_url_1x) or sqlite_url(RESULTS / "bench-1x.sqlite3")
    load_before = os.getloadavg()

    print(
        f"bench: {'quick' if args.quick else 'full'} run, database {'PostgreSQL' if args.database_url else 'SQLite'}, "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.2f}",
        file=sys.stderr,
    )
    figures: list[Figure] = []
    t0 = time.monotonic()
    one_x = build_1x(url_1x)
    manifest = build_scale(
        url_scale,
        scale,
        fresh=args.fresh,
        log=lambda m: print(f"  .. {m}", file=sys.stderr, flush=True),
    )
    c = manifest["counts"]
    figures.append(
        Figure(
            "dataset",
            f"{'quick ' if args.quick else ''}scaled dataset ({'reused' if manifest.get('reused') else 'generated'})",
            budgets.REPORT,
            value=c["status_periods"],
            unit="periods",
            detail=(
                f"{c['jurisdictions']:,} jurisdictions, {c['status_periods']:,} periods, {c['citations']:,} citations, "
                f"{c['bills']:,} bills, {c['snapshots']:,} snapshots; generated in {manifest['seconds']} s; "
                f"1x: {one_x['counts']['jurisdictions']} jurisdictions, {one_x['counts']['status_periods']} periods"
            ),
            raw={"scale": manifest, "1x": one_x},
        )
    )
    if args.quick:
        figures[
            -1
        ].detail += f" (smaller than full: {FULL.periods:,} periods, {FULL.bills:,} bills, {FULL.snapshots:,} snapshots)"
    print(f"  .. datasets ready in {time.monotonic() - t0:.0f} s", file=sys.stderr)

    ctx = Ctx(
        quick=args.quick,
        scale=scale,
        url_1x=url_1x,
        url_scale=url_scale,
        manifest=manifest,
        concurrency=max(1, min(args.concurrency, 32)),
        requests=300 if args.quick else 2000,
        duration_s=6.0 if args.quick else 30.0,
        csv_downloads=5 if args.quick else 20,
        asof_runs=400 if args.quick else 2000,
    )
    load.REQUEST_TIMEOUT_S = 5.0 if args.quick else 10.0
    selected = [(n, f) for n, f in CASES if not args.only or n in args.only]
    for name, case in selected:
        t = time.monotonic()
        print(f"  .. {name}", file=sys.stderr, flush=True)
        try:
            figures.extend(case(ctx))
        except Exception as exc:  # noqa: BLE001 - a broken case is a FAIL line, never a crash
            traceback.print_exc(file=sys.stderr)
            figures.append(
                budgets.failed(
                    f"{name}_error",
                    f"{name}: could not run",
                    budgets.REPORT,
                    f"{type(exc).__name__}: {str(exc)[:200]}",
                )
            )
        print(f"     {name} took {time.monotonic() - t:.0f} s", file=sys.stderr, flush=True)

    elapsed = time.monotonic() - started
    text = budgets.table(figures)
    fails = [f for f in figures if f.status == "FAIL"]
    print(text)
    print(
        f"\n{len(figures) - len(fails)} of {len(figures)} figures PASS or SKIP; {len(fails)} FAIL; "
        f"{elapsed:.0f} s; load average {load_before[0]:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "database": "postgresql" if args.database_url else "sqlite",
        "seconds": round(elapsed, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "load": {
            "concurrency": ctx.concurrency,
            "requests": ctx.requests,
            "duration_s": ctx.duration_s,
        },
        "passed": not fails,
        "figures": [f.to_json() for f in figures],
    }
    with open(args.json_path, "w") as fh:
        json.dump(report, fh, indent=2, default=str)
    (RESULTS / "latest.md").write_text(budgets.table(figures, markdown=True) + "\n")
    return 1 if fails else 0


if __name__ == "__main__":
    raise SystemExit(main())

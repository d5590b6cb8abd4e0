"""Traffic shapes beyond one page under load (research §7a L2, L6, L7, L8).

- L2: the home page with a filter and a sort by each allowed column, as one round-robin mix on
  the scaled dataset; the slowest query string's p99 is the figure.
- L6: the Atom feed with If-None-Match (the 304 path) and without it (the 200 path).
- L7: mixed public traffic on the bundled dataset: 80 % table and API, 15 % feed and CSV, 5 %
  jurisdiction pages, from the same closed loop of connections as every other figure (no think
  time, so two connections keep both cores busy: heavier than 30 users who pause between pages). Curator POSTs are not part of the mix (they need a login and a CSRF token
  per form; their cost is one row lock and one write, covered by the fault tests).
- L8 (SQLite): readers while a scrape import writes. A child process imports 1,000 bills in one
  write transaction (`BEGIN IMMEDIATE`, as `scrape` does), again and again, into a copy of the
  bundled database, while the load generator reads the home page. WAL lets readers go on.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import time

from bench import budgets
from bench.budgets import Budget, Figure
from bench.cases.web import latency, probe
from bench.context import Ctx
from bench.load import get_once, hammer, percentile, tracker_server

SORTS = (
    "name",
    "code",
    "kind",
    "category",
    "leaf",
    "seven_oh",
    "min_age",
    "effective_from",
    "verified_on",
    "confidence",
)
SORTED_P99 = Budget(150, "ms", "research L2: the table filtered and sorted by any allowed column")
FEED_304_P99 = Budget(10, "ms", "research L6: the feed's 304 path")
MIX_P95 = Budget(150, "ms", "research L7: mixed traffic p95")
DURING_IMPORT_P99 = Budget(200, "ms", "research L8: reader p99 during an import <= 2x L1's 100 ms")
LOCKED = Budget(0, "errors", "research L8: no reader fails while the import holds the write lock")
IMPORT_BILLS = 1_000
REPEATS = 3


def sorted_and_filtered(ctx: Ctx) -> list[Figure]:
    """L2 on the scaled dataset: one mix of every sort key, each with a filter."""
    paths = [
        f"/?region=localities&sort={key}&dir={'desc' if i % 2 else 'asc'}&per=50"
        for i, key in enumerate(SORTS)
    ]
    paths += [
        "/?category=banned&sort=effective_from&dir=desc&per=50",
        "/?q=county&seven_oh=yes&per=50&page=2",
    ]
    name = f"home page filtered and sorted by each column, worst p99 ({ctx.scale_label})"
    with tracker_server(ctx.url_scale, ctx.instance, ctx.log_path("serve-sorted")) as server:
        for path in paths:  # each must answer before the mix runs
            problem = probe(server.port, path)
            if problem:
                return [budgets.failed("sorted_p99", name, SORTED_P99, f"GET {path}: {problem}")]
        result = hammer(
            server.port,
            paths,
            requests=ctx.requests * 2,
            duration_s=ctx.duration_s * 2,
            concurrency=ctx.concurrency,
            warmup=len(paths),
        )
    worst_path, worst = max(
        ((p, percentile(sorted(v), 99)) for p, v in result.by_path.items()), key=lambda x: x[1]
    )
    fig = Figure(
        "sorted_p99",
        name,
        SORTED_P99,
        value=round(worst, 1),
        unit="ms",
        detail=f"{len(paths)} query strings round robin; worst {worst_path}; all: {result.detail()}",
        raw={
            **result.summary(),
            "p99_by_path": {
                p: round(percentile(sorted(v), 99), 1) for p, v in result.by_path.items()
            },
        },
    )
    if result.non_2xx:
        fig.error = f"{result.non_2xx} non-2xx of {result.count}"
    return [fig]


def feed_conditional(ctx: Ctx) -> list[Figure]:
    """L6 on the scaled dataset: the feed with the client's ETag, from one poller and under load.

    A 304 costs under 2 ms of server time, so one closed-loop connection already keeps this
    2-core box (server plus load generator) at full throughput; a second only makes requests
    queue behind each other. The budget therefore applies to one poller (the cost of the path);
    the same run with the usual connections is reported beside it.
    """
    name_304 = f"changes.atom with If-None-Match (304) p99, one poller ({ctx.scale_label})"
    name_load = f"changes.atom with If-None-Match (304) p99, {ctx.concurrency} connections ({ctx.scale_label})"
    with tracker_server(ctx.url_scale, ctx.instance, ctx.log_path("serve-feed")) as server:
        status, _body, headers = get_once(server.port, "/changes.atom")
        etag = next(
            (v for k, v in headers.items() if k.lower() == "etag"), None
        )  # waitress writes "Etag"
        if status != 200 or not etag:
            why = f"GET /changes.atom: {status}, ETag {etag!r}"
            return [
                budgets.failed("feed_304_p99", name_304, FEED_304_P99, why),
                budgets.failed("feed_304_load_p99", name_load, budgets.REPORT, why),
            ]

        def poll(connections: int):
            result = hammer(
                server.port,
                "/changes.atom",
                requests=ctx.requests,
                duration_s=ctx.duration_s,
                concurrency=connections,
                headers={"If-None-Match": etag},
            )
            result.ok_statuses = (304,)
            return result

        # A sub-5 ms p99 sits at this shared VM's scheduling jitter, so the one-poller figure is
        # the median of three runs (each run's p99 is in the detail).
        single = sorted((poll(1) for _ in range(REPEATS)), key=lambda r: r.pct(99))
        loaded = poll(ctx.concurrency)
    figures = []
    for key, name, budget, result, note in (
        (
            "feed_304_p99",
            name_304,
            FEED_304_P99,
            single[len(single) // 2],
            f"median of {REPEATS} runs (p99s {', '.join(f'{r.pct(99):.1f}' for r in single)} ms); ",
        ),
        ("feed_304_load_p99", name_load, budgets.REPORT, loaded, ""),
    ):
        share = result.statuses.get(304, 0) / max(result.count, 1)
        fig = Figure(
            key,
            name,
            budget,
            value=round(result.pct(99), 1),
            unit="ms",
            detail=f"{note}GET /changes.atom, If-None-Match {etag}: {share:.0%} answered 304; {result.detail()}",
            raw=result.summary(),
        )
        failures = sum(r.non_2xx for r in (single if key == "feed_304_p99" else [loaded]))
        if failures or share < 1:
            fig.error = f"{failures} failures, {share:.0%} 304s (want every one)"
        figures.append(fig)
    return figures


def mixed(ctx: Ctx) -> list[Figure]:
    """L7 on the bundled dataset: 20 requests in the research's proportions, round robin."""
    mix = (
        ["/?per=50"] * 4
        + ["/api/v1/status?per=50"] * 4
        + ["/?region=us&sort=category"] * 4
        + ["/api/v1/status/US-LA"] * 4
        + ["/changes.atom"] * 2
        + ["/export/status.csv"] * 1
        + ["/j/US-LA"] * 1
    )
    name = "mixed traffic p95, 1x (80% table/API, 15% feed/CSV, 5% pages)"
    with tracker_server(ctx.url_1x, ctx.instance, ctx.log_path("serve-mixed")) as server:
        result = hammer(
            server.port,
            mix,
            requests=ctx.requests * 2,
            duration_s=ctx.duration_s * 2,
            concurrency=ctx.concurrency,
            warmup=len(mix),
        )
    p95 = result.pct(95)
    per = {p: round(percentile(sorted(v), 95), 1) for p, v in result.by_path.items()}
    fig = Figure(
        "mixed_p95",
        name,
        MIX_P95,
        value=round(p95, 1),
        unit="ms",
        detail=f"p95 by path {per}; {result.detail()}",
        raw={**result.summary(), "p95_by_path": per},
    )
    if result.non_2xx:
        fig.error = f"{result.non_2xx} failures of {result.count}"
    return [fig]


def _importer() -> None:
    """Child process: argv = database URL, seconds; imports 1,000 bills per transaction until time is up."""
    from bench.generate import settings_for
    from scrapers.items import Action, Bill
    from tracker.ingest.reconcile import reconcile
    from tracker.store.runtime import Runtime

    url, seconds = sys.argv[1], float(sys.argv[2])
    rt = Runtime(settings_for(url))
    took, round_no, stop = [], 0, time.monotonic() + seconds
    while time.monotonic() < stop:
        items = [
            Bill(
                source="openstates",
                external_id=f"bench-import-{round_no}-{i}",
                jurisdiction="US-TX",
                session="2027",
                identifier=f"HB {round_no * IMPORT_BILLS + i}",
                title=f"Relating to the regulation of kratom products ({i})",
                url=f"https://example.org/b/{round_no}/{i}",
                updated_at="2026-11-20T00:00:00Z",
                actions=(Action("2026-11-20", "Filed", ("introduction",)),),
                relevant=i % 10 == 0,
                matched_terms=("kratom",),
            )
            for i in range(IMPORT_BILLS)
        ]
        started = time.perf_counter()
        with rt.write_transaction() as session:
            reconcile(session, items)
        took.append(time.perf_counter() - started)
        round_no += 1
    print(json.dumps(took), flush=True)


def readers_during_import(ctx: Ctx) -> list[Figure]:
    """L8: the home page under load while imports of 1,000 bills commit one after another."""
    name = "home page p99 while 1,000-bill imports write, 1x (SQLite, WAL)"
    locked_name = "reader failures while an import holds the write lock, 1x"
    if not ctx.url_1x.startswith("sqlite"):
        why = "the single-writer lock is SQLite's; PostgreSQL readers never wait for a writer"
        return [
            Figure("import_reader_p99", name, DURING_IMPORT_P99, skipped=why),
            Figure("import_reader_errors", locked_name, LOCKED, skipped=why),
        ]
    source = ctx.url_1x.split("///", 1)[1]
    copy = ctx.results / "bench-import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (ctx.results / f"bench-import.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, copy)
    url = f"sqlite:///{copy}"
    seconds = ctx.duration_s * 2
    with tracker_server(url, ctx.instance, ctx.log_path("serve-import")) as server:
        quiet = latency(ctx, server.port, "quiet", "quiet", "/?per=50", budgets.REPORT)
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from bench.cases.traffic import _importer; _importer()",
                url,
                str(seconds),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.5)  # the first import is under way
        during = hammer(
            server.port,
            "/?per=50",
            requests=10**6,
            duration_s=seconds - 1,
            concurrency=ctx.concurrency,
        )
        out, err = child.communicate(timeout=seconds + 120)
    took = json.loads(out.strip() or "[]") if child.returncode == 0 else []
    if child.returncode != 0 or not took:
        why = f"the importer failed (exit {child.returncode}): {err.strip()[-300:]}"
        return [
            budgets.failed("import_reader_p99", name, DURING_IMPORT_P99, why),
            budgets.failed("import_reader_errors", locked_name, LOCKED, why),
        ]
    imports = (
        f"{len(took)} imports of {IMPORT_BILLS:,} bills, each {min(took):.2f}-{max(took):.2f} s "
        f"(median {sorted(took)[len(took) // 2]:.2f} s)"
    )
    quiet_p99 = quiet.value if quiet.value is not None else math.nan
    return [
        Figure(
            "import_reader_p99",
            name,
            DURING_IMPORT_P99,
            value=round(during.pct(99), 1),
            unit="ms",
            detail=f"{during.detail()}; quiet p99 {quiet_p99:.1f} ms; {imports}",
            raw=during.summary(),
        ),
        Figure(
            "import_reader_errors",
            locked_name,
            LOCKED,
            value=during.non_2xx,
            unit="errors",
            detail=f"statuses {during.statuses}; first error {during.first_error}",
            raw={"imports_s": took},
        ),
    ]

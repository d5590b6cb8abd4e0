"""The streamed CSV export of every jurisdiction (10,000 rows at scale): time and server memory."""

from __future__ import annotations

import csv
import http.client
import io
import statistics
import time

from bench import budgets, load
from bench.budgets import Figure
from bench.cases.web import probe
from bench.context import Ctx
from bench.load import (
    HOST,
    get_once,
    peak_rss_kib,
    reset_peak_rss,
    rss_kib,
    tracker_server,
)

PATH = "/export/status.csv"
MIN_ROWS = 10_000


def _download(port: int, path: str) -> tuple[float, float, bytes, int]:
    """(seconds to the first byte, seconds in total, body, status) of one streamed download."""
    conn = http.client.HTTPConnection(
        HOST, port, timeout=3 * load.REQUEST_TIMEOUT_S
    )  # a whole export
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        resp = conn.getresponse()  # returns once the status line and headers arrived
        first = time.perf_counter() - started
        chunks = []
        while True:
            chunk = resp.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return first, time.perf_counter() - started, b"".join(chunks), resp.status
    finally:
        conn.close()


def csv_export(ctx: Ctx) -> list[Figure]:
    """Sequential downloads from a freshly started server; RSS read from /proc around them."""
    keys = ("csv_total", "csv_ttfb", "csv_peak_rss", "csv_rss_drift")
    names = (
        f"CSV export of every jurisdiction, slowest download ({ctx.scale_label})",
        "CSV export, time to first byte (slowest)",
        "CSV export, server peak RSS growth",
        "CSV export, server RSS drift first->last download",
    )
    bud = (budgets.CSV_TOTAL, budgets.CSV_TTFB, budgets.CSV_PEAK_GROWTH, budgets.CSV_DRIFT)
    with tracker_server(ctx.url_scale, ctx.instance, ctx.log_path("serve-csv")) as server:
        for _ in range(5):
            get_once(server.port, "/healthz")
        problem = probe(
            server.port, PATH + "?as_of=1900-01-01"
        )  # a cheap probe: nothing was in force in 1900
        if problem:
            return [
                budgets.failed(k, n, b, problem, detail=f"GET {PATH}")
                for k, n, b in zip(keys, names, bud)
            ]
        baseline = rss_kib(server.pid)
        can_reset = reset_peak_rss(server.pid)
        totals, firsts, after_first, size, rows, statuses = [], [], None, 0, 0, set()
        deadline = time.monotonic() + (20.0 if ctx.quick else 120.0)
        for i in range(ctx.csv_downloads):
            if time.monotonic() > deadline:
                break
            try:
                first, total, body, status = _download(server.port, PATH)
            except TimeoutError:
                why = f"a download took longer than {3 * load.REQUEST_TIMEOUT_S:.0f} s"
                return [
                    budgets.failed(k, n, b, why, detail=f"GET {PATH}")
                    for k, n, b in zip(keys, names, bud)
                ]
            statuses.add(status)
            firsts.append(first)
            totals.append(total)
            if i == 0:
                after_first = rss_kib(server.pid)
                size = len(body)
                rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
        after_last = rss_kib(server.pid)
        peak = peak_rss_kib(server.pid) if can_reset else max(after_first or 0, after_last)
    detail = (
        f"{len(totals)} sequential downloads of GET {PATH}: {rows:,} rows, {size / 1e6:.2f} MB; "
        f"median {statistics.median(totals):.3f} s, first {totals[0]:.3f} s"
    )
    mb = 1024
    figures = [
        Figure(
            keys[0],
            names[0],
            bud[0],
            value=round(max(totals), 3),
            unit="s",
            detail=detail,
            raw={"totals_s": totals, "rows": rows, "bytes": size},
        ),
        Figure(
            keys[1],
            names[1],
            bud[1],
            value=round(max(firsts) * 1000, 1),
            unit="ms",
            detail=f"median {statistics.median(firsts) * 1000:.1f} ms",
            raw={"ttfb_s": firsts},
        ),
        Figure(
            keys[2],
            names[2],
            bud[2],
            value=round((peak - baseline) / mb, 1),
            unit="MB",
            detail=f"RSS {baseline / mb:.0f} MB before, peak {peak / mb:.0f} MB "
            f"({'VmHWM reset before the downloads' if can_reset else 'sampled after downloads'})",
            raw={"baseline_kib": baseline, "peak_kib": peak},
        ),
        Figure(
            keys[3],
            names[3],
            bud[3],
            value=round((after_last - (after_first or after_last)) / mb, 1),
            unit="MB",
            detail=f"RSS {(after_first or 0) / mb:.0f} MB after the first, {after_last / mb:.0f} MB after the last",
            raw={"after_first_kib": after_first, "after_last_kib": after_last},
        ),
    ]
    if statuses != {200}:
        figures[0].error = f"HTTP status {sorted(statuses)}"
    elif rows < MIN_ROWS:
        figures[0].error = f"only {rows:,} rows (want >= {MIN_ROWS:,})"
    return figures

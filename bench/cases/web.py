"""Latency under load against the production WSGI server (waitress, `kratom-tracker serve`)."""

from __future__ import annotations

import time

from bench import budgets, load
from bench.budgets import Budget, Figure
from bench.context import Ctx
from bench.load import get_once, hammer, tracker_server

TODAY_PAGE = "/"
SLOW_S = 2.0  # a single request slower than this is reported as is, without a load test


def probe(port: int, path: str, timing: list | None = None) -> str | None:
    """None when the route answers 2xx; otherwise why the figure cannot be measured."""
    started = time.perf_counter()
    try:
        status, body, _ = get_once(port, path)
    except TimeoutError:
        return f"no answer within {load.REQUEST_TIMEOUT_S:.0f} s"
    except OSError as exc:
        return f"no answer ({type(exc).__name__})"
    if timing is not None:
        timing.append(time.perf_counter() - started)
    if status == 404:
        return "route missing (404)"
    if not 200 <= status < 300:
        return f"HTTP {status}"
    if not body:
        return "empty body"
    return None


def latency(ctx: Ctx, port: int, key: str, name: str, path: str, budget: Budget) -> Figure:
    """p99 (with p50, req/s, non-2xx in the detail) of GET path under the configured load."""
    timing: list[float] = []
    problem = probe(port, path, timing)
    if problem:
        return budgets.failed(key, name, budget, problem, detail=f"GET {path}")
    if timing[0] > SLOW_S:
        return Figure(
            key,
            name,
            budget,
            value=round(timing[0] * 1000, 1),
            unit="ms",
            detail=f"GET {path}: one request took {timing[0]:.1f} s (> {SLOW_S:.0f} s), so no load test; "
            "the figure is that single request",
        )
    result = hammer(
        port, path, requests=ctx.requests, duration_s=ctx.duration_s, concurrency=ctx.concurrency
    )
    fig = Figure(
        key,
        name,
        budget,
        value=round(result.pct(99), 1),
        unit="ms",
        detail=f"GET {path}: {result.detail()}",
        raw=result.summary(),
    )
    if result.non_2xx:
        fig.error = f"{result.non_2xx} non-2xx of {result.count} (p99 {result.pct(99):.1f} ms)"
    return fig


def home_1x(ctx: Ctx) -> list[Figure]:
    """The home page and the API status list on the bundled dataset."""
    with tracker_server(ctx.url_1x, ctx.instance, ctx.log_path("serve-1x")) as server:
        return [
            latency(
                ctx,
                server.port,
                "home_1x_p99",
                "home page p99, 1x",
                TODAY_PAGE,
                budgets.HOME_1X_P99,
            ),
            latency(
                ctx,
                server.port,
                "api_status_1x_p99",
                "API status list p99, 1x",
                "/api/v1/status",
                budgets.API_P99,
            ),
        ]


def pages_at_scale(ctx: Ctx) -> list[Figure]:
    """The jurisdiction page with 200 periods, the API list, home pages and the feed on the scaled dataset."""
    code = ctx.manifest.get("history_code", "US-CA/long-history")
    label = ctx.scale_label
    with tracker_server(ctx.url_scale, ctx.instance, ctx.log_path("serve-scale")) as server:
        p = server.port
        return [
            latency(
                ctx,
                p,
                "jurisdiction_200_p99",
                f"jurisdiction page, 200 periods, p99 ({label})",
                f"/j/{code}",
                budgets.JURISDICTION_P99,
            ),
            latency(
                ctx,
                p,
                "api_status_scale_p99",
                f"API status list p99 ({label})",
                "/api/v1/status",
                budgets.API_P99,
            ),
            latency(
                ctx,
                p,
                "api_status_scale_deep_p99",
                f"API status list, page 50 of per=100, p99 ({label})",
                "/api/v1/status?per=100&page=50",
                budgets.API_P99,
            ),
            latency(
                ctx, p, "home_scale_p99", f"home page p99 ({label})", TODAY_PAGE, budgets.REPORT
            ),
            latency(
                ctx,
                p,
                "home_scale_deep_p99",
                f"home page, per=50 page 100, p99 ({label})",
                "/?per=50&page=100",
                budgets.REPORT,
            ),
            latency(
                ctx,
                p,
                "atom_scale_p99",
                f"changes.atom p99 ({label})",
                "/changes.atom",
                budgets.REPORT,
            ),
        ]

"""Hostile documents (issue #10): deeply nested HTML through `article import` and the `page`
scraper's text extraction, and a slow-drip server against the fetcher's whole-body deadline.

Each runs in a child process with a timeout, so a parser that goes quadratic shows up as a
timeout, not as a hung benchmark. The tests assert the outcome (a clear refusal); the time is
measured here, against a budget.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench import budgets
from bench.budgets import Figure
from bench.context import Ctx

TIMEOUT_S = 60.0


def nested(depth: int, size: int) -> str:
    """A page of `size` bytes or more: `<div>` nested `depth` deep, padded with text."""
    head = "<html><head><title>t</title></head><body><h1>Kratom</h1><h2>Legality</h2>"
    body = "<div>" * depth + "x" + "</div>" * depth
    pad = max(0, size - len(head) - len(body))
    return head + body + "<p>" + "kratom " * (pad // 7) + "</p></body></html>"


def _child() -> None:
    import tempfile
    from pathlib import Path

    from scrapers.errors import ScrapeError
    from scrapers.sources import page
    from tracker.articles import importer as articles

    out = {}
    cases = {
        "article_1mb_100k_deep": (100_000, 1_000_000),
        "page_220kb_20k_deep": (20_000, 220_000),
    }
    for name, (depth, size) in cases.items():
        html = nested(depth, size)
        started = time.perf_counter()
        try:
            if name.startswith("article"):
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "deep.html"
                    path.write_text(html)
                    text, fmt, _ = articles.read_source(str(path), user_agent="bench")
                    articles.parse_article(text, fmt)
            else:
                page.parse(html.encode(), "https://example.org/x")
            outcome = "parsed"
        except (articles.ArticleSourceError, articles.SectionNotFound, ScrapeError) as exc:
            outcome = f"refused: {exc}"[:160]
        out[name] = {
            "seconds": round(time.perf_counter() - started, 4),
            "bytes": len(html),
            "outcome": outcome,
        }
    print(json.dumps(out))


def deep_html(ctx: Ctx) -> list[Figure]:
    keys = (
        ("article_1mb_100k_deep", "article import of 1 MB <div> nested 100,000 deep"),
        ("page_220kb_20k_deep", "page scraper text of 220 KB <div> nested 20,000 deep"),
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "from bench.cases.hostile import _child; _child()"],
            check=False,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return [
            budgets.failed(k, n, budgets.HOSTILE_HTML, f"did not finish within {TIMEOUT_S:.0f} s")
            for k, n in keys
        ]
    except (IndexError, json.JSONDecodeError):
        return [
            budgets.failed(
                k, n, budgets.HOSTILE_HTML, f"child failed: {proc.stderr.strip()[-200:]}"
            )
            for k, n in keys
        ]
    return [
        Figure(
            k,
            n,
            budgets.HOSTILE_HTML,
            value=data[k]["seconds"],
            unit="s",
            detail=f"{data[k]['bytes']:,} B; {data[k]['outcome']}",
            raw=data[k],
        )
        for k, n in keys
    ]

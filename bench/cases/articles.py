"""Articles (#14): the claim checker on the labelled set, and a 5 MB article's page."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from bench.budgets import Budget, Figure
from bench.context import Ctx

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "articles"
# Floors expressed as ceilings on what is missed (Budget holds value <= limit)
MISSED = Budget(20, "%", "issue #14: recall of reader-extracted claims >= 80 %")
WRONG_READ = Budget(10, "%", "issue #14: precision >= 90 %")
WRONG_VERDICT = Budget(10, "%", "issue #14: verdicts right >= 90 % of the claims extracted")
MISREAD = Budget(
    0, "claims", "issue #14: 0 correct statements flagged 'does not hold' by a misreading"
)
# (figure key, what it counts, its budget, the evaluation's figure it is derived from)
_ARTICLE_FIGURES = (
    ("missed", "claims missed", MISSED, "recall"),
    ("wrong_read", "claims read that are not labelled", WRONG_READ, "precision"),
    ("wrong_verdict", "verdicts wrong", WRONG_VERDICT, "verdicts"),
    ("misread", "correct claims flagged 'does not hold'", MISREAD, "misreadings"),
)
WRONG_CONFIDENT = Budget(
    10, "%", "issue #14: claims the page marks 'high' reader's confidence are right >= 90 %"
)
PAGE_5MB = Budget(2.0, "s", "issue #14: a 5 MB article renders its page within 2 s")


def _runtime(url: str, instance: Path):
    from tracker.store.runtime import Runtime
    from tracker.store.settings import Settings

    return Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": url,
                "TRACKER_INSTANCE_PATH": str(instance),
                "TRACKER_SECRET_KEY": "bench",
            }
        )
    )


def labelled_set(ctx: Ctx) -> list[Figure]:
    """Recall, precision, verdict accuracy and misreadings on tests/fixtures/articles: all, the
    original set's held-out and development parts, and the articles labelled `split: fresh`."""
    from tracker.articles import evaluate

    rt = _runtime(ctx.url_1x, ctx.instance)
    with rt.sessions() as s:
        _, groups = evaluate.run(s, FIXTURES, date.today())
    out = []
    fixed = ("all", "held out", "development")
    # every named split after the original set's parts: `fresh`, `fresh-2` ... (each added later,
    # measured before any tuning on it; the newest is the honest held-out figure)
    for label in (*fixed, *sorted(k for k in groups if k not in fixed and k != "original")):
        t = groups.get(label)
        if t is None:
            continue
        f = t.figures
        detail = f"{t.articles} articles, {t.labelled} labelled claims, {t.found} read ({label})"
        key = label.replace(" ", "_").replace("-", "_")
        for name, what, budget, field in _ARTICLE_FIGURES:
            rate = field != "misreadings"  # rates print as the share missed; misreadings as a count
            value = round(100 * (1 - (f[field] or 0)), 1) if rate else f[field]
            out.append(
                Figure(
                    f"articles_{name}_{key}",
                    f"{what}, {label}",
                    budget,
                    value=value,
                    unit="%" if rate else "claims",
                    detail=detail,
                )
            )
        high = t.band_precision("high")
        if high is not None:
            n, right = t.bands["high"]
            out.append(
                Figure(
                    f"articles_wrong_confident_{key}",
                    f"claims read with high confidence that are not labelled, {label}",
                    WRONG_CONFIDENT,
                    value=round(100 * (1 - high), 1),
                    unit="%",
                    detail=f"{right} of {n} high-confidence claims right ({label})",
                )
            )
    rt.engine.dispose()
    return out


def five_mb_article(ctx: Ctx) -> list[Figure]:
    """Time the page of three 5 MB plain-text articles, uncached: one where every sentence is a claim
    (it stops at the claims cap), one of prose with no claim and one dense with legal words but naming
    no place (both stop at the reading budget)."""
    claims = (
        "Kratom is banned in Alabama. Kratom is legal in Texas except in San Diego. In 2016 Vermont banned it. "
        "Six states have banned kratom. Kratom is banned for those under 18 in Illinois.\n"
    )
    prose = (
        "Many people brew the leaves as a bitter tea in the morning, and vendors sell capsules and powder "
        "online while researchers study the alkaloids of the plant and how they act on the body.\n"
    )
    # the reader's worst case: every clause full of legal words, lists and exclusions, but no place, so
    # nothing reaches the claims cap and every clause is weighed until the reading budget ends
    dense = (
        "Kratom is considered a narcotic in some places, and it is not permissible to sell it to minors, "
        "while other rules say it is banned, illegal, regulated, controlled or readily available; the sale "
        "as food is banned and no laws that restrict it exist here. The list below are the places in which "
        "kratom is considered illegal, although it remains legal within the state (this excludes the cities).\n"
    )
    rt = _runtime(ctx.url_1x, ctx.instance)
    figures = [
        _page_of_5mb(rt, "bench-5mb", claims, "article_5mb_page_s", "every sentence a claim"),
        _page_of_5mb(rt, "bench-5mb-prose", prose, "article_5mb_prose_page_s", "prose, no claim"),
        _page_of_5mb(
            rt, "bench-5mb-dense", dense, "article_5mb_dense_page_s", "legal words, no place"
        ),
    ]
    rt.engine.dispose()
    return figures


def _page_of_5mb(rt, slug: str, para: str, name: str, what: str) -> Figure:
    from tracker.articles import importer
    from tracker.web import create_app

    text = "Kratom laws in the United States\n" + para * (5_000_000 // len(para))
    with rt.transaction() as s:
        importer.store_article(
            s,
            slug=slug,
            title="A 5 MB article",
            text=text,
            published_on=date(2024, 1, 1),
            url=None,
            parsed=importer.parse_article(text, "text"),
            replace=True,
        )
    client = create_app(rt).test_client()
    started = time.perf_counter()
    response = client.get(f"/articles/{slug}")
    took = time.perf_counter() - started
    fig = Figure(
        name,
        f"a 5 MB article's page ({what}), first (uncached) request",
        PAGE_5MB,
        value=round(took, 2),
        unit="s",
        detail=f"{len(text):,} characters, HTTP {response.status_code}, page {len(response.data):,} bytes",
    )
    if response.status_code != 200:
        fig.error = f"HTTP {response.status_code}"
    return fig

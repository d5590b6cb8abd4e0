"""Values every page shows: dataset version and as-of date, last successful scrape."""

from __future__ import annotations

from functools import lru_cache

from flask import g, request, url_for
from werkzeug.routing import BuildError

from tracker.ingest import health
from tracker.status.codebook import CATEGORIES, CATEGORY_COLOURS
from tracker.status.dataset import dataset_meta


@lru_cache(maxsize=1)
def _meta() -> dict:
    return dataset_meta()


def last_successful_scrape():
    """When any source last finished a successful run (None if never)."""
    return health.last_success(g.db)


def scrape_status(last) -> str:
    """The footer's words for the scrapers: the last success, or why there is none."""
    if last is not None:
        return last.strftime("%Y-%m-%d %H:%M UTC")
    if not health.ever_ran(g.db):
        return "not configured"  # no scraper has ever run on this instance
    return "none successful yet"


def canonical_url() -> str | None:
    """This page's one address: the endpoint with its normalised arguments (no tracking, same query)."""
    if request.endpoint is None or request.url_rule is None:
        return None
    # query arguments url_for would read as its own options (_external, _anchor …) are not the page's
    args = {k: v for k, v in request.args.items() if not k.startswith("_")}
    args.update(request.view_args or {})
    try:
        return url_for(request.endpoint, **args, _external=True)
    except (
        BuildError,
        KeyError,
        ValueError,
        TypeError,
    ):  # an endpoint that cannot be rebuilt from its arguments has no canonical link
        return None


def common() -> dict:
    """Template globals for every page."""
    last = last_successful_scrape()
    return {
        "dataset": _meta(),
        "last_scrape": last,
        "scrape_status": scrape_status(last),
        "canonical_url": canonical_url(),
        "categories": CATEGORIES,
        "colours": CATEGORY_COLOURS,
    }

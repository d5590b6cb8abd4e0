"""Values every page shows: dataset version and as-of date, last successful scrape."""

from __future__ import annotations

from functools import lru_cache

from flask import g
from sqlalchemy import func, select

from tracker.status.codebook import CATEGORIES, CATEGORY_COLOURS
from tracker.status.dataset import dataset_meta
from tracker.store.models import Source


@lru_cache(maxsize=1)
def _meta() -> dict:
    return dataset_meta()


def last_successful_scrape():
    """When any source last finished a successful run (None if never)."""
    return g.db.scalar(select(func.max(Source.last_success_at)))


def common() -> dict:
    """Template globals for every page."""
    return {
        "dataset": _meta(),
        "last_scrape": last_successful_scrape(),
        "categories": CATEGORIES,
        "colours": CATEGORY_COLOURS,
    }

"""The public scraper-health page: how each source is doing and what the last runs did."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from scrapers.registry import NAMES as SOURCE_NAMES
from tracker.ingest.health import RECENT_RUNS, health_rows, recent_runs
from tracker.web.params import choice_arg

bp = Blueprint("sources", __name__)


@bp.get("/sources")
def index():
    source = choice_arg("source", SOURCE_NAMES)
    return render_template(
        "sources.html",
        health=health_rows(g.db),
        runs=recent_runs(g.db, source=source),
        source=source,
        source_names=SOURCE_NAMES,
        limit=RECENT_RUNS,
    )

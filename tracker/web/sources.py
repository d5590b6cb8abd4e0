"""The public scraper-health page: how each source is doing and what the last runs did."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from scrapers.registry import NAMES as SOURCE_NAMES
from tracker.ingest.health import public_error, source_health
from tracker.store.models import ScrapeRun, Source, utcnow
from tracker.web.params import choice_arg

bp = Blueprint("sources", __name__)

RECENT_RUNS = 50
MAX_MESSAGE_CHARS = 500


def recent_runs(session: Session, limit: int = RECENT_RUNS, source: str | None = None) -> list[dict]:
    """The newest scrape runs (one query), each with its source's name."""
    stmt = select(ScrapeRun, Source.name).join(Source, Source.id == ScrapeRun.source_id)
    if source:
        stmt = stmt.where(Source.name == source)
    stmt = stmt.order_by(ScrapeRun.started_at.desc(), ScrapeRun.id.desc()).limit(limit)
    out = []
    for run, name in session.execute(stmt):
        message = public_error(run.error_message, run.error_class, run.http_status, with_class=False) or ""
        out.append({
            "run": run,
            "source": name,
            "seconds": (run.finished_at - run.started_at).total_seconds() if run.finished_at else None,
            "message": message if len(message) <= MAX_MESSAGE_CHARS else message[:MAX_MESSAGE_CHARS] + "…",
        })
    return out


def health_rows(session: Session) -> list[dict]:
    """source_health plus a plain-words state: never run, ok, failing, overdue."""
    now = utcnow()
    rows = []
    for h in source_health(session, public=True):
        if h["last_run_at"] is None and h["last_success_at"] is None:
            state = "never run"
        elif h["consecutive_failures"]:
            state = "failing"
        elif h["next_due_at"] is not None and h["next_due_at"] < now:
            state = "due"
        else:
            state = "ok"
        rows.append({**h, "state": state})
    return rows


@bp.get("/sources")
def index():
    source = choice_arg("source", SOURCE_NAMES)
    return render_template(
        "sources.html", health=health_rows(g.db), runs=recent_runs(g.db, source=source), source=source,
        source_names=SOURCE_NAMES, limit=RECENT_RUNS,
    )

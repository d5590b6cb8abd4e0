"""Scraper health: what each source last did, for the CLI, the dashboard and the API."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import scrapers
from tracker.store.models import ScrapeRun, Source


def source_health(session: Session) -> list[dict]:
    """One row per known source, including sources that have never run."""
    rows = {s.name: s for s in session.scalars(select(Source))}
    out = []
    for name in scrapers.SOURCES:
        s = rows.get(name)
        last_run = None
        if s is not None:
            last_run = session.scalars(
                select(ScrapeRun).where(ScrapeRun.source_id == s.id).order_by(ScrapeRun.started_at.desc(), ScrapeRun.id.desc())
            ).first()
        out.append({
            "name": name,
            "last_outcome": last_run.outcome if last_run else None,
            "last_run_at": last_run.started_at if last_run else None,
            "last_success_at": s.last_success_at if s else None,
            "last_failure_at": s.last_failure_at if s else None,
            "last_error": s.last_error if s else None,
            "consecutive_failures": s.consecutive_failures if s else 0,
            "next_due_at": s.next_due_at if s else None,
        })
    return out

"""Changes across jurisdictions (/changes) and tracked bills (/bills)."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from tracker.reports import bills as bill_service
from tracker.reports import timeline
from tracker.ingest.stages import STAGES
from tracker.web.jurisdiction import page_url, safe_url, utc
from tracker.web.params import BadParameter, choice_arg, date_arg, jurisdiction_arg

bp = Blueprint("changes", __name__)

ORDERS = ("effective", "recorded")
LIMIT = 1000


@bp.get("/changes")
def index():
    """Every change by effective date (default) or by the date the tracker recorded it."""
    by = choice_arg("by", ORDERS, "effective")
    start = date_arg("from")
    end = date_arg("to")
    region = choice_arg("region", timeline.REGIONS, "all")
    if start and end and start > end:
        raise BadParameter("to", f"must not be before from ({start.isoformat()})")
    truncated = False
    if by == "recorded":
        rows, truncated = timeline.changes_by_recorded(g.db, start, end, region, limit=LIMIT)
    else:
        rows = timeline.changes_by_effective(g.db, start, end, region, limit=LIMIT + 1)  # one more says "truncated"
        truncated = len(rows) > LIMIT
        rows = rows[:LIMIT]
    return render_template(
        "changes.html", rows=rows, by=by, start=start, end=end, region=region, regions=timeline.REGIONS,
        truncated=truncated, limit=LIMIT, page_url=page_url, safe_url=safe_url, utc=utc,
    )


@bp.get("/bills")
def bills():
    """Tracked bills by stage, jurisdiction and intent; bills back in a new session are flagged."""
    stage = choice_arg("stage", STAGES)
    intent = choice_arg("intent", bill_service.INTENTS)
    place = jurisdiction_arg("jurisdiction", 120)
    rows = bill_service.query_bills(g.db, stage=stage, jurisdiction=place, intent=intent)
    return render_template(
        "bills.html", rows=rows, stage=stage, intent=intent, code=place.code if place else "",
        place=place, places=bill_service.jurisdictions_with_bills(g.db), stages=STAGES, intents=bill_service.INTENTS, stage_words=bill_service.stage_words,
        page_url=page_url, safe_url=safe_url, utc=utc,
    )

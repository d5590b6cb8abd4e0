"""Changes across jurisdictions (/changes) and tracked bills (/bills)."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, g, render_template, url_for

from tracker.ingest.stages import STAGES
from tracker.reports import bills as bill_service
from tracker.reports import labels, relations, timeline
from tracker.reports.export import neutralise_cell
from tracker.web.jurisdiction import page_url, safe_url, utc
from tracker.web.params import BadParameter, choice_arg, date_arg, jurisdiction_arg

bp = Blueprint("changes", __name__)

ORDERS = ("effective", "recorded")
LIMIT = 1000


def _changes():
    """The changes the query asks for: (rows, truncated, filters)."""
    by = choice_arg("by", ORDERS, "effective")
    start = date_arg("from")
    end = date_arg("to")
    region = choice_arg("region", timeline.REGIONS, "all")
    place = jurisdiction_arg("jurisdiction", 120)
    if start and end and start > end:
        raise BadParameter("to", f"must not be before from ({start.isoformat()})")
    truncated = False
    if by == "recorded":
        rows, truncated = timeline.changes_by_recorded(
            g.db, start, end, region, limit=LIMIT, jurisdiction=place
        )
    else:
        rows = timeline.changes_by_effective(
            g.db, start, end, region, limit=LIMIT + 1, jurisdiction=place
        )
        truncated = len(rows) > LIMIT  # one more than shown says "truncated"
        rows = rows[:LIMIT]
    return rows, truncated, dict(by=by, start=start, end=end, region=region, place=place)


def _args(f: dict) -> dict:
    """The query arguments that reproduce these filters (for the CSV and feed links)."""
    out = {}
    if f["by"] != "effective":
        out["by"] = f["by"]
    if f["start"]:
        out["from"] = f["start"].isoformat()
    if f["end"]:
        out["to"] = f["end"].isoformat()
    if f["region"] != "all":
        out["region"] = f["region"]
    if f["place"] is not None:
        out["jurisdiction"] = f["place"].code
    return out


@bp.get("/changes")
def index():
    """Every change by effective date (default) or by the date the tracker recorded it; one place's
    changes with ?jurisdiction=US-LA. Shown as cards (they read on a phone), with CSV and Atom."""
    rows, truncated, f = _changes()
    place = f["place"]
    feed = (
        url_for("feeds.jurisdiction_changes", code=place.code)
        if place
        else url_for("feeds.changes")
    )
    return render_template(
        "changes.html",
        rows=rows,
        regions=timeline.REGIONS,
        truncated=truncated,
        limit=LIMIT,
        page_url=page_url,
        safe_url=safe_url,
        utc=utc,
        labels=labels,
        feed=feed,
        csv_url=url_for("changes.csv_export", **_args(f)),
        **f,
    )


CSV_COLUMNS = (
    "effective",
    "recorded_at",
    "recorded_by",
    "code",
    "name",
    "place_type",
    "what",
    "before",
    "after",
    "headline",
    "changed_fields",
    "citation_kind",
    "citation_label",
    "citation_url",
)


@bp.get("/changes.csv")
def csv_export():
    """The same rows as /changes with the same filters, as CSV (every cell formula-safe)."""
    rows, truncated, f = _changes()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        c = r.citation
        w.writerow(
            [
                neutralise_cell(v)
                for v in (
                    r.effective.isoformat() if r.effective else "",
                    utc(r.recorded_at),
                    r.recorded_by,
                    r.jurisdiction.code,
                    r.jurisdiction.name,
                    labels.place_type(r.jurisdiction.code, r.jurisdiction.kind),
                    r.kind,
                    r.before.category if r.before else "",
                    r.after.category,
                    r.headline,
                    "; ".join(str(x) for x in r.words),
                    c.kind if c else "",
                    c.label if c else "",
                    c.url if c else "",
                )
            ]
        )
    name = (
        "kratom-changes" + (f"_{f['place'].code.replace('/', '_')}" if f["place"] else "") + ".csv"
    )
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "public, max-age=300",
    }
    if truncated:
        headers["X-Truncated"] = f"first {LIMIT} rows"
    return Response(buf.getvalue(), headers=headers, content_type="text/csv; charset=utf-8")


@bp.get("/bills")
def bills():
    """Tracked bills by stage, jurisdiction and intent; bills back in a new session are flagged."""
    stage = choice_arg("stage", STAGES)
    intent = choice_arg("intent", bill_service.INTENTS)
    place = jurisdiction_arg("jurisdiction", 120)
    rows = bill_service.query_bills(g.db, stage=stage, jurisdiction=place, intent=intent)
    cited = relations.all_dataset_bills(g.db, place) if not stage and not intent else []
    return render_template(
        "bills.html",
        rows=rows,
        stage=stage,
        intent=intent,
        code=place.code if place else "",
        place=place,
        places=bill_service.jurisdictions_with_bills(g.db),
        stages=STAGES,
        intents=bill_service.INTENTS,
        stage_words=bill_service.stage_words,
        page_url=page_url,
        safe_url=safe_url,
        utc=utc,
        cited=cited,
    )

"""One jurisdiction's page: status on a date, timeline strip, periods with diffs, corrections,
events, bills, source snapshots with redlines, and the law that applies on top."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, url_for

from tracker.reports import bills, labels, redline, relations, timeline
from tracker.reports.relations import layers_above
from tracker.status import codebook, history, jurisdictions
from tracker.status.dataset import dataset_meta
from tracker.status.periods import when_text
from tracker.store.models import Jurisdiction
from tracker.web.params import date_arg

bp = Blueprint("jurisdiction", __name__)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (never javascript:, data:, …)."""
    if not url:
        return None
    squeezed = "".join(ch for ch in url if ord(ch) > 32 and ord(ch) != 127)
    parts = urlsplit(squeezed)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def utc(value) -> str:
    """A timezone-aware datetime as 'YYYY-MM-DD HH:MM UTC'."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "—"


def page_url(
    code: str, as_of: date | None = None, known_on: date | None = None, external: bool = False
) -> str:
    """A link to a jurisdiction page pinned to as_of (and known_on when given)."""
    args = {}
    if as_of is not None:
        args["as_of"] = as_of.isoformat()
    if known_on is not None:
        args["known_on"] = known_on.isoformat()
    return url_for("jurisdiction.show", code=code, _external=external, **args)


def _current(periods, j: Jurisdiction, as_of: date, known_on: date | None):
    """What the page answers on as_of: the uncertain-start rule (in timeline.in_force) and rule F."""
    current = timeline.in_force(periods, as_of)
    if current is not None and (j.federal_scheduling or {}).get("automatic"):
        current = history.follow_federal(current, j, history.federal_answer(g.db, as_of, known_on))
    return current


def federal_citation(block: dict):
    """The federal_scheduling block's citation as an object the citation list shows."""
    c = block["citation"]
    accessed = date.fromisoformat(c["accessed"]) if c.get("accessed") else None
    return SimpleNamespace(
        kind=c["kind"],
        label=c["label"],
        url=c["url"],
        accessed=accessed,
        source_date=c.get("source_date"),
        via=c.get("via"),
    )


@bp.get("/j/<path:code>")
def show(code: str):
    """One jurisdiction on a date (as_of, default today), as the tracker knew it on known_on."""
    today = date.today()
    as_of = date_arg("as_of", today)
    known_on = date_arg("known_on")
    j = jurisdictions.find(g.db, code)
    if j is None:
        return not_found(code)
    if (
        code != j.code
    ):  # /j/us-la and /j/US-LA are one page: send the first to the second, keeping the query
        query = request.query_string.decode("ascii", "replace")
        return redirect(
            url_for("jurisdiction.show", code=j.code) + (f"?{query}" if query else ""), 301
        )
    known_at = history.known_on_instant(known_on)  # bills and snapshots seen by then
    periods = history.history(g.db, j, known_on)
    entries = timeline.timeline_entries(periods, as_of, newest_first=True)
    current = _current(periods, j, as_of, known_on)
    context = dict(
        j=j,
        as_of=as_of,
        known_on=known_on,
        today=today,
        current=current,
        current_citations=labels.official_first(current.citations) if current else [],
        children=relations.children(g.db, j, as_of, known_on),
        dataset_bills=relations.dataset_bills(periods),
        labels=labels,
        cite_this=cite_this(j, as_of, known_on),
        entries=entries,
        entry_ids={e.period.id for e in entries},
        strip=timeline.strip_svg(periods, name=j.name, today=today, as_of=as_of),
        corrections=timeline.corrections(history.all_beliefs(g.db, j), known_on),
        events=timeline.events(g.db, j, known_on),
        bills=bills.query_bills(g.db, jurisdiction=j, seen_before=known_at),
        documents=redline.document_snapshots(g.db, j.id, known_at),
        above=layers_above(g.db, j, as_of, known_on),
        permalink=page_url(j.code, as_of, known_on, external=True),
        page_url=page_url,
        safe_url=safe_url,
        utc=utc,
        value_words=timeline.value_words,
        when=when_text,
        official_first=codebook.official_first,
        is_official=codebook.is_official,
        federal_citation=federal_citation,
        stage_words=bills.stage_words,
    )
    return render_template("jurisdiction.html", **context)


def cite_this(j: Jurisdiction, as_of: date, known_on: date | None) -> str:
    """An APA-like reference to this page: the tracker, the dataset version, the date shown, a permalink."""
    meta = dataset_meta()
    known = f", as known on {known_on.isoformat()}" if known_on else ""
    return (
        f"Kratom legal-status tracker ({meta['as_of'].year}). {j.name} ({j.code}): kratom legal status on "
        f"{as_of.isoformat()}{known} [Dataset {meta['version']}]. Retrieved {date.today().isoformat()}, from "
        f"{page_url(j.code, as_of, known_on, external=True)}"
    )


def not_found(code: str):
    """A 404 that helps: close matches by code or name (/j/louisiana suggests Louisiana, US-LA)."""
    codes = jurisdictions.suggest(g.db, code[:80])
    matches = [jurisdictions.find(g.db, c) for c in codes]
    suggestions = [(page_url(m.code), f"{m.name} ({m.code})") for m in matches if m is not None]
    return render_template(
        "error.html",
        code=404,
        title="No such place",
        message=f"No jurisdiction has the code {code[:80]!r}.",
        suggestions=suggestions,
    ), 404

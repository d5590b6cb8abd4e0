"""Scraper health: what each source last did, for the CLI, the dashboard and the API."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scrapers.fetch import redact_text
from scrapers.registry import NAMES as SOURCE_NAMES
from tracker.store.models import ScrapeRun, Source, utcnow

# What a public page says about a failure: the error class in plain words, never the exception text
# (which can hold a request URL, a host's internals or, for a database error, SQL).
PUBLIC_PHRASES = {
    "FetchError": "the source could not be fetched",
    "ResponseTooLarge": "the answer was larger than the size cap",
    "BlockedAddress": "the address was refused (not a public address)",
    "LayoutChanged": "the answer was not in the expected shape (did the source change its layout?)",
    "HostileHtml": "the page was too deeply nested or too slow to read",
    "Deferred": "the source asked us to wait; it is tried again later",
    "RobotsDisallowed": "robots.txt does not allow fetching it",
    "MissingApiKey": "no API key is configured",
    "Terminated": "the run was stopped before it finished",
}
_DETAILS = (
    (re.compile(r"TLS error", re.I), "TLS certificate or handshake error"),
    (re.compile(r"\bHTTP (\d{3})\b"), r"HTTP \1"),
    (re.compile(r"timed? ?out|took longer than", re.I), "timed out"),
    (re.compile(r"ConnectionError|refused", re.I), "connection failed"),
    (re.compile(r"^database error", re.I), "database error"),
)


def public_error(
    message: str | None,
    error_class: str | None = None,
    http_status: int | None = None,
    *,
    with_class: bool = True,
) -> str | None:
    """A short summary of a failure for public pages: what kind of failure, never its raw text."""
    if not message and not error_class:
        return None
    text = message or ""
    cls = error_class or (text.split(":", 1)[0] if re.match(r"^\w+:", text) else None)
    phrase = PUBLIC_PHRASES.get(cls or "", "the source failed")
    details = []
    for pattern, label in _DETAILS:
        m = pattern.search(text)
        if m:
            details.append(m.expand(label))
    if http_status and f"HTTP {http_status}" not in details:
        details.append(f"HTTP {http_status}")
    summary = phrase + (f" ({', '.join(dict.fromkeys(details))})" if details else "")
    if with_class:
        summary = f"{cls or 'Error'}: {summary}"
    return redact_text(summary)[:200]


def source_health(session: Session, *, public: bool = False) -> list[dict]:
    """One row per known source, including sources that have never run.

    public=True (the /sources page and the API) gives last_error as a short summary, not the
    stored (redacted) message that `kratom-tracker sources` prints for the operator."""
    rows = {s.name: s for s in session.scalars(select(Source))}
    out = []
    for name in SOURCE_NAMES:
        s = rows.get(name)
        last_run = None
        if s is not None:
            last_run = session.scalars(
                select(ScrapeRun)
                .where(ScrapeRun.source_id == s.id)
                .order_by(ScrapeRun.started_at.desc(), ScrapeRun.id.desc())
            ).first()
        out.append(
            {
                "name": name,
                "last_outcome": last_run.outcome if last_run else None,
                "last_run_at": last_run.started_at if last_run else None,
                "last_success_at": s.last_success_at if s else None,
                "last_failure_at": s.last_failure_at if s else None,
                "last_error": (
                    public_error(s.last_error) if public else redact_text(s.last_error) or None
                )
                if s
                else None,
                "consecutive_failures": s.consecutive_failures if s else 0,
                "next_due_at": s.next_due_at if s else None,
                "last_notes": last_run.notes
                if last_run
                else None,  # why a run was skipped or deferred
            }
        )
    return out


RECENT_RUNS = 50
MAX_MESSAGE_CHARS = 500


def recent_runs(
    session: Session, limit: int = RECENT_RUNS, source: str | None = None
) -> list[dict]:
    """The newest scrape runs (one query), each with its source's name."""
    stmt = select(ScrapeRun, Source.name).join(Source, Source.id == ScrapeRun.source_id)
    if source:
        stmt = stmt.where(Source.name == source)
    stmt = stmt.order_by(ScrapeRun.started_at.desc(), ScrapeRun.id.desc()).limit(limit)
    out = []
    for run, name in session.execute(stmt):
        message = (
            public_error(run.error_message, run.error_class, run.http_status, with_class=False)
            or ""
        )
        out.append(
            {
                "run": run,
                "source": name,
                "seconds": (run.finished_at - run.started_at).total_seconds()
                if run.finished_at
                else None,
                "message": message
                if len(message) <= MAX_MESSAGE_CHARS
                else message[:MAX_MESSAGE_CHARS] + "…",
            }
        )
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


# Every page's footer asks both: built once, so SQLAlchemy does not rebuild and re-key the same
# statement on every request (issue #11).
_LAST_SUCCESS = select(func.max(Source.last_success_at))
_ANY_RUN = select(ScrapeRun.id).limit(1)


def last_success(session: Session):
    """When any source last finished a successful run (None if never)."""
    return session.scalar(_LAST_SUCCESS)


def ever_ran(session: Session) -> bool:
    """Whether any scrape has run on this instance (none: the scrapers are not configured)."""
    return session.scalar(_ANY_RUN) is not None

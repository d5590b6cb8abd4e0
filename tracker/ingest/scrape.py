"""Run scraper sources under cron: each in isolation, one transaction each, with run records.

Scrapers fetch and parse (no database); this module reconciles what they return, records a
run per source (ok / unchanged / failed / skipped) and keeps each source's health. A failed,
empty or unrecognisable response is a failure of that source, never "nothing changed".
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import requests
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import scrapers
from scrapers.errors import Deferred, MissingApiKey
from scrapers.fetch import Fetcher, redact_text, register_secrets
from scrapers.places import split_lines_by_jurisdiction
from tracker.ingest import locks
from tracker.store.models import ScrapeRun, Source, utcnow
from tracker.ingest.reconcile import reconcile
from tracker.store.runtime import Runtime

LOCK_NAME = "scrape"
DEFAULT_INTERVAL = timedelta(hours=6)


@dataclass
class RunOutcome:
    source: str
    outcome: str
    inserted: int = 0
    updated: int = 0
    noop: int = 0
    proposals: int = 0
    requests: int = 0
    error_class: str | None = None
    error_message: str | None = None
    http_status: int | None = None
    notes: list[str] = field(default_factory=list)

    def log_line(self) -> str:
        """One greppable line for cron logs."""
        parts = [f"scrape source={self.source} outcome={self.outcome}", f"inserted={self.inserted}",
                 f"updated={self.updated}", f"noop={self.noop}", f"proposals={self.proposals}", f"requests={self.requests}"]
        if self.error_class:
            parts.append(f"error={self.error_class} http_status={self.http_status or '-'} message={self.error_message!r}")
        elif self.notes:
            parts.append(f"note={'; '.join(self.notes)!r}")
        return " ".join(parts)


class UnknownSource(ValueError):
    """A source name that no scraper module has."""


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM from cron's `timeout`, systemd, an operator).

    A BaseException, so a source's `except Exception` cannot mistake it for that source failing
    and go on to the next one: the run stops, its transaction rolls back, the run is recorded as
    aborted, the lock is released and the healthcheck is told at once.
    """


def check_names(names: list[str] | None) -> list[str]:
    """The sources to run (all when none named); unknown names raise UnknownSource."""
    if not names:
        return list(scrapers.SOURCES)
    unknown = [n for n in names if n not in scrapers.SOURCES]
    if unknown:
        raise UnknownSource(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(scrapers.SOURCES)}")
    return list(dict.fromkeys(names))


def _source_row(session: Session, name: str) -> Source:
    row = session.scalar(select(Source).where(Source.name == name))
    if row is None:
        row = Source(name=name, state={}, consecutive_failures=0)
        session.add(row)
        session.flush()
    return row


def _start_run(rt: Runtime, name: str, dry_run: bool) -> int:
    """Record the start of a run (committed at once, so a killed run stays visible as aborted)."""
    with rt.write_transaction() as session:
        src = _source_row(session, name)
        session.execute(
            update(ScrapeRun).where(ScrapeRun.source_id == src.id, ScrapeRun.outcome == "running")
            .values(outcome="aborted", finished_at=utcnow(), error_message="the process ended before the run finished")
        )
        run = ScrapeRun(source_id=src.id, started_at=utcnow(), outcome="running", dry_run=dry_run)
        session.add(run)
        session.flush()
        return run.id


def error_text(exc: BaseException) -> str:
    """What may be stored and shown about a failure: redacted (no API key), capped, and for a
    database error only the database's own first line, never the SQL statement or its parameters."""
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        first = (str(orig) if orig is not None else type(exc).__name__).strip().splitlines()
        return f"database error: {redact_text(first[0] if first else type(exc).__name__)[:300]}"
    text = str(exc) or traceback.format_exception_only(exc)[-1].strip()
    return redact_text(text)[:2000]


def _finish(session: Session, run_id: int, out: RunOutcome, evidence: list) -> None:
    run = session.get(ScrapeRun, run_id)
    run.finished_at, run.outcome, run.requests = utcnow(), out.outcome, out.requests
    run.inserted, run.updated, run.noop = out.inserted, out.updated, out.noop
    run.error_class, run.http_status = out.error_class, out.http_status
    run.error_message = redact_text(out.error_message) if out.error_message else None
    run.evidence = evidence[:200]
    run.notes = redact_text("; ".join(out.notes))[:4000] or None


def _fetcher(rt: Runtime, fetcher_factory: Callable[..., Fetcher] | None) -> Fetcher:
    s = rt.settings
    if fetcher_factory is not None:
        return fetcher_factory(s)
    rates: dict[str, int] | int = 30
    if s.fetch_rate_per_minute:  # an operator's ceiling for every host we talk to
        bases = [*scrapers.DEFAULT_BASE_URLS.values(), *s.source_base_urls.values()]
        rates = {urlsplit(b).hostname: s.fetch_rate_per_minute for b in bases if urlsplit(b).hostname}
    return Fetcher(s.user_agent, allow_private=s.allow_private_fetch, rate_per_minute=rates)


def run_source(rt: Runtime, name: str, *, since: date | None, dry_run: bool,
               fetcher_factory: Callable[..., Fetcher] | None = None) -> RunOutcome:
    """Poll one source and reconcile its items in one transaction; failures are recorded, not raised."""
    run_id = _start_run(rt, name, dry_run)
    try:
        return _poll_and_reconcile(rt, name, run_id, since, dry_run, fetcher_factory)
    except Terminated as exc:
        with rt.write_transaction() as session:
            out = RunOutcome(name, "aborted", error_class="Terminated", error_message=str(exc))
            _finish(session, run_id, out, [])
        raise


def _poll_and_reconcile(rt: Runtime, name: str, run_id: int, since: date | None, dry_run: bool,
                        fetcher_factory: Callable[..., Fetcher] | None) -> RunOutcome:
    module = scrapers.SOURCES[name]
    with rt.write_transaction() as session:
        state = dict(_source_row(session, name).state or {})
    key = rt.settings.api_keys.get(module.API_KEY_ENV) if module.API_KEY_ENV else None
    register_secrets([key])
    base = rt.settings.source_base_urls.get(name) or scrapers.DEFAULT_BASE_URLS[name]
    if name == "page" and rt.settings.watchlist_path:
        base = rt.settings.watchlist_path
    fetcher = _fetcher(rt, fetcher_factory)
    out = RunOutcome(name, "running")
    try:
        result = module.poll(fetcher, state, since=since, api_key=key, base_url=base)
        out.requests, out.notes = result.requests, list(result.notes)
        with rt.write_transaction() as session:
            counts = reconcile(session, result.items, split=split_lines_by_jurisdiction if name == "wikipedia" else None)
            out.inserted, out.updated, out.noop, out.proposals = counts.inserted, counts.updated, counts.noop, counts.proposals
            out.notes += [f"warning: {w}" for w in counts.warnings]
            out.outcome = "ok" if (counts.inserted or counts.updated) else "unchanged"
            if dry_run:
                out.notes.append("dry run: nothing was written")
                session.rollback()
                _finish(session, run_id, out, [e.to_json() for e in fetcher.evidence])
                return out
            src = _source_row(session, name)
            if src.state != result.state:
                src.state = result.state
            src.last_success_at, src.consecutive_failures, src.last_error = utcnow(), 0, None
            src.next_due_at = utcnow() + DEFAULT_INTERVAL
            _finish(session, run_id, out, [e.to_json() for e in fetcher.evidence])
        return out
    except MissingApiKey as exc:
        out.outcome = "skipped"
        out.notes = [f"skipped: {exc} (set {module.API_KEY_ENV} to enable this source)"]
    except Exception as exc:  # noqa: BLE001 - one broken source must never stop the others
        out.outcome = "failed"
        out.requests = fetcher.requests
        out.error_class = type(exc).__name__
        out.error_message = error_text(exc)
        out.http_status = getattr(exc, "http_status", None)
    finally:
        fetcher.close()
    _record_problem(rt, name, run_id, out, fetcher, exc_deferred=out.error_class == Deferred.__name__)
    return out


def _record_problem(rt: Runtime, name: str, run_id: int, out: RunOutcome, fetcher: Fetcher, exc_deferred: bool) -> None:
    with rt.write_transaction() as session:
        src = _source_row(session, name)
        if out.outcome == "failed":
            src.consecutive_failures = (src.consecutive_failures or 0) + 1
            src.last_failure_at = utcnow()
            src.last_error = redact_text(f"{out.error_class}: {out.error_message}")[:4000]
            src.next_due_at = utcnow() + (DEFAULT_INTERVAL if not exc_deferred else timedelta(hours=1))
        _finish(session, run_id, out, [e.to_json() for e in fetcher.evidence])


def run_scrape(rt: Runtime, names: list[str] | None, *, since: date | None = None, dry_run: bool = False,
               on_result: Callable[[RunOutcome], None] = lambda r: None,
               fetcher_factory: Callable[..., Fetcher] | None = None,
               lock_ttl: timedelta = locks.DEFAULT_TTL) -> list[RunOutcome]:
    """Run the named sources (all by default) under the run lock; raises locks.LockHeld if taken.

    The lock is renewed from a heartbeat thread while the run is alive, so a run longer than
    lock_ttl keeps it; a run killed with -9 stops renewing and its lock lapses after lock_ttl."""
    selected = check_names(names)
    register_secrets(rt.settings.api_keys.values())
    holder = locks.this_holder()
    locks.acquire(rt.sessions, LOCK_NAME, holder, lock_ttl)
    try:
        results = []
        with locks.Heartbeat(rt.sessions, LOCK_NAME, holder, lock_ttl):
            for name in selected:
                result = run_source(rt, name, since=since, dry_run=dry_run, fetcher_factory=fetcher_factory)
                on_result(result)
                results.append(result)
        return results
    finally:
        locks.release(rt.sessions, LOCK_NAME, holder)


def ping_healthcheck(url: str | None, ok: bool, user_agent: str) -> str | None:
    """Ping a dead-man switch (healthchecks.io style: URL on success, URL/fail on failure)."""
    if not url:
        return None
    target = url if ok else url.rstrip("/") + "/fail"
    try:
        requests.get(target, timeout=(5, 10), headers={"User-Agent": user_agent})
    except requests.RequestException as exc:
        return f"healthcheck ping failed: {type(exc).__name__}"
    return None


def exit_code(results: list[RunOutcome]) -> int:
    """0 when every source was ok, unchanged or skipped; 1 when any failed."""
    return 1 if any(r.outcome == "failed" for r in results) else 0

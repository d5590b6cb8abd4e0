"""Run scraper sources under cron: each in isolation, one transaction each, with run records.

Scrapers fetch and parse (no database); this module reconciles what they return, records a
run per source (ok / unchanged / failed / skipped / deferred / timeout) and keeps each source's
health. A failed, empty or unrecognisable response is a failure of that source, never "nothing
changed". A server asking us to wait longer than the fetcher's cap (429/503 with a long
Retry-After) defers the source until then: not a failure. Each source has a time budget (and the
run one, `--max-seconds`); a source over it is recorded as a timeout.
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

import requests
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from scrapers import registry
from scrapers.errors import Deferred, MissingApiKey
from scrapers.fetch import Fetcher, redact_text, register_secrets
from scrapers.places import split_lines_by_jurisdiction
from scrapers.protocol import Source as SourceModule
from tracker.ingest import locks
from tracker.ingest.reconcile import reconcile
from tracker.store.models import ScrapeRun, Source, utcnow
from tracker.store.runtime import Runtime

LOCK_NAME = "scrape"
DEFAULT_INTERVAL = timedelta(hours=6)
SOURCE_MAX_SECONDS = (
    180.0  # a source's time budget unless its module sets MAX_SECONDS or the run is shorter
)
FAILED_OUTCOMES = ("failed", "timeout")


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
        parts = [
            f"scrape source={self.source} outcome={self.outcome}",
            f"inserted={self.inserted}",
            f"updated={self.updated}",
            f"noop={self.noop}",
            f"proposals={self.proposals}",
            f"requests={self.requests}",
        ]
        if self.error_class:
            parts.append(
                f"error={self.error_class} http_status={self.http_status or '-'} message={self.error_message!r}"
            )
        elif self.notes:
            parts.append(f"note={'; '.join(self.notes)!r}")
        return " ".join(parts)


class TimeBudgetExceeded(BaseException):
    """A source went past its time budget. A BaseException, so no `except Exception` inside a
    scraper (a watched page's per-page handler, say) can mistake it for an ordinary error."""


class _Budget:
    """A deadline for one source's polling: checked before every request, and (in the main
    thread) enforced by an interval timer so a request hanging on a slow upstream is cut too."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self._armed = False

    def check(self) -> None:
        if time.monotonic() >= self.deadline:
            raise TimeBudgetExceeded(f"over its time budget of {self.seconds:g} s")

    def _fire(self, signum, frame) -> None:
        raise TimeBudgetExceeded(f"over its time budget of {self.seconds:g} s")

    def __enter__(self):
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self._previous = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, max(self.seconds, 0.001))
            self._armed = True
        return self

    def __exit__(self, *exc) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)


class _BudgetedFetcher:
    """The fetcher a source polls through: the real one, with the budget checked before each request."""

    def __init__(self, fetcher: Fetcher, budget: _Budget):
        self._fetcher, self._budget = fetcher, budget

    def get(self, *args, **kwargs):
        self._budget.check()
        return self._fetcher.get(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._fetcher, name)


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
        return list(registry.NAMES)
    unknown = [n for n in names if n not in registry.INFO]
    if unknown:
        raise UnknownSource(
            f"unknown source(s): {', '.join(unknown)}; known: {', '.join(registry.NAMES)}"
        )
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
            update(ScrapeRun)
            .where(ScrapeRun.source_id == src.id, ScrapeRun.outcome == "running")
            .values(
                outcome="aborted",
                finished_at=utcnow(),
                error_message="the process ended before the run finished",
            )
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
        bases = [*registry.DEFAULT_BASE_URLS.values(), *s.source_base_urls.values()]
        rates = {
            urlsplit(b).hostname: s.fetch_rate_per_minute for b in bases if urlsplit(b).hostname
        }
    return Fetcher(s.user_agent, allow_private=s.allow_private_fetch, rate_per_minute=rates)


def source_budget(
    name: str, run_left: float | None = None, source_seconds: float | None = None
) -> float:
    """Seconds a source may take: its own budget (the option, its module's MAX_SECONDS, or the
    default), never more than what is left of the run's."""
    own = source_seconds or getattr(registry.load(name), "MAX_SECONDS", None) or SOURCE_MAX_SECONDS
    return own if run_left is None else max(0.0, min(own, run_left))


def _deferred_until(session: Session, src: Source) -> datetime | None:
    """When a source the server deferred may be polled again (None: it may be polled now)."""
    if src.next_due_at is None or src.next_due_at <= utcnow():
        return None
    last = session.scalars(
        select(ScrapeRun)
        .where(ScrapeRun.source_id == src.id, ScrapeRun.outcome != "running")
        .order_by(ScrapeRun.started_at.desc(), ScrapeRun.id.desc())
    ).first()
    return src.next_due_at if last is not None and last.outcome == "deferred" else None


def run_source(
    rt: Runtime,
    name: str,
    *,
    since: date | None,
    dry_run: bool,
    fetcher_factory: Callable[..., Fetcher] | None = None,
    max_seconds: float | None = None,
) -> RunOutcome:
    """Poll one source and reconcile its items in one transaction; failures are recorded, not raised."""
    with rt.write_transaction() as session:
        until = _deferred_until(session, _source_row(session, name))
    run_id = _start_run(rt, name, dry_run)
    if until is not None:  # the server asked us to wait: do not ask again before then
        out = RunOutcome(
            name,
            "deferred",
            notes=[f"deferred until {until.isoformat(timespec='seconds')}: not polled"],
        )
        with rt.write_transaction() as session:
            _finish(session, run_id, out, [])
        return out
    budget = _Budget(max_seconds if max_seconds is not None else source_budget(name))
    try:
        return _poll_and_reconcile(rt, name, run_id, since, dry_run, fetcher_factory, budget)
    except Terminated as exc:
        with rt.write_transaction() as session:
            out = RunOutcome(name, "aborted", error_class="Terminated", error_message=str(exc))
            _finish(session, run_id, out, [])
        raise


def _poll_and_reconcile(
    rt: Runtime,
    name: str,
    run_id: int,
    since: date | None,
    dry_run: bool,
    fetcher_factory: Callable[..., Fetcher] | None,
    budget: _Budget,
) -> RunOutcome:
    module: SourceModule = registry.load(name)
    with rt.write_transaction() as session:
        state = dict(_source_row(session, name).state or {})
    key = rt.settings.api_keys.get(module.API_KEY_ENV) if module.API_KEY_ENV else None
    register_secrets([key])
    base = rt.settings.source_base_urls.get(name) or module.DEFAULT_BASE_URL
    if module.BASE_URL_SETTING and getattr(rt.settings, module.BASE_URL_SETTING, None):
        base = getattr(rt.settings, module.BASE_URL_SETTING)  # `page`: TRACKER_WATCHLIST
    fetcher = _fetcher(rt, fetcher_factory)
    out = RunOutcome(name, "running")
    deferred: Deferred | None = None
    try:
        if budget.seconds <= 0:
            raise TimeBudgetExceeded("not started: the run's time budget was spent")
        with budget:
            result = module.poll(
                _BudgetedFetcher(fetcher, budget), state, since=since, api_key=key, base_url=base
            )
        out.requests, out.notes = result.requests, list(result.notes)
        with rt.write_transaction() as session:
            counts = reconcile(
                session,
                result.items,
                split=split_lines_by_jurisdiction if module.SPLIT_LINES else None,
            )
            out.inserted, out.updated, out.noop, out.proposals = (
                counts.inserted,
                counts.updated,
                counts.noop,
                counts.proposals,
            )
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
    except Deferred as exc:
        deferred = exc
        out.outcome, out.requests, out.http_status = "deferred", fetcher.requests, exc.http_status
        until = utcnow() + timedelta(seconds=exc.retry_after)
        out.notes = [f"deferred until {until.isoformat(timespec='seconds')}: {exc}"]
    except TimeBudgetExceeded as exc:
        out.outcome, out.requests = "timeout", fetcher.requests
        out.error_class, out.error_message = "TimeBudgetExceeded", str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken source must never stop the others
        out.outcome = "failed"
        out.requests = fetcher.requests
        out.error_class = type(exc).__name__
        out.error_message = error_text(exc)
        out.http_status = getattr(exc, "http_status", None)
    finally:
        fetcher.close()
    _record_problem(rt, name, run_id, out, fetcher, deferred)
    return out


def _record_problem(
    rt: Runtime,
    name: str,
    run_id: int,
    out: RunOutcome,
    fetcher: Fetcher,
    deferred: Deferred | None,
) -> None:
    with rt.write_transaction() as session:
        src = _source_row(session, name)
        if out.outcome in FAILED_OUTCOMES:
            src.consecutive_failures = (src.consecutive_failures or 0) + 1
            src.last_failure_at = utcnow()
            src.last_error = redact_text(f"{out.error_class}: {out.error_message}")[:4000]
            src.next_due_at = utcnow() + DEFAULT_INTERVAL
        elif deferred is not None and not _is_dry_run(session, run_id):
            src.next_due_at = utcnow() + timedelta(seconds=deferred.retry_after)
        _finish(session, run_id, out, [e.to_json() for e in fetcher.evidence])


def _is_dry_run(session: Session, run_id: int) -> bool:
    """Whether a run is a dry run (which records its outcome but changes no source's schedule)."""
    return bool(session.get(ScrapeRun, run_id).dry_run)


def run_scrape(
    rt: Runtime,
    names: list[str] | None,
    *,
    since: date | None = None,
    dry_run: bool = False,
    on_result: Callable[[RunOutcome], None] = lambda r: None,
    fetcher_factory: Callable[..., Fetcher] | None = None,
    lock_ttl: timedelta = locks.DEFAULT_TTL,
    max_seconds: float | None = None,
    source_seconds: float | None = None,
) -> list[RunOutcome]:
    """Run the named sources (all by default) under the run lock; raises locks.LockHeld if taken.

    The lock is renewed from a heartbeat thread while the run is alive, so a run longer than
    lock_ttl keeps it; a run killed with -9 stops renewing and its lock lapses after lock_ttl.
    max_seconds bounds the whole run; each source also has its own budget (source_budget)."""
    selected = check_names(names)
    register_secrets(rt.settings.api_keys.values())
    holder = locks.this_holder()
    locks.acquire(rt.sessions, LOCK_NAME, holder, lock_ttl)
    started = time.monotonic()
    try:
        results = []
        with locks.Heartbeat(rt.sessions, LOCK_NAME, holder, lock_ttl):
            for name in selected:
                left = None if max_seconds is None else max_seconds - (time.monotonic() - started)
                result = run_source(
                    rt,
                    name,
                    since=since,
                    dry_run=dry_run,
                    fetcher_factory=fetcher_factory,
                    max_seconds=source_budget(name, left, source_seconds),
                )
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
    """0 when every source was ok, unchanged, skipped or deferred; 1 when any failed or timed out."""
    return 1 if any(r.outcome in FAILED_OUTCOMES for r in results) else 0

"""Shared helpers for the fault tests: a populated database, the CLI as a real process, checks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import initialise
from tracker.ingest.reconcile import propose
from tracker.status.periods import overlaps
from tracker.status.review import accept
from tracker.store import backup
from tracker.store.models import Proposal, ScrapeRun, Source, StatusPeriod
from tracker.store.runtime import Runtime

PG = bool(os.environ.get("TRACKER_TEST_DATABASE_URL"))


def populate(rt: Runtime) -> None:
    """The bundled dataset plus what cron and curators add: proposals (one accepted), a scrape run."""
    initialise(rt)
    with rt.transaction() as s:
        for i, code in enumerate(("US-NH", "US-VT", "DE")):
            propose(
                s,
                code=code,
                dedupe_key=f"bill-enacted:faults:{code}",
                source="openstates",
                kind="bill_enacted",
                title=f"HB {i + 1} (2027) enacted: adds kratom to schedule I",
                evidence={"url": f"https://legislature.example.gov/{code}/hb{i + 1}"},
                suggested={"leaf": "controlled", "seven_oh": "controlled"},
            )
    with rt.transaction() as s:
        pid = s.scalar(
            select(Proposal.id).where(Proposal.dedupe_key == "bill-enacted:faults:US-NH")
        )
        accept(s, pid, actor="curator@example.org", effective=date(2027, 1, 1))
        src = Source(name="federal_register", state={"since": "2026-01-01"}, consecutive_failures=0)
        s.add(src)
        s.flush()
        now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
        s.add(
            ScrapeRun(
                source_id=src.id,
                started_at=now,
                finished_at=now,
                outcome="ok",
                inserted=2,
                evidence=[
                    {"url": "https://www.federalregister.gov/api/v1/documents.json", "status": 200}
                ],
                notes="first run",
            )
        )


def summary(rt: Runtime) -> backup.Summary:
    """Row counts and history checksums of the runtime's database."""
    return backup.summarise_engine(rt.engine)


def count(rt: Runtime, model, *where) -> int:
    with rt.transaction() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def invariant_violations(rt: Runtime) -> list[str]:
    """History invariants: current periods never overlap; every known period has a citation."""
    problems = []
    with rt.transaction() as s:
        rows = s.scalars(select(StatusPeriod).where(StatusPeriod.superseded_at.is_(None))).all()
        by_j: dict[int, list[StatusPeriod]] = {}
        for p in rows:
            by_j.setdefault(p.jurisdiction_id, []).append(p)
            if p.leaf != "unknown" and not p.citations:
                problems.append(f"period {p.id} has no citation")
        for periods in by_j.values():
            periods.sort(key=lambda p: p.effective_from or date.min)
            for a, b in zip(periods, periods[1:]):
                if overlaps(a.effective_from, a.effective_to, b.effective_from, b.effective_to):
                    problems.append(f"periods {a.id} and {b.id} overlap")
    return problems


@dataclass
class Ran:
    code: int
    out: str
    err: str
    seconds: float


def env_for(rt: Runtime, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=rt.settings.database_url,
        TRACKER_INSTANCE_PATH=str(rt.settings.instance_path),
    )
    env.update(extra)
    return env


def kratom_tracker(env: dict[str, str], *args: str, cwd: Path, timeout: float = 120) -> Ran:
    """Run `python -m tracker ARGS` as a real process (the console script's own entry point)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Ran(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


@lru_cache(maxsize=1)
def startup_seconds() -> float:
    """How long `python -m tracker --version` takes here: the part of a CLI timing that is start-up."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "tracker", "--version"], capture_output=True, timeout=120, check=True
    )
    return time.monotonic() - started


def assert_clean_failure(ran: Ran) -> None:
    """Non-zero, one clear Error line, no traceback, no SQL statement dumped."""
    assert ran.code != 0, ran
    assert "Traceback" not in ran.err and "Traceback" not in ran.out, ran.err
    assert "[SQL:" not in ran.err, ran.err
    assert ran.err.strip().startswith("Error:"), ran.err
    assert len(ran.err.strip().splitlines()) <= 3, ran.err

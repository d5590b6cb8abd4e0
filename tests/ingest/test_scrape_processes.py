"""Real processes: two scrapes started together, and a scrape killed in the middle."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

from sqlalchemy import func, select

from tests.replay import fixture
from tests.upstream import reroute
from tracker.store.models import Notice, RunLock, ScrapeRun, Source


def start(env, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "scrape", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def _scalar(rt, stmt):
    with rt.transaction() as s:
        return s.scalar(stmt)


def test_two_scrapes_started_together_one_exits_75(world, replay):
    rt, env = world
    held = threading.Event()  # the first run stays inside its fetch until the second has exited
    reroute(replay, "/w/api.php", fixture("wikipedia/revisions.json", hold=held))
    first = start(env, "wikipedia")
    try:
        wait_for(lambda: _scalar(rt, select(func.count()).select_from(RunLock)) == 1)
        second = start(env, "wikipedia")
        out, _ = second.communicate(timeout=60)
        assert second.returncode == 75, out
        assert "holds the lock" in out
    finally:
        held.set()
        first.communicate(timeout=120)
    assert _scalar(rt, select(func.count()).select_from(RunLock)) == 0


def test_a_run_killed_in_the_middle_leaves_nothing_half_imported_and_the_next_run_completes(
    world, replay
):
    rt, env = world
    reroute(
        replay,
        "/api/v1/public-inspection-documents.json",
        fixture("federal_register/public_inspection_empty.json", delay=30.0),
    )
    victim = start(env, "federal_register")
    fr_running = (
        select(func.count())
        .select_from(ScrapeRun)
        .join(Source, Source.id == ScrapeRun.source_id)
        .where(Source.name == "federal_register", ScrapeRun.outcome == "running")
    )
    wait_for(lambda: _scalar(rt, fr_running) == 1)
    time.sleep(1.0)  # inside the slow fetch, after the documents were already fetched
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    assert _scalar(rt, select(func.count()).select_from(Notice)) == 0
    assert (
        _scalar(rt, select(func.count()).select_from(RunLock)) == 1
    )  # left behind by the killed run

    reroute(
        replay,
        "/api/v1/public-inspection-documents.json",
        fixture("federal_register/public_inspection_empty.json"),
    )
    again = start(env, "federal_register")
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0, out
    assert _scalar(rt, select(func.count()).select_from(Notice)) >= 2
    with rt.transaction() as s:
        outcomes = sorted(s.scalars(select(ScrapeRun.outcome)))
    assert outcomes == ["aborted", "ok"]

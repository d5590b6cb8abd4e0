"""A scrape under cron: the healthcheck ping on success and failure (F14's in-app share), and a
job over its time budget killed by coreutils `timeout` (F13).

The dead-man switch itself is the external monitor (healthchecks.io style): it notices a missing
success ping after its period and grace. What the app owes it is tested here: a success ping only
when every source succeeded, `/fail` otherwise, and `/fail` at once when the job is stopped.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from tests.replay import Reply, fixture
from tests.upstream import broken, reroute
from tracker.store.models import Notice, RunLock, ScrapeRun, Source

PING = "/ping/5f1c2a"
HANGING = "/api/v1/public-inspection-documents.json"


def scrape(env, *args) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "tracker", "scrape", *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)


def scrape_out_of_time(replay, env, *args) -> subprocess.CompletedProcess:
    """`timeout -s TERM 60 kratom-tracker scrape ARGS`, whose budget runs out once the job waits on
    the hanging upstream: SIGALRM is what `timeout` gets from its own timer, so it stops the job
    (SIGTERM) and exits 124 exactly as on expiry. A fixed budget had to outlast start-up on a loaded
    machine (8 s, always waited out); this one expires inside the fetch on any machine."""
    argv = ["timeout", "-s", "TERM", "60", sys.executable, "-m", "tracker", "scrape", *args]
    job = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not replay.requests_to(HANGING) and job.poll() is None:
        assert time.monotonic() < deadline, "the scrape never reached the hanging upstream"
        time.sleep(0.05)
    job.send_signal(signal.SIGALRM)
    out, err = job.communicate(timeout=120)
    return subprocess.CompletedProcess(argv, job.returncode, out, err)


def pings(replay) -> list[str]:
    return [r.path for r in replay.requests if r.path.startswith(PING)]


def _with_ping(replay, env) -> dict:
    replay.route(PING, Reply(body="OK", content_type="text/plain"))
    replay.route(PING + "/fail", Reply(body="OK", content_type="text/plain"))
    return {**env, "TRACKER_HEALTHCHECK_URL": replay.url + PING}


def test_a_run_where_every_source_succeeds_pings_the_healthcheck_once(world, replay):
    _rt, env = world
    done = scrape(_with_ping(replay, env), "federal_register")
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\nF14: success -> pings {pings(replay)}")
    assert pings(replay) == [PING]


def test_a_run_with_a_failed_source_pings_fail_and_exits_1(world, replay):
    _rt, env = world
    broken(replay, "/api/v1/documents.json")
    done = scrape(_with_ping(replay, env), "federal_register")
    assert done.returncode == 1, done.stdout + done.stderr
    print(f"\nF14: a failed source -> pings {pings(replay)}")
    assert pings(replay) == [PING + "/fail"]


@pytest.mark.skipif(shutil.which("timeout") is None, reason="coreutils timeout is not installed")
def test_a_job_over_its_time_budget_is_stopped_reports_fail_and_leaves_nothing_behind(
    world, replay
):
    rt, env = world
    reroute(
        replay, HANGING, fixture("federal_register/public_inspection_empty.json", delay=60.0)
    )  # upstream hangs
    started = time.monotonic()
    done = scrape_out_of_time(replay, _with_ping(replay, env), "federal_register")
    took = time.monotonic() - started
    print(f"\nF13: exit {done.returncode} after {took:.1f} s; pings {pings(replay)}")
    assert done.returncode == 124, done.stdout + done.stderr  # coreutils: the command timed out
    assert "stopped by signal SIGTERM" in done.stderr
    assert pings(replay) == [PING + "/fail"]  # never a success ping, and the monitor hears at once
    with rt.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Notice)) == 0  # nothing half-imported
        assert (
            s.scalar(select(func.count()).select_from(RunLock)) == 0
        )  # the next run is not blocked
        runs = s.execute(
            select(ScrapeRun.outcome, ScrapeRun.error_message)
            .join(Source)
            .where(Source.name == "federal_register")
        ).all()
    assert [r.outcome for r in runs] == ["aborted"] and "SIGTERM" in runs[0].error_message

    reroute(replay, HANGING, fixture("federal_register/public_inspection_empty.json"))
    again = scrape(env, "federal_register")
    assert again.returncode == 0, again.stdout + again.stderr

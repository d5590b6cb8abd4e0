"""Operations of `kratom-tracker scrape` and `sources` (issue #12), over real HTTP on 127.0.0.1:
deferral on a long Retry-After, time budgets, dry runs without a healthcheck ping, readable health."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import select

from tests.replay import Reply, fixture
from tests.upstream import reroute
from tracker.cli.main import cli
from tracker.store.models import ScrapeRun, Source, utcnow
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

PING = "/ping/0c7e"
DOCS = "/api/v1/documents.json"


def invoke(rt, *args):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt})


def source(rt, name: str) -> Source:
    with rt.transaction() as s:
        row = s.scalar(select(Source).where(Source.name == name))
        s.expunge(row)
        return row


def runs(rt, name: str) -> list[str]:
    with rt.transaction() as s:
        return list(
            s.scalars(
                select(ScrapeRun.outcome)
                .join(Source)
                .where(Source.name == name)
                .order_by(ScrapeRun.id)
            )
        )


def test_a_429_with_a_long_retry_after_defers_the_source_until_then_and_exits_0(world, replay):
    rt, _ = world
    reroute(replay, DOCS, Reply(status=429, headers={"Retry-After": "3600"}, body="{}"))
    result = invoke(rt, "scrape", "federal_register", "--json")
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.splitlines()[0])
    assert (
        line["outcome"] == "deferred"
        and line["http_status"] == 429
        and "deferred until" in line["notes"][0]
    )
    row = source(rt, "federal_register")
    assert row.consecutive_failures == 0 and row.last_error is None
    assert timedelta(minutes=59) < row.next_due_at - utcnow() <= timedelta(hours=1)
    asked = len(replay.requests_to(DOCS))
    again = invoke(
        rt, "scrape", "federal_register"
    )  # within the hour: the server is not asked again
    assert (
        again.exit_code == 0 and "outcome=deferred" in again.output and "not polled" in again.output
    )
    assert len(replay.requests_to(DOCS)) == asked
    assert runs(rt, "federal_register") == ["deferred", "deferred"]


def test_sources_prints_times_and_says_which_sources_were_skipped_or_deferred(world, replay):
    rt, env = world
    reroute(replay, DOCS, Reply(status=503, headers={"Retry-After": "7200"}, body="{}"))
    invoke(rt, "scrape", "federal_register", "ecfr")
    keyless = Runtime(Settings.from_env({k: v for k, v in env.items() if k != "LEGISCAN_API_KEY"}))
    invoke(keyless, "scrape", "legiscan")
    out = invoke(rt, "sources").output
    lines = out.splitlines()
    assert "<32" not in out
    ecfr = next(line for line in lines if line.startswith("ecfr "))
    assert f"last ok {utcnow():%Y-%m-%d}" in ecfr and "UTC" in ecfr and "last run ok" in ecfr
    fr = lines.index(next(line for line in lines if line.startswith("federal_register ")))
    assert "last run deferred" in lines[fr] and "failures in a row 0" in lines[fr]
    assert (
        lines[fr + 1].strip().startswith("deferred until ")
        and "asked to wait 7200s" in lines[fr + 1]
    )
    ls = lines.index(next(line for line in lines if line.startswith("legiscan ")))
    assert "last run skipped" in lines[ls] and lines[ls + 1].strip().startswith(
        "skipped: LEGISCAN_API_KEY is not set (set"
    )
    keyless_lines = invoke(keyless, "sources").output.splitlines()
    ls = keyless_lines.index(next(line for line in keyless_lines if line.startswith("legiscan ")))
    assert keyless_lines[ls + 1].strip() == "skipped: LEGISCAN_API_KEY is not set"
    rows = {r["name"]: r for r in json.loads(invoke(keyless, "sources", "--json").output)}
    assert (
        rows["legiscan"]["last_outcome"] == "skipped"
        and "LEGISCAN_API_KEY" in rows["legiscan"]["last_notes"]
    )
    assert (
        rows["legiscan"]["missing_key"] == "LEGISCAN_API_KEY"
        and rows["ecfr"]["missing_key"] is None
    )


def test_a_source_over_its_time_budget_is_recorded_as_a_timeout_and_exits_1(world, replay):
    rt, _ = world
    reroute(
        replay, DOCS, fixture("federal_register/documents_empty.json", delay=20.0)
    )  # a slow upstream
    started = time.monotonic()
    result = invoke(rt, "scrape", "federal_register", "--source-max-seconds", "1", "--json")
    took = time.monotonic() - started
    assert result.exit_code == 1, result.output
    line = json.loads(result.output.splitlines()[0])
    assert (
        line["outcome"] == "timeout"
        and line["error_class"] == "TimeBudgetExceeded"
        and "1 s" in line["error_message"]
    )
    assert took < 10  # cut at the budget, not after the fetcher's timeouts and retries
    row = source(rt, "federal_register")
    assert row.consecutive_failures == 1 and "TimeBudgetExceeded" in row.last_error


def test_the_run_budget_records_the_sources_it_leaves_no_time_for_as_timeouts(world, replay):
    rt, _ = world
    reroute(replay, DOCS, fixture("federal_register/documents_empty.json", delay=20.0))
    result = invoke(rt, "scrape", "federal_register", "ecfr", "--max-seconds", "1", "--json")
    assert result.exit_code == 1, result.output
    outcomes = {r["source"]: r for r in map(json.loads, result.output.splitlines())}
    assert outcomes["federal_register"]["outcome"] == "timeout"
    assert (
        outcomes["ecfr"]["outcome"] == "timeout"
        and "not started" in outcomes["ecfr"]["error_message"]
    )
    assert runs(rt, "ecfr") == ["timeout"]


def test_a_dry_run_does_not_ping_the_healthcheck(world, replay):
    _rt, env = world
    replay.route(PING, Reply(body="OK", content_type="text/plain"))
    replay.route(PING + "/fail", Reply(body="OK", content_type="text/plain"))
    rt = Runtime(Settings.from_env({**env, "TRACKER_HEALTHCHECK_URL": replay.url + PING}))
    assert invoke(rt, "scrape", "ecfr", "--dry-run").exit_code == 0
    assert [r.path for r in replay.requests if r.path.startswith(PING)] == []
    assert invoke(rt, "scrape", "ecfr").exit_code == 0
    assert [r.path for r in replay.requests if r.path.startswith(PING)] == [PING]

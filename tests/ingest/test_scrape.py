"""`kratom-tracker scrape` end to end over real HTTP against the local replay server."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import func, select

from tests.upstream import broken, nothing_new_upstream
from tracker.cli.main import cli
from tracker.ingest import locks
from tracker.store.models import (
    Bill,
    Content,
    Document,
    Notice,
    Proposal,
    RunLock,
    ScrapeRun,
    Snapshot,
    Source,
    StatusPeriod,
    utcnow,
)
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

COUNTED = (Bill, Notice, Document, Snapshot, Content, Proposal, StatusPeriod)


def scrape(rt, *args):
    return CliRunner().invoke(cli, ["scrape", *args], obj={"runtime": rt})


def counts(rt) -> dict[str, int]:
    with rt.transaction() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def test_a_full_scrape_creates_bills_snapshots_and_proposals(world):
    rt, _ = world
    result = scrape(rt, "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {r["source"] for r in lines} == {
        "openstates",
        "legiscan",
        "federal_register",
        "ecfr",
        "wikipedia",
        "page",
        "congress",
        "regulations",
    }
    assert all(r["outcome"] == "ok" for r in lines), lines
    after = counts(rt)
    assert after["Bill"] >= 3 and after["Notice"] >= 2 and after["Snapshot"] >= 2
    with rt.transaction() as s:
        la = s.scalar(select(Bill).where(Bill.identifier == "SB 154", Bill.source == "openstates"))
        assert la.stage == "enacted" and la.intent == "ban"
        kinds = set(s.scalars(select(Proposal.kind)))
        assert {"bill_enacted", "notice"} <= kinds


def test_a_second_run_with_nothing_changed_costs_one_request_per_query_and_writes_only_run_records(
    world, replay
):
    rt, _ = world
    assert scrape(rt).exit_code == 0
    before = counts(rt)
    nothing_new_upstream(replay)
    sent_before = len(replay.requests)
    second = scrape(rt, "--json")
    assert second.exit_code == 0
    results = [json.loads(line) for line in second.output.splitlines()]
    assert all(r["inserted"] == 0 and r["updated"] == 0 for r in results), results
    assert counts(rt) == before
    # one request per source and query: 5 terms for the keyword APIs, 2 for FR (documents +
    # public inspection) x 5 terms, 1 revision check for Wikipedia, 1 conditional GET per page...
    per_source = {r["source"]: r["requests"] for r in results}
    assert per_source["wikipedia"] == 1 and per_source["page"] == 1 and per_source["congress"] == 1
    assert sum(per_source.values()) == len(replay.requests) - sent_before
    with rt.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ScrapeRun)) == 16


def test_a_broken_source_fails_alone_exits_1_and_changes_no_status(world, replay):
    rt, _ = world
    before = counts(rt)
    broken(replay, "/api/v1/documents.json")
    result = scrape(rt)
    assert result.exit_code == 1
    assert (
        "source=federal_register outcome=failed" in result.output
        and "error=LayoutChanged" in result.output
    )
    assert "source=openstates outcome=ok" in result.output
    assert counts(rt)["StatusPeriod"] == before["StatusPeriod"]
    with rt.transaction() as s:
        fr = s.scalar(select(Source).where(Source.name == "federal_register"))
        assert fr.consecutive_failures == 1 and "LayoutChanged" in fr.last_error
        assert (
            s.scalar(
                select(func.count()).select_from(Notice).where(Notice.source == "federal_register")
            )
            == 0
        )


def test_the_same_input_twice_gives_no_inserts_and_no_updates(world):
    rt, _ = world
    first = json.loads(scrape(rt, "openstates", "--json").output)
    # --since makes Open States send the same bills again, so reconciliation sees identical input
    again = json.loads(scrape(rt, "openstates", "--json", "--since", "2020-01-01").output)
    assert first["inserted"] >= 2
    assert (again["inserted"], again["updated"], again["noop"]) == (0, 0, first["inserted"])


def test_reconciling_the_same_items_twice_counts_only_noops_the_second_time(world):
    from scrapers.sources import federal_register, legiscan
    from tests.scrapers.helpers import fixture_bytes
    from tracker.ingest.reconcile import reconcile

    rt, _ = world
    items = [
        *legiscan.parse(fixture_bytes("legiscan/bill_1903541.json")),
        *federal_register.parse(fixture_bytes("federal_register/documents_mitragynine.json")),
    ]
    with rt.transaction() as s:
        first = reconcile(s, items)
    with rt.transaction() as s:
        second = reconcile(s, items)
    assert (first.inserted, first.updated) == (3, 0)
    assert (second.inserted, second.updated, second.noop) == (0, 0, 3)


def test_a_source_without_its_api_key_is_skipped_with_a_note(world, settings, tmp_path):
    rt, env = world
    env = {k: v for k, v in env.items() if k != "LEGISCAN_API_KEY"}
    keyless = Runtime(Settings.from_env(env))
    result = scrape(keyless, "legiscan")
    assert result.exit_code == 0
    assert "outcome=skipped" in result.output and "LEGISCAN_API_KEY" in result.output


def test_a_dry_run_writes_nothing_but_the_run_record(world):
    rt, _ = world
    before = counts(rt)
    result = scrape(rt, "federal_register", "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.output
    assert counts(rt) == before


def test_an_unknown_source_is_a_usage_error(world):
    rt, _ = world
    result = scrape(rt, "myspace")
    assert result.exit_code == 2 and "unknown source" in result.output


def test_a_held_lock_makes_a_second_run_exit_75(world):
    rt, _ = world
    locks.acquire(rt.sessions, "scrape", "elsewhere:4242")
    result = scrape(rt, "ecfr")
    assert result.exit_code == 75
    assert "holds the lock" in result.output


def test_an_expired_lock_left_by_a_killed_run_is_taken_over(world):
    rt, _ = world
    with rt.transaction() as s:
        s.add(
            RunLock(
                name="scrape",
                holder="elsewhere:4242",
                acquired_at=utcnow() - timedelta(hours=3),
                expires_at=utcnow() - timedelta(hours=1),
            )
        )
    assert scrape(rt, "ecfr").exit_code == 0


def test_a_lock_held_by_a_dead_process_on_this_host_is_taken_over(world):
    rt, _ = world
    dead = f"{locks.this_holder().rpartition(':')[0]}:999999"
    locks.acquire(rt.sessions, "scrape", dead)
    assert scrape(rt, "ecfr").exit_code == 0


def test_sources_shows_each_sources_health(world, replay):
    rt, _ = world
    broken(replay, "/api/v1/documents.json")
    scrape(rt, "federal_register", "ecfr")
    out = CliRunner().invoke(cli, ["sources", "--json"], obj={"runtime": rt}).output
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["ecfr"]["last_outcome"] == "ok" and rows["ecfr"]["consecutive_failures"] == 0
    assert (
        rows["federal_register"]["last_outcome"] == "failed"
        and "LayoutChanged" in rows["federal_register"]["last_error"]
    )
    assert rows["openstates"]["last_run_at"] is None


def test_a_lone_surrogate_in_upstream_json_is_replaced_and_the_rest_of_the_source_is_kept(
    world, replay
):
    """Issue #10 (Low): one `\\ud800` used to fail the whole source on every run."""
    from pathlib import Path

    from tests.replay import Reply
    from tests.upstream import reroute

    rt, _ = world
    path = (
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "sources"
        / "federal_register"
        / "documents_kratom_page1.json"
    )
    body = path.read_text().replace("Withdrawal", "Withdrawal \\ud800 (lone surrogate)", 1)
    assert "\\ud800" in body
    reroute(replay, "/api/v1/documents.json", Reply(body=body))
    result = scrape(rt, "federal_register", "--json")
    line = json.loads(result.output.splitlines()[0])
    print(f"\nL2: a lone surrogate in one title -> {line['outcome']}, inserted {line['inserted']}")
    assert line["outcome"] == "ok" and result.exit_code == 0
    with rt.transaction() as s:
        titles = list(s.scalars(select(Notice.title)))
    assert any("Withdrawal \ufffd (lone surrogate)" in t for t in titles)


def test_the_run_lock_is_renewed_while_a_long_run_is_alive_so_a_second_run_cannot_start(
    world, monkeypatch
):
    """Issue #10 (Low): the lock's time-to-live used to be fixed at acquisition; a run longer than
    it lost the lock and a second run could start alongside. Here the TTL is 1 s and the run 2.5 s."""
    import time

    from tracker.ingest import scrape as scraping
    from tracker.ingest.scrape import run_scrape

    rt, _ = world
    seen = {}

    def slow_poll(fetcher, state, **kwargs):
        time.sleep(2.5)  # longer than the lock's 1 s time-to-live
        try:
            locks.acquire(rt.sessions, scraping.LOCK_NAME, "otherhost:4242", timedelta(seconds=1))
            seen["second run"] = "started alongside"
        except locks.LockHeld as exc:
            seen["second run"] = f"refused: {exc}"
        raise scraping.MissingApiKey("stop here")

    monkeypatch.setattr(scraping.registry.load("congress"), "poll", slow_poll)
    run_scrape(rt, ["congress"], lock_ttl=timedelta(seconds=1))
    print(f"\nL9: a 2.5 s run with a 1 s lock -> second run {seen['second run']}")
    assert seen["second run"].startswith("refused: another scrape run holds the lock")
    with rt.transaction() as s:
        assert s.get(RunLock, scraping.LOCK_NAME) is None  # released at the end

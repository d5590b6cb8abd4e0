"""The public /sources page: each scraper's health and the recent runs, no login needed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import scrapers
from tracker.ingest.health import health_rows, recent_runs
from tracker.ingest.scrape import run_source
from tracker.store.models import ScrapeRun, Source, utcnow
from tracker.web import create_app


@pytest.fixture
def rt(migrated_runtime):
    return migrated_runtime


@pytest.fixture
def client(rt):
    app = create_app(rt)
    app.testing = True
    return app.test_client()


def seed_runs(rt) -> None:
    """openstates failing twice in a row after 58 good runs; federal_register healthy and not yet due."""
    now = utcnow()
    with rt.transaction() as s:
        os_ = Source(
            name="openstates",
            state={},
            last_success_at=now - timedelta(days=2),
            last_failure_at=now - timedelta(hours=1),
            last_error="HTTPError: 503 Service Unavailable from v3.openstates.org",
            consecutive_failures=2,
            next_due_at=now + timedelta(hours=5),
        )
        fr = Source(
            name="federal_register",
            state={},
            last_success_at=now - timedelta(hours=3),
            consecutive_failures=0,
            next_due_at=now + timedelta(hours=3),
        )
        s.add_all([os_, fr])
        s.flush()
        for i in range(58):
            start = now - timedelta(days=3) + timedelta(minutes=i)
            s.add(
                ScrapeRun(
                    source_id=os_.id,
                    started_at=start,
                    finished_at=start + timedelta(seconds=4),
                    outcome="ok",
                    inserted=i,
                    updated=1,
                    noop=7,
                    requests=3,
                )
            )
        for i in range(2):
            start = now - timedelta(hours=2 - i)
            s.add(
                ScrapeRun(
                    source_id=os_.id,
                    started_at=start,
                    finished_at=start + timedelta(seconds=30),
                    outcome="failed",
                    requests=4,
                    error_class="HTTPError",
                    error_message=f"503 Service Unavailable (attempt {i})",
                    http_status=503,
                )
            )
        s.add(
            ScrapeRun(
                source_id=fr.id,
                started_at=now - timedelta(hours=3),
                finished_at=now - timedelta(hours=3) + timedelta(seconds=2),
                outcome="unchanged",
                noop=12,
                requests=2,
            )
        )


def test_every_known_source_is_listed_even_before_it_has_ever_run(client):
    page = client.get("/sources")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for name in scrapers.SOURCES:
        assert f'<a href="/sources?source={name}">{name}</a>' in html
    assert html.count('<span class="state state-never-run">never run</span>') == len(
        scrapers.SOURCES
    )
    assert "No scrape runs recorded yet." in html


def test_the_page_shows_health_and_the_last_50_runs_newest_first(rt, client):
    seed_runs(rt)
    html = client.get("/sources").get_data(as_text=True)
    openstates_row = re.search(
        r'<th scope="row"><a href="/sources\?source=openstates">openstates</a></th>(.*?)</tr>',
        html,
        re.DOTALL,
    ).group(1)
    # a public page gives a short summary of the failure, never the stored exception text
    assert "state-failing" in openstates_row and "HTTPError: the source failed" in openstates_row
    assert "v3.openstates.org" not in openstates_row
    assert "<td>2</td>" in openstates_row and "<td>failed</td>" in openstates_row
    fr_row = re.search(
        r'source=federal_register">federal_register</a></th>(.*?)</tr>', html, re.DOTALL
    ).group(1)
    assert "state-ok" in fr_row and "<td>unchanged</td>" in fr_row
    runs = html.split('<table class="curator runs">', 1)[1]
    assert runs.count('<tr class="outcome-') == 50
    assert "The last 50 scrape runs (at most 50), newest first" in runs
    assert runs.index("outcome-failed") < runs.index("outcome-unchanged")
    assert runs.count("<strong>HTTPError</strong>: the source failed (HTTP 503)") == 2
    assert "(attempt" not in runs
    assert '<td class="num">503</td>' in runs and '<td class="num">30.0</td>' in runs


def test_the_runs_can_be_narrowed_to_one_source_and_an_unknown_source_is_a_400(rt, client):
    seed_runs(rt)
    html = client.get("/sources?source=federal_register").get_data(as_text=True)
    runs = html.split('<table class="curator runs">', 1)[1]
    assert runs.count('<tr class="outcome-') == 1 and "outcome-unchanged" in runs
    assert "Recent runs of federal_register" in html
    bad = client.get("/sources?source=<script>")
    assert bad.status_code == 400 and "<script>" not in bad.get_data(as_text=True)


def test_a_real_run_without_its_api_key_shows_as_skipped_with_its_requests(rt, client):
    out = run_source(rt, "congress", since=None, dry_run=False)
    assert out.outcome == "skipped"
    html = client.get("/sources").get_data(as_text=True)
    row = re.search(r'source=congress">congress</a></th>(.*?)</tr>', html, re.DOTALL).group(1)
    assert "<td>skipped</td>" in row
    assert '<tr class="outcome-skipped">' in html


def test_the_health_service_classifies_each_source_and_recent_runs_take_one_query(rt):
    seed_runs(rt)
    with rt.transaction() as s:
        states = {h["name"]: h["state"] for h in health_rows(s)}
        assert (
            states["openstates"] == "failing"
            and states["federal_register"] == "ok"
            and states["wikipedia"] == "never run"
        )
        s.scalar(select(Source).where(Source.name == "federal_register")).next_due_at = (
            utcnow() - timedelta(minutes=1)
        )
        assert {h["name"]: h["state"] for h in health_rows(s)}["federal_register"] == "due"
        rows = recent_runs(s, limit=5)
        assert [r["source"] for r in rows][:2] == ["openstates", "openstates"] and len(rows) == 5
        assert rows[0]["seconds"] == 30.0

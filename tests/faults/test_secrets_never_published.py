"""Issue #10 (High): an API key never reaches the cron log, `sources`, /sources, /api/v1/sources or
the database file, whatever the failure (a TLS error with the raw request URL, a database error).

The sources are pointed at a local HTTPS server with a self-signed certificate (tests/fixtures/tls),
with dummy keys set; everything the tracker prints, serves or stores is then searched for the keys.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from scrapers.fetch import redact_text
from tests.conftest import initialise
from tests.scrapers.test_fetch_network_faults import TLSServer
from tracker.cli.main import cli
from tracker.ingest import scrape
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings
from tracker.web import create_app

KEYS = {
    "LEGISCAN_API_KEY": "DUMMY-legiscan-key-9f8e7d",
    "CONGRESS_API_KEY": "DUMMY-congress-key-1a2b3c",
    "OPENSTATES_API_KEY": "DUMMY-openstates-key-4d5e6f",
    "REGULATIONS_API_KEY": "DUMMY-regulations-key-7a8b9c",
}


@pytest.fixture
def tls_world(settings, tmp_path):
    server = TLSServer()
    env = {
        "TRACKER_DATABASE_URL": settings.database_url,
        "TRACKER_INSTANCE_PATH": str(tmp_path / "inst"),
        "TRACKER_SECRET_KEY": "test",
        "TRACKER_ALLOW_PRIVATE_FETCH": "1",
        "TRACKER_FETCH_RATE_PER_MINUTE": "6000",
        **KEYS,
    }
    for name in ("legiscan", "congress", "openstates", "regulations"):
        env[f"TRACKER_SOURCE_URL_{name.upper()}"] = server.url
    rt = Runtime(Settings.from_env(env))
    initialise(rt)  # `init`'s result, copied from the per-worker template
    try:
        yield rt
    finally:
        server.close()
        rt.engine.dispose()


def everything_stored(rt) -> str:
    """Every byte of the database: the SQLite file itself, or every text column on PostgreSQL."""
    rt.engine.dispose()
    if rt.settings.is_sqlite:
        path = Path(rt.settings.database_url.split("///", 1)[1])
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*")).decode("latin-1")
    with rt.engine.connect() as conn:
        rows = [
            conn.execute(text(f"SELECT CAST(t AS text) FROM {table} t")).scalars().all()
            for table in ("sources", "scrape_runs", "audit_log", "proposals")
        ]
    return "\n".join(str(r) for table in rows for r in table)


def assert_no_key(where: str, text_: str) -> None:
    for name, key in KEYS.items():
        assert key not in text_, f"{name} leaked into {where}"
        assert key[6:] not in text_, f"part of {name} leaked into {where}"


def test_a_tls_failure_with_dummy_keys_leaves_no_key_in_output_sources_pages_api_or_database(
    tls_world,
):
    rt = tls_world
    runner = CliRunner()
    result = runner.invoke(
        cli, ["scrape", "legiscan", "congress", "openstates", "regulations"], obj={"runtime": rt}
    )
    print(
        f"\nH1: scrape against a self-signed TLS server -> exit {result.exit_code}\n{result.output}"
    )
    assert result.exit_code == 1
    assert result.output.count("outcome=failed") == 4 and "TLS error" in result.output
    assert_no_key("the scrape output", result.output)
    for args in (["sources"], ["sources", "--json"]):
        listed = runner.invoke(cli, args, obj={"runtime": rt})
        assert listed.exit_code == 0 and "TLS error" in listed.output
        assert_no_key(f"`{' '.join(args)}`", listed.output)
    client = create_app(rt).test_client()
    page = client.get("/sources").get_data(as_text=True)
    api = client.get("/api/v1/sources").get_json()
    assert_no_key("/sources", page)
    assert_no_key("/api/v1/sources", json.dumps(api))
    legiscan = next(r for r in api["results"] if r["name"] == "legiscan")
    # the public summary names the kind of failure, never the exception text or the request URL
    assert (
        legiscan["last_error"]
        == "FetchError: the source could not be fetched (TLS certificate or handshake error)"
    )
    assert "127.0.0.1" not in page.split("<h1>", 1)[1] and "SSLError" not in page
    assert_no_key("the database", everything_stored(rt))


def test_a_database_error_during_a_scrape_stores_neither_its_sql_nor_its_parameters(
    tls_world, monkeypatch
):
    rt = tls_world
    secret_sql = "INSERT INTO bills (key) VALUES (?)"

    def failing_poll(fetcher, state, **kwargs):
        raise OperationalError(
            secret_sql,
            {"key": KEYS["LEGISCAN_API_KEY"], "url": "https://x/?api_key=abc123secret"},
            Exception("disk I/O error"),
        )

    monkeypatch.setattr(scrape.registry.load("legiscan"), "poll", failing_poll)
    result = CliRunner().invoke(cli, ["scrape", "legiscan"], obj={"runtime": rt})
    print(f"\nH1: a database error inside a source -> {result.output.strip()}")
    assert result.exit_code == 1 and "database error: disk I/O error" in result.output
    client = create_app(rt).test_client()
    published = (
        result.output
        + client.get("/sources").get_data(as_text=True)
        + json.dumps(client.get("/api/v1/sources").get_json())
    )
    stored = everything_stored(rt)
    for where, body in (("published", published), ("stored", stored)):
        assert "INSERT INTO bills" not in body and "abc123secret" not in body, where
        assert_no_key(where, body)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            "HTTPSConnectionPool(host='x', port=443): Max retries exceeded with url: /v3/bill?api_key=SEKRIT&offset=0",
            "HTTPSConnectionPool(host='x', port=443): Max retries exceeded with url: /v3/bill?api_key=***&offset=0",
        ),
        (
            "https://api.legiscan.com/?key=SEKRIT&op=getBill",
            "https://api.legiscan.com/?key=***&op=getBill",
        ),
        ("url: /?key%3DSEKRIT", "url: /?key%3D***"),
        ("{'X-Api-Key': 'SEKRIT'}", "{'X-Api-Key': '***'}"),
        ("headers X-API-KEY: SEKRIT", "headers X-API-KEY: ***"),
        ("monkey=banana&turkey=1", "monkey=banana&turkey=1"),
    ],
)
def test_redact_text_removes_secret_parameters_and_headers_from_any_message(raw, expected):
    assert redact_text(raw) == expected


def test_redact_text_removes_a_known_key_wherever_it_appears():
    assert (
        redact_text("boom DUMMY-xyz-123 in a hostname DUMMY-xyz-123.example", ["DUMMY-xyz-123"])
        == "boom *** in a hostname ***.example"
    )


def test_the_0006_migration_scrubs_keys_already_stored_by_older_versions(runtime, monkeypatch):
    from tracker.store import migrate

    url = runtime.settings.database_url
    migrate.upgrade(url, "0005")
    leaked = (
        "TLS error for https://api.legiscan.com/?key=***&op=getBill: HTTPSConnectionPool(host='x'): "
        "Max retries exceeded with url: /?key=OLDKEY123&op=getBill"
    )
    with runtime.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (name, state, last_error, consecutive_failures) "
                "VALUES ('legiscan', '{}', :e, 1)"
            ),
            {"e": "FetchError: " + leaked},
        )
        conn.execute(
            text(
                "INSERT INTO scrape_runs (source_id, started_at, outcome, inserted, updated, noop, requests, "
                "error_message, dry_run, notes, evidence) VALUES (1, '2026-12-01 00:00:00', 'failed', 0, 0, 0, 1, "
                ":e, false, :n, :ev)"
            ),
            {
                "e": leaked,
                "n": "env key ENVKEY-abcdef seen",
                "ev": json.dumps([{"url": "https://c/?api_key=OLDKEY123"}]),
            },
        )
    monkeypatch.setenv("CONGRESS_API_KEY", "ENVKEY-abcdef")
    migrate.upgrade(url)
    with runtime.engine.connect() as conn:
        last_error = conn.execute(text("SELECT last_error FROM sources")).scalar_one()
        message, notes, evidence = conn.execute(
            text("SELECT error_message, notes, evidence FROM scrape_runs")
        ).one()
    print(f"\nH1: after 0006 -> {message!r}")
    for value in (last_error, message, notes, str(evidence)):
        assert "OLDKEY123" not in value and "ENVKEY-abcdef" not in value
    assert message.endswith("url: /?key=***&op=getBill") and notes == "env key *** seen"

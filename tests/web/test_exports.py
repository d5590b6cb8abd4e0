"""Exports of the status table and the full history: CSV and JSON, cite block, formula safety."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from tests.web.apiexport_support import client_for, module_runtime, record
from tracker.cli.main import cli
from tracker.reports import export
from tracker.status import codebook

HOSTILE = {
    # code: (summary, notes, citation label)
    "ZW": ('=HYPERLINK("http://evil.example","click")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1 Act"),
    "ZM": ("\t=1+1 hidden behind a tab", "\r=2+2 hidden behind a carriage return", "-3+3 Act"),
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = module_runtime(tmp_path_factory)
    for code, (summary, notes, label) in HOSTILE.items():
        record(runtime, code, start=date(2020, 1, 1), summary=summary, notes=notes, label=label)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture(scope="module")
def client(rt):
    return client_for(rt)


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_status_csv_for_15_march_2025_gives_each_states_status_that_day(client):
    response = client.get("/export/status.csv?as_of=2025-03-15")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    rows = _csv(response)
    by_code = {r["code"]: r for r in rows}
    assert by_code["US-AL"]["category"] == "banned"
    assert by_code["US-LA"]["category"] != "banned" and by_code["US-LA"]["min_age"] == "18"
    states = [r for r in rows if r["code"].startswith("US-") and r["kind"] == "subdivision"]
    assert len(states) >= 51 and all(r["category"] for r in states)
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    today = client.get("/export/status.csv").get_data(as_text=True)
    assert any(
        r["code"] == "US-LA" and r["category"] == "banned"
        for r in csv.DictReader(io.StringIO(today))
    )


def test_the_csv_carries_its_citation_in_headers_not_in_the_file(client):
    response = client.get("/export/status.csv?as_of=2025-03-15&known_on=2026-01-01")
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="kratom-status_2025-03-15_known-2026-01-01.csv"'
    assert response.headers["X-Dataset-Version"] == export.dataset_meta()["version"]
    assert (
        response.headers["X-As-Of"] == "2025-03-15"
        and response.headers["X-Known-On"] == "2026-01-01"
    )
    link = response.headers["Link"]
    assert (
        '<http://localhost/export/status.csv?as_of=2025-03-15&known_on=2026-01-01>; rel="cite-as"'
        in link
    )
    assert (
        '<http://localhost/export/status.json?as_of=2025-03-15&known_on=2026-01-01>; rel="describedby"'
        in link
    )
    text = response.get_data(as_text=True)
    assert text.startswith("code,name,kind,") and "#" not in text.splitlines()[0]
    assert not any(line.startswith("#") for line in text.splitlines())


def test_a_csv_without_known_on_pins_today_in_its_permalink_and_filename(client):
    response = client.get("/export/status.csv?as_of=2025-03-15")
    response.close()  # a streamed response holds its request (and database session) until closed
    today = export.pinned_known_on(None).isoformat()
    assert f"known_on={today}" in response.headers["Link"]
    assert f"kratom-status_2025-03-15_known-{today}.csv" in response.headers["Content-Disposition"]


def test_cells_a_spreadsheet_would_execute_are_neutralised(client):
    for url in ("/export/status.csv?as_of=2025-03-15", "/export/history.csv"):
        rows = _csv(client.get(url))
        # ZM and ZW have dataset files: their researched-unknown remainder before 2020 is not hostile
        hostile = [r for r in rows if r["code"] in HOSTILE and r["effective_from"] == "2020-01-01"]
        assert len(hostile) == 2, url
        for r in hostile:
            summary, notes, label = HOSTILE[r["code"]]
            assert r["summary"] == "'" + summary and r["notes"] == "'" + notes
            assert r["citation_labels"] == "'" + label
        for r in rows:
            for value in r.values():
                assert not value.startswith(DANGEROUS), (url, r["code"], value[:30])


def test_the_json_export_has_a_top_level_cite_block(client):
    response = client.get("/export/status.json?as_of=2025-03-15&known_on=2026-01-01")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert (
        'filename="kratom-status_2025-03-15_known-2026-01-01.json"'
        in response.headers["Content-Disposition"]
    )
    doc = json.loads(response.get_data(as_text=True))
    cite = doc["cite"]
    assert cite["dataset_version"] == export.dataset_meta()["version"]
    assert cite["as_of"] == "2025-03-15" and cite["known_on"] == "2026-01-01"
    assert (
        cite["permalink"]
        == "http://localhost/export/status.json?as_of=2025-03-15&known_on=2026-01-01"
    )
    assert cite["permalink"] in cite["text"] and "2025-03-15" in cite["text"]
    # nothing had been recorded by 2026-01-01 in this test database: the tracker knew nothing then
    assert {j["category"] for j in doc["jurisdictions"]} == {"unknown"}
    doc = json.loads(client.get("/export/status.json?as_of=2025-03-15").get_data(as_text=True))
    by_code = {j["code"]: j for j in doc["jurisdictions"]}
    assert by_code["US-AL"]["category"] == "banned" and by_code["US-LA"]["category"] == "regulated"
    # JSON is data, not a spreadsheet: values are exact
    assert by_code["ZW"]["summary"] == HOSTILE["ZW"][0]


def test_the_history_export_lists_every_current_period_with_citations(client, rt):
    rows = _csv(client.get("/export/history.csv"))
    la = [r for r in rows if r["code"] == "US-LA"]
    assert [r["effective_from"] for r in la] == ["", "2012-08-01", "2025-08-01"]
    assert "Act 41" in la[-1]["citation_labels"] and la[-1]["citation_urls"].startswith("https://")
    # Act 41 is cited through a bill tracker's copy (no official text found on 2026-12-07): the
    # period says where it searched, and official kinds would come first if there were any
    assert la[-1]["citation_kinds"].split(" | ")[0] == "aggregator"
    assert la[-1]["official_search"].startswith("none found;")
    assert "legis.la.gov" in la[-1]["official_search"]
    for r in rows:
        official = [codebook.is_official(k) for k in r["citation_kinds"].split(" | ") if k]
        assert official == sorted(official, reverse=True), r["code"]
    doc = json.loads(client.get("/export/history.json").get_data(as_text=True))
    assert doc["cite"]["what"] == "history" and doc["cite"]["as_of"] is None
    assert len(doc["periods"]) == len(rows)
    la_json = [p for p in doc["periods"] if p["code"] == "US-LA"]
    assert la_json[-1]["citations"][0]["label"].startswith("SB 154")
    assert {"period_id", "recorded_at", "recorded_by"} <= set(la_json[0])


def test_the_history_export_reproduces_what_was_known_on_a_date(client, rt):
    before = _csv(client.get("/export/history.csv?known_on=2020-01-01"))
    assert before == []  # the dataset was recorded later than that
    response = client.get("/export/history.csv")
    response.close()
    assert "kratom-history_known-" in response.headers["Content-Disposition"]


def test_the_history_rows_are_read_in_batches(rt):
    with rt.transaction() as session:
        small = list(export.history_rows(session, batch=7))
        large = list(export.history_rows(session))
    assert small == large and len(small) > 100


@pytest.mark.parametrize(
    "url",
    [
        "/export/status.csv?as_of=2025-02-30",
        "/export/status.json?known_on=soon",
        "/export/history.csv?known_on=x",
    ],
)
def test_a_bad_date_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.split("?")[0].endswith(".json"):
        assert response.get_json()["parameter"] == "known_on"


def test_an_unknown_export_format_is_404(client):
    assert client.get("/export/status.xlsx").status_code == 404
    assert client.post("/export/status.csv").status_code in (400, 405)


def test_the_cli_exports_the_history_through_the_same_service(rt, tmp_path):
    runner = CliRunner()
    out = tmp_path / "history.csv"
    result = runner.invoke(
        cli, ["export", "--history", "-o", str(out)], obj={"runtime": rt}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(export.HISTORY_COLUMNS)
    assert any(r["code"] == "US-LA" and r["effective_from"] == "2025-08-01" for r in rows)
    result = runner.invoke(
        cli,
        ["export", "--history", "--format", "json"],
        obj={"runtime": rt},
        catch_exceptions=False,
    )
    assert json.loads(result.output)["cite"]["what"] == "history"
    refused = runner.invoke(
        cli, ["export", "--history", "--as-of", "2025-01-01"], obj={"runtime": rt}
    )
    assert refused.exit_code == 2


def test_every_export_column_is_described_in_the_codebook():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "CODEBOOK.md").read_text(encoding="utf-8")
    section = doc.split("## Export columns", 1)[1]
    for column in (*export.CSV_COLUMNS, *export.HISTORY_COLUMNS):
        assert f"`{column}`" in section, column


@pytest.mark.parametrize("as_of", [date(2025, 3, 15), date(2026, 11, 27), date(1990, 1, 1)])
def test_the_fast_csv_path_writes_the_same_cells_as_the_json_rows_do(rt, as_of):
    cells = export._cells(export.CSV_COLUMNS)
    with rt.sessions() as s:
        from_rows = [cells(row) for row in export.status_rows(s, as_of)]
        fast = list(export.status_csv_cells(s, as_of))
    assert len(fast) == len(from_rows) > 300
    assert fast == from_rows
    assert any(row[17] for row in fast) or as_of.year == 1990  # citation labels are really compared


def test_streamed_exports_give_their_database_connection_back(rt, client):
    """A streamed body outlives the request's session: it must not leak a connection (the pool ran dry)."""
    urls = (
        "/export/status.csv",
        "/export/status.json",
        "/export/history.csv",
        "/export/history.json",
    )
    for url in urls:
        for _ in range(3):
            response = client.get(url)
            response.get_data()
            response.close()
    for url in urls:  # a client that goes away after the first chunk
        response = client.get(url, buffered=False)
        next(iter(response.response))
        response.close()
    assert rt.engine.pool.checkedout() == 0


def _table_codes(client, query: str) -> list[str]:
    from bs4 import BeautifulSoup

    html = client.get(f"/?{query}&per=500").get_data(as_text=True)
    page = BeautifulSoup(html, "lxml")
    return [tr.select_one(".code").get_text() for tr in page.select("table.home-status tbody tr")]


def test_the_us_csv_on_1_june_2024_holds_exactly_the_rows_the_table_shows_with_their_citations(
    client,
):
    rows = _csv(client.get("/export/status.csv?region=us&as_of=2024-06-01"))
    shown = _table_codes(client, "region=us&as_of=2024-06-01")
    assert sorted(r["code"] for r in rows) == sorted(shown) and len(rows) == len(shown) > 50
    by_code = {r["code"]: r for r in rows}
    assert by_code["US-AL"]["category"] == "banned" and by_code["US-AL"][
        "citation_urls"
    ].startswith("https://")
    assert all(r["citation_labels"] for r in rows if r["category"] != "unknown")
    # states, DC, territories and the federal level are told apart without a spreadsheet
    assert (
        by_code["US-LA"]["place_type"] == "US state"
        and by_code["US-DC"]["place_type"] == "US district (DC)"
    )
    assert (
        by_code["US-PR"]["place_type"] == "US territory"
        and by_code["US"]["place_type"] == "US federal"
    )
    assert not any(r["kind"] in ("country", "locality") for r in rows)


@pytest.mark.parametrize(
    "query",
    [
        "region=us&category=banned",
        "kind=country&category=restricted",
        "q=louis",
        "region=localities",
        "seven_oh=yes&region=us",
        "region=countries&known_on=2026-01-01",
    ],
)
def test_every_filter_of_the_table_carries_into_the_csv_and_the_json(client, query):
    shown = sorted(_table_codes(client, f"{query}&as_of=2026-11-27"))
    csv_codes = sorted(
        r["code"] for r in _csv(client.get(f"/export/status.csv?{query}&as_of=2026-11-27"))
    )
    doc = client.get(f"/export/status.json?{query}&as_of=2026-11-27").get_json()
    assert shown and csv_codes == shown
    assert sorted(r["code"] for r in doc["jurisdictions"]) == shown
    for pair in query.split("&"):
        name, value = pair.split("=")
        if name != "known_on":
            assert doc["filters"][name] == value
            assert f"{name}={value}" in doc["cite"]["permalink"]


def test_a_bad_export_filter_is_a_400_naming_it(client):
    response = client.get("/export/status.csv?region=europe")
    assert response.status_code == 400 and "region" in response.get_data(as_text=True)


def test_the_home_page_links_its_downloads_with_its_filters(client):
    html = client.get("/?region=us&category=banned&as_of=2025-03-15").get_data(as_text=True)
    assert "/export/status.csv?as_of=2025-03-15&amp;region=us&amp;category=banned" in html
    assert "/export/status.json?as_of=2025-03-15&amp;region=us&amp;category=banned" in html


def test_the_export_routes_answer_with_the_media_types_they_declare(client):
    from tracker.web import exports as web_exports

    for fmt in ("csv", "json"):
        reply = client.get(f"/export/status.{fmt}")
        assert reply.status_code == 200
        assert reply.headers["Content-Type"] == web_exports.MEDIA[fmt]

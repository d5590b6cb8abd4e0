"""The package contract the tracker relies on: registry, module attributes, items, errors, terms, SSRF."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import scrapers
from scrapers.errors import BlockedAddress, Deferred, LayoutChanged, ScrapeError
from scrapers.items import Action, Bill, Evidence, Notice, PageText, Section, SourceResult
from scrapers.netsafety import address_is_public, check_url
from scrapers.terms import TERMS, match_terms
from tests.replay import Reply

PACKAGE = Path(scrapers.__file__).resolve().parent
KEYED = {"openstates", "legiscan", "congress", "regulations"}


def test_every_source_is_registered_with_a_default_base_url():
    assert (
        set(scrapers.SOURCES)
        == set(scrapers.DEFAULT_BASE_URLS)
        == {
            "openstates",
            "legiscan",
            "federal_register",
            "ecfr",
            "wikipedia",
            "page",
            "congress",
            "regulations",
        }
    )


@pytest.mark.parametrize("name", sorted(scrapers.SOURCES))
def test_each_source_declares_its_name_key_politeness_terms_parse_and_poll(name):
    module = scrapers.SOURCES[name]
    assert module.NAME == name and module.TERMS == TERMS
    assert isinstance(module.RATE_PER_MINUTE, int) and module.RATE_PER_MINUTE > 0
    assert (module.API_KEY_ENV is not None) == (name in KEYED)
    assert callable(module.parse) and callable(module.poll)


@pytest.mark.parametrize("name", sorted(scrapers.SOURCES))
@pytest.mark.parametrize("body", [b"", b"   \n", "", b"\xef\xbb\xbf"])
def test_each_parser_calls_an_empty_body_layout_changed(name, body):
    with pytest.raises(LayoutChanged):
        scrapers.SOURCES[name].parse(body, "https://example.org/x")


@pytest.mark.parametrize("name", sorted(set(scrapers.SOURCES) - {"page"}))
def test_each_json_parser_calls_truncated_json_layout_changed(name):
    with pytest.raises(LayoutChanged):
        scrapers.SOURCES[name].parse(b'{"results": [{"id": 1', "https://example.org/x")


@pytest.mark.parametrize("name", sorted(set(scrapers.SOURCES) - {"page"}))
def test_each_json_parser_calls_a_wrong_shape_layout_changed(name):
    with pytest.raises((LayoutChanged, ScrapeError)):
        scrapers.SOURCES[name].parse(b'{"unexpected": [1, 2, 3]}', "https://example.org/x")


def test_no_scraper_module_imports_the_tracker():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            assert not any(n == "tracker" or n.startswith("tracker.") for n in names), path


def test_items_serialise_to_json_with_their_kind():
    action = Action("2025-06-20", "Signed", ("became-law",), None)
    bill = Bill("openstates", "ocd-bill/x", "US-LA", "2025", "SB 154", "t", "u", None, (action,))
    items = [
        bill,
        Notice(
            "federal_register",
            "2016-20803",
            "US",
            "t",
            "Proposed Rule",
            ("DEA",),
            "2016-08-31",
            None,
            "u",
            None,
            True,
            ("mitragynine",),
        ),
        Section("wikipedia", "Kratom#Legal_status", "Legal status", "text", "1", "u", True, ()),
        PageText("page", "u", None, "text", "u", "#x", False, ()),
    ]
    kinds = [json.loads(json.dumps(i.to_json()))["kind"] for i in items]
    assert kinds == ["bill", "notice", "section", "page"]
    assert bill.to_json()["actions"][0]["classification"] == ["became-law"]
    result = SourceResult(items=items, state={"a": 1}, requests=2, outcome="ok", notes=[])
    assert json.loads(json.dumps(result.to_json()))["items"][0]["identifier"] == "SB 154"
    assert (
        Evidence("u", 200, "2025-01-01T00:00:00+00:00", "0" * 64, None).to_json()["status"] == 200
    )


def test_items_are_frozen():
    with pytest.raises(AttributeError):
        Bill("s", "e", "US", "1", "HR 1", "t", "u", None).title = "x"


def test_deferred_and_layout_changed_are_scrape_errors_with_an_optional_status():
    assert issubclass(Deferred, ScrapeError) and issubclass(LayoutChanged, ScrapeError)
    assert Deferred("x", retry_after=9, http_status=429).retry_after == 9
    assert ScrapeError("x").http_status is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("KRATOM products", ("kratom",)),
        ("7\u2011hydroxymitragynine", ("7-hydroxymitragynine",)),
        ("concentrated 7-OH tablets", ("7-OH",)),
        ("Mitragyna\nspeciosa leaf", ("Mitragyna speciosa",)),
        ("mitragynine pseudoindoxyl", ("mitragynine", "mitragynine pseudoindoxyl")),
        ("kratom-derived and kratom-containing products", ("kratom",)),
        ("7-hydroxymitragynine-containing tablets", ("7-hydroxymitragynine",)),
        ("7-hydroxy-mitragynine or 7 hydroxy mitragynine", ("7-hydroxymitragynine",)),
        ("7OH shots", ("7-OH",)),
        ("kratomic", ()),
        ("17-OHP levels", ()),
    ],
)
def test_terms_match_case_dash_and_line_break_insensitively_on_word_boundaries(text, expected):
    assert match_terms(text) == expected


def _resolver(mapping):
    return lambda host, port: mapping[host]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "fe80::1",
        "fd00::1",
    ],
)
def test_private_loopback_link_local_cgnat_metadata_and_unspecified_addresses_are_not_public(
    address,
):
    assert not address_is_public(address)


def test_public_addresses_are_allowed():
    assert address_is_public("93.184.216.34") and address_is_public(
        "2606:2800:220:1:248:1893:25c8:1946"
    )


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://example.org/", "ftp://example.org/x", "http:///nohost"]
)
def test_non_http_schemes_and_hostless_urls_are_refused(url):
    with pytest.raises(BlockedAddress):
        check_url(url, resolve=_resolver({}))


def test_a_name_with_any_private_address_is_refused():
    resolve = _resolver(
        {"mixed.example": ["93.184.216.34", "10.1.2.3"], "ok.example": ["93.184.216.34"]}
    )
    with pytest.raises(BlockedAddress):
        check_url("https://mixed.example/", resolve=resolve)
    check_url("https://ok.example/", resolve=resolve)


def test_a_poll_lets_deferred_through_so_the_run_marks_the_source_deferred(replay, make_fetcher):
    from scrapers.sources import federal_register

    replay.route("/api/v1/documents.json", Reply(429, headers={"Retry-After": "3600"}))
    with pytest.raises(Deferred):
        federal_register.poll(make_fetcher(), {}, base_url=replay.url + "/api/v1")

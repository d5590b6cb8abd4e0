"""Jurisdictions are found by the names people use: common names, ISO alpha-3 codes, everyday aliases."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tracker.cli.main import cli
from tracker.status import jurisdictions

ALIASES = [
    # what a reader types -> the code it means
    ("UK", "GB"),
    ("uk", "GB"),
    ("United Kingdom", "GB"),
    ("Great Britain", "GB"),
    ("GBR", "GB"),
    ("South Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("KOR", "KR"),
    ("North Korea", "KP"),
    ("Taiwan", "TW"),
    ("TWN", "TW"),
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("cote d'ivoire", "CI"),
    ("CIV", "CI"),
    ("Vietnam", "VN"),
    ("Viet Nam", "VN"),
    ("Laos", "LA"),
    ("Russia", "RU"),
    ("Czech Republic", "CZ"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("Burma", "MM"),
    ("The Netherlands", "NL"),
    ("Holland", "NL"),
    ("USA", "US"),
    ("United States", "US"),
    ("THA", "TH"),
    ("Thailand", "TH"),
    ("Louisiana", "US-LA"),
    ("louisiana", "US-LA"),
    ("Washington DC", "US-DC"),
    ("Puerto Rico", "US-PR"),
    ("European Union", "EU"),
]


@pytest.mark.parametrize(("typed", "code"), ALIASES)
def test_an_alias_resolves_to_its_code(typed, code):
    assert jurisdictions.resolve_alias(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("UK", "GB"),
        ("South Korea", "KR"),
        ("Taiwan", "TW"),
        ("Ivory Coast", "CI"),
        ("KOR", "KR"),
        ("Louisiana", "US-LA"),
    ],
)
def test_find_answers_with_the_jurisdiction_an_alias_names(rt, typed, code):
    with rt.transaction() as session:
        assert jurisdictions.find(session, typed).code == code


def test_a_name_two_places_share_is_not_resolved_but_both_are_suggested(rt):
    with rt.transaction() as session:
        assert jurisdictions.find(session, "Georgia") is None
        assert set(jurisdictions.suggest(session, "Georgia")[:2]) == {"GE", "US-GA"}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Taiwn", "TW"), ("South Koreaa", "KR"), ("Ivory Cost", "CI"), ("Untied Kingdom", "GB")],
)
def test_a_misspelt_alias_suggests_the_right_code_first(rt, typed, code):
    with rt.transaction() as session:
        assert jurisdictions.suggest(session, typed)[0] == code


@pytest.mark.parametrize(("typed", "code"), [("South Korea", "KR"), ("UK", "GB"), ("Taiwan", "TW")])
def test_the_status_command_answers_for_an_alias(rt, typed, code):
    result = CliRunner().invoke(
        cli, ["status", typed, "--json"], obj={"runtime": rt}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert f'"code": "{code}"' in result.output


def test_the_jurisdiction_page_sends_an_alias_to_its_one_canonical_url(client):
    moved = client.get("/j/UK?as_of=2020-01-01")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/j/GB?as_of=2020-01-01")
    page = client.get("/j/UK", follow_redirects=True)
    assert page.status_code == 200
    assert b"United Kingdom" in page.data

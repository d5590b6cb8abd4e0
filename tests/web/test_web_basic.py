"""The plain dashboard pages, through Flask's test client."""

from __future__ import annotations

import pytest

from tests.conftest import initialise
from tracker.web import create_app


@pytest.fixture
def client(runtime):
    initialise(runtime)
    app = create_app(runtime)
    app.testing = True
    return app.test_client()


def test_the_home_page_lists_every_jurisdiction_with_its_category(client):
    page = client.get("/?per=500")  # the table pages at 100 rows by default
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert (
        'href="/j/US-AL"' in html and 'href="/j/TH"' in html and 'href="/j/US-CA/san-diego"' in html
    )
    assert "cat-banned" in html and "cat-unknown" in html


def test_a_jurisdiction_page_shows_its_periods_and_citations(client):
    html = client.get("/j/US-LA").get_data(as_text=True)
    assert "2025-08-01" in html and "Act 41" in html
    assert "category: regulated → banned" in html


def test_the_home_page_travels_in_time(client):
    then = client.get("/?as_of=2020-01-01").get_data(as_text=True)
    assert "2020-01-01" in then


def test_an_unknown_jurisdiction_is_404(client):
    assert client.get("/j/US-ZZ").status_code == 404


@pytest.mark.parametrize(
    "query", ["as_of=2025-02-30", "as_of=yesterday", "known_on=%27%20OR%201=1--"]
)
def test_a_malformed_date_is_400(client, query):
    assert client.get(f"/?{query}").status_code == 400


def test_locality_codes_with_a_slash_resolve(client):
    assert client.get("/j/US-CA/san-diego").status_code == 200

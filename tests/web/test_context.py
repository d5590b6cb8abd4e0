"""tracker.web.context: the footer's words for the scrapers, on every page."""

from __future__ import annotations

from datetime import datetime

from tracker.web.context import scrape_status


def test_the_last_successful_scrape_is_shown_as_a_utc_time():
    assert scrape_status(datetime(2026, 12, 7, 8, 5)) == "2026-12-07 08:05 UTC"


def test_an_instance_where_no_scraper_ever_ran_says_not_configured(client):
    assert "not configured" in client.get("/").get_data(as_text=True)

"""In Chromium: time travel on a jurisdiction page, and a curator logging in to accept a proposal."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot
from tracker.accounts import users
from tracker.ingest.reconcile import propose

EMAIL, PASSWORD = "curator@example.org", "a long test passphrase"


@pytest.fixture(scope="module")
def curated(site):
    rt = site["runtime"]
    with rt.transaction() as s:
        users.create(s, EMAIL, PASSWORD, "curator")
        propose(
            s,
            code="US-NH",
            dedupe_key="browser:nh",
            source="openstates",
            kind="bill_enacted",
            title="HB 1 (2027) enacted: places kratom in schedule I",
            evidence={"url": "https://gc.nh.gov/bill_status/billinfo.aspx?id=1"},
            suggested={"leaf": "controlled", "seven_oh": "controlled"},
        )
    return site


def test_changing_as_of_on_a_jurisdiction_page_shows_the_status_on_that_day(site, page):
    page.goto(site["url"] + "/j/US-LA")
    assert page.locator("main").inner_text().count("banned") >= 1
    screenshot(page, "jurisdiction-page")
    page.fill("input#as_of", "2025-07-31")
    page.click("form.travel button[type=submit]")
    page.wait_for_url(re.compile(r"as_of=2025-07-31"))
    status = page.locator("main").inner_text()
    assert "2025-07-31" in status and "regulated" in status


def test_a_curator_logs_in_and_accepts_a_proposal(curated, page):
    base = curated["url"]
    page.goto(base + "/review")
    page.wait_for_url(re.compile(r"/login"))
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/review"))
    page.click("text=HB 1 (2027)")
    form = page.locator("form[action$='/accept']")
    form.locator("input[name=effective]").fill("2027-01-01")
    form.locator("input[name=citation_url]").fill(
        "https://gc.nh.gov/bill_status/billinfo.aspx?id=1"
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    page.goto(base + "/j/US-NH?as_of=2027-02-01")
    assert "banned" in page.locator("main").inner_text()
    page.goto(base + "/audit")
    assert "accept_proposal" in page.locator("main").inner_text()
    assert not page.problems

"""Issue #15 in Chromium at 1366×900 and 390×844: no sideways scrolling on a phone, the status and a
citation on the first screen of /j/US-LA, axe-core finds no serious or critical violation, and a
screenshot of each page at each width is kept in test-artifacts/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS

AXE = Path(__file__).resolve().parents[2] / ".npm-test" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {
    "home": "/",
    "us-la": "/j/US-LA",
    "th": "/j/TH",
    "changes": "/changes",
    "article": "/articles/kratom-for-chronic-pain",
    "embed-us": "/embed/map/us",
    "embed-world": "/embed/map/world",
}


@pytest.fixture
def sized(chromium, request):
    """A page at one of the two viewport sizes."""
    width, height = WIDTHS[request.param]
    # bypass_csp: the page forbids inline scripts, and axe-core is injected as one (the test's, not the site's)
    context = chromium.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.device = request.param
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is required in CI (scripts/test.sh installs it with npm)")
        pytest.skip("axe-core is not installed (npm install --prefix .npm-test axe-core@4)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("sized", list(WIDTHS), indirect=True)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_fits_the_screen_passes_axe_and_is_photographed(site, sized, name):
    page = sized
    response = page.goto(site["url"] + PAGES[name])
    assert response.status == 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.device}.png"))
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (
        f"{PAGES[name]} scrolls sideways by {overflow}px at {page.viewport_size['width']}px"
    )
    serious = axe_violations(page)
    report = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in serious
    ]
    assert not serious, json.dumps(report, indent=1)


@pytest.mark.parametrize("sized", ["phone"], indirect=True)
def test_louisianas_status_and_its_official_source_are_on_the_first_phone_screen(site, sized):
    page = sized
    page.goto(site["url"] + "/j/US-LA")
    status = page.locator(".status-first .lead .cat").first
    source = page.locator(".first-source a").first
    assert status.inner_text() == "Banned"
    assert (
        "(2025-07-31)" in source.inner_text()
    )  # Act 41, reported by WRKF: no official page was read
    for element in (status, source):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, box
    assert "2025-08-01" in page.locator(".status-first .since").inner_text()


@pytest.mark.parametrize("sized", ["phone"], indirect=True)
def test_the_timeline_strip_starts_scrolled_to_today_on_a_phone(site, sized):
    page = sized
    page.goto(site["url"] + "/j/US-LA")
    strip = page.locator(".strip-scroll")
    ban = page.locator(".strip-scroll rect.seg-banned")
    strip_box, ban_box = strip.bounding_box(), ban.bounding_box()
    # the 2025 ban (the right end of the strip) is visible without scrolling
    assert (
        ban_box["x"] + ban_box["width"] > strip_box["x"]
        and ban_box["x"] < strip_box["x"] + strip_box["width"]
    )


@pytest.mark.parametrize("sized", ["desktop"], indirect=True)
def test_the_skip_link_reaches_the_table_before_any_map_link(site, sized):
    page = sized
    page.goto(site["url"] + "/")
    page.keyboard.press("Tab")  # skip to content
    page.keyboard.press("Tab")
    for _ in range(8):
        if "status table" in (page.evaluate("document.activeElement.textContent") or ""):
            break
        page.keyboard.press("Tab")
    assert "go to the status table" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.id") == "f-q"
    )  # the name filter, not the 245th stop


@pytest.mark.parametrize("sized", ["desktop"], indirect=True)
def test_an_embed_works_inside_an_iframe_on_another_origin(site, sized, tmp_path):
    page = sized
    host = site["url"].replace("127.0.0.1", "localhost")  # another origin than the embed's
    page.goto(host + "/embed/map/us")  # any page of the other origin; then frame the embed from it
    page.set_content(
        f'<iframe src="{site["url"]}/embed/map/us" width="600" height="700" title="map"></iframe>'
    )
    frame = page.frame_locator("iframe")
    assert frame.locator("ul.tilegrid a").count() >= 52
    assert frame.locator(".embed-source a").get_attribute("target") == "_top"

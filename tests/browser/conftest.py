"""Browser tests: the real dashboard under waitress, driven in the system Chromium by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
import waitress

from tests.conftest import initialised_runtime
from tracker.web import create_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium as root needs --no-sandbox; the rest keep it from reaching for Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is required for the browser tests in CI (apt-get install chromium)"
            )
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An initialised tracker served by waitress on a free loopback port, for one test module."""
    rt = initialised_runtime(tmp_path_factory.mktemp("site"))
    server = waitress.create_server(create_app(rt), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.effective_port}", "runtime": rt}
    server.close()
    rt.engine.dispose()


@pytest.fixture
def page(chromium, request):
    """A fresh browser context and page; records console errors, CSP violations and dialogs."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda msg: pg.problems.append(msg.text) if msg.type == "error" else None)
    pg.on(
        "dialog", lambda dialog: (pg.problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    yield pg
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ (kept by CI as an artifact)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path

"""`kratom-tracker build-site`: every public page as plain files, links that resolve, pages as `serve` renders them."""

from __future__ import annotations

import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import requests
from click.testing import CliRunner

from tests.conftest import initialised_runtime
from tests.factories import jurisdiction, period
from tests.web.apiexport_support import client_for
from tracker.cli.main import cli
from tracker.status import history
from tracker.web import static_site

DYNAMIC = "https://tracker.example.org"
LINK = re.compile(rb'\b(?:href|src|action)="([^"]*)"')


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = initialised_runtime(tmp_path_factory.mktemp("db"))
    yield runtime
    runtime.engine.dispose()


def _build(rt, out: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["build-site", str(out), "--dynamic-url", DYNAMIC],
        obj={"runtime": rt},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def site(rt, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    _build(rt, out)
    return out


@pytest.fixture(scope="module")
def client(rt):
    return client_for(rt)


@pytest.fixture(scope="module")
def http_server(site):
    """`python -m http.server` on the built site (the same handler, in a thread)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site))
    )
    server.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )  # shutdown() waits for the next poll (0.5 s by default)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _served(client, path: str) -> bytes:
    response = client.get(path, base_url=DYNAMIC)
    assert response.status_code == 200, path
    return response.get_data()


def test_the_site_holds_every_public_page(site, rt):
    from sqlalchemy import select

    from tracker.store.models import Article, Jurisdiction

    with rt.transaction() as s:
        codes = list(s.scalars(select(Jurisdiction.code)))
        slugs = list(s.scalars(select(Article.slug)))
    for code in codes:
        assert (site / "j" / code / "index.html").is_file(), code
        assert (site / "j" / code / "changes.atom").is_file(), code
        assert (site / "api" / "v1" / "status" / f"{code}.json").is_file(), code
        assert (site / "api" / "v1" / "history" / f"{code}.json").is_file(), code
    for slug in slugs:
        assert (site / "articles" / slug / "index.html").is_file()
    for name in (
        "index.html",
        "changes/index.html",
        "bills/index.html",
        "sources/index.html",
        "changes.atom",
        "bills.atom",
        "export/status.csv",
        "export/status.json",
        "export/history.csv",
        "export/history.json",
        "api/v1/index.json",
        "api/v1/openapi.json",
        "api/v1/status.json",
        "api/v1/changes.json",
        "api/v1/jurisdictions.json",
        "static/site.css",
    ):
        assert (site / name).is_file(), name
    assert (
        not (site / "review").exists() and not (site / "login").exists()
    )  # curator pages stay on serve


def test_every_internal_link_resolves_to_a_file(site):
    checked = 0
    for page in site.rglob("*.html"):
        for raw in LINK.findall(page.read_bytes()):
            link = raw.decode().replace("&amp;", "&")
            if link.startswith(("http://", "https://", "mailto:", "#", "data:")) or not link:
                continue
            assert not link.startswith("/"), f"{page}: root-relative link {link!r} left"
            target = (page.parent / unquote(urlsplit(link).path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (
                f"{page.relative_to(site)} links to {link!r}, which is not in the site"
            )
            checked += 1
    assert checked > 5_000  # nav, breadcrumbs, tables, feeds and static files on some 400 pages


def test_links_that_need_a_server_point_at_the_dynamic_one(site):
    page = (site / "j" / "US-LA" / "index.html").read_text(encoding="utf-8")
    assert f'href="{DYNAMIC}/review"' in page
    assert 'action="https://tracker.example.org/j/US-LA"' in page  # the time-travel form
    assert 'href="../../changes/index.html"' in page


def _without_links(html: bytes) -> bytes:
    return LINK.sub(b'href=""', html)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/j/US-LA",
        "/j/US-CA/san-diego",
        "/changes",
        "/bills",
        "/sources",
        "/articles/kratom-for-chronic-pain",
    ],
)
def test_a_page_equals_what_serve_renders_but_for_its_links(site, client, path):
    built = (site / static_site.file_for(path, static_site.HTML)).read_bytes()
    assert _without_links(built) == _without_links(_served(client, path))


@pytest.mark.parametrize(
    "path",
    [
        "/changes.atom",
        "/j/US-LA/changes.atom",
        "/export/status.csv",
        "/export/history.csv",
        "/api/v1/status/US-LA",
        "/api/v1/history/TH",
    ],
)
def test_a_feed_export_or_api_file_is_byte_for_byte_what_serve_sends(site, client, path):
    assert (site / static_site.file_for(path, None)).read_bytes() == _served(client, path)


@pytest.mark.parametrize(
    ("url", "path", "kind"),
    [
        ("/", "/", "text/html"),
        ("/j/US-LA/", "/j/US-LA", "text/html"),
        ("/changes.atom", "/changes.atom", None),
        ("/export/status.csv", "/export/status.csv", "text/csv"),
    ],
)
def test_python_http_server_serves_the_site_as_the_dynamic_server_does(
    http_server, client, url, path, kind
):
    response = requests.get(http_server + url, timeout=5)
    assert response.status_code == 200
    if kind:
        assert response.headers["Content-Type"].startswith(kind)
    served = _served(client, path)
    if kind == "text/html":
        assert _without_links(response.content) == _without_links(served)
    else:
        assert response.content == served


def test_the_dynamic_url_must_be_http(rt, tmp_path):
    result = CliRunner().invoke(
        cli, ["build-site", str(tmp_path / "s"), "--dynamic-url", "ftp://x"], obj={"runtime": rt}
    )
    assert result.exit_code == 2 and "https://" in result.output


def test_a_folder_build_site_did_not_make_is_never_emptied(rt, tmp_path):
    precious = tmp_path / "www"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build-site", str(precious)], obj={"runtime": rt})
    assert result.exit_code == 2 and "not made by build-site" in result.output
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_rebuild_replaces_the_previous_site_whole(migrated_runtime, tmp_path):
    # How a rebuild swaps folders does not depend on how many pages there are: one jurisdiction
    # builds in a second, where the bundled dataset (the module's site) takes ten.
    with migrated_runtime.transaction() as s:
        la = jurisdiction(s, "US-LA", "Louisiana")
        history.record_history(s, la, [period(None, leaf="unregulated")], recorded_by="test")
    site = tmp_path / "public"
    _build(migrated_runtime, site)
    stale = site / "j" / "STALE" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    _build(migrated_runtime, site)
    assert not stale.exists() and (site / "j" / "US-LA" / "index.html").is_file()
    assert (
        not site.with_name(site.name + ".partial").exists()
        and not site.with_name(site.name + ".old").exists()
    )

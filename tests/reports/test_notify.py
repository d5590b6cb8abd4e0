"""`kratom-tracker notify`: Apprise deliveries to a local webhook, recorded once, failures visible."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.factories import period
from tracker.cli.main import cli
from tracker.reports import notify
from tracker.status import history
from tracker.store.models import Delivery, Jurisdiction, Proposal, utcnow
from tracker.store.runtime import Runtime


class Hook:
    """A tiny local HTTP server that records JSON posts, or fails every one with a 500."""

    def __init__(self, fail: bool = False):
        self.posts: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if fail:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"broken")
                    return
                hook.posts.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # shutdown() waits for the serving loop's next poll: 0.5 s by default, at every test's end
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ok_hook():
    hook = Hook()
    yield hook
    hook.close()


@pytest.fixture
def bad_hook():
    hook = Hook(fail=True)
    yield hook
    hook.close()


@pytest.fixture
def rt(migrated_runtime):
    """A migrated database with two jurisdictions, each with a first period."""
    with migrated_runtime.transaction() as s:
        for code, name in (("US-AL", "Alabama"), ("US-LA", "Louisiana")):
            j = Jurisdiction(code=code, name=name, kind="subdivision")
            s.add(j)
            s.flush()
            history.record_history(
                s, j, [period(None, date(2016, 5, 10), leaf="unregulated")], recorded_by="dataset"
            )
    return migrated_runtime


def _with_urls(rt: Runtime, *urls: str) -> Runtime:
    return Runtime(dataclasses.replace(rt.settings, notify_urls=tuple(urls)))


def _notify(rt: Runtime, *args: str):
    return CliRunner().invoke(cli, ["notify", *args], obj={"runtime": rt}, catch_exceptions=False)


def _ban(rt: Runtime, code: str, start: date) -> None:
    with rt.transaction() as s:
        j = s.scalar(select(Jurisdiction).where(Jurisdiction.code == code))
        history.record_history(
            s, j, [period(start, leaf="controlled", seven_oh="controlled")], recorded_by="curator"
        )


def test_without_urls_notify_says_so_and_exits_0(rt):
    result = _notify(rt)
    assert (
        result.exit_code == 0
        and "TRACKER_NOTIFY_URLS" in result.output
        and "Nothing sent" in result.output
    )


def test_a_new_change_is_sent_once_and_recorded(rt, ok_hook):
    app = _with_urls(rt, ok_hook.url)
    first = _notify(app)
    assert first.exit_code == 0 and "first run" in first.output and ok_hook.posts == []
    _ban(rt, "US-AL", date(2016, 5, 10))
    sent = _notify(app)
    assert sent.exit_code == 0, sent.output
    assert len(ok_hook.posts) == 1
    message = ok_hook.posts[0]
    assert "Alabama (US-AL): legal → banned, effective 2016-05-10" in message["title"]
    assert "leaf: unregulated → controlled" in message["message"]
    again = _notify(app)
    assert again.exit_code == 0 and "sent 0 item(s)" in again.output and len(ok_hook.posts) == 1
    with rt.transaction() as s:
        rows = list(s.scalars(select(Delivery).where(Delivery.kind == "change")))
    assert len(rows) == 1 and rows[0].ok and rows[0].error is None
    assert rows[0].target.startswith("json://127.0.0.1:") and rows[0].subject.startswith("period:")


def test_two_changes_go_in_one_message_with_links(rt, ok_hook):
    app = _with_urls(rt, ok_hook.url)
    _notify(app)
    _ban(rt, "US-AL", date(2016, 5, 10))
    _ban(rt, "US-LA", date(2016, 5, 10))
    result = _notify(app, "--base-url", "https://tracker.example.org")
    assert result.exit_code == 0 and "sent 2 item(s)" in result.output
    assert ok_hook.posts[0]["title"] == "Kratom tracker: 2 new status changes"
    assert "https://tracker.example.org/j/US-LA" in ok_hook.posts[0]["message"]


def test_a_failed_delivery_is_recorded_exits_1_and_is_retried(rt, bad_hook, ok_hook):
    app = _with_urls(rt, bad_hook.url, ok_hook.url)
    _notify(app)
    _ban(rt, "US-LA", date(2016, 5, 10))
    failed = _notify(app)
    assert failed.exit_code == 1
    assert "FAILED 1" in failed.output and len(ok_hook.posts) == 1
    retried = _notify(app)
    assert retried.exit_code == 1 and len(ok_hook.posts) == 1  # the good URL is not sent it again
    with rt.transaction() as s:
        failures = list(s.scalars(select(Delivery).where(Delivery.ok.is_(False))))
    assert len(failures) == 2 and all("500" in (f.error or "") for f in failures)
    status = _notify(app, "--status")
    assert status.exit_code == 0
    assert (
        "Recent failures:" in status.output
        and "FAILED" in status.output
        and "1 delivered" in status.output
    )


def test_curators_get_new_open_proposals_and_others_do_not(rt, ok_hook):
    public, curators = Hook(), ok_hook
    try:
        app = _with_urls(rt, public.url, "curators=" + curators.url)
        _notify(app)
        with rt.transaction() as s:
            j = s.scalar(select(Jurisdiction).where(Jurisdiction.code == "US-LA"))
            s.add(
                Proposal(
                    jurisdiction_id=j.id,
                    dedupe_key="bill:la:sb154",
                    source="openstates",
                    kind="bill_enacted",
                    title="SB 154 enacted",
                    evidence={"url": "https://legis.la.gov/sb154"},
                    suggested={"leaf": "controlled"},
                    status="open",
                    created_at=utcnow(),
                )
            )
        result = _notify(app)
        assert result.exit_code == 0
        assert public.posts == []
        assert len(curators.posts) == 1 and "SB 154 enacted" in curators.posts[0]["title"]
    finally:
        public.close()


def test_since_sends_earlier_changes_to_a_new_url(rt, ok_hook):
    _ban(rt, "US-AL", date(2016, 5, 10))
    result = _notify(_with_urls(rt, ok_hook.url), "--since", "2000-01-01")
    assert result.exit_code == 0 and len(ok_hook.posts) == 1


def test_dry_run_sends_and_records_nothing(rt, ok_hook):
    app = _with_urls(rt, ok_hook.url)
    _notify(app, "--since", "2000-01-01", "--dry-run")
    with rt.transaction() as s:
        assert s.scalars(select(Delivery)).all() == []
    assert ok_hook.posts == []


def test_secrets_are_masked_in_the_recorded_target():
    assert "hunter2" not in notify.redact("json://admin:hunter2@hooks.example.org/x")
    assert "TIiajkdnlazkcOXrIdevi7FQ" not in notify.redact(
        "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"
    )
    assert notify.redact("nonsense") == "(not a URL)"


def test_an_invalid_url_is_a_recorded_failure(rt):
    app = _with_urls(rt, "notaservice://whatever")
    with app.transaction() as s:
        report = notify.run(
            s,
            app.settings.notify_urls,
            since=date(2000, 1, 1),
            now=datetime(2030, 1, 1, tzinfo=UTC),
        )
    assert report.failed == 0  # nothing to send yet
    _ban(rt, "US-AL", date(2016, 5, 10))
    result = _notify(app)
    assert result.exit_code == 1 and "not a valid Apprise URL" in result.output

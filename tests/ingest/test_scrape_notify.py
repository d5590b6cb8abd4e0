"""Notifications go out at the end of every scrape when only TRACKER_NOTIFY_URLS is set (the cron line)."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from tests.reports.test_notify import Hook, _ban  # the local Apprise json:// endpoint
from tracker.cli.main import cli
from tracker.store.runtime import Runtime
from tracker.store.settings import ConfigError, Settings


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.close()


def _scrape(rt, *args):
    return CliRunner().invoke(
        cli, ["scrape", "federal_register", *args], obj={"runtime": rt}, catch_exceptions=False
    )


def test_the_cron_scrape_sends_a_new_change_when_only_tracker_notify_urls_is_set(world, hook):
    _, env = world
    rt = Runtime(Settings.from_env({**env, "TRACKER_NOTIFY_URLS": hook.url}))
    try:
        first = _scrape(rt)
        assert first.exit_code == 0, first.output
        assert "first_run=1" in first.output and hook.posts == []
        _ban(rt, "US-AL", date(2016, 5, 10))
        second = _scrape(rt)
        assert second.exit_code == 0, second.output
        assert "sent=1 failed=0" in second.output
        assert len(hook.posts) == 1 and "Alabama (US-AL)" in hook.posts[0]["title"]
        third = _scrape(rt)
        assert "sent=0 failed=0" in third.output and len(hook.posts) == 1  # each change once
    finally:
        rt.engine.dispose()


def test_no_notify_turns_it_off_and_without_urls_nothing_is_attempted(world, hook):
    rt, env = world
    quiet = _scrape(rt)
    assert quiet.exit_code == 0 and "notify" not in quiet.output
    configured = Runtime(Settings.from_env({**env, "TRACKER_NOTIFY_URLS": hook.url}))
    try:
        off = _scrape(configured, "--no-notify")
        assert "notify" not in off.output
    finally:
        configured.engine.dispose()


def test_a_failed_delivery_at_the_end_of_a_scrape_makes_it_exit_1(world):
    _, env = world
    bad = Hook(fail=True)
    rt = Runtime(Settings.from_env({**env, "TRACKER_NOTIFY_URLS": bad.url}))
    try:
        _scrape(rt)
        _ban(rt, "US-AL", date(2016, 5, 10))
        failed = _scrape(rt)
        assert failed.exit_code == 1 and "failed=1" in failed.output
    finally:
        bad.close()
        rt.engine.dispose()


def test_a_dry_run_scrape_only_says_what_it_would_send(world, hook):
    _, env = world
    rt = Runtime(Settings.from_env({**env, "TRACKER_NOTIFY_URLS": hook.url}))
    try:
        _scrape(rt)
        _ban(rt, "US-AL", date(2016, 5, 10))
        dry = _scrape(rt, "--dry-run")
        assert "would_send=1" in dry.output and hook.posts == []
        real = _scrape(rt)
        assert "sent=1" in real.output and len(hook.posts) == 1
    finally:
        rt.engine.dispose()


@pytest.mark.parametrize(
    "value", ["jsn://hooks.example.org/x", "hooks.example.org", "curators=", "slack://"]
)
def test_an_invalid_apprise_url_is_refused_at_start_without_echoing_it(value):
    with pytest.raises(
        ConfigError, match="TRACKER_NOTIFY_URLS entry 1 is not a valid Apprise URL"
    ) as err:
        Settings.from_env({"TRACKER_NOTIFY_URLS": f"{value}"})
    assert "hooks.example.org" not in str(err.value)


def test_notify_dry_run_on_a_first_run_says_nothing_was_recorded(world, hook):
    _, env = world
    rt = Runtime(Settings.from_env({**env, "TRACKER_NOTIFY_URLS": hook.url}))
    try:
        dry = CliRunner().invoke(
            cli, ["notify", "--dry-run"], obj={"runtime": rt}, catch_exceptions=False
        )
        assert "would record a starting point" in dry.output and "recorded at" not in dry.output
        assert "nothing was sent and nothing was recorded" in dry.output
        real = CliRunner().invoke(cli, ["notify"], obj={"runtime": rt}, catch_exceptions=False)
        assert "starting point recorded" in real.output  # the dry run left no starting point behind
    finally:
        rt.engine.dispose()

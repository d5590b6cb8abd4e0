"""Every source module implements scrapers.protocol.Source, and the light registry agrees with it (issue #11)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from scrapers import registry
from scrapers.protocol import POLL_PARAMETERS, Source


@pytest.mark.parametrize("name", registry.NAMES)
def test_every_source_module_is_a_source_by_the_protocol(name):
    module = registry.load(name)
    assert isinstance(module, Source)
    assert module.NAME == name


@pytest.mark.parametrize("name", registry.NAMES)
def test_every_poll_takes_the_runner_s_arguments_and_replay_the_evaluation_s(name):
    module = registry.load(name)
    poll = inspect.signature(module.poll).parameters
    assert all(p in poll for p in POLL_PARAMETERS)
    assert [p for p in poll if poll[p].default is inspect.Parameter.empty] == ["fetcher", "state"]
    assert list(inspect.signature(module.replay).parameters)[:3] == ["body", "state", "watch"]
    assert "url" in inspect.signature(module.parse).parameters


@pytest.mark.parametrize("name", registry.NAMES)
def test_the_registry_s_key_and_base_url_are_the_module_s_own(name):
    module, info = registry.load(name), registry.INFO[name]
    assert (info.api_key_env, info.default_base_url) == (
        module.API_KEY_ENV,
        module.DEFAULT_BASE_URL,
    )
    assert isinstance(module.SPLIT_LINES, bool)


def test_only_page_takes_its_base_from_a_setting_and_only_wikipedia_splits_lines():
    modules = registry.load_all()
    assert {n for n, m in modules.items() if m.BASE_URL_SETTING} == {"page"}
    assert modules["page"].BASE_URL_SETTING == "watchlist_path"
    assert {n for n, m in modules.items() if m.SPLIT_LINES} == {"wikipedia"}


def test_a_module_missing_poll_is_not_a_source():
    class Partial:
        NAME, API_KEY_ENV, RATE_PER_MINUTE, DEFAULT_BASE_URL, BASE_URL_SETTING, SPLIT_LINES = (
            "x",
            None,
            1,
            "",
            None,
            False,
        )

        def parse(self, body, url=""):
            return []

        def replay(self, body, state, watch):
            return []

    assert not isinstance(Partial(), Source)


def test_listing_the_sources_loads_no_source_module():
    code = (
        "import sys; from scrapers.registry import NAMES; "
        "print(len(NAMES), [m for m in sys.modules if m.startswith('scrapers.sources.')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "8 []"

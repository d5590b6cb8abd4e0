"""Module fixtures for the status tests that read the bundled dataset through the web app."""

from __future__ import annotations

import pytest

from tests.web.apiexport_support import client_for, module_runtime


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = module_runtime(tmp_path_factory)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture(scope="module")
def client(rt):
    return client_for(rt)

"""Module-scoped fixtures for the web tests: one initialised database and client per module."""

from __future__ import annotations

import pytest

from tests.web.apiexport_support import client_for, module_runtime


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    """A runtime over a freshly initialised database, shared by one test module."""
    runtime = module_runtime(tmp_path_factory)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture(scope="module")
def client(rt):
    """A Flask test client on that runtime."""
    return client_for(rt)

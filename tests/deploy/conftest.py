"""A module-scoped app over an initialised database, for the health check's route."""

from __future__ import annotations

import pytest

from tests.web.apiexport_support import client_for, module_runtime


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    rt = module_runtime(tmp_path_factory)
    yield client_for(rt)
    rt.engine.dispose()

"""Fixtures for the web tests: one initialised database and client per module, cheap password hashing,
and the curator area's seeded world and logged-in client (tests/web/test_curator*.py)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from tests.web.apiexport_support import client_for, module_runtime
from tests.web.curator_support import log_in, seed
from tracker.accounts import users
from tracker.web import create_app


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


@pytest.fixture
def cheap_hashing(monkeypatch):
    """Tests that log in many times use a fast argon2 (the real parameters are tested in test_security)."""
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def world(migrated_runtime):
    """The curator area's world: New Hampshire, a curator and three open proposals; (runtime, app, ids).
    (test_security.py defines its own `world`.)"""
    rt = migrated_runtime
    ids = seed(rt)
    app = create_app(rt)
    app.testing = True
    return rt, app, ids


@pytest.fixture
def curator(world):
    """A test client logged in as the curator: (runtime, client, ids)."""
    rt, app, ids = world
    client = app.test_client()
    log_in(client)
    return rt, client, ids

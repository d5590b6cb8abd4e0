"""Fixtures for the scraper tests: fast, sleep-free fetchers (the `replay` server is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from scrapers.fetch import Fetcher
from tests.replay import Blackhole

UA = "kratom-tracker-tests/0.1 (+mailto:tests@example.org)"
TEST_RATE_PER_MINUTE = 60_000
THROTTLE_GAP_S = 60 / TEST_RATE_PER_MINUTE


class FakeSleep:
    """Records requested sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)

    @property
    def retry_waits(self) -> list[float]:
        """Waits longer than the test fetchers' rate-limit gap (1 ms at 60,000 a minute): the
        throttle's own sub-millisecond waits come and go with the machine's speed."""
        return [s for s in self.calls if s > THROTTLE_GAP_S]


@pytest.fixture
def blackhole():
    hole = Blackhole()
    try:
        yield hole
    finally:
        hole.close()


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def make_fetcher(fake_sleep):
    """Build a Fetcher for loopback tests: private addresses allowed, tiny timeouts, no real sleeping."""
    made = []

    def build(**overrides) -> Fetcher:
        options = {
            "timeout": (0.5, 0.5),
            "retries": 3,
            "backoff": 0.01,
            "allow_private": True,
            "rate_per_minute": TEST_RATE_PER_MINUTE,
            "sleep": fake_sleep,
        }
        options.update(overrides)
        fetcher = Fetcher(UA, **options)
        made.append(fetcher)
        return fetcher

    yield build
    for fetcher in made:
        fetcher.close()

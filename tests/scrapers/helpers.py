"""Small helpers for the scraper tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def fixture_bytes(relpath: str) -> bytes:
    """Raw bytes of tests/fixtures/sources/<relpath>."""
    return (FIXTURES / relpath).read_bytes()

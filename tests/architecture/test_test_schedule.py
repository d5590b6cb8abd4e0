"""The schedule hint in tests/conftest.py (LONG_FIRST) names test files that exist (issue #11)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import LONG_FIRST

REPO = Path(__file__).resolve().parents[2]


def test_every_file_the_schedule_sends_first_exists_once():
    assert len(set(LONG_FIRST)) == len(LONG_FIRST)
    missing = [path for path in LONG_FIRST if not (REPO / path).is_file()]
    assert missing == [], "rename or drop these in tests/conftest.py LONG_FIRST"

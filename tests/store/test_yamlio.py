"""The one YAML loader (tracker/store/yamlio.py)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from tracker.store import yamlio


def test_yaml_is_read_as_plain_values_with_dates_as_dates():
    assert yamlio.safe_load("a: 1\nwhen: 2025-08-01\nlist: [x, y]\n") == {
        "a": 1,
        "when": date(2025, 8, 1),
        "list": ["x", "y"],
    }


def test_a_python_object_tag_is_refused():
    with pytest.raises(yaml.constructor.ConstructorError):
        yamlio.safe_load("!!python/object/apply:os.system ['true']")


def test_the_loader_is_a_safe_one():
    assert yamlio.SAFE_LOADER in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader)

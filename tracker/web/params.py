"""Query-parameter parsing shared by every view: bad input is a 400 naming the parameter."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from flask import g, request


class BadParameter(ValueError):
    """A query parameter that cannot be used; the views turn it into a 400."""

    def __init__(self, name: str, message: str):
        self.name, self.message = name, message
        super().__init__(f"{name}: {message}")


def date_arg(name: str, default: date | None = None) -> date | None:
    """A YYYY-MM-DD parameter (between years 1900 and 2200), or default when absent."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"must be a date in the form YYYY-MM-DD, not {raw[:40]!r}") from None
    if not 1900 <= value.year <= 2200:
        raise BadParameter(name, "must be a year between 1900 and 2200")
    return value


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """A whole number within [low, high], or default when absent."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.lstrip("-").isdigit() or len(raw) > 9:
        raise BadParameter(name, f"must be a whole number, not {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def choice_arg(name: str, choices: Iterable[str], default: str | None = None) -> str | None:
    """One of a fixed set of values, or default when absent."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    allowed = tuple(choices)
    if raw not in allowed:
        raise BadParameter(name, f"must be one of {', '.join(allowed)}")
    return raw


def text_arg(name: str, max_length: int = 200) -> str | None:
    """Free text, trimmed, at most max_length characters (longer is a 400, not silently cut)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if len(raw) > max_length or any(ord(c) < 32 for c in raw):
        raise BadParameter(name, f"must be at most {max_length} printable characters")
    return raw


def jurisdiction_arg(name: str, max_length: int):
    """The jurisdiction a filter names (None when absent); a code nobody has is a 400."""
    from tracker.status import jurisdictions
    code = text_arg(name, max_length)
    if not code:
        return None
    place = jurisdictions.find(g.db, code)
    if place is None:
        raise BadParameter(name, f"no jurisdiction has the code {code[:80]!r}")
    return place

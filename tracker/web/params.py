"""Query-parameter parsing shared by every view: bad input is a 400 naming the parameter."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import g, request

# The query parameters each public HTML page reads; any other is a 400 naming it, so a page is
# never built (and cached) again and again for `?z=1`, `?z=2`, ... (issue #10). The API checks its
# own against the OpenAPI document (tracker.web.api). tests/web/test_cache.py keeps this in step
# with the parameters the views actually read.
PAGE_PARAMETERS: dict[str, frozenset[str]] = {
    "home.index": frozenset(
        {
            "as_of",
            "known_on",
            "kind",
            "region",
            "category",
            "seven_oh",
            "q",
            "sort",
            "dir",
            "page",
            "per",
        }
    ),
    "home.article": frozenset(),
    "home.articles": frozenset(),
    "jurisdiction.show": frozenset({"as_of", "known_on"}),
    "changes.index": frozenset({"by", "from", "to", "region", "jurisdiction"}),
    "changes.csv_export": frozenset({"by", "from", "to", "region", "jurisdiction"}),
    "embed.us": frozenset({"as_of"}),
    "embed.world": frozenset({"as_of"}),
    "changes.bills": frozenset({"stage", "intent", "jurisdiction"}),
    "sources.index": frozenset({"source"}),
}


def reject_unknown_parameters() -> None:
    """before_request: a 400 for a query parameter the page does not read."""
    allowed = PAGE_PARAMETERS.get(request.endpoint or "")
    if allowed is None or request.method not in ("GET", "HEAD"):
        return
    for name in request.args:
        if name not in allowed:
            hint = (
                f"accepted here: {', '.join(sorted(allowed))}"
                if allowed
                else "this page takes no query parameters"
            )
            raise BadParameter(name[:40], f"is not a parameter of this page ({hint})")


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
        raise BadParameter(
            name, f"must be a date in the form YYYY-MM-DD, not {raw[:40]!r}"
        ) from None
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

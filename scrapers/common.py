"""Helpers shared by the source modules: JSON loading, shape checks, URLs, stages."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from .errors import LayoutChanged

# The one stage vocabulary (issue #12): Bill.status_hint from every source and tracker.ingest.stages use it.
STAGES = (
    "introduced",
    "in_committee",
    "passed_one",
    "passed_both",
    "enacted",
    "vetoed",
    "failed",
    "dead",
)
PROGRESS = (
    "introduced",
    "in_committee",
    "passed_one",
    "passed_both",
    "enacted",
)  # least to most advanced
FINAL = ("enacted", "vetoed", "failed", "dead")

# Open States action classifications -> stage: the one table tracker.ingest.stages also reads.
CLASSIFICATION_STAGE = {
    "filing": "introduced",
    "introduction": "introduced",
    "reading-1": "introduced",
    "referral-committee": "in_committee",
    "committee-passage": "in_committee",
    "committee-passage-favorable": "in_committee",
    "committee-failure": "in_committee",
    "passage": "passed_one",
    "executive-receipt": "passed_both",
    "enrolled": "passed_both",
    "executive-signature": "enacted",
    "became-law": "enacted",
    "veto-override-passage": "enacted",
    "executive-veto-line-item": "enacted",
    "executive-veto": "vetoed",
    "failure": "failed",
    "withdrawal": "failed",
}


_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value):
    """The decoded JSON with every lone surrogate (an escape like \\ud800 with no partner: not a
    character, and no database or encoder accepts it) replaced by U+FFFD; the rest is kept."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def load_json(body: bytes | str, what: str) -> object:
    """Decode a JSON body, raising LayoutChanged when it is empty, truncated or not JSON."""
    if isinstance(body, bytes):
        body = body.decode("utf-8-sig", "replace")
    if not body or not body.strip():
        raise LayoutChanged(f"{what}: empty body")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise LayoutChanged(f"{what}: not valid JSON ({exc.msg} at {exc.pos})") from exc
    if _LONE_SURROGATE_ESCAPE.search(
        body
    ):  # a valid pair decodes to one character; a lone one stays
        data = _without_surrogates(data)
    return data


def require(condition: bool, what: str, message: str) -> None:
    """Raise LayoutChanged(what: message) unless condition holds."""
    if not condition:
        raise LayoutChanged(f"{what}: {message}")


def expect_dict(value, what: str, *keys: str) -> dict:
    """Return value if it is a dict holding every key, else raise LayoutChanged."""
    require(isinstance(value, dict), what, f"expected an object, got {type(value).__name__}")
    missing = [k for k in keys if k not in value]
    require(not missing, what, f"missing keys {missing}")
    return value


def expect_list(value, what: str) -> list:
    """Return value if it is a list, else raise LayoutChanged."""
    require(isinstance(value, list), what, f"expected a list, got {type(value).__name__}")
    return value


def rebase(next_url: str, base_url: str) -> str:
    """Keep a pagination link's path and query but send it to the configured base host."""
    nxt, base = urlsplit(next_url), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, nxt.path, nxt.query, ""))


def day(value) -> str | None:
    """First 10 characters (YYYY-MM-DD) of a date or datetime string, or None."""
    if not value:
        return None
    return str(value)[:10]


def utc_now_iso(now: float | None = None) -> str:
    """Current UTC time as ISO 8601 with seconds and a Z suffix."""
    moment = dt.datetime.fromtimestamp(now, dt.UTC) if now is not None else dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def stage_from_classifications(classifications: Iterable[Iterable[str]]) -> str | None:
    """The stage the classified actions reach (actions in date order; a second passage is passed_both)."""
    stage, passages = None, 0
    for labels in classifications:
        found = None
        for label in labels:
            candidate = CLASSIFICATION_STAGE.get(label)
            if candidate is not None and (found is None or _rank(candidate) > _rank(found)):
                found = candidate
        if found == "passed_one":
            passages += 1
            found = "passed_both" if passages >= 2 else "passed_one"
        if found is None:
            continue
        if found in FINAL or stage is None or stage not in FINAL and _rank(found) > _rank(stage):
            stage = found
    return stage


def _rank(stage: str) -> int:
    return PROGRESS.index(stage) if stage in PROGRESS else len(PROGRESS)


def unchanged(seen: dict, current: dict) -> bool:
    """True when every (id -> version) in current was already recorded in seen."""
    return all(seen.get(key) == value for key, value in current.items())


def drop_params(url: str, names: Iterable[str]) -> str:
    """Remove the named query parameters (e.g. an echoed api_key) from url."""
    from urllib.parse import parse_qsl, urlencode

    parts = urlsplit(url)
    drop = {n.lower() for n in names}
    kept = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in drop
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))

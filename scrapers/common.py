"""Helpers shared by the source modules: JSON loading, shape checks, URLs, stages."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from .errors import LayoutChanged

# Stage vocabulary for Bill.status_hint, least to most advanced.
STAGES = ("prefiled", "introduced", "in_committee", "passed_chamber", "passed", "enacted", "vetoed", "failed")

# Open States action classifications -> stage (the last matching action wins).
CLASSIFICATION_STAGE = {
    "filing": "prefiled",
    "introduction": "introduced",
    "referral-committee": "in_committee",
    "committee-passage": "in_committee",
    "reading-1": "introduced",
    "passage": "passed_chamber",
    "executive-receipt": "passed",
    "executive-signature": "enacted",
    "became-law": "enacted",
    "veto-override-passage": "enacted",
    "executive-veto": "vetoed",
    "executive-veto-line-item": "enacted",
    "failure": "failed",
    "withdrawal": "failed",
}


def load_json(body: bytes | str, what: str) -> object:
    """Decode a JSON body, raising LayoutChanged when it is empty, truncated or not JSON."""
    if isinstance(body, bytes):
        body = body.decode("utf-8-sig", "replace")
    if not body or not body.strip():
        raise LayoutChanged(f"{what}: empty body")
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise LayoutChanged(f"{what}: not valid JSON ({exc.msg} at {exc.pos})") from exc


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
    """Stage of the last action whose classification we recognise (actions in date order)."""
    stage = None
    for labels in classifications:
        for label in labels:
            stage = CLASSIFICATION_STAGE.get(label, stage)
    return stage


def unchanged(seen: dict, current: dict) -> bool:
    """True when every (id -> version) in current was already recorded in seen."""
    return all(seen.get(key) == value for key, value in current.items())


def drop_params(url: str, names: Iterable[str]) -> str:
    """Remove the named query parameters (e.g. an echoed api_key) from url."""
    from urllib.parse import parse_qsl, urlencode

    parts = urlsplit(url)
    drop = {n.lower() for n in names}
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in drop]
    return urlunsplit(parts._replace(query=urlencode(kept)))

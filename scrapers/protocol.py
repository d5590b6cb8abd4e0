"""The one interface every source module implements (scrapers/sources/*.py), checked by a test.

A source says what it needs instead of the runner switching on its name:
- NAME, RATE_PER_MINUTE;
- API_KEY_ENV: the environment variable holding its key (None: no key);
- DEFAULT_BASE_URL, and BASE_URL_SETTING: the name of a tracker setting that, when set, is its base
  instead (`page`: "watchlist_path", the watchlist file), else None;
- SPLIT_LINES: True when its text items are reconciled line by line per jurisdiction (Wikipedia);
- poll(fetcher, state, *, since, api_key, base_url) -> SourceResult: the watermark lives in `state`,
  which poll returns updated in SourceResult.state;
- parse(body, url="") -> list of items, for `kratom-tracker parse`;
- replay(body, state, watch) -> items: one saved upstream payload through the source's own parsers,
  as a poll would have read it (the proposals evaluation; `watch` is the page's watchlist entry).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

from .items import SourceResult

POLL_PARAMETERS = ("fetcher", "state", "since", "api_key", "base_url")


@runtime_checkable
class Source(Protocol):
    NAME: str
    API_KEY_ENV: str | None
    RATE_PER_MINUTE: int
    DEFAULT_BASE_URL: str
    BASE_URL_SETTING: str | None
    SPLIT_LINES: bool

    def poll(
        self,
        fetcher,
        state: dict,
        *,
        since: dt.date | None = None,
        api_key: str | None = None,
        base_url: str = "",
    ) -> SourceResult: ...

    def parse(self, body: bytes | str, url: str = "") -> list: ...

    def replay(self, body: bytes, state: dict, watch: dict) -> list: ...

"""A small sliding-window rate limiter for login attempts.

The counters live in this process's memory: each web worker process counts on its own, and a
restart forgets them. With N worker processes an attacker gets up to N times the limit; run
one process (the default `kratom-tracker serve`) or put a shared limiter in front for more.
Behind a reverse proxy, make `request.remote_addr` the client's address (Werkzeug ProxyFix),
or every client shares the proxy's counter.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable


class RateLimiter:
    """At most `limit` hits per key within any `window` seconds."""

    def __init__(
        self,
        limit: int = 5,
        window: float = 60.0,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit, self.window, self.max_keys, self.clock = limit, window, max_keys, clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            return deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._hits[key]
        return hits

    def retry_after(self, keys: Iterable[str]) -> int | None:
        """Seconds until every key is under its limit again, or None when none is at it."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                hits = self._recent(key, now)
                if len(hits) >= self.limit:
                    wait = max(wait, hits[0] + self.window - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    def hit(self, keys: Iterable[str]) -> None:
        """Count one attempt against each key."""
        now = self.clock()
        with self._lock:
            for key in keys:
                hits = self._recent(key, now)
                hits.append(now)
                self._hits[key] = hits
                self._hits.move_to_end(key)
            while len(self._hits) > self.max_keys:  # bounded memory: forget the stalest keys
                self._hits.popitem(last=False)

    def reset(self, keys: Iterable[str]) -> None:
        """Forget a key's attempts (e.g. the account's after a successful login)."""
        with self._lock:
            for key in keys:
                self._hits.pop(key, None)

"""Errors raised by the scrapers; the tracker maps each to a run outcome."""

from __future__ import annotations


class ScrapeError(Exception):
    """Base class: the source could not be checked this run."""

    def __init__(self, message: str = "", *, http_status: int | None = None):
        super().__init__(message)
        self.http_status = http_status


class FetchError(ScrapeError):
    """Network failure, timeout, or an HTTP status we do not accept."""


class LayoutChanged(ScrapeError):
    """The body is empty or not in the shape the parser knows."""


class HostileHtml(LayoutChanged):
    """A document nested too deeply, or too slow to read within its parse deadline."""


class ResponseTooLarge(FetchError):
    """The body went past the size cap."""


class BlockedAddress(FetchError):
    """The URL (or a redirect hop) points at a forbidden address or scheme."""


class Deferred(ScrapeError):
    """The server asked us to wait longer than the cap; skip the source this run."""

    def __init__(self, message: str = "", *, retry_after: float, http_status: int | None = None):
        super().__init__(message, http_status=http_status)
        self.retry_after = retry_after


class RobotsDisallowed(ScrapeError):
    """robots.txt forbids fetching this URL."""


class MissingApiKey(ScrapeError):
    """The source needs an API key and none was given."""

"""An access log in the Common Log Format for `kratom-tracker serve` (waitress writes none).

    127.0.0.1 - - [07/Dec/2026:07:31:02 +0000] "GET /j/US-LA HTTP/1.1" 200 21791

Written by hand rather than with Paste's TransLogger (the middleware waitress's docs point to):
TransLogger brings setuptools in at run time, believes any client's X-Forwarded-For, and logs
"-" as the size of every streamed response (the CSV exports); this one counts the bytes actually
sent and logs the address waitress gives (set waitress's trusted_proxy to honour a proxy's).
The line is written when the response is finished, so its size is the real one.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from urllib.parse import quote

LOGGER = "tracker.access"


def stdout_logger() -> logging.Logger:
    """The access logger, writing bare lines to standard output (journald and docker collect it)."""
    logger = logging.getLogger(LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def clf_line(environ: dict, when: datetime, status: str, size: int) -> str:
    """One Common Log Format line."""
    uri = quote(
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/;:@&=+$,~!*'()"
    )
    if environ.get("QUERY_STRING"):
        uri += "?" + environ["QUERY_STRING"]
    request = f"{environ.get('REQUEST_METHOD', '-')} {uri} {environ.get('SERVER_PROTOCOL', '-')}"
    request = request.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"{environ.get('REMOTE_ADDR') or '-'} - {environ.get('REMOTE_USER') or '-'} "
        f'[{when.strftime("%d/%b/%Y:%H:%M:%S %z")}] "{request}" {status} {size or "-"}'
    )


class AccessLog:
    """WSGI middleware: one Common Log Format line per request, once its body has been sent."""

    def __init__(self, app, logger: logging.Logger | None = None):
        self.app = app
        self.logger = logger or stdout_logger()

    def __call__(self, environ, start_response):
        when = datetime.now().astimezone()
        seen = {"status": "-"}

        def recording_start_response(status, headers, exc_info=None):
            seen["status"] = status.split(None, 1)[0]
            return start_response(status, headers, exc_info)

        body = self.app(environ, recording_start_response)
        return _Counted(
            body, lambda size: self.logger.info(clf_line(environ, when, seen["status"], size))
        )


class _Counted:
    """The response body, passed through while its bytes are counted; logs on close()."""

    def __init__(self, body, done):
        self.body, self.done, self.size = body, done, 0

    def __iter__(self):
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk

    def close(self):
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.done(self.size)

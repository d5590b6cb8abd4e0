"""Response compression (issue #15): brotli or gzip, whichever the client accepts, by flask-compress.

Registered before the page cache (tracker.web.cache): Flask runs after-request hooks in reverse
order, so the cache stores the plain body (its key has no Accept-Encoding) and every response,
fresh or cached, is compressed on the way out. flask-compress adds `Vary: Accept-Encoding`.
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

MIMETYPES = [
    "text/html",
    "text/css",
    "text/csv",
    "text/plain",
    "text/xml",
    "application/json",
    "application/atom+xml",
    "application/xml",
    "image/svg+xml",
    "application/javascript",
]


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_LEVEL", 6)  # gzip
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    Compress(app)

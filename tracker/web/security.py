"""Security headers, cookie flags and the secret key: the web app's defaults in one place."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, Response, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
MAX_REQUEST_BYTES = (
    1_000_000  # the largest form is a few KB; a 100 MB POST is refused with 413 unread
)
PRIVATE_BLUEPRINTS = frozenset({"auth", "curator"})
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secret_key(configured: str | None, instance_path: Path, production: bool) -> str:
    """The configured key; in development a random key kept in the instance folder."""
    if configured:
        return configured
    if production:
        raise RuntimeError("TRACKER_SECRET_KEY must be set when TRACKER_ENV=production")
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def configure(app: Flask, production: bool) -> None:
    """Cookie flags and headers on every response."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=production,
        WTF_CSRF_TIME_LIMIT=3600,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.blueprint in PRIVATE_BLUEPRINTS or current_user.is_authenticated:
            response.headers["Cache-Control"] = (
                "no-store"  # a curator's pages are never kept by any cache
            )
        if production:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response

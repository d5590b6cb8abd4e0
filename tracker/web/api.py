"""Dashboard blueprint: api (filled in by the dashboard issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__)

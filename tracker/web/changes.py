"""Dashboard blueprint: changes (filled in by the dashboard issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("changes", __name__)

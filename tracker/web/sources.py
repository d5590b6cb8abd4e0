"""Dashboard blueprint: sources (filled in by the dashboard issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("sources", __name__)

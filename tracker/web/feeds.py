"""Dashboard blueprint: feeds (filled in by the dashboard issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("feeds", __name__)

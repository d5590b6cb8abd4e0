"""Dashboard blueprint: curator (filled in by the dashboard issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("curator", __name__)

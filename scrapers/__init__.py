"""Scrapers: fetch public sources politely and parse them into typed items (no database, no Flask).

`scrapers.registry` lists the sources without loading them; `scrapers.SOURCES` (name -> module)
loads every source module on first use.
"""

from __future__ import annotations

from .registry import DEFAULT_BASE_URLS

__all__ = ["DEFAULT_BASE_URLS", "SOURCES"]


def __getattr__(name: str):
    if name == "SOURCES":
        from .registry import load_all

        return load_all()
    raise AttributeError(f"module 'scrapers' has no attribute {name!r}")

"""Scrapers: fetch public sources politely and parse them into typed items (no database, no Flask)."""
from __future__ import annotations

from .sources import (
    congress,
    ecfr,
    federal_register,
    legiscan,
    openstates,
    page,
    regulations,
    wikipedia,
)

SOURCES = {
    module.NAME: module
    for module in (openstates, legiscan, federal_register, ecfr, wikipedia, page, congress, regulations)
}

DEFAULT_BASE_URLS = {
    "openstates": "https://v3.openstates.org",
    "legiscan": "https://api.legiscan.com",
    "federal_register": "https://www.federalregister.gov/api/v1",
    "ecfr": "https://www.ecfr.gov",
    "wikipedia": "https://en.wikipedia.org/w/api.php",
    "page": "",  # the watchlist file; empty means scrapers/watchlist.yaml
    "congress": "https://api.congress.gov",
    "regulations": "https://api.regulations.gov",
}

__all__ = ["DEFAULT_BASE_URLS", "SOURCES"]

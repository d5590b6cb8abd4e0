"""Jurisdiction codes: US state names and abbreviations, OCD ids, country names (pycountry)."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from .errors import LayoutChanged


@lru_cache(maxsize=1)
def us_subdivisions() -> dict[str, str]:
    """Map US state / district / territory names to ISO 3166-2 codes (from pycountry)."""
    names = {sub.name: sub.code for sub in pycountry.subdivisions.get(country_code="US")}
    for code, alias in (
        ("PR", "Puerto Rico"),
        ("GU", "Guam"),
        ("VI", "U.S. Virgin Islands"),
        ("AS", "American Samoa"),
    ):
        names.setdefault(alias, f"US-{code}")
    names["Washington, D.C."] = "US-DC"
    return names


def state_code(abbreviation: str) -> str:
    """Two-letter postal code (LA, dc, US) to our jurisdiction code (US-LA, US-DC, US)."""
    abbr = (abbreviation or "").strip().upper()
    if abbr == "US":
        return "US"
    code = f"US-{abbr}"
    if code not in set(us_subdivisions().values()):
        raise LayoutChanged(f"unknown US state code {abbreviation!r}")
    return code


_OCD = re.compile(r"country:us/(?:state|district|territory):([a-z]{2})", re.IGNORECASE)


def ocd_to_code(ocd_id: str) -> str:
    """OCD jurisdiction id (ocd-jurisdiction/country:us/state:ny/government) to US-NY."""
    match = _OCD.search(ocd_id or "")
    if match:
        return state_code(match.group(1))
    if re.search(r"country:us/government", ocd_id or ""):
        return "US"
    raise LayoutChanged(f"unrecognised OCD jurisdiction id {ocd_id!r}")


_COUNTRY_ALIASES = {
    "Russia": "RU",
    "Turkey": "TR",
    "Brunei": "BN",
    "Micronesia": "FM",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Czech Republic": "CZ",
    "Holland": "NL",
    "South Korea": "KR",
    "North Korea": "KP",
    "Macau": "MO",
    "Hong Kong": "HK",
    "Vatican": "VA",
    "Swaziland": "SZ",
    "East Timor": "TL",
    "Cape Verde": "CV",
    "Republic of Ireland": "IE",
    "United States": "US",
    "USA": "US",
    "U.S.": "US",
    "Kosovo": "XK",
    "European Union": "EU",
}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Map country names (official, common and short forms) to ISO 3166-1 alpha-2 codes."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(value, country.alpha_2)
        short = country.name.split(",")[0]
        names.setdefault(short, country.alpha_2)
    names.update(_COUNTRY_ALIASES)
    return names

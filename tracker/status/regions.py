"""Regions: the one definition of which jurisdictions the `region` filter, the landscape and the
claim checker mean by "the US", "countries", "localities" and "US states".

Every page, export and API answer filters through `condition` (SQL) or `contains` (Python); the two
are kept equal by tests/status/test_regions.py.
"""

from __future__ import annotations

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from tracker.store.models import Jurisdiction

REGIONS = ("all", "us", "countries", "localities")
REGION_LABELS = {
    "us": "United States (federal, states, DC, Puerto Rico, territories)",
    "countries": "Countries and supranational bodies (EU, UN)",
    "localities": "Localities (cities, counties, parishes)",
    "all": "Everywhere",
}
# ISO 3166-2:US codes that are not states: DC, Puerto Rico and the other territories.
US_TERRITORIES = frozenset({"US-AS", "US-GU", "US-MP", "US-PR", "US-UM", "US-VI"})
US_NON_STATES = US_TERRITORIES | {"US-DC"}


def check(region: str) -> str:
    """The region itself, or ValueError naming the valid ones."""
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}: use one of {', '.join(REGIONS)}")
    return region


def condition(region: str | None) -> ColumnElement[bool] | None:
    """SQL condition on Jurisdiction for a region (None: no condition)."""
    if region in (None, "all"):
        return None
    check(region)
    if region == "us":
        return or_(
            Jurisdiction.code == "US",
            and_(Jurisdiction.kind == "subdivision", Jurisdiction.code.like("US-%")),
        )
    if region == "countries":
        return Jurisdiction.kind.in_(("country", "supranational"))
    return Jurisdiction.kind == "locality"


def contains(region: str | None, code: str, kind: str) -> bool:
    """Whether the jurisdiction `code` of `kind` belongs to `region` (the same rule as `condition`)."""
    if region in (None, "all"):
        return True
    check(region)
    if region == "us":
        return code == "US" or (kind == "subdivision" and code.startswith("US-"))
    if region == "countries":
        return kind in ("country", "supranational")
    return kind == "locality"


def is_us_state(code: str, kind: str, *, with_dc: bool = False) -> bool:
    """One of the 50 states (and DC when asked): not the federal level, not a territory."""
    if kind != "subdivision" or not code.startswith("US-") or code in US_TERRITORIES:
        return False
    return with_dc or code != "US-DC"

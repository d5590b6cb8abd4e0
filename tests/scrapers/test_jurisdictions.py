"""scrapers.jurisdictions: place names and codes as the sources write them, to our jurisdiction codes."""

from __future__ import annotations

import pytest

from scrapers.errors import LayoutChanged
from scrapers.jurisdictions import country_names, ocd_to_code, state_code, us_subdivisions


def test_postal_codes_become_iso_subdivision_codes_and_us_stays_us():
    assert state_code("la") == "US-LA"
    assert state_code(" DC ") == "US-DC"
    assert state_code("US") == "US"


def test_an_unknown_postal_code_is_a_layout_change_naming_it():
    with pytest.raises(LayoutChanged, match="'ZZ'"):
        state_code("ZZ")


def test_ocd_ids_map_to_states_and_the_federal_government():
    assert ocd_to_code("ocd-jurisdiction/country:us/state:ny/government") == "US-NY"
    assert ocd_to_code("ocd-jurisdiction/country:us/government") == "US"
    with pytest.raises(LayoutChanged, match="unrecognised OCD"):
        ocd_to_code("ocd-jurisdiction/country:ca/province:on/government")


def test_names_include_aliases_for_territories_dc_and_common_country_names():
    subs = us_subdivisions()
    assert (
        subs["Louisiana"] == "US-LA"
        and subs["Washington, D.C."] == "US-DC"
        and subs["Guam"] == "US-GU"
    )
    names = country_names()
    assert names["Thailand"] == "TH" and names["UK"] == "GB" and names["European Union"] == "EU"

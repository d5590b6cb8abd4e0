"""One region definition: the SQL condition and the Python predicate agree, and every page,
export and API answer gives the same codes for a region."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from tracker.status import regions
from tracker.store.models import Jurisdiction


@pytest.mark.parametrize("region", regions.REGIONS)
def test_the_sql_condition_and_the_python_predicate_pick_the_same_jurisdictions(rt, region):
    with rt.sessions() as s:
        everything = s.execute(select(Jurisdiction.code, Jurisdiction.kind)).all()
        cond = regions.condition(region)
        by_sql = set(
            s.scalars(
                select(Jurisdiction.code) if cond is None else select(Jurisdiction.code).where(cond)
            )
        )
    by_python = {code for code, kind in everything if regions.contains(region, code, kind)}
    assert by_sql == by_python


def test_the_us_region_holds_federal_states_dc_and_every_territory(rt):
    with rt.sessions() as s:
        codes = set(s.scalars(select(Jurisdiction.code).where(regions.condition("us"))))
    assert {"US", "US-LA", "US-DC", "US-PR", "US-GU", "US-VI", "US-AS", "US-MP"} <= codes
    assert not any("/" in c for c in codes)  # localities are their own region


def test_countries_include_the_researched_supranational_bodies(rt):
    with rt.sessions() as s:
        codes = set(s.scalars(select(Jurisdiction.code).where(regions.condition("countries"))))
    assert {"EU", "UN", "TH", "GB"} <= codes


def test_an_unknown_region_is_refused_with_the_valid_ones_named():
    with pytest.raises(ValueError, match="use one of all, us, countries, localities"):
        regions.condition("europe")


def test_us_states_are_fifty_and_dc_is_counted_only_when_asked():
    assert regions.is_us_state("US-LA", "subdivision")
    assert not regions.is_us_state("US-DC", "subdivision")
    assert regions.is_us_state("US-DC", "subdivision", with_dc=True)
    assert not regions.is_us_state("US-PR", "subdivision", with_dc=True)
    assert not regions.is_us_state("US", "federal")


def home_codes(client, region: str) -> set[str]:
    html = client.get(f"/?region={region}&per=500&as_of=2026-11-27").get_data(as_text=True)
    table = html[html.index("<tbody") :]
    return set(re.findall(r'<span class="code">([^<]+)</span>', table))


def api_codes(client, region: str) -> set[str]:
    codes, page = set(), 1
    while True:
        doc = client.get(
            f"/api/v1/status?region={region}&per=500&page={page}&as_of=2026-11-27"
        ).get_json()
        codes |= {r["code"] for r in doc["results"]}
        if page >= doc["pages"]:
            return codes
        page += 1


def export_codes(client, region: str) -> set[str]:
    body = client.get(f"/export/status.csv?region={region}&as_of=2026-11-27").get_data(as_text=True)
    return {row["code"] for row in csv.DictReader(io.StringIO(body))}


def json_export_codes(client, region: str) -> set[str]:
    doc = client.get(f"/export/status.json?region={region}&as_of=2026-11-27").get_json()
    return {row["code"] for row in doc["jurisdictions"]}


@pytest.mark.parametrize("region", ["us", "countries", "localities", "all"])
def test_every_region_gives_the_same_codes_on_the_home_page_the_api_and_both_exports(
    client, region
):
    codes = home_codes(client, region)
    assert codes == api_codes(client, region)
    assert codes == export_codes(client, region)
    assert codes == json_export_codes(client, region)


@pytest.mark.parametrize("region", ["us", "countries", "localities"])
def test_changes_in_a_region_only_name_jurisdictions_of_that_region(client, region):
    html = client.get(f"/changes?region={region}&from=1990-01-01").get_data(as_text=True)
    named = set(re.findall(r'href="/j/([^"?#]+)', html))
    assert named, "the bundled data has changes in every region"
    assert named <= api_codes(client, region) | {"US"}

"""tracker.reports.labels: readers' words for codes, and official citations first."""

from __future__ import annotations

from tracker.reports.labels import (
    category_label,
    citation_rank,
    leaf_label,
    official_first,
    place_type,
)


def test_place_types_tell_federal_states_dc_territories_and_countries_apart():
    assert place_type("US", "federal") == "US federal"
    assert place_type("US-LA", "subdivision") == "US state"
    assert place_type("US-DC", "subdivision") == "US district (DC)"
    assert place_type("US-GU", "subdivision") == "US territory"
    assert place_type("TH", "country") == "country"


def test_official_citations_sort_before_secondary_ones_and_ties_keep_their_order():
    cites = [
        {"kind": "news", "n": 1},
        {"kind": "statute", "n": 2},
        {"kind": "unheard-of", "n": 3},
        {"kind": "news", "n": 4},
    ]
    assert [c["n"] for c in official_first(cites)] == [2, 1, 4, 3]
    assert citation_rank("statute") < citation_rank("news") < citation_rank("unheard-of")


def test_unknown_values_are_shown_readably_not_hidden():
    assert category_label(None) == category_label("unknown")
    assert leaf_label("some_new_value") == "some new value"
    assert leaf_label(None) == "—"

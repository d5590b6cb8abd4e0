"""tracker/articles/world_counts.py: vague counts of countries on pages about the world."""

from __future__ import annotations

from tracker.articles import world_counts


def test_there_are_countries_that_is_a_vague_count_of_countries():
    found = world_counts.there_are_countries("There are countries in the world that ban it")
    assert found is not None and found.group(1) == "countries"
    assert world_counts.there_are_countries("Countries ban it") is None


def test_places_count_countries_only_after_in_and_never_on_a_us_page():
    assert world_counts.count_scope("places", us_context=False, before="banned in ") == "countries"
    assert world_counts.count_scope("places", us_context=True, before="banned in ") is None
    assert world_counts.count_scope("places", us_context=False, before="some ") is None
    assert world_counts.count_scope("nations", us_context=True) == "countries"
    assert world_counts.count_scope("states", us_context=False) == "states"


def test_others_take_the_scope_of_the_last_count_that_has_one():
    counts = [("states", True, ""), ("locations", True, "in ")]
    assert world_counts.others_scope(counts) == "states"
    assert world_counts.others_scope([]) is None


def test_mostly_unregulated_across_a_union_speaks_of_most_of_its_members():
    clause = "kratom is mostly unregulated across the European Union"
    assert world_counts.most_members(clause, clause.index("European"))
    plain = "kratom is unregulated in the European Union"
    assert not world_counts.most_members(plain, plain.index("European"))

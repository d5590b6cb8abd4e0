"""Rules of the article reader's sixth generalisation pass (issue #14), studied on the fresh-9 split
(pages outside the US and about many countries, nine of them German). Every rule is structural (place
names, sentence ends, cuts); every test is named as the shape it covers, on a sentence written for
the test about other countries and in other words than the studied pages."""

from __future__ import annotations

from tests.articles.reading import place_pairs, read_claims
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({})


def read(text: str, fmt: str = "text"):
    return read_claims(text, INDEX, fmt)


pairs = place_pairs


# -- German names of countries -----------------------------------------------------------------


def test_a_country_named_in_german_is_the_country():
    text = "# Rechtslage\n\nIn Serbien ist Kratom seit 2019 verboten.\n"
    assert pairs(read(text)) == [("RS", (("category", "banned"),))]


def test_a_german_country_name_of_several_words_is_one_place():
    text = "# Rechtslage\n\nIn der Tschechischen Republik ist Kratom legal.\n"
    assert pairs(read(text)) == [("CZ", (("category", "legal"),))]


def test_a_german_country_name_inflected_after_a_preposition_is_the_country():
    text = "# Rechtslage\n\nIn den Vereinigten Arabischen Emiraten ist Kratom verboten.\n"
    assert pairs(read(text)) == [("AE", (("category", "banned"),))]


def test_a_german_name_with_a_sharp_s_is_found_as_written():
    text = "# Rechtslage\n\nIn Weißrussland ist Kratom seit 2003 verboten.\n"
    assert pairs(read(text)) == [("BY", (("category", "banned"),))]


# -- the scope of a negation -------------------------------------------------------------------


def test_a_negation_does_not_reach_into_the_clause_that_gives_its_reason():
    text = "# Rechtslage\n\nIn Litauen ist Kratom nicht erlaubt, weil es als verbotene Substanz gilt.\n"
    assert pairs(read(text)) == [("LT", (("category", "banned"),))]


def test_an_english_negation_does_not_reach_into_a_because_clause_either():
    text = "# Status\n\nKratom is not legal in Latvia, because it is a banned substance there.\n"
    assert pairs(read(text)) == [("LV", (("category", "banned"),))]

"""Rules of the article reader's seventh generalisation pass (issue #14), studied on the fresh-11
split (pages outside the US and about many countries, English and German). Every test is named as
the shape it covers, on a sentence written for the test about other countries and in other words
than the studied pages."""

from __future__ import annotations

from tests.articles.reading import place_pairs, read_claims
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({})


def read(text: str, fmt: str = "text"):
    return place_pairs(read_claims(text, INDEX, fmt))


def test_a_german_drug_law_that_does_not_cover_the_plant_is_not_a_ban():
    text = "# Rechtslage\n\nIn Polen fällt Kratom nicht unter das Betäubungsmittelgesetz.\n"
    assert read(text) == [("PL", (("category", "not_banned"),))]


def test_a_german_list_the_alkaloid_is_not_on_is_not_a_ban():
    text = (
        "# Rechtslage\n\nIn Ungarn ist Mitragynin in keiner Anlage gelistet, also nicht gelistet.\n"
    )
    assert read(text) == [("HU", (("category", "not_banned"),))]


def test_no_german_classification_as_a_narcotic_is_not_a_ban():
    text = "# Rechtslage\n\nIn Kroatien gibt es keine Einstufung als Betäubungsmittel für Kratom.\n"
    assert read(text) == [("HR", (("category", "not_banned"),))]


def test_possession_that_is_not_prosecuted_in_german_is_not_a_ban():
    text = "# Rechtslage\n\nIn Belgien wird der Besitz von Kratom nicht verfolgt.\n"
    assert read(text) == [("BE", (("category", "not_banned"),))]


def test_a_german_age_limit_from_a_number_of_years_is_a_minimum_age():
    text = (
        "# Rechtslage\n\nIn Tschechien wird Kratom nur ab 18 Jahren mit Altersnachweis verkauft.\n"
    )
    assert ("CZ", (("min_age", 18),)) in read(text)


def test_a_german_sale_barred_to_those_under_an_age_is_a_minimum_age():
    text = "# Rechtslage\n\nIn Ungarn darf Kratom nicht an unter 21-Jährige verkauft werden.\n"
    assert read(text) == [("HU", (("min_age", 21),))]


def test_a_sale_barred_as_food_in_german_is_a_restriction():
    text = "# Rechtslage\n\nIn Belgien darf Kratom nicht als Nahrungsergänzungsmittel verkauft werden.\n"
    assert read(text) == [("BE", (("category", "restricted"),))]


def test_a_sale_barred_as_a_dietary_supplement_is_a_restriction():
    text = "# Status\n\nIn Norway, kratom cannot be sold by shops as a dietary supplement.\n"
    assert read(text) == [("NO", (("category", "restricted"),))]


def test_a_people_who_cannot_use_the_herb_freely_live_under_a_ban():
    text = "# Status\n\nSadly, the people of Laos cannot use this plant freely.\n"
    assert read(text) == [("LA", (("category", "banned"),))]


def test_a_german_drug_ban_named_as_one_compound_noun_is_a_ban():
    text = "# Rechtslage\n\nNeues Drogenverbot in Litauen\n"
    assert read(text) == [("LT", (("category", "banned"),))]


def test_classified_as_a_psychotropic_substance_is_a_ban():
    text = (
        "# Status\n\nIn Italy, kratom was classified by the ministry as a psychotropic substance.\n"
    )
    assert read(text) == [("IT", (("category", "banned"),))]


def test_german_possession_not_prosecuted_keeps_the_place_of_the_sentence_before():
    text = "# Rechtslage\n\nKratom ist in Estland erlaubt. Privater Besitz wird nicht verfolgt.\n"
    assert ("EE", (("category", "not_banned"),)) in read(text)

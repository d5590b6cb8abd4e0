"""Rules of the article reader's sixth generalisation pass (issue #14), studied on the fresh-9 split
(pages outside the US and about many countries, nine of them German). Every rule is structural (place
names, sentence ends, cuts); every test is named as the shape it covers, on a sentence written for
the test about other countries and in other words than the studied pages."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import place_pairs, read_claims
from tracker.articles.places import PlaceIndex
from tracker.articles.sentences import sentence_spans

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


# -- where a sentence ends ---------------------------------------------------------------------


def test_two_sentences_run_together_without_a_space_are_two_sentences():
    text = "# Status\n\nKratom is banned in Norway and Iceland.An alkaloid of it, 7-OH, is controlled.\n"
    assert pairs(read(text)) == [
        ("IS", (("category", "banned"),)),
        ("NO", (("category", "banned"),)),
    ]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, 0, len(text))]


def test_a_german_date_with_an_ordinal_day_does_not_end_the_sentence():
    text = "In Lettland ist Kratom seit dem 3. März 2022 verboten. Das gilt weiter."
    assert sentences(text) == [
        "In Lettland ist Kratom seit dem 3. März 2022 verboten.",
        "Das gilt weiter.",
    ]


def test_a_german_ordinal_after_an_article_does_not_end_the_sentence():
    text = "Auf der 12. Tagung blieb Kratom erlaubt. Danach nicht."
    assert sentences(text)[0] == "Auf der 12. Tagung blieb Kratom erlaubt."


def test_a_german_abbreviation_before_a_list_of_countries_does_not_end_the_sentence():
    text = "# Rechtslage\n\nVerboten ist Kratom z. B. in Polen und Litauen.\n"
    assert pairs(read(text)) == [
        ("LT", (("category", "banned"),)),
        ("PL", (("category", "banned"),)),
    ]


# -- German clauses ----------------------------------------------------------------------------


def test_a_german_contrast_clause_after_während_states_its_own_status():
    text = "# Rechtslage\n\nIn Portugal ist Kratom erlaubt, während es in Polen verboten ist.\n"
    assert pairs(read(text)) == [
        ("PL", (("category", "banned"),)),
        ("PT", (("category", "legal"),)),
    ]


def test_a_german_status_word_after_a_comma_is_not_the_subject_of_a_new_clause():
    text = (
        "# Rechtslage\n\n"
        "In Estland ist Kratom erlaubt, während es in anderen, etwa in Lettland und Litauen, illegal ist.\n"
    )
    assert pairs(read(text)) == [
        ("EE", (("category", "legal"),)),
        ("LT", (("category", "banned"),)),
        ("LV", (("category", "banned"),)),
    ]


# -- an excerpt's cut --------------------------------------------------------------------------


def test_a_cut_mark_ends_a_sentence_and_is_no_sentence_of_its_own():
    text = "Kratom ist in Polen verboten […] In Estland ist es erlaubt. […]"
    assert sentences(text) == ["Kratom ist in Polen verboten […]", "In Estland ist es erlaubt."]


# -- fronted places ----------------------------------------------------------------------------


def test_places_fronted_before_however_are_the_places_of_the_clause_after_it():
    text = (
        "# Around the world\n\n"
        "In Canada, kratom may be sold as a plant. In Chile and Peru, however, it is a banned drug.\n"
    )
    assert [p for p in pairs(read(text)) if p[0] != "CA"] == [
        ("CL", (("category", "banned"),)),
        ("PE", (("category", "banned"),)),
    ]


# -- a heading that asks for a set -------------------------------------------------------------


def test_a_list_under_a_heading_asking_where_kratom_is_banned_is_that_set():
    text = "# Europe\n\n## Where is kratom illegal?\n\n- **Latvia:** Listed since 2019.\n- **Poland:** Since 2011.\n"
    assert pairs(read(text, "md")) == [
        ("LV", (("category", "banned"),)),
        ("PL", (("category", "banned"),)),
    ]


def test_a_list_under_a_german_heading_asking_wo_kratom_legal_ist_is_that_set():
    text = "# Europa\n\n## Wo ist Kratom legal?\n\n- **Portugal:** Frei erhältlich.\n- **Ungarn:** Im Handel.\n"
    assert pairs(read(text, "md")) == [
        ("HU", (("category", "legal"),)),
        ("PT", (("category", "legal"),)),
    ]


def test_a_list_under_a_yes_or_no_question_inherits_no_status():
    text = "# Europe\n\n## Is kratom legal?\n\n- **Portugal:** It depends.\n- **Hungary:** Ask a lawyer.\n"
    assert pairs(read(text, "md")) == []


# -- examples after a dash ---------------------------------------------------------------------


def test_examples_after_a_dash_are_the_places_of_the_clause_before_it():
    text = "# Kategorien\n\n- Verboten: Kauf und Besitz sind strafbar – z. B. Lettland, Litauen.\n"
    assert pairs(read(text, "md")) == [
        ("LT", (("category", "banned"),)),
        ("LV", (("category", "banned"),)),
    ]


def test_english_examples_after_a_dash_are_the_places_of_the_clause_before_it():
    text = "# Categories\n\n- Regulated: sale needs a licence - for example Norway or Iceland.\n"
    assert [code for code, _ in pairs(read(text, "md"))] == ["IS", "NO"]


# -- German counts -----------------------------------------------------------------------------


def count_pairs(claims_read) -> list[tuple]:
    return sorted(
        (tuple(sorted(c.count.items())), tuple(sorted(c.reading.items())))
        for c in claims_read
        if c.kind == "count"
    )


def test_a_german_vague_count_of_countries_is_a_count():
    text = "# Weltweit\n\nIn manchen Ländern ist Kratom streng verboten.\n"
    assert count_pairs(read(text)) == [
        ((("count", "some"), ("scope", "countries")), (("category", "banned"),))
    ]


def test_a_german_count_of_states_with_other_before_the_noun_is_a_count():
    text = "# USA\n\nKratom ist in vielen anderen Bundesstaaten erlaubt.\n"
    assert count_pairs(read(text)) == [
        ((("count", "numerous"), ("scope", "states")), (("category", "legal"),))
    ]


# -- a change that takes effect after the report -----------------------------------------------


def test_a_german_removal_from_a_list_is_not_a_ban():
    text = "# Nachrichten\n\nIn Vietnam wird Kratom aus der Anlage der Suchtstoffe entfernt.\n"
    assert pairs(read(text)) == [("VN", (("category", "not_banned"),))]


def test_a_law_in_force_some_days_after_publication_is_checked_on_that_day():
    text = (
        "# News\n\n"
        "Kratom is removed from the narcotics list in Laos. The change takes effect "
        "60 days after its publication in the official gazette.\n"
    )
    found = read_claims(text, INDEX, "text", date(2024, 3, 1))
    assert {(c.code, c.claim_date) for c in found} == {("LA", date(2024, 4, 30))}


# -- names that are not statuses ---------------------------------------------------------------


def test_a_nickname_in_quotes_that_starts_with_legal_is_not_a_status():
    text = "# News\n\nIn Peru, dealers sell the leaf as “legal opium” to tourists.\n"
    assert pairs(read(text)) == []


def test_a_status_in_quotes_is_still_a_status():
    text = "# News\n\nIn Peru, the leaf is “legal” according to the health ministry.\n"
    assert pairs(read(text)) == [("PE", (("category", "legal"),))]


def test_a_country_name_written_with_an_ampersand_is_the_country():
    text = "# Status\n\nKratom is banned in Trinidad & Tobago.\n"
    assert pairs(read(text)) == [("TT", (("category", "banned"),))]


# -- answers in other words --------------------------------------------------------------------


def test_absolutely_after_a_question_answers_yes():
    text = "# Travel\n\nIs kratom legal in Mexico?\n\nAbsolutely! Nobody has passed a law about it there.\n"
    assert ("MX", (("category", "legal"),)) in pairs(read(text))


def test_not_at_all_after_a_question_answers_no():
    text = "# Travel\n\nIs kratom legal in Japan?\n\nNot at all. Customs will seize it.\n"
    assert pairs(read(text)) == [("JP", (("category", "banned"),))]


def test_various_countries_is_a_vague_count_of_some():
    text = "# World\n\nKratom is sold legally in various countries of South America.\n"
    assert count_pairs(read(text)) == [
        ((("count", "some"), ("scope", "countries")), (("category", "legal"),))
    ]

"""Years a text names other than as a plain common-era year: Buddhist era, years ago, a law's year."""

from __future__ import annotations

from tracker.articles import years


def test_a_buddhist_era_year_is_written_as_its_common_era_year():
    assert years.common_era("the Kratom Act B.E. 2486 (1943)") == "the Kratom Act 1943 (1943)"
    assert years.common_era("in BE 2565") == "in 2022"


def test_a_four_digit_number_without_the_era_is_left_alone():
    assert years.common_era("Section 2486 of the code") == "Section 2486 of the code"


def test_years_ago_count_back_from_the_articles_year():
    assert years.years_ago("almost 70 years ago", 2013) == (1943, "almost 70 years ago")
    assert years.years_ago("two years ago", 2020) == (2018, "two years ago")
    assert years.years_ago("twenty-five years ago", 2020) == (1995, "twenty-five years ago")


def test_years_ago_without_a_number_or_an_article_year_name_no_year():
    assert years.years_ago("a few years ago", 2020) is None
    assert years.years_ago("many years ago", 2020) is None
    assert years.years_ago("two years ago", None) is None


def test_a_year_before_or_after_a_laws_name_is_part_of_the_name():
    text = "under the 1943 Kratom Act, and the Poisons Act of 1952"
    assert years.names_a_law(text, text.index("1943"), text.index("1943") + 4)
    assert years.names_a_law(text, text.index("1952"), text.index("1952") + 4)


def test_a_year_in_a_sentence_that_only_mentions_an_act_later_is_no_name():
    text = "in 2022 the plant was removed from the list"
    assert not years.names_a_law(text, text.index("2022"), text.index("2022") + 4)


def _dates(text: str, year: str) -> bool:
    return years.law_year_dates_its_ban(text, text.index(year), text.index(year) + 4)


def test_a_law_that_banned_the_plant_dates_the_ban_to_its_year():
    assert _dates("the Misuse of Drugs Act 1975 outlawed kratom", "1975")
    assert _dates("the Kratom Act 1943 (1943) banned kratom", "1943")


def test_a_law_about_the_plant_dates_a_past_ban_told_in_its_sentence():
    assert _dates("under the 1943 Kratom Act, planting kratom was illegal", "1943")


def test_a_general_law_under_which_the_plant_was_listed_is_only_a_name():
    assert not _dates("under the Poisons Act 1952, kratom was listed as a poison", "1952")


def test_a_law_of_the_present_or_perfect_is_only_a_name():
    assert not _dates("under the Kratom Act of 1943, kratom is controlled", "1943")
    assert not _dates("the Kratom Act of 1943 has banned kratom for decades", "1943")

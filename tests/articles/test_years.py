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


def test_only_a_simple_past_ban_dates_a_law_to_its_year():
    assert years.dates_a_past_ban("the Kratom Act of 1943 banned kratom")
    assert years.dates_a_past_ban("under the 1943 Kratom Act, planting kratom was illegal")
    assert not years.dates_a_past_ban("under the Poisons Act of 1952, kratom is controlled")
    assert not years.dates_a_past_ban("the Act of 1952 has banned kratom for decades")

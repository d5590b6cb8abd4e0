"""Rules of the article reader's eighth pass (issue #14): dates. A claim is judged on its own date,
so the reader reads the dates real pages write: day before month ("1 January 2020", "1. Januar
2020"), Thai Buddhist-era years, a law named with the year it banned the plant, years counted back
from the article's year and a law's future day of effect. Every test is named as the shape it
covers, on a sentence written for the test."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import TODAY, read_claims
from tracker.articles.dates import find_date
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex()


def dated(text: str, published: date | None = None) -> list[tuple[str, tuple, date | None]]:
    return sorted(
        (c.code or "", tuple(sorted(c.reading.items())), c.claim_date)
        for c in read_claims(text, INDEX, published=published)
        if c.kind == "place"
    )


def test_a_day_before_its_month_and_year_is_read_as_that_day():
    assert find_date("on 3 March 2019", TODAY)[0] == date(2019, 3, 3)


def test_an_ordinal_day_of_a_month_and_year_is_read_as_that_day():
    assert find_date("from the 1st of January 2020", TODAY)[0] == date(2020, 1, 1)


def test_a_german_day_with_a_full_stop_before_its_month_is_read_as_that_day():
    assert find_date("seit dem 1. Januar 2020", TODAY)[0] == date(2020, 1, 1)
    assert find_date("am 15. März 2021", TODAY)[0] == date(2021, 3, 15)


def test_a_day_number_before_a_month_that_is_not_a_month_is_no_date():
    assert find_date("about 3 Grams 2019 style", TODAY) == (None, None)


def test_a_sentence_dated_by_a_day_before_its_month_is_checked_on_that_day():
    text = "# Law\n\nOn 24 August 2021, kratom was banned in Hong Kong.\n"
    assert dated(text, date(2022, 5, 1)) == [("HK", (("category", "banned"),), date(2021, 8, 24))]


def test_a_buddhist_era_year_is_the_common_era_year_543_years_earlier():
    assert find_date("in B.E. 2565", TODAY)[0] == date(2022, 12, 31)
    assert find_date("in BE 2486", TODAY)[0] == date(1943, 12, 31)


def test_a_thai_law_named_with_its_buddhist_era_year_that_banned_the_plant_dates_the_ban():
    text = "# History\n\nThe Kratom Act B.E. 2486 (1943) banned kratom in Thailand.\n"
    assert dated(text, date(2015, 6, 1)) == [("TH", (("category", "banned"),), date(1943, 12, 31))]


def test_a_law_of_a_year_that_banned_the_plant_dates_the_ban_to_that_year():
    text = "# History\n\nThe Kratom Act of 1943 outlawed kratom in Thailand.\n"
    assert dated(text, date(2015, 6, 1)) == [("TH", (("category", "banned"),), date(1943, 12, 31))]


def test_a_ban_under_a_law_whose_name_opens_on_its_year_is_dated_to_that_year():
    text = (
        "# History\n\nUnder the 1943 Kratom Act, planting kratom trees was illegal in Thailand.\n"
    )
    assert dated(text, date(2015, 6, 1)) == [("TH", (("category", "banned"),), date(1943, 12, 31))]


def test_a_law_of_a_year_that_controls_the_plant_today_is_only_a_name():
    text = "# Law\n\nKratom is controlled in Malaysia under the Poisons Act of 1952.\n"
    assert dated(text, date(2024, 3, 1)) == [("MY", (("category", "banned"),), None)]


def test_a_number_of_years_ago_counts_back_from_the_articles_year():
    text = "# History\n\nThailand banned kratom almost 70 years ago.\n"
    assert dated(text, date(2013, 4, 2)) == [("TH", (("category", "banned"),), date(1943, 12, 31))]


def test_years_ago_in_words_count_back_from_the_articles_year():
    assert find_date("two years ago", TODAY, 2020)[0] == date(2018, 12, 31)
    assert find_date("a year ago", TODAY, 2020)[0] == date(2019, 12, 31)


def test_years_ago_on_an_undated_page_leave_the_claim_undated():
    assert find_date("two years ago", TODAY) == (None, None)


def test_a_law_that_will_take_effect_on_a_day_after_the_article_is_checked_on_that_day():
    text = (
        "# Law\n\nOn July 1, 2025, Senate Bill 12 will go into effect in Ohio, and buyers of "
        "kratom must be 21.\n"
    )
    assert ("US-OH", (("min_age", 21),), date(2025, 7, 1)) in dated(text, date(2025, 5, 2))


def test_what_a_bill_does_is_checked_on_the_day_the_article_says_it_takes_effect():
    text = (
        "# Law\n\nSenate Bill 12 bars the sale of kratom to people under 21 in Ohio.\n\n"
        "The bill will take effect on July 1.\n"
    )
    assert dated(text, date(2025, 5, 2)) == [("US-OH", (("min_age", 21),), date(2025, 7, 1))]


def test_a_day_before_its_month_without_a_year_takes_the_articles_year():
    assert find_date("from 1 August", TODAY, 2025)[0] == date(2025, 8, 1)
    assert find_date("am 1. Januar", TODAY, 2020)[0] == date(2020, 1, 1)


def test_a_count_before_a_capitalised_word_is_no_day():
    assert find_date("banned in 12 States", TODAY, 2025) == (None, None)


def test_a_ban_that_starts_on_a_day_before_its_month_is_a_claim_of_that_day():
    text = "# Law\n\nKratom will be illegal in Ohio from 1 August 2025.\n"
    assert dated(text, date(2025, 5, 2)) == [("US-OH", (("category", "banned"),), date(2025, 8, 1))]


def test_a_day_of_effect_without_a_year_that_has_passed_this_year_is_next_years():
    text = "# Law\n\nThe governor signed it Monday. It takes effect Jan. 1 and bars sales of kratom to anyone under 21 in Ohio.\n"
    assert dated(text, date(2024, 5, 2)) == [("US-OH", (("min_age", 21),), date(2025, 1, 1))]


def test_a_day_without_a_year_that_passed_before_the_report_stays_in_its_year():
    text = "# Law\n\nOn Jan. 1, Ohio barred sales of kratom to anyone under 21.\n"
    assert dated(text, date(2024, 5, 2)) == [("US-OH", (("min_age", 21),), date(2024, 1, 1))]


def test_a_year_the_sentence_gives_wins_over_the_year_of_the_law_it_was_listed_under():
    assert find_date("Kratom was listed under the Poisons Act 1952 in 2003.", TODAY, 2020) == (
        date(2003, 12, 31),
        "in 2003",
    )


def test_a_plant_listed_under_a_general_law_of_a_year_is_not_dated_to_that_year():
    assert find_date("Under the Poisons Act 1952, kratom was listed as a poison.", TODAY, 2020) == (
        None,
        None,
    )

"""A sentence that points back to the date of the one before it (tracker/articles/anaphoric_date.py,
issue #14, reader pass 9), a garbled month, and a trade barred without a licence."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import read_claims
from tracker.articles import anaphoric_date, special_regimes
from tracker.articles.dates import find_date
from tracker.articles.places import PlaceIndex

TODAY = date(2026, 12, 7)


def test_a_past_sentence_that_opens_with_the_law_takes_the_date_before_it():
    text = (
        "The Drugs Act came into force in June 1977. The law made growing the tree illegal in Laos."
    )
    lo = text.index("The law")
    assert anaphoric_date.date_back(text, lo, len(text), TODAY, None) == (
        date(1977, 6, 30),
        "June 1977",
    )


def test_a_sentence_that_does_not_point_back_keeps_no_date():
    text = "The Drugs Act came into force in June 1977. Kratom is illegal in Laos."
    lo = text.index("Kratom")
    assert anaphoric_date.date_back(text, lo, len(text), TODAY, None) is None


def test_the_reader_dates_an_at_the_time_claim_by_the_sentence_before():
    text = (
        "# History\n\nA report in May 2015 first named the leaf. At the time, officials in Laos "
        "saw no reason to ban it and it was legal in Laos.\n"
    )
    claims = [c for c in read_claims(text, PlaceIndex({})) if c.code == "LA"]
    assert claims and {c.claim_date for c in claims} == {date(2015, 5, 31)}


def test_two_month_names_before_a_year_leave_only_the_year_certain():
    assert find_date("effective in August March 1943", TODAY)[0] == date(1943, 12, 31)


def test_a_trade_barred_without_a_licence_reads_regulated():
    clause = "The act prohibits the export of the leaves without a licence from the ministry."
    assert special_regimes.reading(clause) == {"category": "regulated"}
    controlled = "It is a controlled substance, making its sale illegal without a permit."
    assert special_regimes.reading(controlled) is None


def test_an_at_the_time_sentence_after_an_undatable_past_reads_no_claim():
    text = (
        "# History\n\nA report in May last year first named the leaf.\n\nAt the time, officials in "
        "Laos saw no reason to ban it and it was legal in Laos.\n"
    )
    assert [c for c in read_claims(text, PlaceIndex({})) if c.code == "LA"] == []

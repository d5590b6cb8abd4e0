"""tracker/articles/former.py: the state a report says held until the change it reports."""

from __future__ import annotations

from datetime import date

from tracker.articles import former


def test_a_sentence_opening_on_until_now_or_previously_speaks_of_the_former_state():
    assert former.opens_on_former_state("Until now, the leaf could be bought in any market.")
    assert former.opens_on_former_state("Previously, kratom was sold openly in Vienna.")
    assert former.opens_on_former_state("Before the ban, shops stocked it.")
    assert not former.opens_on_former_state("Kratom could be bought until the ban.")


def test_a_past_ability_to_buy_or_sell_reads_as_legal_and_anything_else_as_nothing():
    assert former.past_ability("the leaf could legally be purchased online") == {
        "category": "legal"
    }
    assert former.past_ability("it was freely sold in kiosks") == {"category": "legal"}
    assert former.past_ability("it was discussed in parliament") is None


def test_the_former_state_ends_the_day_before_the_report_and_is_unknown_without_a_date():
    assert former.day_before(date(2024, 3, 1)) == date(2024, 2, 29)
    assert former.day_before(None) is None

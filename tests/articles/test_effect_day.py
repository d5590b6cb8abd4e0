"""Sentences that tell the day a law takes effect."""

from __future__ import annotations

from tracker.articles import effect_day


def test_a_sentence_saying_the_bill_will_take_effect_is_found():
    text = "The bill bars sales to minors. The bill will take effect on Jan. 1, 2026. Shops agree."
    assert list(effect_day.effect_sentences(text)) == ["The bill will take effect on Jan. 1, 2026."]


def test_a_sentence_that_names_no_law_is_not_a_law_taking_effect():
    assert list(effect_day.effect_sentences("The new prices will take effect on July 1.")) == []


def test_bills_are_named_by_their_numbers_too():
    assert effect_day.names_a_law("HB 1077 also caps 7-OH")
    assert effect_day.names_a_law("House Bill 1077 fines buyers under 21")
    assert not effect_day.names_a_law("Shops must check buyers' ages")


def test_an_amendment_taking_effect_is_a_law_taking_effect():
    assert list(effect_day.effect_sentences("The amendment will take effect on Aug 24.")) == [
        "The amendment will take effect on Aug 24."
    ]

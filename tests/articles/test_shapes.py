"""The shapes of status statements read by tracker/articles/shapes.py (issue #14, reader pass 7)."""

from __future__ import annotations

from tracker.articles import shapes


def test_a_law_that_does_not_cover_the_plant_reads_not_banned():
    assert shapes.reading("Kratom fällt nicht unter das SMG.") == {"category": "not_banned"}


def test_an_age_needs_a_word_of_sale_or_proof_to_be_an_age_limit():
    assert shapes.reading("Verkauf nur ab 18 Jahren.") == {"min_age": 18}
    assert shapes.reading("Nicht für Personen unter 18 Jahren geeignet.") is None


def test_a_sale_barred_as_food_reads_restricted():
    assert shapes.reading("It may not be sold as a food supplement.") == {"category": "restricted"}


def test_a_clause_of_none_of_these_shapes_reads_nothing():
    assert shapes.reading("Kratom ist ein Baum aus Südostasien.") is None

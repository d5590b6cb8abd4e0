"""A drug law that leaves kratom out, and no consequence for its user (tracker/articles/outside_law.py,
issue #14, reader pass 9)."""

from __future__ import annotations

from tracker.articles import outside_law


def test_a_plant_not_yet_regulated_under_a_narcotics_law_reads_not_banned():
    clause = "The leaf is not yet regulated under the country's Narcotics Act."
    assert outside_law.reading(clause) == {"category": "not_banned"}


def test_a_plant_not_falling_under_the_controlled_substance_laws_reads_not_banned():
    clause = "it is sold openly, not falling under the scope of Peru's controlled-substance rules"
    assert outside_law.reading(clause) == {"category": "not_banned"}


def test_a_buyer_who_faces_no_legal_consequences_reads_legal():
    assert outside_law.reading("Buyers in Chile do not face legal consequences for owning it.") == {
        "category": "legal"
    }
    assert outside_law.reading("Adults may keep the leaf without legal trouble.") == {
        "category": "legal"
    }


def test_a_plant_regulated_under_a_narcotics_law_reads_nothing_here():
    assert outside_law.reading("The leaf is regulated under the Narcotics Act.") is None


def test_an_authority_that_has_made_no_rules_for_the_plant_reads_legal():
    clause = "The health agency hasn't made any specific rules for the leaf"
    assert outside_law.reading(clause) == {"category": "legal"}


def test_plants_referred_back_to_in_the_plural_are_the_plant():
    from tracker.articles.predicates import predicate

    clause = "when they removed those two plants from the dangerous drugs list"
    assert predicate(clause, 0, len(clause)) == ({"category": "not_banned"}, False)

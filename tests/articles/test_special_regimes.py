"""A psychoactive-substance classification and a research-only exception
(tracker/articles/special_regimes.py, issue #14, reader pass 9)."""

from __future__ import annotations

from tracker.articles import special_regimes
from tracker.articles.predicates import BANNED


def test_a_plant_classed_as_a_psychoactive_substance_reads_restricted():
    clause = "Ireland's 2010 Act treats the leaf as a psychoactive substance."
    assert special_regimes.reading(clause) == {"category": "restricted"}


def test_a_psychoactive_substance_said_to_be_banned_is_left_to_the_ban():
    clause = "It is classed as a psychoactive substance and banned since 2019."
    assert special_regimes.reading(clause) is None


def test_a_use_allowed_only_for_research_is_no_status():
    assert special_regimes.reading("In Peru it is permitted only for scientific work.") == {}


def test_a_plant_controlled_under_a_drug_law_or_categorised_as_a_narcotic_reads_banned():
    assert BANNED.search("It is a controlled stimulant under the Drugs Law of Laos.")
    assert BANNED.search("The laws categorise the leaves as a narcotic drug.")

"""Whose status a clause states (tracker/articles/topic.py, issue #14, reader pass 9)."""

from __future__ import annotations

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import topic
from tracker.articles.places import PlaceIndex


def test_drugs_in_general_before_the_status_word_are_the_subject():
    sentence = "Possession of most drugs is still illegal in Chile."
    assert topic.other_subject(sentence, sentence)


def test_a_sentence_that_names_kratom_is_about_kratom():
    sentence = "Like most drugs, kratom is illegal in Chile."
    assert not topic.other_subject(sentence, sentence)


def test_a_status_before_the_other_substance_is_not_muted():
    sentence = "It is banned in Chile, as cocaine is."
    assert not topic.other_subject(sentence, "It is banned in Chile")


def test_the_reader_reads_no_claim_from_a_sentence_about_drugs_in_general():
    text = "# Drug laws\n\nUnlike Peru, the possession of most recreational drugs is illegal in Chile.\n"
    assert place_pairs(read_claims(text, PlaceIndex({}))) == []


def test_designer_drugs_in_general_are_the_subject():
    sentence = "Not all the designer drugs that will now be prohibited are in use in Chile."
    assert topic.other_subject(sentence, sentence)

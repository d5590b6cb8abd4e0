"""A change of law named as a topic (tracker/articles/changes_named.py, issue #14, reader pass 9)."""

from __future__ import annotations

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import changes_named, topic
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({})


def test_the_question_of_banning_is_blanked_as_a_topic():
    assert "banning" not in changes_named.blanked("The question of banning the leaf divides Peru.")


def test_a_change_named_as_a_topic_gives_no_claim():
    text = "# News\n\nIn Chile, the debate about legalising the leaf has drawn crowds.\n"
    assert place_pairs(read_claims(text, INDEX)) == []


def test_a_status_beside_a_topic_is_still_read():
    text = "# News\n\nKratom is banned in Chile, and the issue of legalising it is closed.\n"
    assert place_pairs(read_claims(text, INDEX)) == [("CL", (("category", "banned"),))]


def test_a_change_whose_object_is_another_substance_is_not_about_kratom():
    clause = "Chile became the first country in the region to legalize medical cannabis"
    assert topic.other_subject(clause, clause)

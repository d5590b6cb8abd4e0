"""tracker/articles/nationality.py: a country word that describes a person or a thing."""

from __future__ import annotations

from tracker.articles.nationality import names_no_law_place


def _after(text: str, word: str) -> bool:
    return names_no_law_place(text, text.index(word) + len(word))


def test_a_nationality_before_a_person_an_envoy_or_a_compound_names_no_law():
    assert _after("Three Indonesian nationals were detained", "Indonesian")
    assert _after("a note from the Thai Trade Ambassador", "Thai")
    assert _after("a Vietnamese-flagged vessel", "Vietnamese")


def test_a_country_that_frames_a_law_is_still_a_place():
    assert not _after("Kratom is banned in Malaysia under the Poisons Act", "Malaysia")
    assert not _after("Thai law now allows the leaf", "Thai")

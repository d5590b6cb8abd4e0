"""tracker/articles/alkaloids.py: the leaf's two alkaloids scheduled by name are also a 7-OH claim."""

from __future__ import annotations

from tracker.articles import alkaloids
from tracker.articles.predicates import predicate, split_also

BANNED = {"category": "banned"}


def _read(sentence: str) -> dict | None:
    return alkaloids.seven_oh_too(dict(BANNED), sentence, 0, len(sentence))


def test_a_ban_that_lists_mitragynine_and_7_hydroxymitragynine_is_also_a_7_oh_claim():
    s = "In 2016, mitragynine and 7-hydroxymitragynine were added to the controlled substance list."
    assert _read(s) == {"category": "banned", "also": {"seven_oh": "controlled"}}
    assert split_also(_read(s)) == [BANNED, {"seven_oh": "controlled"}]


def test_the_pair_set_off_by_dashes_is_read_in_its_whole_sentence():
    s = (
        "This law added the two key compounds found in kratom—mitragynine and "
        "7-hydroxymitragynine – to the list of Schedule I controlled substances."
    )
    reading, hypo = predicate(s, 0, len(s))
    assert reading == {"category": "banned", "also": {"seven_oh": "controlled"}}
    assert not hypo


def test_a_removal_a_proposal_or_a_bill_lists_nothing():
    for s in (
        "The state removed mitragynine and 7-hydroxymitragynine from Schedule I.",
        "Lawmakers proposed adding mitragynine and 7-hydroxymitragynine to Schedule I.",
        "The bill classifies mitragynine and 7-hydroxymitragynine as Schedule I substances.",
    ):
        assert _read(s) == BANNED, s


def test_a_ban_that_names_no_alkaloid_pair_or_no_list_is_left_as_it_is():
    assert _read("Kratom is a Schedule I controlled substance here.") == BANNED
    assert _read("Mitragynine and 7-hydroxymitragynine are alkaloids; kratom is banned.") == BANNED
    assert alkaloids.seven_oh_too({"category": "legal"}, "mitragynine and 7-OH", 0, 5) == {
        "category": "legal"
    }

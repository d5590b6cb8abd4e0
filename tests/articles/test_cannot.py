"""tracker/articles/cannot.py: a ban told by what a person may not do, or by its penalty."""

from __future__ import annotations

from tracker.articles import cannot
from tracker.articles.predicates import predicate


def _read(s: str):
    return predicate(s, 0, len(s))


def test_you_cannot_possess_kratom_is_a_ban_and_you_cannot_buy_it_a_barred_trade():
    assert cannot.reading("You cannot buy, sell, or possess kratom.") == {"category": "banned"}
    assert cannot.reading("Residents may not possess kratom.") == {"category": "banned"}
    assert cannot.reading("You cannot buy kratom in stores here.") == {"category": "restricted"}
    assert cannot.reading("You cannot miss the sunset.") is None


def test_a_residence_condition_is_the_place_not_a_hypothesis():
    reading, hypo = _read("If you live in Vermont, you cannot buy, sell, or possess Kratom.")
    assert reading == {"category": "banned"} and not hypo
    reading, hypo = _read("If the bill passes, you cannot possess kratom.")
    assert hypo


def test_the_penalty_for_being_caught_with_kratom_tells_a_ban():
    assert cannot.penalty("If you are caught with kratom you will face criminal charges.")
    assert _read("If you are caught with kratom you will face criminal charges.") == (
        {"category": "banned"},
        False,
    )
    assert _read("If you're caught selling kratom you could be imprisoned for seven years.") == (
        {"category": "restricted"},
        False,
    )


def test_intents_and_sponsored_bills_are_hypotheses():
    assert _read("In 2020, a new bill was presented which aimed to legalize kratom.")[1]
    assert _read("The bill started its journey intending to ban the sale of kratom.")[1]
    assert _read("Senators sponsored SB 2704, known as the Kratom Consumer Protection Act.")[1]
    # a purpose that is no status: "aiming to enhance the commodity's value"
    assert not _read(
        "The government implemented new regulations on kratom, aiming to enhance its value."
    )[1]

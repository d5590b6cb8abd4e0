"""tracker/articles/acts.py: a prohibition of one act of the trade is not a ban of the plant."""

from __future__ import annotations

from tracker.articles import acts
from tracker.articles.predicates import predicate


def _reading(s: str):
    return predicate(s, 0, len(s))[0]


def test_forbidding_adulteration_or_health_claims_forbids_an_act_not_the_plant():
    assert acts.one_act("The act prohibits the adulteration of kratom products.")
    assert acts.one_act("Retailers are prohibited from making any medical claims about kratom.")
    assert _reading("Consequently, the bill prohibits adulteration of kratom products.") is None


def test_a_ban_of_the_plant_or_of_its_sale_is_not_one_act():
    assert not acts.one_act("Kratom is prohibited in Alabama.")
    assert not acts.one_act("It is illegal to sell kratom in Vermont.")
    assert _reading("Kratom is prohibited in Alabama.") == {"category": "banned"}


def test_not_needing_a_prescription_is_no_prescription_rule():
    assert _reading("You do not need a prescription to use kratom.") is None
    assert _reading("Kratom requires a doctor's prescription in New Zealand.") == {
        "category": "restricted"
    }


def test_a_ban_of_many_products_bars_part_of_the_market():
    assert _reading("The rule makes many kratom-derived products illegal to sell.") == {
        "category": "restricted"
    }
    assert _reading("Ohio bans kratom.") == {"category": "banned"}


def test_not_lawfully_marketed_is_the_fdas_word_not_a_ban():
    assert _reading("Kratom is not lawfully marketed in the U.S. as a dietary supplement.") is None
    assert _reading("Kratom is not lawful in Alabama.") == {"category": "banned"}

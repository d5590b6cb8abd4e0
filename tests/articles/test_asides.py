"""Parenthetical asides and the dates they tell (tracker/articles/asides.py, issue #14, reader pass 9)."""

from __future__ import annotations

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import asides
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({})


def test_a_blanked_clause_keeps_its_length_and_loses_its_aside():
    clause = "Banned in Chile (fines apply if caught) since 2019."
    plain = asides.blanked(clause)
    assert len(plain) == len(clause)
    assert "if" not in plain.split()
    assert asides.has_aside(clause) and not asides.has_aside(plain)


def test_an_if_inside_an_aside_does_not_make_the_status_a_forecast():
    text = "# Legal status\n\nKratom is illegal in Sweden and Norway (owners face prison if found with it).\n"
    assert [code for code, _ in place_pairs(read_claims(text, INDEX))] == ["NO", "SE"]


def test_an_if_outside_any_aside_still_makes_a_forecast():
    text = "# Legal status\n\nKratom would be illegal in Sweden if the bill passed.\n"
    assert place_pairs(read_claims(text, INDEX)) == []


def test_an_undated_page_speaks_on_the_day_an_opening_as_of_names():
    text = (
        "# Legal status\n\nKratom is banned in Sweden. However as of March 2011, Norway is moving "
        "to ban it too.\n"
    )
    dates = {c.claim_date for c in read_claims(text, INDEX) if c.code == "SE"}
    assert {d.isoformat() for d in dates if d} == {"2011-03-31"}


def test_an_as_of_date_after_a_status_is_its_start_not_the_page_date():
    text = "# Legal status\n\nKratom is banned in Sweden. It is a controlled drug in Norway as of May 2011.\n"
    dates = {c.claim_date for c in read_claims(text, INDEX) if c.code == "SE"}
    assert dates == {None}

"""tracker/articles/modal_scope.py: a place named only in a hypothesis after the statement."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.articles import modal_scope


@dataclass
class _Place:
    start: int
    code: str


TEXT = (
    "Kratom became illegal in the Ocean State in 2017, assuming kratom would soon be "
    "classified as a controlled substance at the federal level."
)


def _at(word: str, code: str) -> _Place:
    return _Place(TEXT.index(word), code)


def test_a_place_named_after_would_does_not_share_the_statement():
    ps = [_at("Ocean State", "US-RI"), _at("federal level", "US")]
    assert [p.code for p in modal_scope.outside_hypothesis(TEXT, 0, len(TEXT), ps)] == ["US-RI"]


def test_places_before_any_modal_or_a_single_place_are_kept():
    one = [_at("federal level", "US")]
    assert modal_scope.outside_hypothesis(TEXT, 0, len(TEXT), one) == one
    text = "Kratom is illegal in Alabama and Vermont."
    ps = [_Place(text.index("Alabama"), "US-AL"), _Place(text.index("Vermont"), "US-VT")]
    assert modal_scope.outside_hypothesis(text, 0, len(text), ps) == ps

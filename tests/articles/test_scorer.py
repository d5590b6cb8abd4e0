"""The claim scorer: features, confidence bands and setting aside unlikely claims (issue #14)."""

from __future__ import annotations

import pytest

from tracker.articles import scorer
from tracker.articles.reader import Mark, ReadClaim, Reading


def claim(text: str, code: str | None = "US-AL", place: str = "Alabama", at: int = 0) -> ReadClaim:
    return ReadClaim(code, place, {"category": "banned"}, text, Mark(at, at + 5), texts=[text])


def model(**weights: float) -> scorer.Model:
    return scorer.Model(
        0.0,
        weights,
        0.5,
        trained_on={
            "calibration": [
                {"band": "low", "from": 0.0, "claims": 10, "right": 3},
                {"band": "medium", "from": 0.7, "claims": 10, "right": 6},
                {"band": "high", "from": 0.9, "claims": 10, "right": 9},
            ]
        },
    )


def test_features_say_what_was_read_where_and_whether_the_place_is_named_in_the_sentence():
    f = scorer.features(claim("Is kratom banned in Alabama?"), main="US-AL", heading="Legal status")
    assert f["kind=category:banned"] == 1.0 and f["place=state"] == 1.0
    assert f["named=True"] == 1.0 and f["question=True"] == 1.0 and f["main=True"] == 1.0
    assert f["w=banned"] == 1.0 and f["b=banned_in"] == 1.0 and f["h=legal"] == 1.0
    implied = scorer.features(claim("It is banned here.", place="here"), main=None, heading=None)
    assert implied["named=True"] == 1.0  # "here" is in the sentence as written
    untracked = scorer.features(
        claim("Banned in Oxford.", code=None, place="Columbus"), main=None, heading=None
    )
    assert untracked["place=untracked"] == 1.0 and untracked["named=False"] == 1.0
    assert untracked["main=none"] == 1.0


def test_a_claim_scored_below_the_threshold_is_set_aside_and_the_rest_keep_their_order():
    kept1, bill, kept2 = (
        claim("Kratom is banned in Alabama.", at=0),
        claim("A bill would ban kratom in Alabama.", at=40),
        claim("Alabama banned kratom in 2016.", at=80),
    )
    reading = Reading([kept1, bill, kept2], "US-AL", True)
    out = scorer.sift(reading, [(0, 200, None)], model(**{"w=bill": -3.0, "w=kratom": 1.0}))
    assert out.claims == [kept1, kept2] and out.set_aside == [bill]
    assert bill.score < 0.5 <= kept1.score and kept1.score == pytest.approx(
        1 / (1 + 2.718281828**-1)
    )


def test_a_score_falls_in_the_band_whose_floor_it_reaches():
    m = model()
    assert [m.band(s) for s in (0.0, 0.69, 0.7, 0.89, 0.9, 1.0)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


def test_a_model_round_trips_through_json_and_one_of_another_features_version_is_refused():
    m = model(**{"w=ban": 0.5})
    again = scorer.Model.from_json(m.to_json())
    assert (again.bias, again.weights, again.threshold) == (0.0, {"w=ban": 0.5}, 0.5)
    stale = m.to_json().replace(
        f'"features_version": {scorer.FEATURES_VERSION}', '"features_version": 0'
    )
    with pytest.raises(ValueError, match="train-scorer"):
        scorer.Model.from_json(stale)


def test_the_shipped_model_loads_and_was_never_trained_on_the_held_out_splits():
    from tracker.articles import evaluate

    m = scorer.shipped_model()
    assert m is not None and 0.0 < m.threshold < 1.0 and len(m.weights) > 1000
    assert not set(m.trained_on["splits"]) & evaluate.NEVER_TRAINED
    assert {b["band"] for b in m.trained_on["calibration"]} == {"low", "medium", "high"}


def test_without_a_model_every_claim_is_kept_unscored(monkeypatch):
    monkeypatch.setattr(scorer, "shipped_model", lambda: None)
    c = claim("Kratom is banned in Alabama.")
    out = scorer.sift(Reading([c], None, True), [(0, 100, None)])
    assert out.claims == [c] and out.set_aside == [] and c.score is None


def test_an_agency_mention_is_kept_unscored_as_the_model_never_saw_one():
    fda = ReadClaim("US", "FDA", {"agency": "FDA"}, "The FDA warned.", Mark(0, 3), kind="agency")
    out = scorer.sift(Reading([fda], None, True), [(0, 100, None)], model(**{"w=warned": -9.0}))
    assert out.claims == [fda] and out.set_aside == [] and fda.score is None

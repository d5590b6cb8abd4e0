"""Training the claim scorer on the labelled articles (issue #14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.web.apiexport_support import module_runtime
from tracker.articles import evaluate, scorer, training
from tracker.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = module_runtime(tmp_path_factory)
    yield runtime
    runtime.engine.dispose()


def ex(split: str, ok: bool, *words: str) -> training.Example:
    return training.Example("a-page", split, {f"w={w}": 1.0 for w in words}, ok)


def toy() -> list[training.Example]:
    """Claims of three splits: those with 'bill' or 'would' are wrong, those with 'law' right."""
    out = []
    for split in ("one", "two", "three"):
        out += [ex(split, True, "law", "banned")] * 30
        out += [ex(split, False, "bill", "would", "banned")] * 15
    return out


def test_fit_learns_that_words_seen_only_in_wrong_claims_lower_the_score():
    bias, weights = training.fit(toy())
    m = scorer.Model(bias, weights, 0.5)
    assert weights["w=bill"] < 0 < weights["w=law"]
    assert (
        m.probability({"w=law": 1.0}) > 0.8 > 0.5 > m.probability({"w=bill": 1.0, "w=would": 1.0})
    )


def test_cross_validation_scores_each_split_by_a_model_fitted_without_it():
    held = training.cross_validate(toy())
    assert [h.split for h in held] == ["one", "three", "two"]
    assert all(len(h.scored) == 45 for h in held)
    read, right, kept, kept_right = held[0].figures(0.5)
    assert (read, right, kept, kept_right) == (45, 30, 30, 30)


def test_the_threshold_chosen_keeps_the_right_claims_and_drops_the_wrong_ones():
    held = [training.Held("one", [(0.95, True), (0.9, True), (0.3, False), (0.1, False)])]
    t = training.best_threshold(held)
    assert 0.3 < t <= 0.9
    calibration = training.calibration(held)
    assert calibration == [
        {"band": "low", "from": 0.0, "claims": 2, "right": 0},
        {"band": "medium", "from": 0.7, "claims": 0, "right": 0},
        {"band": "high", "from": 0.9, "claims": 2, "right": 2},
    ]


def test_training_examples_leave_out_the_splits_never_trained_on(rt, tmp_path):
    kept = "alcom-alabama-latest-state-2016"  # the original set
    never = next(a.slug for a in evaluate.load_set(FIXTURES, set(evaluate.NEVER_TRAINED)))
    for slug in (kept, never):
        shutil.copytree(FIXTURES / slug, tmp_path / slug)
    with rt.sessions() as s:
        exs = training.examples(s, tmp_path, training.LABELLED_ON)
    assert exs and {e.slug for e in exs} == {kept}
    assert any(e.ok for e in exs) and all(e.split == "original" for e in exs)


def test_the_shipped_model_is_what_train_scorer_makes_of_the_labelled_articles(rt):
    """No weight is edited by hand: retraining on the labels gives the shipped model (retrain with
    `kratom-tracker article train-scorer` after a label or reader change)."""
    with rt.sessions() as s:
        fresh, _ = training.train(s, FIXTURES)
    shipped = scorer.shipped_model()
    assert fresh.threshold == shipped.threshold
    assert fresh.trained_on["splits"] == shipped.trained_on["splits"]
    assert fresh.trained_on["claims"] == shipped.trained_on["claims"]
    assert fresh.bias == pytest.approx(shipped.bias, abs=1e-3)
    keys = set(fresh.weights) | set(shipped.weights)
    drift = max(abs(fresh.weights.get(k, 0.0) - shipped.weights.get(k, 0.0)) for k in keys)
    assert drift < 1e-3


def test_train_scorer_writes_a_model_that_loads_and_reports_each_left_out_split(rt, tmp_path):
    folder = tmp_path / "labelled"
    # pages where the rules read some claims a careful reader does not make (both kinds of example)
    for slug in (
        "simplebotanical-is-kratom-legal-in-arkansas-2021",
        "okbotanicals-kratom-legality-arizona",
        "thequickeningtheatre-legal-landscape-kratom-distribution",
        "kratomladen-kratom-legal-oesterreich-2025",
    ):
        shutil.copytree(FIXTURES / slug, folder / slug)
    out = tmp_path / "model.json"
    result = CliRunner().invoke(
        cli, ["article", "train-scorer", str(folder), "--out", str(out)], obj={"runtime": rt}
    )
    assert result.exit_code == 0, result.output
    assert "leave-one-split-out" in result.output and "fresh-10   read" in result.output
    assert "band high" in result.output
    model = scorer.Model.from_json(out.read_text(encoding="utf-8"))
    assert model.trained_on["splits"] == ["fresh-10", "fresh-11"] and model.weights


def test_train_scorer_refuses_a_folder_that_is_not_there(rt, tmp_path):
    result = CliRunner().invoke(
        cli, ["article", "train-scorer", str(tmp_path / "nope")], obj={"runtime": rt}
    )
    assert result.exit_code == 2 and "is not a directory" in result.output


def test_train_scorer_says_so_when_every_claim_read_was_right(rt, tmp_path):
    folder = tmp_path / "labelled"
    shutil.copytree(FIXTURES / "alcom-alabama-latest-state-2016", folder / "one")
    result = CliRunner().invoke(
        cli,
        ["article", "train-scorer", str(folder), "--out", str(tmp_path / "m.json")],
        obj={"runtime": rt},
    )
    assert result.exit_code == 2 and "both kinds" in result.output
    assert not (tmp_path / "m.json").exists()

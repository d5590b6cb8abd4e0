"""Train the claim scorer (``scorer.py``) on the labelled real articles, and say how well it does on
splits it was not trained on (issue #14).

Each claim the rule reader reads on a labelled article is an example: its features, and whether it
matches a claim a careful reader extracted (``evaluate.match_claims``, the evaluation's own
matching). Splits in ``evaluate.NEVER_TRAINED`` are left out entirely, so their figures stay first
runs on unseen pages.

The optimiser is plain stochastic gradient descent on an L2-regularised logistic loss, in a fixed
order, so the same labels always give the same weights (a test retrains and compares). A numerical
library (scikit-learn) would fit the same model; it is not used because the model is small (a few
thousand sparse features, about 1,400 examples, under a few seconds here) and the package would
otherwise carry scipy and numpy only to train it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.articles import evaluate, scorer

# inverse regularisation strength, chosen by leave-one-split-out AUC on the trainable splits
# (2026-12-07, 1,360 claims: C 0.03 0.769, 0.05 0.771, 0.1 0.771, 0.3 0.762, 1 0.745, 3 0.731)
C = 0.1
MIN_SUPPORT = 2  # a feature seen in fewer training claims gets no weight (it would only memorise)
LABELLED_ON = date(2026, 12, 7)  # the labels' "today" (tests/fixtures/articles/README.md, Dates)
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(4, 19))  # 0.20 ... 0.90


@dataclass
class Example:
    slug: str
    split: str
    features: dict[str, float]
    ok: bool  # the claim matches one a careful reader extracted


def examples(session, folder: Path, today: date) -> list[Example]:
    """Every claim the rules read on the labelled articles that may be trained on."""
    read_one = evaluate.article_reader(session, today, sifted=False, judged=False)
    out: list[Example] = []
    for art in evaluate.load_set(folder):
        split = art.split or "original"
        if split in evaluate.NEVER_TRAINED:
            continue
        reading, secs, found = read_one(
            art.path.read_text(encoding="utf-8"), art.format, art.published, art.title, art.url
        )
        if reading is None:
            continue
        labels = [c for c in art.claims if evaluate.labelled_reading(c)]
        matched = set(evaluate.match_claims(labels, found).values())
        for i, (claim, _, _) in enumerate(found):
            feats = scorer.features(
                claim, main=reading.main, heading=scorer.heading_of(claim, secs)
            )
            out.append(Example(art.slug, split, feats, i in matched))
    return out


def fit(train: list[Example]) -> tuple[float, dict[str, float]]:
    """Bias and weights of an L2-regularised logistic model (scikit-learn's lbfgs, deterministic)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    support: dict[str, int] = {}
    for ex in train:
        for k in ex.features:
            support[k] = support.get(k, 0) + 1
    rows = [{k: v for k, v in ex.features.items() if support[k] >= MIN_SUPPORT} for ex in train]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=C, max_iter=5000).fit(x, [ex.ok for ex in train])
    names = vec.get_feature_names_out()
    weights = {str(k): round(float(v), 5) for k, v in zip(names, model.coef_[0], strict=True)}
    return round(float(model.intercept_[0]), 5), {k: v for k, v in weights.items() if v}


@dataclass
class Held:
    """Claims of one split scored by a model trained without it."""

    split: str
    scored: list[tuple[float, bool]]

    def figures(self, threshold: float) -> tuple[int, int, int, int]:
        """(claims read, of them right, claims kept, of them right)."""
        kept = [ok for p, ok in self.scored if p >= threshold]
        return len(self.scored), sum(ok for _, ok in self.scored), len(kept), sum(kept)


def cross_validate(exs: list[Example]) -> list[Held]:
    """Leave one split out: each split scored by a model fitted on all the others (a split is not
    left out when the others' claims are all right or all wrong: no model can be fitted)."""
    out = []
    for split in sorted({e.split for e in exs}):
        rest = [e for e in exs if e.split != split]
        if len({e.ok for e in rest}) < 2:
            continue
        bias, w = fit(rest)
        model = scorer.Model(bias, w, 0.0)
        out.append(
            Held(split, [(model.probability(e.features), e.ok) for e in exs if e.split == split])
        )
    return out


def best_threshold(held: list[Held]) -> float:
    """The threshold with the best F1 of kept right claims over all left-out splits pooled:
    precision = right kept / kept, recall = right kept / right read (what the rules got right)."""

    def f1(t: float) -> float:
        read_right = kept = kept_right = 0
        for h in held:
            _, r, k, kr = h.figures(t)
            read_right, kept, kept_right = read_right + r, kept + k, kept_right + kr
        if not kept or not kept_right:
            return 0.0
        p, r = kept_right / kept, kept_right / read_right
        return 2 * p * r / (p + r)

    return max(THRESHOLDS, key=lambda t: (round(f1(t), 6), -t))


def calibration(held: list[Held]) -> list[dict]:
    """For each confidence band (scorer.BANDS), how many left-out claims fell in it and how many of
    them were right: what the page tells a reader about a claim's band."""
    out = []
    edges = [*(lo for lo, _ in scorer.BANDS), 1.01]
    for (lo, name), hi in zip(scorer.BANDS, edges[1:], strict=True):
        inside = [ok for h in held for p, ok in h.scored if lo <= p < hi]
        out.append({"band": name, "from": lo, "claims": len(inside), "right": sum(inside)})
    return out


def train(session, folder: Path, today: date = LABELLED_ON) -> tuple[scorer.Model, list[Held]]:
    """The model fitted on every trainable split, its threshold chosen by leave-one-split-out
    cross-validation, and the cross-validation (to report)."""
    exs = examples(session, folder, today)
    if not exs:
        raise ValueError(f"{folder} holds no labelled articles to train on")
    if len({e.ok for e in exs}) < 2:
        raise ValueError(
            f"every claim read on the articles in {folder} was {'right' if exs[0].ok else 'wrong'}: "
            "the scorer needs both kinds of example"
        )
    held = cross_validate(exs)
    threshold = best_threshold(held) if held else 0.5
    bias, w = fit(exs)
    splits = sorted({e.split for e in exs})
    return (
        scorer.Model(
            bias,
            w,
            threshold,
            trained_on={
                "splits": splits,
                "claims": len(exs),
                "right": sum(e.ok for e in exs),
                "never_trained": sorted(evaluate.NEVER_TRAINED),
                "calibration": calibration(held),
            },
        ),
        held,
    )


def report(held: list[Held], threshold: float) -> list[str]:
    """One line per left-out split: claims read and kept, precision before and after."""
    lines = [f"leave-one-split-out, threshold {threshold:.2f}:"]
    if not held:
        lines.append("  no split could be left out (too few splits with right and wrong claims)")
    tot = [0, 0, 0, 0]
    for h in held:
        n, r, k, kr = h.figures(threshold)
        tot = [a + b for a, b in zip(tot, (n, r, k, kr), strict=True)]
        lines.append(_line(h.split, n, r, k, kr))
    lines.append(_line("all", *tot))
    return lines


def _line(name: str, n: int, r: int, k: int, kr: int) -> str:
    before = f"{100 * r / n:5.1f} %" if n else "  n/a"
    after = f"{100 * kr / k:5.1f} %" if k else "  n/a"
    return (
        f"  {name:<10} read {n:>4}, right {r:>4} | kept {k:>4}, right {kr:>4} "
        f"(lost {r - kr:>3}) | precision {before} -> {after}"
    )

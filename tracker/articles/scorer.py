"""A learned second opinion on the rule reader's claims (issue #14).

The rule reader (``reader.read``) finds about half of the legality statements on pages it has not
been written from, and about a third of what it reads there is not a claim a careful reader would
extract (a question, a product blurb, a sentence about somewhere else). Many of those false claims
share surface signs that no single rule captures: words of marketing or of hypotheticals, a place
that is only implied, a heading that is a question. This module scores each claim the rules read
with a logistic model over such signs, trained on the labelled real articles
(``tests/fixtures/articles``: was the claim one a careful reader extracted?), and sets aside the
claims that score below the model's threshold. Set-aside claims are not judged; the article page
lists them, so a reader can see what was left out and why.

The model is a plain table of feature weights (``claim_scorer.json`` beside this module), written by
``kratom-tracker article train-scorer`` (``tracker.articles.training``). Scoring is a dot product in
pure Python: no numerical library is needed to read an article.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracker.articles.reader import ReadClaim, Reading

MODEL_PATH = Path(__file__).with_name("claim_scorer.json")
FEATURES_VERSION = 1  # bump when ``features`` changes: a model of another version is refused

# Confidence bands shown beside each claim, from the top: (lowest score, name). The share of claims
# right in each band, on splits the model was not trained on, is in the model (trained_on.calibration).
BANDS = ((0.0, "low"), (0.7, "medium"), (0.9, "high"))

# the claims the model is trained on (evaluate.article_reader leaves agency mentions out)
SCORED_KINDS = ("place", "count")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Model:
    """A logistic model: P(claim is one a careful reader extracts) = sigmoid(bias + sum of weights)."""

    bias: float
    weights: dict[str, float]
    threshold: float
    features_version: int = FEATURES_VERSION
    trained_on: dict = field(default_factory=dict)  # what it was trained on (splits, counts)

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def band(self, score: float) -> str:
        """The confidence band a score falls in ("high", "medium" or "low"; scorer.BANDS)."""
        return next(name for lo, name in reversed(BANDS) if score >= lo)

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "features_version": self.features_version,
                    "threshold": self.threshold,
                    "bias": self.bias,
                    "trained_on": self.trained_on,
                    "weights": dict(sorted(self.weights.items())),
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n"
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        raw = json.loads(text)
        if raw.get("features_version") != FEATURES_VERSION:
            raise ValueError(
                f"claim scorer model has features_version {raw.get('features_version')!r}, "
                f"this code computes version {FEATURES_VERSION}: retrain with "
                "`kratom-tracker article train-scorer`"
            )
        return cls(
            float(raw["bias"]),
            {str(k): float(v) for k, v in raw["weights"].items()},
            float(raw["threshold"]),
            FEATURES_VERSION,
            raw.get("trained_on") or {},
        )


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model shipped with the package, or None where there is none (every claim is kept)."""
    if not MODEL_PATH.exists():
        return None
    return Model.from_json(MODEL_PATH.read_text(encoding="utf-8"))


def _reading_kind(c: ReadClaim) -> str:
    if c.kind != "place":
        return c.kind
    r = c.reading
    if "min_age" in r:
        return "min_age"
    if "seven_oh" in r:
        return "seven_oh"
    return f"category:{r.get('category')}"


def _code_kind(code: str | None) -> str:
    if code is None:
        return "untracked"
    if code in ("US", "EU", "UN"):
        return code
    if "/" in code:
        return "locality"
    return "state" if code.startswith("US-") else "country"


def _bucket(n: int, edges: tuple[int, ...]) -> int:
    return sum(1 for e in edges if n >= e)


def features(claim: ReadClaim, *, main: str | None, heading: str | None) -> dict[str, float]:
    """The signs the model weighs for one claim: what kind of reading, what kind of place, how the
    place was found (named in the sentence or implied), the sentence's shape and its words."""
    text = claim.text or ""
    low = text.lower()
    words = _WORD.findall(low)
    kind, place = _reading_kind(claim), _code_kind(claim.code)
    f: dict[str, float] = {
        f"kind={kind}": 1.0,
        f"place={place}": 1.0,
        f"kind*place={kind}*{place}": 1.0,
        f"main={'none' if main is None else claim.code == main}": 1.0,
        f"named={bool(claim.place) and claim.place.lower() in low}": 1.0,
        f"question={text.rstrip().endswith('?')}": 1.0,
        f"dated={claim.claim_date is not None}": 1.0,
        f"mentions={_bucket(len(claim.texts) or 1, (2, 3, 5))}": 1.0,
        f"length={_bucket(len(words), (4, 8, 16, 32, 64))}": 1.0,
        f"heading={heading is not None}": 1.0,
    }
    if claim.count:
        f[f"count={claim.count.get('scope')}"] = 1.0
    if claim.ordinal is not None:
        f["ordinal"] = 1.0
    for w in set(words):
        f[f"w={w}"] = 1.0
    for a, b in set(zip(words, words[1:], strict=False)):
        f[f"b={a}_{b}"] = 1.0
    for w in set(_WORD.findall((heading or "").lower())):
        f[f"h={w}"] = 1.0
    return f


def heading_of(claim: ReadClaim, sections: list[tuple[int, int, str | None]]) -> str | None:
    """The heading of the checked section a claim was read in (None: no heading, or not found)."""
    at = claim.mark.start
    return next((h for lo, hi, h in sections if lo <= at < hi), None)


def score(
    claim: ReadClaim,
    *,
    main: str | None,
    sections: list[tuple[int, int, str | None]],
    model: Model,
) -> float:
    return model.probability(features(claim, main=main, heading=heading_of(claim, sections)))


def sift(
    reading: Reading,
    sections: list[tuple[int, int, str | None]],
    model: Model | None = None,
) -> Reading:
    """The reading with each claim scored, and those below the model's threshold moved to
    ``set_aside`` (in reading order). Without a model (none shipped) every claim is kept."""
    model = model if model is not None else shipped_model()
    if model is None:
        return reading
    kept, aside = [], []
    for c in reading.claims:
        if c.kind not in SCORED_KINDS:
            kept.append(c)  # an agency's action is an event, not a status claim: never trained on
            continue
        c.score = score(c, main=reading.main, sections=sections, model=model)
        (kept if c.score >= model.threshold else aside).append(c)
    reading.claims, reading.set_aside = kept, aside
    return reading

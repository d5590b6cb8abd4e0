"""The computations behind the second, independent coding (issue #13, item 8; docs/DATA.md).

docs/second-coding.yaml holds the population, the seed, the sample, each blind coding and the dataset
values it was compared with; this module re-draws the sample and recomputes the agreement figures, and
tests/status/test_second_coding.py checks that docs/DATA.md reports exactly these numbers.

Cohen's kappa is the textbook formula, written out here rather than taken from scikit-learn: it is a few
lines, and the test dependencies would otherwise gain scikit-learn, SciPy and NumPy for one function. The
implementation is checked against a published worked example in the test.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SECOND_CODING = ROOT / "docs" / "second-coding.yaml"
DATA_MD = ROOT / "docs" / "DATA.md"

STRATA = ("us", "countries", "localities")
# The attributes compared, in report order; "start" is the year of the current regime's effective_from.
ATTRIBUTES = ("leaf", "seven_oh", "min_age", "licensing", "labelling", "category", "start")


def load(path: Path = SECOND_CODING) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def draw_sample(population: dict, seed: int, fraction: float) -> dict:
    """One random.Random(seed) for all strata, in STRATA order: sorted(rng.sample(sorted(pop), round(fraction*N)))."""
    rng = random.Random(seed)
    sample = {}
    for stratum in STRATA:
        codes = sorted(population[stratum])
        sample[stratum] = sorted(rng.sample(codes, round(fraction * len(codes))))
    return sample


def start_year(value) -> str | None:
    """The year of an EDTF date ('2017', '2017-03~', '2024-10-22?'), or None for an open start."""
    if value is None:
        return None
    year = str(value)[:4]
    if not year.isdigit():
        raise ValueError(f"effective_from {value!r} does not start with a four-digit year")
    return year


def attribute_value(record: dict, attribute: str):
    if attribute == "start":
        return start_year(record.get("effective_from"))
    return record.get(attribute)


def disagreements(coding: dict) -> list[str]:
    """The attributes on which the blind coding and the recorded dataset values differ."""
    dataset = coding["dataset"]
    return [a for a in ATTRIBUTES if attribute_value(coding, a) != attribute_value(dataset, a)]


def researched(coding: dict) -> bool:
    """Both sides give a researched (non-unknown) leaf."""
    return coding["leaf"] != "unknown" and coding["dataset"]["leaf"] != "unknown"


def agreement(codings: dict) -> dict:
    """Per attribute: (agreeing, compared); plus 'all seven' (jurisdictions agreeing on every attribute)."""
    result = {}
    for attribute in ATTRIBUTES:
        agree = sum(1 for c in codings.values() if attribute not in disagreements(c))
        result[attribute] = (agree, len(codings))
    result["all seven"] = (sum(1 for c in codings.values() if not disagreements(c)), len(codings))
    return result


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa for two raters over nominal categories: (p_o - p_e) / (1 - p_e)."""
    n = len(pairs)
    if n == 0:
        raise ValueError("no pairs to compare")
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in set(first) | set(second)) / (n * n)
    if expected == 1:
        return 1.0
    return (observed - expected) / (1 - expected)


def category_pairs(codings: dict) -> list[tuple[str, str]]:
    return [(c["category"], c["dataset"]["category"]) for c in codings.values()]


def percent(agree: int, total: int) -> str:
    return f"{100 * agree / total:.0f} %"


def report_lines(doc: dict) -> list[str]:
    """The figures as docs/DATA.md states them (one table row per attribute, then kappa)."""
    codings = doc["codings"]
    subset = {k: v for k, v in codings.items() if researched(v)}
    all_ = agreement(codings)
    sub = agreement(subset)
    sizes = ", ".join(f"{len(doc['sample'][s])} of {len(doc['population'][s])} {s}" for s in STRATA)
    total = sum(len(doc["population"][s]) for s in STRATA)
    lines = [f"Sample: {sizes} ({len(codings)} of {total} jurisdictions)."]
    lines += [
        f"| {name} | {a}/{n} ({percent(a, n)}) | {sa}/{sn} ({percent(sa, sn)}) |"
        for name, (a, n), (sa, sn) in ((k, all_[k], sub[k]) for k in (*ATTRIBUTES, "all seven"))
    ]
    lines.append(
        f"Cohen's kappa for the category over all {len(codings)} jurisdictions: "
        f"{cohen_kappa(category_pairs(codings)):.2f}; over the {len(subset)} researched by both: "
        f"{cohen_kappa(category_pairs(subset)):.2f}."
    )
    return lines

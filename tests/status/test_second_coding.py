"""The second, independent coding (issue #13, item 8) stays reproducible and its published figures stay true.

Everything is read from docs/second-coding.yaml (which stores the dataset values it was compared
with), so later edits to the dataset files do not change these results.
"""

from __future__ import annotations

import re

import pytest

from tests.second_coding_agreement import (
    ATTRIBUTES,
    DATA_MD,
    STRATA,
    agreement,
    category_pairs,
    cohen_kappa,
    disagreements,
    draw_sample,
    load,
    report_lines,
    start_year,
)
from tracker.status.codebook import CATEGORIES, LEAF_VALUES, SEVEN_OH_VALUES, derive_category

VERDICTS = {"dataset correct", "dataset should change", "both uncertain"}


@pytest.fixture(scope="module")
def doc():
    return load()


@pytest.fixture(scope="module")
def data_md_section():
    text = DATA_MD.read_text(encoding="utf-8")
    start = text.index("## Second, independent coding")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def test_redrawing_the_sample_from_the_recorded_population_and_seed_gives_the_recorded_sample(doc):
    assert doc["seed"] == 20261207 and doc["fraction"] == 0.2
    assert draw_sample(doc["population"], doc["seed"], doc["fraction"]) == doc["sample"]


def test_the_sample_is_a_fifth_of_each_stratum_12_us_40_countries_8_localities(doc):
    sizes = {s: (len(doc["sample"][s]), len(doc["population"][s])) for s in STRATA}
    assert sizes == {"us": (12, 58), "countries": (40, 199), "localities": (8, 40)}
    for stratum in STRATA:
        assert set(doc["sample"][stratum]) <= set(doc["population"][stratum])


def test_a_different_seed_draws_a_different_sample_so_the_seed_matters(doc):
    assert draw_sample(doc["population"], doc["seed"] + 1, doc["fraction"]) != doc["sample"]


def test_every_sampled_code_has_exactly_one_coding_in_its_stratum(doc):
    sampled = {code: stratum for stratum in STRATA for code in doc["sample"][stratum]}
    assert set(doc["codings"]) == set(sampled)
    for code, coding in doc["codings"].items():
        assert coding["stratum"] == sampled[code], code


def test_every_coding_uses_codebook_values_and_its_category_is_the_derived_one(doc):
    for code, coding in doc["codings"].items():
        for side in (coding, coding["dataset"]):
            assert side["leaf"] in LEAF_VALUES, code
            assert side["seven_oh"] in SEVEN_OH_VALUES, code
            assert side["category"] in CATEGORIES, code
            assert side["category"] == derive_category(
                side["leaf"], side["seven_oh"], side["min_age"]
            ), code
            assert isinstance(side["licensing"], bool) and isinstance(side["labelling"], bool), code
            start_year(side["effective_from"])  # raises on a malformed date


def test_every_researched_coding_cites_a_source_and_every_unknown_says_what_was_searched(doc):
    for code, coding in doc["codings"].items():
        assert coding["searched"].strip(), code
        if coding["leaf"] != "unknown":
            assert coding["citations"], code
        for citation in coding["citations"]:
            assert citation["url"].startswith(("http://", "https://")), code
            assert citation["accessed"] == "2026-12-07", code


def test_each_disagreement_and_only_a_disagreement_has_a_resolution_naming_its_attributes(doc):
    for code, coding in doc["codings"].items():
        differing = disagreements(coding)
        if differing:
            assert coding["resolution"]["attributes"] == differing, code
            assert coding["resolution"]["verdict"] in VERDICTS, code
            assert coding["resolution"]["reason"].strip(), code
        else:
            assert "resolution" not in coding, code


def test_louisiana_is_coded_banned_by_both_sides_from_act_41_of_2025(doc):
    la = doc["codings"]["US-LA"]
    assert la["category"] == la["dataset"]["category"] == "banned"
    assert start_year(la["effective_from"]) == start_year(la["dataset"]["effective_from"]) == "2025"
    assert disagreements(la) == []


def test_the_united_kingdom_differs_only_on_7_oh(doc):
    assert disagreements(doc["codings"]["GB"]) == ["seven_oh"]


def test_agreement_counts_each_attribute_over_all_sixty(doc):
    result = agreement(doc["codings"])
    assert set(result) == {*ATTRIBUTES, "all seven"}
    assert result["category"] == (57, 60)
    assert result["all seven"] == (45, 60)
    assert all(total == 60 for _, total in result.values())


def test_cohen_kappa_matches_a_textbook_example_and_the_limits():
    # 2x2 example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o = 0.7, p_e = 0.5, kappa = 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="no pairs"):
        cohen_kappa([])


def test_the_category_kappa_is_above_0_9(doc):
    assert cohen_kappa(category_pairs(doc["codings"])) == pytest.approx(0.91, abs=0.005)


def test_the_figures_in_data_md_equal_those_recomputed_from_the_yaml(data_md_section, doc):
    for line in report_lines(doc):
        assert line in data_md_section, f"docs/DATA.md does not state: {line}"


def test_data_md_lists_every_disagreement_with_its_verdict(data_md_section, doc):
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| (\S+) \| [^|]+ \| ([^:|]+):", data_md_section, re.MULTILINE)
    }
    expected = {
        code: c["resolution"]["verdict"] for code, c in doc["codings"].items() if "resolution" in c
    }
    assert set(rows) == set(expected)
    for code, verdict in expected.items():
        assert rows[code].startswith(verdict) or verdict in rows[code], code


def test_start_year_reads_reduced_precision_edtf_and_refuses_garbage():
    assert start_year("2017") == "2017"
    assert start_year("2017-03~") == "2017"
    assert start_year("2024-10-22?") == "2024"
    assert start_year(None) is None
    with pytest.raises(ValueError, match="four-digit year"):
        start_year("spring 2019")

"""docs/CODEBOOK.md and tracker.status.codebook stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.status import codebook

DOC = (Path(__file__).resolve().parents[2] / "docs" / "CODEBOOK.md").read_text(encoding="utf-8")


def _table_after(heading: str) -> list[list[str]]:
    section = DOC.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            if not set(line) <= set("|- "):  # skip the |---| separator
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[1:]  # without the header


def test_every_worked_example_in_the_codebook_matches_derive_category():
    examples = _table_after("## Worked examples")
    assert len(examples) >= 8
    for name, leaf, seven_oh, min_age, category in examples:
        age = int(min_age) if min_age else None
        assert codebook.derive_category(leaf, seven_oh, age) == category, name


def test_every_leaf_and_seven_oh_value_is_documented():
    for value in (*codebook.LEAF_VALUES, *codebook.SEVEN_OH_VALUES, *codebook.CATEGORIES):
        assert f"`{value}`" in DOC, value


def test_the_documented_colours_are_the_ones_the_maps_use():
    for category, colour in codebook.CATEGORY_COLOURS.items():
        assert re.search(rf"{category} `{colour}`", DOC), category


def test_the_decision_rule_table_lists_six_rules_ending_in_legal():
    rules = _table_after("## Categories and the decision rule")
    assert [r[0] for r in rules] == ["R1", "R2", "R3", "R4", "R5", "R6"]
    assert [r[2] for r in rules] == [
        "`unknown`",
        "`banned`",
        "`restricted`",
        "`restricted`",
        "`regulated`",
        "`legal`",
    ]
    source = Path(codebook.__file__).read_text(encoding="utf-8")
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6"):
        assert f"# {rule}" in source


def test_every_r0_worked_example_is_unregulated_and_legal_like_rule_r0_says():
    examples = _table_after("### Worked examples of R0")
    names = " ".join(e[0] for e in examples)
    for place in ("Canada", "California", "US federal", "Spain", "Netherlands", "Germany"):
        assert place in names, place
    for name, leaf, seven_oh, min_age, category in examples:
        assert leaf == codebook.leaf_under_general_law(None) == "unregulated", name
        assert (
            codebook.derive_category(leaf, seven_oh, int(min_age) if min_age else None)
            == category
            == "legal"
        ), name
    assert codebook.leaf_under_general_law("controlled") == "controlled"
    assert "**R0" in DOC and "# R0" in Path(codebook.__file__).read_text(encoding="utf-8")


def test_every_citation_kind_is_documented_and_official_ones_are_told_apart():
    for kind in codebook.CITATION_KINDS:
        assert f"| `{kind}` |" in DOC, kind
    official = DOC.split("### Citation kinds", 1)[1].split("Secondary sources", 1)[0]
    assert {k for k in codebook.CITATION_KINDS if f"`{k}`" in official} == set(
        codebook.OFFICIAL_CITATION_KINDS
    )
    assert all(codebook.is_official(k) for k in codebook.OFFICIAL_CITATION_KINDS)
    assert not any(codebook.is_official(k) for k in codebook.SECONDARY_CITATION_KINDS)


def test_rule_f_gives_a_state_that_follows_federal_scheduling_the_federal_7_oh_control():
    assert "### Rule F" in DOC and codebook.FEDERAL_ORDER_NOTE in DOC
    assert codebook.apply_federal_scheduling(
        "regulated", "capped", "unregulated", "controlled"
    ) == ("regulated", "controlled", True)
    assert codebook.derive_category("regulated", "controlled", 21) == "restricted"
    assert codebook.apply_federal_scheduling(
        "regulated", "capped", "unregulated", "unregulated"
    ) == ("regulated", "capped", False)
    assert codebook.apply_federal_scheduling(
        "unregulated", "unregulated", "controlled", "controlled"
    ) == ("controlled", "controlled", True)

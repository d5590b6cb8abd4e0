"""docs/CODEBOOK.md and tracker.status.codebook stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.status import codebook
DOC = (Path(__file__).resolve().parents[1] / "docs" / "CODEBOOK.md").read_text(encoding="utf-8")


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
    assert [r[2] for r in rules] == ["`unknown`", "`banned`", "`restricted`", "`restricted`", "`regulated`", "`legal`"]
    source = Path(codebook.__file__).read_text(encoding="utf-8")
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6"):
        assert f"# {rule}" in source

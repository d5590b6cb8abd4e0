"""The period's public fields are declared once (tracker.status.periods) and every list derives from it (#11)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tracker.reports import export, release, status_table
from tracker.status import codebook, dataset, periods
from tracker.status.periods import (
    CITATIONS,
    PRECISION,
    PUBLIC_FIELD_NAMES,
    PUBLIC_FIELDS,
    PeriodInput,
)
from tracker.status.serialize import status_json
from tracker.web import openapi


class _Place:
    code, name, kind, parent, federal_scheduling = "XX", "Nowhere", "country", None, None


def _csv_names(names):
    return [
        n for name in names for n in (export.CITATION_COLUMNS if name == "citations" else (name,))
    ]


def test_every_period_input_field_is_declared_public_and_only_the_category_is_derived_besides():
    inputs = {f.name for f in dataclasses.fields(PeriodInput)} - {"extra"}
    assert set(PUBLIC_FIELD_NAMES) - inputs == {"category"}
    assert inputs - set(PUBLIC_FIELD_NAMES) == set()


def test_every_public_field_is_a_status_json_key_in_the_declared_order_as_the_sql_table_gives_it():
    keys = list(status_json(_Place(), None))
    assert keys == ["code", "name", "kind", "parent", *PUBLIC_FIELD_NAMES, "federal_scheduling"]
    assert tuple(keys) == status_table.ROW_ORDER


def test_every_public_field_is_a_column_of_the_status_and_history_csv():
    for columns in (export.CSV_COLUMNS, export.HISTORY_COLUMNS):
        assert set(_csv_names(PUBLIC_FIELD_NAMES)) <= set(columns)
    assert export.CSV_COLUMNS[:8] == (
        "code",
        "name",
        "kind",
        "place_type",
        "parent",
        "category",
        "leaf",
        "seven_oh",
    )


def test_every_public_field_is_in_the_openapi_status_and_period_schemas_with_codebook_enums():
    for name in ("Status", "Period"):
        assert set(PUBLIC_FIELD_NAMES) <= set(openapi.SCHEMAS[name]["properties"])
    props = openapi.SCHEMAS["Status"]["properties"]
    assert props["leaf"]["enum"] == [*codebook.LEAF_VALUES, None]
    assert props["confidence"]["enum"] == [*codebook.CONFIDENCE_VALUES, None]
    assert props["category"]["enum"] == list(codebook.CATEGORIES)
    assert props["min_age"]["type"] == ["integer", "null"]
    assert props["licensing"]["type"] == ["boolean", "null"]
    assert props["enacted_on"]["format"] == "date"


def test_every_public_field_but_the_schema_v2_precision_ones_is_in_the_release_tables_with_table_schema_types():
    released = {f.name for f in PUBLIC_FIELDS} - {f.name for f in PRECISION} - {CITATIONS.name}
    for fields in (release.STATUS_FIELDS, release.HISTORY_FIELDS):
        assert released <= {name for name, *_ in fields}
    types = {name: kind for name, kind, _ in release.PERIOD_FIELDS}
    assert (types["min_age"], types["licensing"], types["substances"], types["verified_on"]) == (
        "integer",
        "boolean",
        "string",
        "date",
    )


def test_the_loader_knows_exactly_the_declared_input_fields():
    assert dataset.PERIOD_KEYS == {f.name for f in PUBLIC_FIELDS if f.input}
    assert (
        "category" not in dataset.PERIOD_KEYS and "effective_from_edtf" not in dataset.PERIOD_KEYS
    )


def test_review_set_and_the_curator_form_take_the_declared_attributes():
    assert periods.ATTRIBUTE_FIELDS == (
        "leaf",
        "seven_oh",
        "seven_oh_threshold",
        "min_age",
        "licensing",
        "labelling",
        "substances",
    )
    assert periods.FIELD_CHOICES["seven_oh"] == codebook.SEVEN_OH_VALUES


# A subprocess loads tracker.status.periods from its source with one attribute added to the
# declaration (ATTRIBUTES and PeriodInput, nothing else), then imports the readers and prints their lists.
_WITH_NEW_FIELD = textwrap.dedent("""
    import importlib.util, json, sys
    import tracker.status.codebook
    import tracker.status as package
    path = sys.argv[1]
    src = open(path, encoding="utf-8").read()
    line = '    PublicField("labelling", "boolean", "labelling rules apply"),\\n'
    assert src.count(line) == 1
    src = src.replace(line, line + '    PublicField("max_dose", "integer", "the largest dose sold, in milligrams"),\\n')
    line = '    official_search: str | None = None\\n'
    assert src.count(line) == 1
    src = src.replace(line, line + '    max_dose: int | None = None\\n')
    spec = importlib.util.spec_from_loader("tracker.status.periods", loader=None, origin=path)
    module = importlib.util.module_from_spec(spec)
    module.__file__ = path
    sys.modules["tracker.status.periods"] = module
    package.periods = module
    exec(compile(src, path, "exec"), module.__dict__)

    from tracker.reports import export, release, status_table
    from tracker.status import dataset, history, periods
    from tracker.status.serialize import status_json
    from tracker.web import openapi

    class Place:
        code, name, kind, parent, federal_scheduling = "XX", "Nowhere", "country", None, None

    print(json.dumps({
        "status_json": list(status_json(Place(), None)),
        "row_order": list(status_table.ROW_ORDER),
        "csv": list(export.CSV_COLUMNS),
        "history_csv": list(export.HISTORY_COLUMNS),
        "openapi_status": openapi.SCHEMAS["Status"]["properties"].get("max_dose"),
        "openapi_period": "max_dose" in openapi.SCHEMAS["Period"]["properties"],
        "release_status": [f for f in release.STATUS_FIELDS if f[0] == "max_dose"],
        "release_history": [f[0] for f in release.HISTORY_FIELDS],
        "loader_keys": sorted(dataset.PERIOD_KEYS),
        "loader_reads": dataset._typed({"max_dose": 250}, "max_dose", "periods[0]."),
        "review_set": list(periods.ATTRIBUTE_FIELDS),
        "stored_and_diffed": "max_dose" in history.STORED_FIELDS and "max_dose" in history.DIFF_FIELDS,
        "set_converts": periods.convert_field("max_dose", "250"),
    }))
""")


def test_a_field_added_to_the_declaration_alone_appears_in_every_derived_list():
    path = Path(periods.__file__)
    run = subprocess.run(
        [sys.executable, "-c", _WITH_NEW_FIELD, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["status_json"][got["status_json"].index("labelling") + 1] == "max_dose"
    assert got["row_order"] == got["status_json"]
    assert got["csv"][got["csv"].index("labelling") + 1] == "max_dose"
    assert got["history_csv"][got["history_csv"].index("labelling") + 1] == "max_dose"
    assert got["openapi_status"] == {
        "type": ["integer", "null"],
        "description": "The largest dose sold, in milligrams.",
    }
    assert got["openapi_period"] is True
    assert got["release_status"] == [
        ["max_dose", "integer", "the largest dose sold, in milligrams"]
    ]
    assert got["release_history"][got["release_history"].index("labelling") + 1] == "max_dose"
    assert "max_dose" in got["loader_keys"] and got["loader_reads"] == 250
    assert got["review_set"][got["review_set"].index("labelling") + 1] == "max_dose"
    assert got["set_converts"] == 250
    assert got["stored_and_diffed"] is True


def test_every_export_column_is_documented_in_the_codebook_export_columns_section():
    text = (Path(__file__).parents[2] / "docs" / "CODEBOOK.md").read_text(encoding="utf-8")
    section = text[text.index("## Export columns") :]
    missing = [c for c in (*export.CSV_COLUMNS, *export.HISTORY_COLUMNS) if f"`{c}`" not in section]
    assert missing == []

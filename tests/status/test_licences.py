"""The code's and the dataset's licences and the citation file exist, agree and are referenced."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import yaml

from tracker.status.dataset import dataset_meta

ROOT = Path(__file__).resolve().parents[2]
# The Citation File Format 1.2.0 JSON schema, as shipped in cffconvert 2.0.0 (cffconvert itself
# pins jsonschema < 4, which the API tests cannot use, so the schema is checked with jsonschema).
CFF_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "cff" / "schema-1.2.0.json"


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_citation_file_format_1_2_0():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(_citation()), key=str)
    assert errors == []


def test_citation_cff_names_the_bundled_dataset_version_and_its_licence():
    cff = _citation()
    assert cff["version"] == dataset_meta()["version"]
    assert cff["license"] == "CC-BY-4.0"
    assert cff["references"][0]["license"] == "MIT"


def test_pyproject_states_the_spdx_licence_and_ships_both_licence_files():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE", "LICENSE-DATA"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")


def test_the_dataset_file_states_its_licence():
    meta = yaml.safe_load((ROOT / "tracker" / "data" / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["license"] == "CC-BY-4.0"


def test_the_readme_tells_how_to_cite_and_links_the_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme
    for name in ("CITATION.cff", "LICENSE", "LICENSE-DATA"):
        assert f"]({name})" in readme, name


def test_nh3_is_no_longer_declared_because_nothing_imports_it():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    assert not any(d.startswith("nh3") for d in deps)

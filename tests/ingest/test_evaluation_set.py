"""The labelled evaluation set for issue #12 (tests/fixtures/evaluation/proposals/) is well formed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from tracker.status.codebook import CATEGORIES, LEAF_VALUES, SEVEN_OH_VALUES, derive_category
from tracker.status.jurisdictions import seed_rows
from tracker.store.yamlio import safe_load

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "evaluation" / "proposals"
SOURCES = {
    "openstates",
    "legiscan",
    "congress",
    "federal_register",
    "regulations",
    "ecfr",
    "wikipedia",
    "page",
}
OUTCOMES = {"status_change", "event", "none", "failure"}
TOP_KEYS = {
    "id",
    "source",
    "description",
    "found_at",
    "synthetic_fields",
    "payloads",
    "same_event_as",
    "expected",
}
CHANGE_KEYS = {
    "outcome",
    "jurisdiction",
    "enacted",
    "effective_from",
    "effective_basis",
    "attributes",
    "category",
    "official_citation",
    "already_in_dataset",
    "notes",
}
EVENT_KEYS = {"outcome", "jurisdiction", "date", "official_citation", "notes"}
ATTRIBUTES = {
    "leaf",
    "seven_oh",
    "seven_oh_threshold",
    "min_age",
    "licensing",
    "labelling",
    "substances",
}


def known_jurisdictions() -> set[str]:
    return {code for code, *_ in seed_rows()}


def _date_or_none(value) -> bool:
    if value is None or isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
        return True
    except ValueError:
        return False


def case_problems(folder: Path, jurisdictions: set[str], ids: set[str]) -> list[str]:
    """Every problem with one case folder (empty when the case is well formed)."""
    path = folder / "case.yaml"
    if not path.is_file():
        return [f"{folder.name}: no case.yaml"]
    try:
        case = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"{folder.name}: case.yaml does not parse ({exc})"]
    if not isinstance(case, dict):
        return [f"{folder.name}: case.yaml is not a mapping"]
    problems = [f"{folder.name}: missing key {k!r}" for k in sorted(TOP_KEYS - case.keys())]
    if problems:
        return problems
    if case["id"] != folder.name:
        problems.append(f"{folder.name}: id {case['id']!r} differs from the folder name")
    if case["source"] not in SOURCES:
        problems.append(f"{folder.name}: unknown source {case['source']!r}")
    if not case["found_at"] or not all(
        str(u).startswith(("http://", "https://")) for u in case["found_at"]
    ):
        problems.append(
            f"{folder.name}: found_at must list the public pages the case was built from"
        )
    if not isinstance(case["synthetic_fields"], list):
        problems.append(f"{folder.name}: synthetic_fields must be a list")
    if case["same_event_as"] is not None and case["same_event_as"] not in ids:
        problems.append(f"{folder.name}: same_event_as {case['same_event_as']!r} is not a case id")
    if not case["payloads"]:
        problems.append(f"{folder.name}: no payloads")
    for entry in case["payloads"] or ():
        file = folder / str(entry.get("file"))
        if entry.get("role") not in ("before", "after"):
            problems.append(
                f"{folder.name}: payload {entry.get('file')!r} has role {entry.get('role')!r}"
            )
        if not file.is_file():
            problems.append(f"{folder.name}: payload file {entry.get('file')!r} is missing")
            continue
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".json":
            try:
                json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(f"{folder.name}: {file.name} is not JSON ({exc})")
        elif not text.strip():
            problems.append(f"{folder.name}: {file.name} is empty")
    if case["source"] == "page" and not {"url", "selector"} <= set(
        (case.get("watch") or {}).keys()
    ):
        problems.append(f"{folder.name}: a page case needs watch.url and watch.selector")
    exp = case["expected"] or {}
    outcome = exp.get("outcome")
    if outcome not in OUTCOMES:
        return problems + [f"{folder.name}: outcome {outcome!r} is not one of {sorted(OUTCOMES)}"]
    needed = {"status_change": CHANGE_KEYS, "event": EVENT_KEYS}.get(
        outcome, {"outcome", "jurisdiction", "notes"}
    )
    problems += [f"{folder.name}: expected.{k} is missing" for k in sorted(needed - exp.keys())]
    if exp.get("jurisdiction") not in jurisdictions:
        problems.append(
            f"{folder.name}: jurisdiction {exp.get('jurisdiction')!r} is not a tracker jurisdiction code"
        )
    if outcome == "status_change" and not (needed - exp.keys()):
        # a partial change (only 7-OH) names the period in force before it as `base`; the category is derived over both
        attrs = {**(exp.get("base") or {}), **(exp["attributes"] or {})}
        problems += [
            f"{folder.name}: unknown attribute {k!r}" for k in sorted(set(attrs) - ATTRIBUTES)
        ]
        if attrs.get("leaf") not in LEAF_VALUES:
            problems.append(f"{folder.name}: leaf {attrs.get('leaf')!r} is not a codebook value")
        if attrs.get("seven_oh", "unregulated") not in SEVEN_OH_VALUES:
            problems.append(
                f"{folder.name}: seven_oh {attrs.get('seven_oh')!r} is not a codebook value"
            )
        derived = derive_category(
            attrs.get("leaf", "unknown"), attrs.get("seven_oh", "unregulated"), attrs.get("min_age")
        )
        if exp["category"] not in CATEGORIES or exp["category"] != derived:
            problems.append(
                f"{folder.name}: category {exp['category']!r} is not the derived {derived!r}"
            )
        if not _date_or_none(exp["effective_from"]):
            problems.append(
                f"{folder.name}: effective_from {exp['effective_from']!r} is not a date"
            )
        if exp["effective_from"] is not None and not exp["effective_basis"]:
            problems.append(f"{folder.name}: effective_from needs an effective_basis")
    if outcome == "event" and not (needed - exp.keys()) and not _date_or_none(exp["date"]):
        problems.append(f"{folder.name}: event date {exp['date']!r} is not a date")
    cite = exp.get("official_citation")
    if outcome in ("status_change", "event") and cite:
        payload_text = "".join(
            (folder / str(e.get("file"))).read_text(encoding="utf-8")
            for e in case["payloads"] or ()
            if (folder / str(e.get("file"))).is_file()
        )
        payload_text += str(
            (case.get("watch") or {}).get("url", "")
        )  # a watched page's address is the request URL
        if cite not in payload_text and cite.replace("&", "&amp;") not in payload_text:
            problems.append(
                f"{folder.name}: official_citation {cite!r} is not present in the payload"
            )
    return problems


def all_folders() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if p.is_dir())


def test_the_evaluation_set_has_at_least_seventy_cases_from_every_source():
    folders = all_folders()
    sources = {safe_load((f / "case.yaml").read_text(encoding="utf-8"))["source"] for f in folders}
    assert len(folders) >= 70
    assert sources == SOURCES


def test_every_case_is_well_formed():
    folders, jurisdictions = all_folders(), known_jurisdictions()
    ids = {f.name for f in folders}
    problems = [p for f in folders for p in case_problems(f, jurisdictions, ids)]
    assert problems == []


def test_the_set_holds_every_outcome_and_cases_linked_across_sources():
    cases = [safe_load((f / "case.yaml").read_text(encoding="utf-8")) for f in all_folders()]
    outcomes = {c["expected"]["outcome"] for c in cases}
    linked = {c["source"] for c in cases if c["same_event_as"]}
    assert outcomes == OUTCOMES
    assert {"legiscan", "regulations", "wikipedia"} <= linked


def _copy_case(tmp_path: Path, name: str = "us-la-sb154-2025-openstates") -> Path:
    src, dst = ROOT / name, tmp_path / name
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda c: c["expected"].update(outcome="maybe"), "outcome 'maybe'"),
        (lambda c: c["expected"].update(jurisdiction="US-XX"), "not a tracker jurisdiction code"),
        (lambda c: c["expected"].update(category="legal"), "is not the derived 'banned'"),
        (lambda c: c["expected"].pop("effective_from"), "expected.effective_from is missing"),
        (
            lambda c: c["payloads"].append({"file": "missing.json", "role": "after"}),
            "'missing.json' is missing",
        ),
        (
            lambda c: c["expected"].update(official_citation="https://example.gov/not-in-payload"),
            "not present in the payload",
        ),
        (lambda c: c.pop("found_at"), "missing key 'found_at'"),
        (lambda c: c.update(same_event_as="no-such-case"), "is not a case id"),
    ],
)
def test_a_malformed_case_is_reported_with_what_is_wrong(tmp_path, mutate, message):
    folder = _copy_case(tmp_path)
    case = safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    mutate(case)
    (folder / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False), encoding="utf-8")
    problems = case_problems(folder, known_jurisdictions(), {folder.name})
    assert any(message in p for p in problems), problems


def test_a_payload_that_is_not_json_is_reported(tmp_path):
    folder = _copy_case(tmp_path)
    (folder / "response.json").write_text("{not json", encoding="utf-8")
    problems = case_problems(folder, known_jurisdictions(), {folder.name})
    assert any("response.json is not JSON" in p for p in problems)

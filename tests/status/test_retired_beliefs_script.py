"""scripts/retired_beliefs.py on a tiny git repository: an earlier release (pre-schema-v2 kinds, no
recorded_on) and the working tree of the next one."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.status import dataset

ROOT = Path(__file__).resolve().parents[2]

OLD_HAWAII = """\
code: US-HI
periods:
  - effective_from: null
    effective_to: null
    leaf: unregulated
    seven_oh: unregulated
    substances: []
    summary: >
      Hawaii has no kratom-specific law.
    confidence: medium
    verified_on: 2026-11-27
    citations:
      - kind: bill
        label: "HB 717 (2025): referred to committee"
        url: https://vulcanbills.com/hi/2025/HB717
        accessed: 2026-11-27
      - kind: secondary
        label: "A vendor blog"
        url: https://superspeciosa.com/blogs/news/hawaii
        accessed: 2026-11-27
"""
NEW_HAWAII = """\
code: US-HI
# a comment the script keeps
periods:
  - effective_from: null
    effective_to: null
    leaf: unknown
    seven_oh: unknown
    summary: Status unknown.
    confidence: low
    verified_on: 2026-12-07
    recorded_on: 2026-11-27    # wrong: the assertion changed, so 2026-12-07
    citations:
      - kind: aggregator
        label: "HB 717 (2025): referred to committee"
        url: https://vulcanbills.com/hi/2025/HB717
        accessed: 2026-11-27
events:
  - date: 2025-01-21
    title: HB 717 referred to committee
    citation: {kind: bill_page, label: HB 717, url: "https://vulcanbills.com/hi/2025/HB717"}
"""
OLD_ALABAMA = """\
code: US-AL
periods:
  - effective_from: 2016-05-10
    effective_to: null
    leaf: controlled
    seven_oh: controlled
    substances: [mitragynine, 7-hydroxymitragynine]
    summary: Scheduled.
    confidence: high
    verified_on: 2026-11-27
    citations:
      - kind: statute
        label: "Act 2016-279"
        url: https://arc-sos.state.al.us/PAC/SOSACPDF.001/A0011871.PDF
        accessed: 2026-11-27
"""
# the same assertion, better sourced and reworded: keeps 2026-11-27 (the file wrongly says 12-07)
NEW_ALABAMA = (
    OLD_ALABAMA.replace("summary: Scheduled.", "summary: Schedule I since Act 2016-279.")
    .replace(
        "substances: [mitragynine, 7-hydroxymitragynine]",
        "substances: [7-hydroxymitragynine, mitragynine]",
    )
    .replace("verified_on: 2026-11-27", "verified_on: 2026-12-07\n    recorded_on: 2026-12-07")
)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _write(data: Path, as_of: str, files: dict[str, str]) -> None:
    (data / "jurisdictions" / "us").mkdir(parents=True, exist_ok=True)
    (data / "dataset.yaml").write_text(f'version: "{as_of.replace("-", ".")}"\nas_of: {as_of}\n')
    for name, text in files.items():
        (data / "jurisdictions" / "us" / name).write_text(text)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    data = repo / "tracker" / "data"
    data.mkdir(parents=True)
    _git(repo, "init", "-q")
    _write(data, "2026-11-27", {"US-HI.yaml": OLD_HAWAII, "US-AL.yaml": OLD_ALABAMA})
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "release 2026.11.27")
    old = _git(repo, "rev-parse", "HEAD").strip()
    _write(data, "2026-12-07", {"US-HI.yaml": NEW_HAWAII, "US-AL.yaml": NEW_ALABAMA})
    _git(repo, "commit", "-qam", "release 2026.12.07")
    return repo, data, old


def _script():
    spec = importlib.util.spec_from_file_location(
        "retired_beliefs", ROOT / "scripts" / "retired_beliefs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _run(data: Path, commit: str, capsys, *extra: str) -> str:
    args = ["--release-commit", commit, "--release-date", "2026-11-27", "--data", str(data)]
    assert _script().main([*args, *extra]) == 0
    return capsys.readouterr().out


def test_the_script_writes_the_superseded_entry_fixes_recorded_on_and_is_idempotent(repo, capsys):
    _repo, data, old = repo
    hawaii = data / "jurisdictions" / "us" / "US-HI.yaml"
    alabama = data / "jurisdictions" / "us" / "US-AL.yaml"

    out = _run(data, old, capsys)
    assert "US-HI: periods[0].recorded_on 2026-11-27 -> 2026-12-07" in out
    assert "US-AL: periods[0].recorded_on 2026-12-07 -> 2026-11-27" in out
    assert "changed 2 file(s): 2 recorded_on fixed, 1 superseded entries added" in out

    text = hawaii.read_text()
    assert text.startswith(NEW_HAWAII.split("    recorded_on:")[0])  # untouched up to the fix
    assert "# a comment the script keeps" in text and "events:\n  - date: 2025-01-21" in text
    assert "    recorded_on: 2026-12-07    # wrong: the assertion changed" in text
    f = dataset.parse_file(hawaii)
    (entry,) = f.superseded
    assert (entry.period.leaf, entry.period.seven_oh) == ("unregulated", "unregulated")
    assert (entry.period.recorded_on, entry.superseded_on) == (
        date(2026, 11, 27),
        date(2026, 12, 7),
    )
    assert entry.period.summary == "Hawaii has no kratom-specific law."
    assert [c.kind for c in entry.period.citations] == ["bill_page", "secondary"]  # as 0005 renamed
    assert entry.reason == (
        "restated by release 2026-12-07: leaf unregulated -> unknown; "
        "seven_oh unregulated -> unknown"
    )
    al = dataset.parse_file(alabama)
    assert al.superseded == [] and al.periods[0].recorded_on == date(2026, 11, 27)
    assert "summary: Schedule I since Act 2016-279." in alabama.read_text()

    before = {p: p.read_text() for p in (hawaii, alabama)}
    again = _run(data, old, capsys)
    assert again.strip() == "changed 0 file(s): 0 recorded_on fixed, 0 superseded entries added"
    assert {p: p.read_text() for p in (hawaii, alabama)} == before


def test_a_dry_run_prints_the_changes_and_writes_nothing(repo, capsys):
    _repo, data, old = repo
    hawaii = data / "jurisdictions" / "us" / "US-HI.yaml"
    out = _run(data, old, capsys, "--dry-run")
    assert "US-HI: superseded += open..open unregulated/unregulated (recorded_on 2026-11-27)" in out
    assert "would change 2 file(s)" in out
    assert hawaii.read_text() == NEW_HAWAII


def test_a_third_release_appends_to_the_existing_superseded_list(repo, capsys):
    """Cutting 2027.01.04 against the 2026.12.07 commit keeps the first entry and appends one."""
    repo_dir, data, old = repo
    _run(data, old, capsys)
    _git(repo_dir, "commit", "-qam", "superseded entries")
    release = _git(repo_dir, "rev-parse", "HEAD").strip()
    hawaii = data / "jurisdictions" / "us" / "US-HI.yaml"
    hawaii.write_text(
        hawaii.read_text()
        .replace(
            "    leaf: unknown\n    seven_oh: unknown\n",
            "    leaf: unregulated\n    seven_oh: unregulated\n    official_search: none found\n",
            1,
        )
        .replace("verified_on: 2026-12-07", "verified_on: 2027-01-04")
    )
    (data / "dataset.yaml").write_text('version: "2027.01.04"\nas_of: 2027-01-04\n')
    out = _run(data, release, capsys)
    assert "US-HI: periods[0].recorded_on 2026-12-07 -> 2027-01-04" in out
    f = dataset.parse_file(hawaii)
    assert [(s.period.leaf, s.period.recorded_on, s.superseded_on) for s in f.superseded] == [
        ("unregulated", date(2026, 11, 27), date(2026, 12, 7)),
        ("unknown", date(2026, 12, 7), date(2027, 1, 4)),
    ]
    assert hawaii.read_text().count("superseded:") == 1  # one list, appended to

"""The layer rules in pyproject.toml ([tool.importlinter]) hold, and they bite when broken."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def copy_tree(tmp_path: Path) -> Path:
    for name in ("tracker", "scrapers"):
        shutil.copytree(
            REPO / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("data", "static", "__pycache__"),
        )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_repository_keeps_every_import_contract():
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_status_module_importing_flask_breaks_the_web_only_contract(tmp_path):
    root = copy_tree(tmp_path)
    codebook = root / "tracker" / "status" / "codebook.py"
    codebook.write_text(codebook.read_text() + "\nimport flask  # deliberately wrong\n")
    result = lint(root)
    assert result.returncode == 1
    assert "Only the web face speaks Flask BROKEN" in result.stdout


def test_a_view_building_its_own_query_breaks_the_views_call_services_contract(tmp_path):
    root = copy_tree(tmp_path)
    home = root / "tracker" / "web" / "home.py"
    home.write_text(home.read_text() + "\nfrom sqlalchemy import select  # deliberately wrong\n")
    result = lint(root)
    assert result.returncode == 1
    assert "Views call services and build no queries (issue #11) BROKEN" in result.stdout


def test_the_store_importing_a_service_breaks_the_layers(tmp_path):
    root = copy_tree(tmp_path)
    models = root / "tracker" / "store" / "models.py"
    models.write_text(
        models.read_text() + "\nfrom tracker.status import history  # deliberately wrong\n"
    )
    result = lint(root)
    assert result.returncode == 1
    assert "Faces above services above the store BROKEN" in result.stdout


def test_no_module_sits_at_the_top_of_the_tracker_package():
    top = sorted(p.name for p in (REPO / "tracker").glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]

"""No module imports another module's private (_underscored) name (issue #11): what is shared is public."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tracker", "scrapers")


def _modules():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports() -> list[str]:
    found = []
    project_modules = {p.stem for p in _modules()}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported_modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith(PACKAGES)
            ):
                for alias in node.names:
                    if _is_private(alias.name):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}")
                    elif alias.name in project_modules:
                        imported_modules.add(alias.asname or alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _is_private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
            ):
                found.append(
                    f"{path.relative_to(ROOT)}:{node.lineno} uses {node.value.id}.{node.attr}"
                )
    return found


def test_no_module_imports_or_reaches_into_another_module_s_private_names():
    assert private_imports() == []


def test_the_check_sees_a_private_import(tmp_path):
    tree = ast.parse("from tracker.status.history import _hidden\n")
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom) and _is_private(node.names[0].name)

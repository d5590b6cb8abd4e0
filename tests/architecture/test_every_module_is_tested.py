"""Every module under tracker/ and scrapers/ is imported by at least one test module (issue #11)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules() -> set[str]:
    found = set()
    for package in ("tracker", "scrapers"):
        for path in (ROOT / package).rglob("*.py"):
            if "_migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found.add(".".join(parts))
    return found


def imported_by_tests() -> set[str]:
    """Every name a test file imports: `import a.b` imports a and a.b; `from a import b` imports a and a.b."""
    names = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                dotted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                dotted = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in dotted:
                parts = name.split(".")
                names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return names


def test_every_module_under_tracker_and_scrapers_is_imported_by_some_test():
    assert sorted(modules() - imported_by_tests()) == []

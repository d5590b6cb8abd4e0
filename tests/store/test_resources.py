"""tracker.store.resources: the installed templates and migrations folders are found."""

from __future__ import annotations

from tracker.store.resources import package_dir


def test_the_templates_and_migrations_packages_resolve_to_folders_holding_their_files():
    assert (package_dir("tracker._templates") / "base.html").is_file()
    assert (package_dir("tracker._migrations") / "env.py").is_file()

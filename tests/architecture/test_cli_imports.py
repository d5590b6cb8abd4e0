"""The command modules form no import cycle with the CLI's entry module (issue #11)."""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("tracker")


def test_no_cli_module_imports_the_entry_module_main(graph):
    importers = graph.find_modules_that_directly_import("tracker.cli.main")
    assert sorted(m for m in importers if m.startswith("tracker.cli")) == []


def test_the_cli_package_has_no_import_cycle(graph):
    modules = sorted(m for m in graph.find_children("tracker.cli"))
    cycles = [
        (a, b)
        for a in modules
        for b in modules
        if a != b
        and graph.chain_exists(importer=a, imported=b)
        and graph.chain_exists(importer=b, imported=a)
    ]
    assert cycles == []


def test_main_adds_every_command_module_s_commands(graph):
    imported = graph.find_modules_directly_imported_by("tracker.cli.main")
    for name in ("articles", "users", "notify", "ops", "release", "evaluate", "common"):
        assert f"tracker.cli.{name}" in imported


def test_every_documented_command_is_on_the_cli():
    from tracker.cli.main import cli

    assert {
        "article",
        "user",
        "notify",
        "backup",
        "restore",
        "release",
        "build-site",
        "evaluate",
        "init",
        "serve",
        "status",
        "history",
        "export",
        "scrape",
        "sources",
        "parse",
        "review",
        "db",
    } <= set(cli.commands)

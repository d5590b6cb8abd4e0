"""Each command module under tracker/cli/ puts its commands on the one `kratom-tracker` group."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import tracker.__main__
from tracker.cli import articles, main, notify, ops, release, users

COMMANDS = {
    articles: [
        ("article", "import"),
        ("article", "list"),
        ("article", "show"),
        ("article", "evaluate"),
    ],
    notify: [("notify",)],
    ops: [("backup",), ("restore",)],
    release: [("release",), ("build-site",)],
    users: [("user", "add"), ("user", "list"), ("user", "disable"), ("user", "enable")],
}


@pytest.mark.parametrize("module", list(COMMANDS), ids=lambda m: m.__name__)
def test_each_command_module_s_commands_answer_help_on_the_main_group(module):
    for path in COMMANDS[module]:
        result = CliRunner().invoke(main.cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert (
            result.output.startswith("Usage: ") and " ".join(path) in result.output.splitlines()[0]
        )


def test_python_dash_m_tracker_runs_the_same_entry_point_as_the_console_script():
    assert tracker.__main__.main is main.main

"""deploy/: the Dockerfile, compose file and systemd units are valid and use commands the package provides.

Nothing here needs the internet or a container engine: the files are parsed, every
`kratom-tracker` command line in them is parsed by the CLI itself (without running it), the
health check's route is asked of the app, and the units go through `systemd-analyze verify`
when the machine has it.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from tracker.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ("kratom-tracker.service", "kratom-tracker-scrape.service", "kratom-tracker-scrape.timer")


def check_command_line(argv: list[str]) -> str:
    """Parse a `kratom-tracker SUB ...` command line with the CLI's own parser; returns SUB."""
    assert Path(argv[0]).name == "kratom-tracker", argv
    sub = cli.commands.get(argv[1])
    assert sub is not None, f"kratom-tracker has no command {argv[1]!r}"
    with click.Context(cli, info_name="kratom-tracker") as parent:
        sub.make_context(argv[1], list(argv[2:]), parent=parent)  # raises on an unknown option
    return argv[1]


def commands_in(text: str) -> list[list[str]]:
    """Every kratom-tracker invocation in a shell snippet."""
    out = []
    for part in re.split(r"&&|;|\|\||\n", text):
        words = shlex.split(part)
        while words and words[0] in ("exec", "do", "then", "while", "true"):
            words = words[1:]
        if words and Path(words[0]).name == "kratom-tracker":
            out.append(words)
    return out


def _argv_commands(argv: list[str]) -> list[list[str]]:
    if argv[:2] == ["sh", "-c"]:
        return commands_in(argv[2])
    return [argv]


# --- Dockerfile --------------------------------------------------------------------------------


def _dockerfile() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def test_the_image_is_slim_and_runs_as_a_user_that_is_not_root():
    rows = _dockerfile()
    assert all(
        re.fullmatch(r"python:3\.1[1-9]-slim( AS \w+)?", rest) for k, rest in rows if k == "FROM"
    )
    final = rows[max(i for i, (k, _) in enumerate(rows) if k == "FROM") :]
    users = [rest for k, rest in final if k == "USER"]
    assert users and users[-1] not in ("root", "0")


def test_the_dockerfile_copies_only_what_exists_and_runs_real_commands():
    rows = _dockerfile()
    for k, rest in rows:
        if k == "COPY" and not rest.startswith("--from"):
            for source in rest.split()[:-1]:
                assert (ROOT / source).exists(), source
    cmd = json.loads(next(rest for k, rest in rows if k == "CMD"))
    assert [check_command_line(c) for c in _argv_commands(cmd)] == ["init", "serve"]


def test_the_healthcheck_asks_a_route_the_app_answers(client):
    healthcheck = next(rest for k, rest in _dockerfile() if k == "HEALTHCHECK")
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", healthcheck)
    assert url and url[1] == "8000" and url[2] == "/healthz"
    response = client.get(url[2])
    assert response.status_code == 200 and response.get_json() == {"ok": True}
    assert "EXPOSE 8000" in (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


# --- compose ---------------------------------------------------------------------------------------


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_has_the_web_app_a_scheduled_scrape_and_postgresql_15_with_a_volume():
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"web", "scrape", "db"}
    assert services["db"]["image"] == "postgres:15"
    volume = services["db"]["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert services["web"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (
        DEPLOY / services["web"]["build"]["context"] / services["web"]["build"]["dockerfile"]
    ).is_file()
    for name in ("web", "scrape"):
        env = services[name]["environment"]
        assert (
            env["TRACKER_DATABASE_URL"].startswith("postgresql://")
            and "@db:5432/" in env["TRACKER_DATABASE_URL"]
        )
        assert env["TRACKER_ENV"] == "production" and "TRACKER_SECRET_KEY" in env


def test_every_command_in_compose_is_a_command_of_the_package():
    services = _compose()["services"]
    assert [check_command_line(c) for c in _argv_commands(services["web"]["command"])] == [
        "init",
        "serve",
    ]
    assert [check_command_line(c) for c in _argv_commands(services["scrape"]["command"])] == [
        "scrape"
    ]
    assert "--notify" in services["scrape"]["command"][2]


def test_every_variable_compose_passes_is_one_the_tracker_reads():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    env = _compose()["services"]["web"]["environment"]
    for name in env:
        assert f"`{name}`" in readme, (
            f"{name} is not documented in the README's configuration table"
        )


# --- systemd ---------------------------------------------------------------------------------------


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / "systemd" / name).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize(
    ("unit", "subcommands"),
    [
        ("kratom-tracker.service", ["init", "serve"]),
        ("kratom-tracker-scrape.service", ["scrape"]),
    ],
)
def test_each_service_runs_commands_the_package_provides(unit, subcommands):
    service = _unit(unit)["Service"]
    lines = [service[k] for k in ("ExecStartPre", "ExecStart") if k in service]
    assert [check_command_line(shlex.split(line)) for line in lines] == subcommands
    assert service["User"] != "root"


def test_the_timer_starts_the_scrape_service_every_six_hours():
    timer = _unit("kratom-tracker-scrape.timer")
    assert timer["Timer"]["Unit"] == "kratom-tracker-scrape.service"
    assert timer["Timer"]["OnCalendar"] == "*-*-* 00/6:15:00"
    assert _unit("kratom-tracker-scrape.service")["Service"]["Type"] == "oneshot"


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)
def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    """The units as installed, with the package's real executable and a user that exists here."""
    # the entry point installed beside the interpreter running the tests (scripts/test.sh's .venv-test)
    executable = shutil.which("kratom-tracker") or str(
        Path(sys.executable).with_name("kratom-tracker")
    )
    if not Path(executable).exists():
        pytest.skip("the kratom-tracker executable is not installed")
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text(encoding="utf-8")
        text = text.replace("/srv/kratom-tracker/.venv/bin/kratom-tracker", executable)
        text = text.replace("User=kratom", "User=root").replace("Group=kratom", "Group=root")
        text = text.replace(
            "EnvironmentFile=/etc/kratom-tracker/env", "EnvironmentFile=-/etc/kratom-tracker/env"
        )
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / n) for n in UNITS)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "kratom-tracker" in line and "Failed to" not in line
    ]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr

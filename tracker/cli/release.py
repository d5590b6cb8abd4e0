"""CLI commands: `release` (a versioned Frictionless Data Package) and `build-site` (a static site)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the CLI."""
    from tracker.cli.main import InputError, _ready

    @cli.command("release")
    @click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--version", "version", metavar="YYYY.MM.DD",
                  help="The release date: the law as of that day, as known at its end (default today, UTC). "
                       "Giving a past date rebuilds that release byte for byte.")
    @click.option("--previous", type=click.Path(exists=True, file_okay=False, path_type=Path),
                  help="The previous release's folder, for CHANGELOG.md (default: the newest older release beside OUT_DIR).")
    @click.option("--no-validate", is_flag=True, help="Skip the check with the frictionless library.")
    @click.pass_context
    def release_cmd(ctx: click.Context, out_dir: Path, version: str | None, previous: Path | None, no_validate: bool) -> None:
        """Write a versioned, citable release of the dataset as a Frictionless Data Package.

        OUT_DIR gets datapackage.json (version, CC BY 4.0 licence, a table schema and sha256 per
        resource), status/history/citations/jurisdictions/changes as CSV and JSON, CHANGELOG.md
        (data changes since the previous release), LICENSE.txt and SHA256SUMS. The same
        version from the same database gives the same bytes.

        Example: kratom-tracker release releases/2026.12.07
        """
        from tracker.reports import release

        try:
            day = release.parse_version(version) if version else datetime.now(timezone.utc).date()
            if previous is None:
                previous = release.find_previous(out_dir, release.version_of(day))
            with _ready(ctx).transaction() as session:
                report = release.build_release(session, out_dir, day, previous)
        except release.ReleaseError as exc:
            raise InputError(str(exc)) from None
        click.echo(f"release {report.version} written to {report.out_dir}")
        click.echo("  " + ", ".join(f"{name} {n} rows" for name, n in report.counts.items()))
        click.echo(f"  changelog: since {report.previous}" if report.previous else "  changelog: first release")
        click.echo(f"  checksums: {out_dir / 'SHA256SUMS'} (sha256sum -c SHA256SUMS)")
        if no_validate:
            return
        problems = validate(out_dir / "datapackage.json")
        if problems is None:
            click.echo("  not validated: install kratom-tracker[release] (the frictionless library) to check the package")
        elif problems:
            for line in problems[:20]:
                click.echo(f"  invalid: {line}", err=True)
            sys.exit(1)
        else:
            click.echo("  valid Frictionless Data Package (frictionless)")


def validate(descriptor: Path) -> list[str] | None:
    """frictionless's verdict on a data package: [] valid, the errors, or None without the library."""
    try:
        from frictionless import validate as fl_validate
    except ImportError:
        return None
    report = fl_validate(str(descriptor.resolve()))
    if report.valid:
        return []
    return [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors] or [
        e.message for e in report.errors]

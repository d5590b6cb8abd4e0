"""CLI commands: `release` (a versioned Frictionless Data Package) and `build-site` (a static site)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from tracker.cli.common import InputError, ready_runtime


@click.command("release")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--version",
    "version",
    metavar="YYYY.MM.DD",
    help="The release date: the law as of that day, as known at its end (default today, UTC). "
    "Giving a past date rebuilds that release byte for byte.",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The previous release's folder, for CHANGELOG.md (default: the newest older release beside OUT_DIR).",
)
@click.option("--no-validate", is_flag=True, help="Skip the check with the frictionless library.")
@click.pass_context
def release_cmd(
    ctx: click.Context, out_dir: Path, version: str | None, previous: Path | None, no_validate: bool
) -> None:
    """Write a versioned, citable release of the dataset as a Frictionless Data Package.

    OUT_DIR gets datapackage.json (version, CC BY 4.0 licence, a table schema and sha256 per
    resource), status/history/citations/jurisdictions/changes as CSV and JSON, CHANGELOG.md
    (data changes since the previous release), LICENSE.txt and SHA256SUMS. The same
    version from the same database gives the same bytes.

    Example: kratom-tracker release releases/2026.12.07
    """
    from tracker.reports import release

    try:
        day = release.parse_version(version) if version else datetime.now(UTC).date()
        if previous is None:
            previous = release.find_previous(out_dir, release.version_of(day))
        with ready_runtime(ctx).transaction() as session:
            report = release.build_release(session, out_dir, day, previous)
    except release.ReleaseError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"release {report.version} written to {report.out_dir}")
    click.echo("  " + ", ".join(f"{name} {n} rows" for name, n in report.counts.items()))
    click.echo(
        f"  changelog: since {report.previous}" if report.previous else "  changelog: first release"
    )
    click.echo(f"  checksums: {out_dir / 'SHA256SUMS'} (sha256sum -c SHA256SUMS)")
    if no_validate:
        return
    problems = validate(out_dir / "datapackage.json")
    if problems is None:
        click.echo(
            "  not validated: install kratom-tracker[release] (the frictionless library) to check the package"
        )
    elif problems:
        for line in problems[:20]:
            click.echo(f"  invalid: {line}", err=True)
        sys.exit(1)
    else:
        click.echo("  valid Frictionless Data Package (frictionless)")


@click.command("build-site")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--dynamic-url",
    envvar="TRACKER_PUBLIC_URL",
    metavar="URL",
    help="Where `serve` runs, for what only a server answers: time travel (?as_of=), sorting, "
    "filters, the curator's pages (env TRACKER_PUBLIC_URL). Without it those links lose their query.",
)
@click.pass_context
def build_site_cmd(ctx: click.Context, out_dir: Path, dynamic_url: str | None) -> None:
    """Render every public page to plain files for a static host or CDN.

    Home, every jurisdiction, changes, bills, sources, articles, the Atom feeds, the exports
    and the API's read-only JSON, with relative links, so OUT_DIR (emptied first) can be
    served by any web server (`python -m http.server -d OUT_DIR`), a CDN or object storage.
    Rebuild it after each change (e.g. after the scrape in cron): pages show today's status.
    The new site replaces the old one only once complete; a non-empty OUT_DIR that
    build-site did not make is refused.

    Example: kratom-tracker build-site /var/www/kratom --dynamic-url https://tracker.example.org
    """
    from tracker.web import create_app
    from tracker.web.static_site import NotASite, build_site

    if dynamic_url and not dynamic_url.startswith(("https://", "http://")):
        raise InputError(
            f"--dynamic-url must start with https:// or http://, not {dynamic_url[:80]!r}"
        )
    app = create_app(ready_runtime(ctx))
    try:
        report = build_site(app, out_dir, dynamic_url)
    except NotASite as exc:
        raise InputError(str(exc)) from None
    click.echo(f"site written to {out_dir}: {report.pages} files")
    where = (
        f"point at {dynamic_url}"
        if dynamic_url
        else "lost their query (no --dynamic-url / TRACKER_PUBLIC_URL)"
    )
    click.echo(f"  {report.dynamic_links} links need the dynamic server and {where}")
    for failure in report.failures[:20]:
        click.echo(f"  not rendered: {failure}", err=True)
    if report.failures:
        sys.exit(1)


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
        e.message for e in report.errors
    ]

"""CLI commands: backup and restore."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.common import runtime
from tracker.store import backup as backups


class _Refused(click.ClickException):
    """The command would overwrite something and --force was not given: exit 2, like a usage error."""

    exit_code = 2


def _report(kind: str, result) -> None:
    mb = result.bytes / 1_000_000
    click.echo(f"{kind}: {result.path} ({result.backend}, {mb:.2f} MB, {result.seconds:.2f} s)")
    for line in result.summary.lines():
        click.echo(line)
    for note in result.notes:
        click.echo(f"note: {note}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@click.pass_context
def backup_cmd(ctx: click.Context, path: Path, force: bool) -> None:
    """Back up the database to PATH, with a manifest of row counts and checksums beside it.

    SQLite: a consistent online copy (safe while the app and cron run), checked with
    PRAGMA integrity_check. PostgreSQL: pg_dump -Fc (needs the PostgreSQL client tools).
    Prints the row count of every table and a sha256 of the history tables; the same
    figures go to PATH.manifest.json, which `restore` checks.

    Example: kratom-tracker backup /var/backups/tracker-$(date +%F).sqlite3
    """
    rt = runtime(ctx)
    try:
        result = backups.backup(rt.engine, path, force=force)
    except backups.NotEmpty as exc:
        raise _Refused(str(exc)) from None
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    _report("backup", result)
    click.echo(f"manifest: {backups.manifest_path(result.path)}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@click.pass_context
def restore_cmd(ctx: click.Context, path: Path, force: bool) -> None:
    """Restore a backup made by `kratom-tracker backup` into the configured database.

    Refuses a database that is not empty unless --force (stop the app and cron first).
    Checks the file against its manifest before touching the database, and the restored
    row counts and history checksums against the backup's after; any difference fails.

    Example: kratom-tracker restore /var/backups/tracker-2026-11-27.sqlite3
    """
    rt = runtime(ctx)
    try:
        result = backups.restore(rt.engine, path, force=force)
    except backups.NotEmpty as exc:
        raise _Refused(str(exc)) from None
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    _report("restored", result)
    click.echo("verified: row counts and history checksums match the backup")

"""CLI commands: notifications (`kratom-tracker notify`)."""

from __future__ import annotations

import sys
from datetime import date

import click

from tracker.cli.common import DATE, ready_runtime


@click.command("notify")
@click.option(
    "--status",
    "show_status",
    is_flag=True,
    help="Show recent deliveries and failures; send nothing.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send and record nothing.")
@click.option(
    "--since",
    type=DATE,
    help="For a URL never notified before: send changes recorded since this date "
    "(by default its first run only records a starting point).",
)
@click.option(
    "--base-url",
    envvar="TRACKER_PUBLIC_URL",
    metavar="URL",
    help="The dashboard's public address, for links in messages (env TRACKER_PUBLIC_URL).",
)
@click.pass_context
def notify_cmd(
    ctx: click.Context, show_status: bool, dry_run: bool, since: date | None, base_url: str | None
) -> None:
    """Send new status changes (and, to curators, new open proposals) through Apprise.

    Targets are the Apprise URLs in TRACKER_NOTIFY_URLS, separated by spaces; write
    `curators=URL` for a URL that should also get new open proposals. Each change is sent
    to each URL once; failures are recorded and retried on the next run. Exit codes: 0 all
    delivered (or nothing to send), 1 a delivery failed, 75 another notify run is going.

    Example: TRACKER_NOTIFY_URLS="mailtos://user:pass@example.org curators=json://hooks.example.org/kratom" kratom-tracker notify
    """
    from tracker.ingest import locks
    from tracker.reports import notify

    rt = ready_runtime(ctx)
    if show_status:
        _print_status(rt, notify)
        return
    if not rt.settings.notify_urls:
        click.echo(
            "No notification URLs configured: set TRACKER_NOTIFY_URLS to one or more Apprise URLs "
            "(e.g. mailtos://…, slack://…, json://…). Nothing sent."
        )
        return
    base_url = base_url or rt.settings.public_url
    if base_url and not base_url.startswith(("https://", "http://")):
        raise click.BadParameter("must start with https:// or http://", param_hint="--base-url")
    try:
        report = deliver(rt, base_url=base_url, since=since, dry_run=dry_run)
    except locks.LockHeld as exc:
        click.echo(f"Error: {exc}; not starting a second run", err=True)
        sys.exit(75)
    print_report(report, dry_run)
    if report.failed:
        sys.exit(1)


def deliver(rt, *, base_url: str | None = None, since: date | None = None, dry_run: bool = False):
    """Send what each TRACKER_NOTIFY_URLS target has not had yet, under the `notify` run lock.

    Shared by `notify` and the end of `scrape`. A dry run rolls everything back, the starting
    point of a new target included. Raises locks.LockHeld when another notify run is going.
    """
    from tracker.ingest import locks
    from tracker.reports import notify

    holder = locks.this_holder()
    locks.acquire(rt.sessions, "notify", holder)
    try:
        session = rt.sessions()
        try:
            report = notify.run(
                session, rt.settings.notify_urls, base_url=base_url, since=since, dry_run=dry_run
            )
            if dry_run:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    finally:
        locks.release(rt.sessions, "notify", holder)
    return report


def print_report(report, dry_run: bool) -> None:
    """One line per target; a dry run says what would happen and that nothing was sent or recorded."""
    verb = "would send" if dry_run else "sent"
    for t in report.targets:
        if t.baseline is not None:
            if dry_run:
                click.echo(
                    f"{t.target}: first run: would record a starting point at {t.baseline:%Y-%m-%d %H:%M:%S} UTC "
                    "and send nothing older (use --since to send earlier changes)"
                )
            else:
                click.echo(
                    f"{t.target}: first run, starting point recorded at {t.baseline:%Y-%m-%d %H:%M:%S} UTC; "
                    "later changes will be sent (use --since to send earlier ones)"
                )
            continue
        line = f"{t.target}: {verb} {t.sent} item(s)"
        if t.failed:
            line += f", FAILED {t.failed}: {t.errors[-1]}"
        click.echo(line)
    if dry_run:
        click.echo("dry run: nothing was sent and nothing was recorded")
    if report.failed:
        click.echo(
            f"Error: {report.failed} delivery(ies) failed; they are recorded and will be retried "
            "(see `kratom-tracker notify --status`)",
            err=True,
        )


def _print_status(rt, notify) -> None:
    with rt.transaction() as session:
        targets = notify.per_target(session)
        recent = notify.recent(session, 20)
        failures = notify.recent(session, 10, failures_only=True)
    configured = {t.key for t in notify.parse_targets(rt.settings.notify_urls)}
    click.echo(
        f"Configured notification URLs: {len(configured)}"
        + ("" if configured else " (set TRACKER_NOTIFY_URLS)")
    )
    if not targets:
        click.echo("No deliveries recorded yet.")
        return
    click.echo("Targets:")
    for t in targets:
        click.echo(
            f"  {t['target']}: {t['ok']} delivered (last {_when(t['last_ok'])}), "
            f"{t['failed']} failed (last {_when(t['last_failure'])})"
        )
    click.echo("Recent deliveries:")
    for d in recent:
        click.echo(
            f"  {_when(d.at)}  {'ok    ' if d.ok else 'FAILED'}  {d.kind:<8} {d.subject:<16} {d.target}  {d.title or ''}"[
                :300
            ]
        )
    click.echo("Recent failures:" if failures else "Recent failures: none")
    for d in failures:
        click.echo(f"  {_when(d.at)}  {d.subject:<16} {d.target}: {d.error}"[:500])


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "never"

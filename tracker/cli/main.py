"""The `kratom-tracker` command line: thin click commands over the services."""

from __future__ import annotations

import json
import signal
import sys
from datetime import date, datetime

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tracker.cli import articles, bootstrap, evaluate, notify, ops, release, users
from tracker.cli.common import DATE, InputError, json_value, ready_runtime, runtime
from tracker.reports import export
from tracker.status import codebook, history, jurisdictions
from tracker.status.jurisdictions import UnknownJurisdiction
from tracker.status.periods import ValidationError
from tracker.status.serialize import period_json, status_json
from tracker.store import migrate
from tracker.store.db import database_busy
from tracker.store.runtime import Runtime
from tracker.store.settings import ConfigError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kratom-tracker")
def cli() -> None:
    """Track kratom's legal status worldwide: cited, dated, with full history.

    Configuration comes from the environment (TRACKER_DATABASE_URL, ...); see the README.
    """


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create or upgrade the schema and load the bundled dataset and article.

    Safe to run again: a second run reports 0 changes.

    Example: kratom-tracker init
    """
    rt = runtime(ctx)
    report = bootstrap.initialise(rt)
    d = report.dataset
    if rt.settings.dataset_dir:
        click.echo(f"dataset from TRACKER_DATASET_DIR={rt.settings.dataset_dir}")
    click.echo(
        f"schema {'upgraded' if report.schema_upgraded else 'already current'}; "
        f"{d.files} dataset files; jurisdictions added {d.jurisdictions_added}; "
        f"periods inserted {d.periods_inserted}, superseded {d.periods_superseded}; "
        f"events inserted {d.events_inserted}, retired {d.events_retired}; articles changed {report.articles_changed}"
    )
    if d.retired_beliefs_recorded or d.retired_beliefs_closed:
        click.echo(
            f"of which beliefs earlier releases gave up (superseded:): recorded "
            f"{d.retired_beliefs_recorded}, closed at their superseded_on {d.retired_beliefs_closed}"
        )
    if d.retired_beliefs_skipped:
        click.echo(
            f"warning: {d.retired_beliefs_skipped} superseded belief(s) not recorded: they would "
            "overlap a belief this install recorded itself (audit log, action record_superseded)"
        )
    click.echo(f"{report.changes} changes")


SWITCH_INTERVAL_S = 0.001  # seconds; CPython's default is 0.005


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker threads (waitress's default; more add GIL contention, not speed, on a few cores).",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="One Common Log Format line per request on standard output.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, access_log: bool) -> None:
    """Serve the dashboard with the production WSGI server (waitress).

    On an empty database it runs `init` first.

    Example: kratom-tracker serve --port 8000
    """
    import waitress

    from tracker.web import create_app
    from tracker.web.memory import limit_malloc_arenas

    limit_malloc_arenas()  # before the worker threads start (see tracker/web/memory.py)
    # Hand the GIL over within 1 ms instead of 5: a short request (a 304, a cached page) then
    # waits less behind a long one on another worker thread; tail latency, not throughput.
    sys.setswitchinterval(SWITCH_INTERVAL_S)

    rt = runtime(ctx)
    if not rt.schema_is_current():
        click.echo("database not initialised: running init first")
        ctx.invoke(init)
    app = create_app(rt)
    if access_log:
        from tracker.web.accesslog import AccessLog

        app = AccessLog(app)
    try:
        server = waitress.create_server(
            app, host=host, port=port, threads=threads, ident="kratom-tracker"
        )
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port or --host"
        ) from None
    click.echo(f"serving on http://{host}:{port}/")
    server.run()


def _lookup(session, code: str):
    try:
        return jurisdictions.get(session, code)
    except UnknownJurisdiction as exc:
        raise InputError(str(exc)) from None


def _print_status(data: dict, as_of: date, known_on: date | None) -> None:
    known = f"as known on {known_on}" if known_on else "as known now"
    click.echo(f"{data['code']}  {data['name']}  ({data['kind']})")
    click.echo(f"Status on {as_of} ({known}): {data['category']}")
    if data["leaf"] is None:
        click.echo("  No researched status for this date.")
        return
    threshold = f" ({data['seven_oh_threshold']})" if data["seven_oh_threshold"] else ""
    click.echo(
        f"  leaf: {data['leaf']}   7-OH: {data['seven_oh']}{threshold}   minimum age: {data['min_age'] or '-'}"
    )
    click.echo(
        f"  in force: {data['effective_from'] or 'open start'} to {data['effective_to'] or 'now (open)'}"
    )
    if data["summary"]:
        click.echo(f"  {data['summary']}")
    click.echo(f"  confidence: {data['confidence']}; verified on {data['verified_on']}")
    for c in data["citations"]:
        click.echo(f"  - [{c['kind']}] {c['label']}: {c['url']}")


@cli.command()
@click.argument("code")
@click.option("--as-of", type=DATE, help="The date the law is asked about (default today).")
@click.option("--known-on", type=DATE, help="Answer as the tracker knew it at the end of this day.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def status(
    ctx: click.Context, code: str, as_of: date | None, known_on: date | None, as_json: bool
) -> None:
    """Show the status of one jurisdiction on a date.

    Example: kratom-tracker status US-LA --as-of 2025-08-01 --json
    """
    as_of = as_of or date.today()
    with ready_runtime(ctx).transaction() as session:
        j = _lookup(session, code)
        data = status_json(j, history.status_on(session, j, as_of, known_on))
    data.update(as_of=as_of.isoformat(), known_on=known_on.isoformat() if known_on else None)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_status(data, as_of, known_on)


@cli.command("history")
@click.argument("code")
@click.option(
    "--known-on", type=DATE, help="The history as the tracker knew it at the end of this day."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def history_cmd(ctx: click.Context, code: str, known_on: date | None, as_json: bool) -> None:
    """Show a jurisdiction's full history: periods in force and superseded beliefs.

    Example: kratom-tracker history TH --json
    """
    with ready_runtime(ctx).transaction() as session:
        j = _lookup(session, code)
        periods = [period_json(p) for p in history.history(session, j, known_on)]
        corrections = [
            period_json(p) for p in history.all_beliefs(session, j) if p.superseded_at is not None
        ]
        head = {"code": j.code, "name": j.name, "kind": j.kind}
    if as_json:
        click.echo(
            json.dumps(
                {**head, "periods": periods, "superseded": corrections},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(f"{head['code']}  {head['name']}  ({head['kind']})")
    if not periods:
        click.echo("  No researched history: status unknown.")
    for p in periods:
        click.echo(
            f"  {p['effective_from'] or 'open start':>10} to {p['effective_to'] or 'now':<10}  {p['category']:<10} "
            f"leaf={p['leaf']} 7-OH={p['seven_oh']} age={p['min_age'] or '-'}  [{p['confidence']}] "
            + "; ".join(c["label"] for c in p["citations"])
        )
    if corrections:
        click.echo(
            f"  {len(corrections)} superseded belief(s); see --json for what the tracker knew when."
        )


@cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--as-of", type=DATE, help="Status on this date (default today).")
@click.option("--known-on", type=DATE, help="As the tracker knew it at the end of this day.")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="File (default stdout).",
)
@click.option(
    "--history",
    "full_history",
    is_flag=True,
    help="Every period of every jurisdiction, not one date's table.",
)
@click.pass_context
def export_cmd(
    ctx: click.Context,
    fmt: str,
    as_of: date | None,
    known_on: date | None,
    output,
    full_history: bool,
) -> None:
    """Export every jurisdiction's status on a date (or, with --history, every period) as CSV or JSON.

    Example: kratom-tracker export --format csv --as-of 2025-03-15 -o states.csv
    """
    if full_history:
        if as_of:
            raise InputError("--history exports every period; use --known-on, not --as-of")
        with ready_runtime(ctx).transaction() as session:
            for chunk in export.history_export(session, fmt, known_on):
                output.write(chunk)
        return
    as_of = as_of or date.today()
    with ready_runtime(ctx).transaction() as session:
        # the same text as the dashboard's /export/status.csv|json; JSON starts with its `cite` object
        for chunk in export.status_export(session, fmt, as_of, known_on):
            output.write(chunk)


@cli.command()
@click.argument("source_names", metavar="[SOURCE ...]", nargs=-1)
@click.option(
    "--since",
    type=DATE,
    help="Look back to this date instead of each source's last successful run.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Fetch and reconcile, then roll back: nothing is written but the run record.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per source.")
@click.option(
    "--notify/--no-notify",
    "send_notifications",
    default=None,
    help="Send new changes through Apprise at the end (as `notify` does). Default: on when TRACKER_NOTIFY_URLS is set.",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=1),
    help="Time budget for the whole run; sources past it are recorded as a timeout.",
)
@click.option(
    "--source-max-seconds",
    type=click.FloatRange(min=1),
    help="Time budget for each source (default: the source's own, else 180).",
)
@click.pass_context
def scrape(
    ctx: click.Context,
    source_names: tuple[str, ...],
    since: date | None,
    dry_run: bool,
    as_json: bool,
    send_notifications: bool | None,
    max_seconds: float | None,
    source_max_seconds: float | None,
) -> None:
    """Poll legislative and regulatory sources; safe under cron.

    Each source runs in isolation and in its own transaction. Exit codes: 0 every source ok,
    unchanged, skipped (no API key) or deferred (the server asked us to wait: the source is
    next due then); 1 a source failed or went past its time budget (outcome timeout); 2 usage
    or configuration error; 75 another run holds the lock; 143 stopped by SIGTERM (the run is
    recorded as aborted, the healthcheck gets /fail). A dry run never pings the healthcheck.
    With TRACKER_NOTIFY_URLS set (or --notify) new status changes are sent at the end, as
    `kratom-tracker notify` sends them; a failed delivery makes the exit code 1.

    Example: kratom-tracker scrape federal_register ecfr --json
    """
    from tracker.ingest import locks
    from tracker.ingest import scrape as scraping

    rt = ready_runtime(ctx)
    try:
        names = scraping.check_names(list(source_names))
    except scraping.UnknownSource as exc:
        raise InputError(str(exc)) from None
    bar = None
    if sys.stderr.isatty() and not as_json:
        bar = click.progressbar(length=len(names), label="scraping", file=sys.stderr)
        bar.__enter__()

    def report(result) -> None:
        if bar is not None:
            bar.update(1)
        click.echo(
            json.dumps(result.__dict__, default=json_value) if as_json else result.log_line()
        )

    def terminate(signum, _frame):
        signal.signal(signum, signal.SIG_IGN)  # once: recording the abort must not be interrupted
        raise scraping.Terminated(f"stopped by signal {signal.Signals(signum).name}")

    signal.signal(signal.SIGTERM, terminate)
    try:
        results = scraping.run_scrape(
            rt,
            names,
            since=since,
            dry_run=dry_run,
            on_result=report,
            max_seconds=max_seconds,
            source_seconds=source_max_seconds,
        )
    except locks.LockHeld as exc:
        click.echo(f"Error: {exc}; not starting a second run", err=True)
        sys.exit(75)
    except scraping.Terminated as exc:
        click.echo(
            f"Error: {exc}; the run was recorded as aborted and nothing of it was imported",
            err=True,
        )
        problem = (
            None
            if dry_run
            else scraping.ping_healthcheck(
                rt.settings.healthcheck_url, False, rt.settings.user_agent
            )
        )
        if problem:
            click.echo(problem, err=True)
        sys.exit(128 + signal.SIGTERM)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    code = scraping.exit_code(results)
    if send_notifications or (send_notifications is None and rt.settings.notify_urls):
        code = max(code, _notify_after_scrape(rt, dry_run, as_json))
    problem = (
        None
        if dry_run
        else scraping.ping_healthcheck(
            rt.settings.healthcheck_url, code == 0, rt.settings.user_agent
        )
    )
    if problem:
        click.echo(problem, err=True)
    sys.exit(code)


def _notify_after_scrape(rt: Runtime, dry_run: bool, as_json: bool = False) -> int:
    """Send new changes at the end of a scrape; 1 when a delivery failed, else 0."""
    import os

    from tracker.ingest import locks

    if not rt.settings.notify_urls:
        click.echo("notify: no TRACKER_NOTIFY_URLS set; nothing sent", err=True)
        return 0
    base_url = (
        getattr(rt.settings, "public_url", None) or os.environ.get("TRACKER_PUBLIC_URL") or None
    )
    try:
        report = notify.deliver(rt, base_url=base_url, dry_run=dry_run)
    except locks.LockHeld as exc:
        click.echo(f"notify: {exc}; that run sends the changes", err=True)
        return 0
    for t in report.targets:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "notify": t.target,
                        "first_run": t.baseline is not None,
                        "dry_run": dry_run,
                        "sent": t.sent,
                        "failed": t.failed,
                        "error": t.errors[-1] if t.errors else None,
                    }
                )
            )
        elif t.baseline is not None:
            click.echo(
                f"notify target={t.target} first_run=1 starting_point={t.baseline:%Y-%m-%dT%H:%M:%SZ}"
            )
        else:
            click.echo(
                f"notify target={t.target} {'would_send' if dry_run else 'sent'}={t.sent} failed={t.failed}"
                + (f" error={t.errors[-1]!r}" if t.errors else "")
            )
    return 1 if report.failed else 0


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def sources(ctx: click.Context, as_json: bool) -> None:
    """Show each source's health: last success, last failure and why, failures in a row, next due.

    Example: kratom-tracker sources
    """
    from scrapers import registry
    from tracker.ingest import health

    rt = ready_runtime(ctx)
    with rt.transaction() as session:
        rows = health.source_health(session)
    for r in rows:  # a source without its key is skipped by every run until the key is set
        env = registry.INFO[r["name"]].api_key_env
        r["missing_key"] = env if env and not rt.settings.api_keys.get(env) else None
    if as_json:
        click.echo(json.dumps(rows, indent=2, default=json_value))
        return
    for r in rows:
        click.echo(
            f"{r['name']:<17} last ok {_when(r['last_success_at'], 'never'):<20} last run {r['last_outcome'] or 'never':<9} "
            f"failures in a row {r['consecutive_failures']}  next due {_when(r['next_due_at'], 'now')}"
        )
        if r["missing_key"]:
            click.echo(f"{'':<17} skipped: {r['missing_key']} is not set")
        elif r["last_outcome"] in ("skipped", "deferred") and r["last_notes"]:
            notes = r["last_notes"]
            click.echo(
                f"{'':<17} {notes if notes.startswith(r['last_outcome']) else r['last_outcome'] + ': ' + notes}"
            )
        if r["last_error"]:
            click.echo(
                f"{'':<17} last failure {_when(r['last_failure_at'], '-')}: {r['last_error']}"
            )


def _when(moment: datetime | None, missing: str) -> str:
    """A UTC time for a column (a datetime has no string format spec of its own)."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else missing


@cli.command()
@click.argument("source_name", metavar="SOURCE")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", default="", help="The URL the response came from, if the parser needs it.")
def parse(source_name: str, file: str, url: str) -> None:
    """Run a source's parser on a saved response and print every item as a JSON line.

    Relevance is a field of each item, not a filter: every item in the response is printed.

    Example: kratom-tracker parse federal_register saved-documents.json
    """
    from scrapers import registry
    from scrapers.errors import ScrapeError

    if source_name not in registry.INFO:
        raise InputError(f"unknown source {source_name!r}; known: {', '.join(registry.NAMES)}")
    module = registry.load(source_name)
    body = click.open_file(file, "rb").read()
    try:
        items = module.parse(body, url=url)
    except ScrapeError as exc:
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for item in items:
        data = item.to_json()
        native = data.pop("native", None) or {}
        # the source's own field names (document_number, bill_id, ...) beside ours; ours win on a clash
        click.echo(json.dumps({**native, **data}, ensure_ascii=False))


@cli.group()
def review() -> None:
    """Curator review of proposals raised by the scrapers."""


_STATUS_CHOICES = ["open", "accepted", "rejected", "already_recorded", "all"]


def _filter_options(f):
    """--source, --jurisdiction, --kind, --has-suggestion/--no-suggestion: shared by list and bulk reject."""
    f = click.option(
        "--has-suggestion/--no-suggestion",
        "has_suggestion",
        default=None,
        help="Only proposals with (or without) a suggested codebook change.",
    )(f)
    f = click.option(
        "--kind", help="Only this kind (bill_enacted, notice, section_changed, page_changed, ...)."
    )(f)
    f = click.option("--jurisdiction", help="Only this jurisdiction code, e.g. US-LA.")(f)
    f = click.option(
        "--source", help="Only proposals one of whose sources is this (openstates, wikipedia, ...)."
    )(f)
    return f


def _value(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v)) or "-"
    return str(v)


@review.command("list")
@click.option("--status", type=click.Choice(_STATUS_CHOICES), default="open", show_default=True)
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per proposal, in a list.")
@click.pass_context
def review_list(
    ctx: click.Context, status: str, source, jurisdiction, kind, has_suggestion, as_json: bool
) -> None:
    """List proposals, newest first, with the matched term, suggested category and effective date.

    Example: kratom-tracker review list --source openstates --has-suggestion
    """
    from tracker.status import review as reviewing

    filters = reviewing.Filters(
        None if status == "all" else status, source, jurisdiction, kind, has_suggestion
    )
    with ready_runtime(ctx).transaction() as session:
        rows = [
            reviewing.proposal_json(p) for p in reviewing.list_proposals(session, filters=filters)
        ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if rows:
        click.echo(
            f"{'id':<6} {'status':<16} {'jurisdiction':<12} {'kind':<15} {'term':<14} {'category':<10} {'effective':<10}  title"
        )
    for r in rows:
        click.echo(
            f"#{r['id']:<5} {r['status']:<16} {r['jurisdiction']:<12} {r['kind']:<15} {_value(r['matched_term'])[:14]:<14} "
            f"{_value(r['suggested_category']):<10} {_value(r['effective_from']):<10}  {r['title'][:80]}"
        )
    click.echo(f"{len(rows)} proposal(s)", err=True)


def _short(text, limit: int = 300) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary_of(p) -> str | None:
    from tracker.status import review as reviewing

    for item in reviewing.evidence_items(p):
        for key in ("abstract", "description", "summary"):
            if _short(item.get(key)):
                return _short(item.get(key))
    ev = p.evidence if isinstance(p.evidence, dict) else {}
    for key in ("bill", "notice"):
        inner = ev.get(key) if isinstance(ev.get(key), dict) else {}
        for field_name in ("abstract", "description"):
            if _short(inner.get(field_name)):
                return _short(inner.get(field_name))
    return None


@review.command("show")
@click.argument("proposal_id", type=int)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the proposal as JSON, with its raw evidence."
)
@click.pass_context
def review_show(ctx: click.Context, proposal_id: int, as_json: bool) -> None:
    """Show one proposal: what it is, why, the suggested change beside today's values, the evidence.

    Example: kratom-tracker review show 12
    """
    from tracker.status import review as reviewing

    with ready_runtime(ctx).transaction() as session:
        try:
            p = reviewing.get_proposal(session, proposal_id)
        except reviewing.ReviewError as exc:
            raise InputError(str(exc)) from None
        data = reviewing.proposal_json(p)
        if as_json:
            data.update(source=p.source, raw_suggested=p.suggested, raw_evidence=p.evidence)
            click.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))
            return
        sug = reviewing.suggestion(p)
        day = sug.effective_from or date.today()
        current = history.status_on(session, p.jurisdiction, day)
        lines = [
            f"#{p.id}  {p.status.replace('_', ' ')}  {p.jurisdiction.code} {p.jurisdiction.name}  {p.kind}  "
            f"(from {', '.join(data['sources'])})",
            p.title,
        ]
        summary = _summary_of(p)
        if summary:
            lines.append(f"Summary: {summary}")
        if data["reason"]:
            lines.append(f"Why: {_short(data['reason'], 500)}")
        if data["matched_term"]:
            lines.append(f"Matched term: {data['matched_term']}")
        if sug.empty:
            lines.append(
                "Suggested change: none (give the attributes with --set when accepting, or reject)"
            )
        else:
            when = (
                f"from {sug.effective_from}"
                + (f" ({sug.effective_basis})" if sug.effective_basis else "")
                if sug.effective_from
                else "(effective date not known: give --effective when accepting)"
            )
            lines.append(
                f"Suggested change: {data['suggested_category'] or 'category not given'} {when}"
            )
            if sug.enacted_on or sug.act:
                lines.append(
                    f"  enacted: {sug.enacted_on or '-'}{'; ' + sug.act if sug.act else ''}"
                )
            head = (
                f"period #{current.id}, {current.category}" if current is not None else "no period"
            )
            lines.append(
                f"  {'attribute':<20} {'on ' + day.isoformat() + ' (' + head + ')':<40} suggested"
            )
            for name, value in sug.attributes.items():
                now = getattr(current, name) if current is not None else None
                mark = "" if reviewing.records(current, {name: value}) else "  <- changes"
                lines.append(f"  {name:<20} {_value(now):<40} {_value(value)}{mark}")
        lines.append("Evidence:")
        for item in reviewing.evidence_items(p):
            for key, label in (
                ("official_url", "official"),
                ("url", item.get("source") or p.source),
            ):
                if reviewing.http_url_or_none(item.get(key)):
                    lines.append(f"  - {label}: {item[key]}")
        if data["citation"]:
            lines.append(f"Citation when accepted: {data['citation']}")
        if data["confirms_period"]:
            lines.append(f"Already recorded: confirms period #{data['confirms_period']}")
        if data["duplicate_of"]:
            lines.append(f"Duplicate of proposal #{data['duplicate_of']}")
        if p.decided_at:
            lines.append(
                f"Decided {p.decided_at:%Y-%m-%d %H:%M} UTC by {p.decided_by}: {p.reason or p.status}"
            )
        click.echo("\n".join(lines))


def _describe(changed: dict) -> str:
    parts = []
    for name, value in changed.items():
        if name == "citations":
            parts += [f"citation added {u}" for u in value["added"]] + [
                f"citation removed {u}" for u in value["removed"]
            ]
        else:
            parts.append(f"{name} {_value(value[0])} -> {_value(value[1])}")
    return "; ".join(parts) or "nothing"


@review.command("accept")
@click.argument("proposal_id", type=int)
@click.option(
    "--effective", type=DATE, help="The date the change took effect (default: the suggested date)."
)
@click.option(
    "--citation",
    "citation_url",
    help="Citation URL (default: the official URL in the evidence, else the evidence's URL).",
)
@click.option("--citation-label", help="Citation label (default: the proposal's title).")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Set a field instead of the suggested or inherited value, e.g. --set min_age=21 (see the list of fields in the error).",
)
@click.option(
    "--confidence",
    type=click.Choice(codebook.CONFIDENCE_VALUES),
    help="The new period's confidence (default: the replaced period's; never lowered without this option).",
)
@click.option(
    "--drop-citation",
    "drop_citations",
    multiple=True,
    metavar="URL",
    help="Do not carry this citation of the replaced period to the new one (it stays in the history).",
)
@click.option(
    "--add-citation",
    is_flag=True,
    help="When the change is already recorded, add the proposal's citation to that period.",
)
@click.option(
    "--by",
    "actor",
    default="cli",
    show_default=True,
    help="Who accepts (recorded in the audit log).",
)
@click.pass_context
def review_accept(
    ctx: click.Context,
    proposal_id: int,
    effective: date | None,
    citation_url: str | None,
    citation_label: str | None,
    assignments,
    confidence: str | None,
    drop_citations,
    add_citation: bool,
    actor: str,
) -> None:
    """Accept a proposal: record its change through the one write path.

    The new period keeps the replaced period's citations, summary, notes, enacted date and
    confidence unless you change them, and adds the proposal's citation. A change the history
    already records changes nothing: the proposal is closed as already recorded (with
    --add-citation its citation is added to that period).

    Example: kratom-tracker review accept 12 --effective 2025-08-01 --citation https://legis.la.gov/...
    """
    from tracker.status import review as reviewing

    changes = _assignments(assignments)
    try:
        with ready_runtime(ctx).write_transaction() as session:
            decision = reviewing.accept(
                session,
                proposal_id,
                actor=actor,
                effective=effective,
                citation_url=citation_url,
                citation_label=citation_label,
                changes=changes,
                confidence=confidence,
                drop_citations=tuple(drop_citations),
                add_citation=add_citation,
            )
            period = decision.period
            since = period.effective_from or "the start"
            if decision.status == reviewing.ALREADY_RECORDED:
                click.echo(
                    f"#{proposal_id} already recorded: period #{period.id} ({period.jurisdiction.code} {period.category} "
                    f"from {since}); no status changed"
                    + (
                        f"; citation added {decision.citation_added}"
                        if decision.citation_added
                        else ""
                    )
                )
            else:
                click.echo(
                    f"accepted #{proposal_id}: {period.jurisdiction.code} is {period.category} from {since}; "
                    f"changed: {_describe(decision.changed)}"
                )
    except reviewing.ReviewError as exc:
        raise InputError(str(exc)) from None


@review.command("reject")
@click.argument("proposal_id", type=int, required=False)
@click.option("--reason", required=True, help="Why the proposal is rejected.")
@click.option("--all", "every", is_flag=True, help="Reject every open proposal the filters select.")
@_filter_options
@click.option(
    "--by",
    "actor",
    default="cli",
    show_default=True,
    help="Who rejects (recorded in the audit log).",
)
@click.pass_context
def review_reject(
    ctx: click.Context,
    proposal_id: int | None,
    reason: str,
    every: bool,
    source,
    jurisdiction,
    kind,
    has_suggestion,
    actor: str,
) -> None:
    """Reject a proposal (or, with --all and filters, every open one they select) with a reason; no status changes.

    Example: kratom-tracker review reject 12 --reason "omnibus hemp bill; kratom only in a study clause"
    Example: kratom-tracker review reject --all --source wikipedia --reason "wording edits"
    """
    from tracker.status import review as reviewing

    filtered = any(v is not None for v in (source, jurisdiction, kind, has_suggestion))
    if every == (proposal_id is not None):
        raise InputError("give either a PROPOSAL_ID or --all (with filters), not both or neither")
    if filtered and not every:
        raise InputError(
            "--source, --jurisdiction, --kind and --has-suggestion select proposals for --all"
        )
    try:
        with ready_runtime(ctx).write_transaction() as session:
            if every:
                filters = reviewing.Filters("open", source, jurisdiction, kind, has_suggestion)
                ids = reviewing.reject_all(session, filters, actor=actor, reason=reason)
            else:
                ids = [reviewing.reject(session, proposal_id, actor=actor, reason=reason).id]
    except reviewing.ReviewError as exc:
        raise InputError(str(exc)) from None
    if every:
        click.echo(
            f"rejected {len(ids)} proposal(s)"
            + (f": {', '.join(f'#{i}' for i in ids)}" if ids else "")
        )
    else:
        click.echo(f"rejected #{proposal_id}")


def _assignments(pairs) -> dict:
    """--set FIELD=VALUE pairs, typed by the one conversion the curator form uses too."""
    from tracker.status.periods import EDITABLE_FIELDS, convert_field

    out: dict = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep:
            raise InputError(f"--set takes FIELD=VALUE, not {pair!r}")
        if name not in EDITABLE_FIELDS:
            raise InputError(
                f"--set {name}: unknown field; valid fields: {', '.join(EDITABLE_FIELDS)}"
            )
        try:
            out[name] = convert_field(name, value)
        except ValidationError as exc:
            raise InputError(f"--set {exc}") from None
    return out


@cli.group()
def db() -> None:
    """Schema migrations (Alembic)."""


def _migrating(action, revision: str) -> None:
    """Run an Alembic step; a revision Alembic cannot resolve is a usage error naming it."""
    from alembic.util import CommandError

    try:
        action()
    except CommandError as exc:
        raise InputError(f"revision {revision!r}: {str(exc).splitlines()[0]}") from None
    except KeyError as exc:  # alembic raises a bare KeyError for some unknown symbolic names
        raise InputError(f"revision {revision!r} is not known ({exc})") from None


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Upgrade the schema to REVISION (default head).

    Example: kratom-tracker db upgrade
    """
    url = runtime(ctx).settings.database_url
    _migrating(lambda: migrate.upgrade(url, revision), revision)
    click.echo(f"upgraded to {revision}")


@db.command("downgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision")
@click.option(
    "--yes",
    is_flag=True,
    help="Confirm a downgrade to 'base', which drops every table and its data.",
)
@click.pass_context
def db_downgrade(ctx: click.Context, revision: str, yes: bool) -> None:
    """Downgrade the schema to REVISION ('-1' for one step, 'base' for empty).

    Going to 'base' drops every table: it needs --yes (or typing the word on a terminal).

    Example: kratom-tracker db downgrade -1
    """
    url = runtime(ctx).settings.database_url
    if revision == "base" and not yes:
        if not sys.stdin.isatty():
            raise InputError(
                "`db downgrade base` drops every table and all its data; add --yes to confirm"
            )
        typed = click.prompt(
            "This drops every table and all its data. Type 'base' to confirm",
            default="",
            show_default=False,
        )
        if typed.strip() != "base":
            raise InputError("not confirmed; nothing was changed")
    _migrating(lambda: migrate.downgrade(url, revision), revision)
    click.echo(f"downgraded to {revision}")


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Print the schema revision of the database and the newest one known.

    Example: kratom-tracker db current
    """
    rt = runtime(ctx)
    current = migrate.current_revision(rt.engine)
    head = migrate.head_revision(rt.settings.database_url)
    click.echo(f"current: {current or 'none (empty database)'}; head: {head}")


# Commands that live in their own modules (articles, users, notifications, operations, evaluation).
cli.add_command(articles.article)
cli.add_command(users.user)
cli.add_command(notify.notify_cmd)
cli.add_command(ops.backup_cmd)
cli.add_command(ops.restore_cmd)
cli.add_command(release.release_cmd)
cli.add_command(release.build_site_cmd)
cli.add_command(evaluate.evaluate_group)

__all__ = ["DATE", "InputError", "cli", "json_value", "main"]


def main() -> None:
    """Entry point: run the CLI, turning expected failures into clear messages and exit codes."""
    try:
        cli(standalone_mode=True)
    except (ValidationError, ConfigError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except OperationalError as exc:
        message = _driver_message(exc)
        busy = database_busy(exc)
        hint = next((h for key, h in _HINTS.items() if key in message), "")
        click.echo(f"Error: database unavailable or not writable: {message}{hint}", err=True)
        sys.exit(
            75 if busy else 1
        )  # 75 (EX_TEMPFAIL): busy now, try again later, as for a held run lock
    except SQLAlchemyError as exc:
        click.echo(f"Error: database error: {_driver_message(exc)}", err=True)
        sys.exit(1)


_HINTS = {
    "database is locked": " (another process is writing to it; try again later)",
    "lock timeout": " (another process is writing to it; try again later)",
    "disk I/O error": " (is the disk full, read-only or failing?)",
    "database or disk is full": " (free some disk space; nothing was written)",
    "readonly database": " (the database file or its folder is read-only)",
    "unable to open database file": " (does the folder exist, and is it writable?)",
}


def _driver_message(exc: SQLAlchemyError) -> str:
    """The database's own words, without the SQL statement and parameters SQLAlchemy appends."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).split("\n[SQL:", 1)[0]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:3])[:500]

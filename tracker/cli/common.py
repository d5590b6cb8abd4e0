"""What every command module shares: the runtime from the click context, input errors, the date type.

Command modules import from here, never from tracker.cli.main (which only assembles the groups).
"""

from __future__ import annotations

from datetime import date, datetime

import click

from tracker.store.runtime import Runtime
from tracker.store.settings import get_settings


class InputError(click.ClickException):
    """Bad input from the user: exit code 2, like click's own usage errors."""

    exit_code = 2


class DateParam(click.ParamType):
    """A YYYY-MM-DD date; anything else is a usage error naming the option."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


DATE = DateParam()


def json_value(value):
    """JSON for what json.dumps cannot write: dates and times in ISO 8601 (with a T), the rest as text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def runtime(ctx: click.Context) -> Runtime:
    """The command's Runtime (settings, engine, sessions), made once per invocation."""
    return ctx.ensure_object(dict).setdefault("runtime", Runtime(get_settings()))


def ready_runtime(ctx: click.Context) -> Runtime:
    """The Runtime of a database whose schema is current; a clear error naming `init` otherwise."""
    rt = runtime(ctx)
    if not rt.schema_is_current():
        raise click.ClickException(
            f"the database at {rt.settings.database_url} is not initialised or not migrated; run `kratom-tracker init`"
        )
    return rt

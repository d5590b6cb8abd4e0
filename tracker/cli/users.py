"""CLI commands: user management (curator and admin accounts for the review area)."""

from __future__ import annotations

import sys

import click

from tracker.accounts import users
from tracker.cli.common import InputError, ready_runtime


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


@click.group("user")
def user() -> None:
    """Curator and admin accounts for the review area of the dashboard."""


@user.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(users.ROLES), default="curator", show_default=True)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@click.pass_context
def user_add(ctx: click.Context, email: str, role: str, password_stdin: bool) -> None:
    """Create an account; the password is asked twice with hidden input (or read from stdin).

    Example: kratom-tracker user add curator@example.org --role curator
    """
    rt = ready_runtime(ctx)
    try:
        users.normalise_email(email)
        password = _read_password(password_stdin)
        users.check_password_strength(password)
        with rt.transaction() as session:
            created = users.create(session, email, password, role, actor="cli")
            click.echo(f"added {created.email} ({created.role})")
    except users.UserError as exc:
        raise InputError(str(exc)) from None


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """List the accounts: e-mail, role, active or disabled, created.

    Example: kratom-tracker user list
    """
    with ready_runtime(ctx).transaction() as session:
        rows = users.list_users(session)
        if not rows:
            click.echo("no users; add one with `kratom-tracker user add EMAIL --role curator`")
        for u in rows:
            state = "active" if u.active else "disabled"
            click.echo(f"{u.email:<40} {u.role:<8} {state:<9} {u.created_at:%Y-%m-%d}")


def _set_active(ctx: click.Context, email: str, active: bool) -> None:
    try:
        with ready_runtime(ctx).transaction() as session:
            u = users.set_active(session, email, active, actor="cli")
            click.echo(f"{'enabled' if active else 'disabled'} {u.email}")
    except users.UserError as exc:
        raise InputError(str(exc)) from None


@user.command("disable")
@click.argument("email")
@click.pass_context
def user_disable(ctx: click.Context, email: str) -> None:
    """Disable an account: it can no longer log in, and its open sessions end.

    Example: kratom-tracker user disable curator@example.org
    """
    _set_active(ctx, email, False)


@user.command("enable")
@click.argument("email")
@click.pass_context
def user_enable(ctx: click.Context, email: str) -> None:
    """Re-enable a disabled account.

    Example: kratom-tracker user enable curator@example.org
    """
    _set_active(ctx, email, True)

"""CLI commands: backup and restore."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the CLI."""

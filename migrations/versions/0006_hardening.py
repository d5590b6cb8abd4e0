"""hardening (issue #10): scrub API keys from stored failures; per-user session version; display names

- sources.last_error, scrape_runs.error_message / notes / evidence: the value of every secret
  query parameter (api_key=, key=, token=, ...) or API-key header, and any API key set in this
  process's environment, becomes '***'. Older versions of the fetcher stored the raw request URL
  of a TLS error. The old values cannot be brought back by a downgrade (nothing should).
- users.session_version: bumped on logout, password change and disable; a session cookie carries
  the version it was issued with and is refused once the row's version moved on.
- users.display_name: what public pages show for a curator instead of the login e-mail.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 09:00:00
"""

import json
import os
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A copy of scrapers.fetch.redact_text as it was when this migration was written (a migration
# must not change meaning when the application code does).
_PARAM = re.compile(
    r"(?i)(?<![\w-])(access_token|api_key|apikey|token|key)(=|%3D)([^&\s'\"()<>,;]+)"
)
_HEADER = re.compile(r"(?i)((?:x-api-key|authorization)['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}]+)")
_KEY_VARS = ("OPENSTATES_API_KEY", "LEGISCAN_API_KEY", "CONGRESS_API_KEY", "REGULATIONS_API_KEY")


def _scrub(text: str) -> str:
    for var in _KEY_VARS:
        value = os.environ.get(var) or ""
        if len(value) >= 4:
            text = text.replace(value, "***")
    text = _PARAM.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    return _HEADER.sub(lambda m: f"{m.group(1)}***", text)


def _scrub_column(table: str, column: str, is_json: bool = False) -> None:
    conn = op.get_bind()
    t = sa.table(table, sa.column("id"), sa.column(column, sa.JSON() if is_json else sa.Text()))
    for row_id, value in conn.execute(
        sa.select(t.c.id, t.c[column]).where(t.c[column].is_not(None))
    ).all():
        raw = json.dumps(value) if is_json else value
        clean = _scrub(raw)
        if clean != raw:
            conn.execute(
                t.update()
                .where(t.c.id == row_id)
                .values({column: json.loads(clean) if is_json else clean})
            )


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("display_name", sa.String(length=120), nullable=True))
    _scrub_column("sources", "last_error")
    _scrub_column("scrape_runs", "error_message")
    _scrub_column("scrape_runs", "notes")
    _scrub_column("scrape_runs", "evidence", is_json=True)


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("display_name")
        batch_op.drop_column("session_version")

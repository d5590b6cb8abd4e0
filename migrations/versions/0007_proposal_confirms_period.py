"""proposals.confirms_period_id: the period an "already recorded" proposal confirms (issue #12)

The proposal's reason also names that period ("already recorded: period N (...)"), so a
downgrade loses nothing: upgrading again fills the column back from the reason.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 07:30:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirms_period_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_proposals_confirms_period_id_status_periods"),
            "status_periods",
            ["confirms_period_id"],
            ["id"],
        )
    proposals = sa.table(
        "proposals",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("reason", sa.Text),
        sa.column("confirms_period_id", sa.Integer),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(proposals.c.id, proposals.c.reason).where(
            proposals.c.status == "already_recorded"
        )
    ).all()
    for pid, reason in rows:
        found = re.match(r"already recorded: period (\d+)\b", reason or "")
        if found:
            bind.execute(
                sa.update(proposals)
                .where(proposals.c.id == pid)
                .values(confirms_period_id=int(found.group(1)))
            )


def downgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_proposals_confirms_period_id_status_periods"), type_="foreignkey"
        )
        batch_op.drop_column("confirms_period_id")

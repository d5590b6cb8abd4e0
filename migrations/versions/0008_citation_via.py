"""citations.via: the host of the verbatim copy an official text was read on (issue #13)

A statute read on law.justia.com's copy of a state code is still the statute; `via` says where it
was read. A downgrade keeps the fact in the label (" [read via <host>]") and upgrading again moves
it back, so nothing a curator recorded is lost either way.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 10:20:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARK = re.compile(r"^(?P<label>.*) \[read via (?P<via>[^\]\s]+)\]$", re.S)

citations = sa.table(
    "citations",
    sa.column("id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("via", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via", sa.String(length=200), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(citations.c.id, citations.c.label).where(citations.c.label.like("% [read via %]"))
    ).all()
    for cid, label in rows:
        found = MARK.match(label)
        if found:
            bind.execute(
                sa.update(citations)
                .where(citations.c.id == cid)
                .values(label=found["label"], via=found["via"])
            )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(citations.c.id, citations.c.label, citations.c.via).where(
            citations.c.via.is_not(None)
        )
    ).all()
    for cid, label, via in rows:
        bind.execute(
            sa.update(citations)
            .where(citations.c.id == cid)
            .values(label=f"{label} [read via {via}]"[:500])
        )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_column("via")

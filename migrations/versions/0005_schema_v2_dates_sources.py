"""dataset schema v2: reduced-precision dates, recorded_on, official_search, source dates, federal scheduling

Periods keep effective_from/effective_to as their earliest possible days and gain the EDTF notation
of a boundary known only to a month or year, the latest possible start (from which the status
applies), the dataset release that first stated them (recorded_on) and where an official text was
searched for (official_search). Citations gain the date the source shows (source_date, EDTF text).
Jurisdictions gain federal_scheduling (US states that adopt DEA scheduling). Citation kinds move to
the schema-v2 vocabulary where the old kind maps to exactly one new kind; "secondary" is left as
it was (it cannot be split without reading the source again; a dataset reload supersedes it).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND_MAP = {
    "bill": "bill_page",
    "rule": "agency_rule",
    "notice": "gazette",
    "court": "court_ruling",
    "official-statement": "official_release",
}


# recreate="never": plain ADD/DROP COLUMN (SQLite 3.35+), so SQLite never copies and drops a table
# that other tables reference (jurisdictions, status_periods), which fails with foreign keys on.


def _rename_kinds(mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        op.execute(
            sa.text("UPDATE citations SET kind = :new WHERE kind = :old").bindparams(
                old=old, new=new
            )
        )
        op.execute(
            sa.text(
                "UPDATE jurisdiction_events SET citation_kind = :new WHERE citation_kind = :old"
            ).bindparams(old=old, new=new)
        )


def upgrade() -> None:
    with op.batch_alter_table("status_periods", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("effective_from_edtf", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("effective_from_latest", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("effective_to_edtf", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("official_search", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("recorded_on", sa.Date(), nullable=True))
    with op.batch_alter_table("citations", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("source_date", sa.String(length=40), nullable=True))
    with op.batch_alter_table("jurisdictions", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("federal_scheduling", sa.JSON(), nullable=True))
    # every existing start is an exact day (or open): its latest possible start is itself
    op.execute("UPDATE status_periods SET effective_from_latest = effective_from")
    _rename_kinds(KIND_MAP)


def downgrade() -> None:
    # Citation kinds stay as they are: the schema-v2 names are plain text the old code shows as is,
    # and renaming them back would lose session_law/statute/... distinctions the old names lack.
    with op.batch_alter_table("jurisdictions", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("federal_scheduling")
    with op.batch_alter_table("citations", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("source_date")
    with op.batch_alter_table("status_periods", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("recorded_on")
        batch_op.drop_column("official_search")
        batch_op.drop_column("effective_to_edtf")
        batch_op.drop_column("effective_from_latest")
        batch_op.drop_column("effective_from_edtf")

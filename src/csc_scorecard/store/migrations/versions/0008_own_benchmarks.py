"""An LA's own benchmark values (issue 11, part 3): comparator figures DfE does not publish in a
table the project ships (the reference's rows 3 and 21), loaded from the own benchmarks CSV by
`scorecard load` or the dashboard's upload. One row per LA, measure, reporting year and area;
`value` is the number as written (text, so that 82.5 stays exact for half-up rounding), or null
with the published `symbol` (c, x, ...). A load replaces every area of the measures and years it
gives, so each measure and year comes from one file.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "own_benchmarks",
        sa.Column("la_code", sa.Text(), nullable=False),
        sa.Column("indicator_id", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("symbol", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("la_code", "indicator_id", "year", "area"),
    )


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

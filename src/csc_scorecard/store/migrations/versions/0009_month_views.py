"""What each dashboard user last saw of a month (issue 16): `month_views` keeps, per LA, month and
user, the row figures as shown (JSON, indicator -> column -> display) and the current extracts
(JSON list of ids) when the user last viewed the month, so a figure restated since is marked
with the value seen then, the value now and the extracts loaded or withdrawn in between.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "month_views",
        sa.Column("la_code", sa.Text(), primary_key=True),
        sa.Column("as_at", sa.Date(), primary_key=True),
        sa.Column("user_name", sa.Text(), primary_key=True),
        sa.Column("viewed_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("extract_ids", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

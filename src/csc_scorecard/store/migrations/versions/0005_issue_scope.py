"""Each stored load issue says whether it is about the file or one row (issues.Scope).

Before this, only warnings were stored; from now on row-level errors are stored too (they no
longer refuse the file), so the data-quality report needs to tell them apart. Issues stored
before were all warnings: those with a row number are marked "row", the others "file".

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("load_issues") as batch:
        batch.add_column(sa.Column("scope", sa.Text(), nullable=False, server_default="file"))


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

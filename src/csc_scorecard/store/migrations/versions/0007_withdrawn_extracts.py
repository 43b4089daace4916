"""Who loaded an extract, and withdrawn extracts (issue 16): the dashboard lists every loaded
extract with who loaded it (`extracts.loaded_by`: the user, or "command line"; empty for
extracts loaded before), and an admin can withdraw one. `analysis_edits.figures` keeps the
row's figures as shown when the analysis was saved (JSON, column -> display), so a figure that
moved since is marked beside the text.

`extracts.withdrawn_at`, `withdrawn_by` and `withdrawn_reason` record who withdrew it, when
and why (the audit log has the same). A withdrawn extract no longer counts, so "current" is
now "neither superseded nor withdrawn", and the one-current-extract-per-month index is made
again with that condition (plain SQL that SQLite and PostgreSQL both accept).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("extracts", sa.Column("loaded_by", sa.Text(), nullable=True))
    op.add_column("extracts", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column("extracts", sa.Column("withdrawn_by", sa.Text(), nullable=True))
    op.add_column("extracts", sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    op.add_column("analysis_edits", sa.Column("figures", sa.Text(), nullable=True))
    op.execute("DROP INDEX one_current_extract")
    op.execute(
        "CREATE UNIQUE INDEX one_current_extract ON extracts (la_code, as_at) "
        "WHERE superseded_by IS NULL AND withdrawn_at IS NULL"
    )


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

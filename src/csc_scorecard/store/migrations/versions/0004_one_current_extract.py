"""At most one current extract per LA and as-at date, enforced by the database.

Two loads for one month at once could both find no current extract and both stay current, so
the measures merged their rows (issue 10). A partial unique index makes the database refuse
the second; loads also take the write lock before they look (`store/extracts.py`).

A store that already holds two current extracts for one month (made by that race) is repaired
first: the one loaded last stays current and the others are marked superseded by it, which is
what a load one after the other would have done.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text(
            """
            UPDATE extracts SET superseded_by = (
                SELECT max(newest.id) FROM extracts AS newest
                WHERE newest.la_code = extracts.la_code AND newest.as_at = extracts.as_at
                  AND newest.superseded_by IS NULL
            )
            WHERE superseded_by IS NULL AND id < (
                SELECT max(newest.id) FROM extracts AS newest
                WHERE newest.la_code = extracts.la_code AND newest.as_at = extracts.as_at
                  AND newest.superseded_by IS NULL
            )
            """
        )
    )
    op.create_index(
        "one_current_extract",
        "extracts",
        ["la_code", "as_at"],
        unique=True,
        sqlite_where=sa.text("superseded_by IS NULL"),
        postgresql_where=sa.text("superseded_by IS NULL"),
    )


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

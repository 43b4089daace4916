"""The web dashboard's state: users, the append-only audit log, analysis edits, sign-offs and
login attempts (for slowing repeated failed logins).

The audit log's append-only rule is enforced by the database as well as by the code: triggers
abort any UPDATE or DELETE of `audit_log` (and on PostgreSQL a TRUNCATE), see `store/audit_guard.py`.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from csc_scorecard.store.audit_guard import create_guards

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.Text()),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target", sa.Text()),
        sa.Column("detail", sa.Text()),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "analysis_edits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("la_code", sa.Text(), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("indicator_id", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_analysis_edits_month", "analysis_edits", ["la_code", "as_at", "indicator_id"])
    op.create_table(
        "sign_offs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("la_code", sa.Text(), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("signed_by", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("reopened_by", sa.Text()),
        sa.Column("reopened_at", sa.DateTime()),
        sa.Column("reopen_reason", sa.Text()),
        sa.UniqueConstraint("la_code", "as_at", "version", name="uq_sign_offs_version"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("client", sa.Text(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_attempts_user", "login_attempts", ["user_name", "at"])
    op.create_index("ix_login_attempts_client", "login_attempts", ["client", "at"])
    create_guards()


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

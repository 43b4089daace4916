"""Revocable sessions and a hash-chained audit log (issue 10, items 6 and 15).

- `users.session_version`: a session is valid only while it carries the user's current
  version; logout, a password change, a disable or a role change add one, which ends every
  session of that user at once (a copied cookie included).
- `audit_log.client`: the address (or "command line") each event came from.
- `audit_log.hash`: SHA-256 over the previous entry's hash and this entry's fields
  (`store/audit.py`, `entry_hash`), so that a changed, removed or inserted entry breaks the
  chain that `scorecard audit verify` checks.
- `audit_chain`: one row, the last entry's id and hash. Appends update it first, which takes
  the database's write lock, so concurrent appends are chained one after the other; verify
  compares it with the last entry, so removing entries from the end is seen too.

Entries already in the log are chained here in id order (the append-only triggers are
dropped for that one update and created again).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from csc_scorecard.store.audit import GENESIS_HASH, entry_hash
from csc_scorecard.store.audit_guard import create_guards, drop_guards

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    drop_guards()
    op.add_column("audit_log", sa.Column("client", sa.Text()))
    op.add_column("audit_log", sa.Column("hash", sa.Text()))
    chain = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_id", sa.Integer()),
        sa.Column("last_hash", sa.Text(), nullable=False),
    )
    last_id, last_hash = _chain_existing_entries()
    op.bulk_insert(chain, [{"id": 1, "last_id": last_id, "last_hash": last_hash}])
    create_guards()


def _chain_existing_entries() -> tuple[int | None, str]:
    log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()), sa.column("at", sa.DateTime()), sa.column("user_name", sa.Text()),
        sa.column("action", sa.Text()), sa.column("target", sa.Text()), sa.column("detail", sa.Text()),
        sa.column("client", sa.Text()), sa.column("hash", sa.Text()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(log).order_by(log.c.id)).mappings().all()
    last_id, previous = None, GENESIS_HASH
    for row in rows:
        previous = entry_hash(previous, row)
        connection.execute(log.update().where(log.c.id == row["id"]).values(hash=previous))
        last_id = row["id"]
    return last_id, previous


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")

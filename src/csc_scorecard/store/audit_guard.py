"""The database's own refusal to change or delete audit entries (migrations 0002 and 0006).

The code only ever inserts into `audit_log`; these triggers make the database refuse anything
else, whatever connects to it. SQLite: two triggers abort an UPDATE or DELETE. PostgreSQL: one
trigger function raising the same message as an integrity violation (SQLSTATE 23000, as
SQLite's abort is), run before an UPDATE or DELETE of any row and before a TRUNCATE (which
deletes without row triggers). Migration 0006 lifts them for the one
update that chains the entries already there.
"""

from __future__ import annotations

from alembic import op

AUDIT_LOG_IS_APPEND_ONLY = "the audit log is append-only: its rows cannot be changed or deleted"
_EVENTS = ("UPDATE", "DELETE")
_FUNCTION = "audit_log_is_append_only"


def create_guards() -> None:
    """Create the triggers for the migration's database (SQLite or PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{AUDIT_LOG_IS_APPEND_ONLY}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        for event, each in (*((e, "ROW") for e in _EVENTS), ("TRUNCATE", "STATEMENT")):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"FOR EACH {each} EXECUTE FUNCTION {_FUNCTION}()"
            )
        return
    for event in _EVENTS:
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{AUDIT_LOG_IS_APPEND_ONLY}'); END"
        )


def drop_guards() -> None:
    """Drop the triggers (the function stays on PostgreSQL: `create_guards` replaces it)."""
    if op.get_bind().dialect.name == "postgresql":
        for event in (*_EVENTS, "TRUNCATE"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{event.lower()} ON audit_log")
        return
    for event in _EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{event.lower()}")

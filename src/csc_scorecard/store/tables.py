"""The store's tables as SQLAlchemy Core objects, for queries (the schema itself is made by migrations).

The Annex A list tables are derived from `ingest/annex_a_schema.yaml` so that a column name is
written in one place; `tests/store/test_migrations.py` checks that the migrated database has
exactly these tables and columns, so a schema change without a migration fails the tests.
"""

from __future__ import annotations

import sqlalchemy as sa

from csc_scorecard.ingest.schema import load_schema

metadata = sa.MetaData()

extracts = sa.Table(
    "extracts",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("la_code", sa.Text(), nullable=False),
    sa.Column("as_at", sa.Date(), nullable=False),
    sa.Column("period_start", sa.Date(), nullable=False),
    sa.Column("period_start_source", sa.Text(), nullable=False),  # "given" or how it was inferred
    sa.Column("file_name", sa.Text(), nullable=False),
    sa.Column("sha256", sa.Text(), nullable=False),
    sa.Column("loaded_at", sa.DateTime(), nullable=False),
    sa.Column("superseded_by", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=True),
    sa.Column("loaded_by", sa.Text(), nullable=True),  # the dashboard user, or "command line" (migration 0007)
    # an admin withdrew it from the dashboard: it no longer counts (migration 0007)
    sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
    sa.Column("withdrawn_by", sa.Text(), nullable=True),
    sa.Column("withdrawn_reason", sa.Text(), nullable=True),
)
# At most one current extract per LA and as-at date: the database refuses a second (migrations
# 0004 and 0007: an extract is current while neither superseded nor withdrawn).
_CURRENT_ROW = sa.and_(extracts.c.superseded_by.is_(None), extracts.c.withdrawn_at.is_(None))
sa.Index(
    "one_current_extract", extracts.c.la_code, extracts.c.as_at, unique=True,
    sqlite_where=_CURRENT_ROW, postgresql_where=_CURRENT_ROW,
)

extract_lists = sa.Table(
    "extract_lists",
    metadata,
    sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), primary_key=True),
    sa.Column("list_name", sa.Text(), primary_key=True),
    sa.Column("sheet", sa.Text(), nullable=False),
    sa.Column("rows", sa.Integer(), nullable=False),
)

load_issues = sa.Table(
    "load_issues",
    metadata,
    sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
    sa.Column("severity", sa.Text(), nullable=False),
    sa.Column("message", sa.Text(), nullable=False),
    sa.Column("sheet", sa.Text()),
    sa.Column("row", sa.Integer()),
    sa.Column("column", sa.Text()),
    sa.Column("value", sa.Text()),
    sa.Column("expected", sa.Text()),
    sa.Column("scope", sa.Text(), nullable=False),  # issues.Scope: "file" or "row" (migration 0005)
)

population = sa.Table(
    "population",
    metadata,
    sa.Column("old_la_code", sa.Text(), primary_key=True),
    sa.Column("new_la_code", sa.Text()),
    sa.Column("la_name", sa.Text()),
    sa.Column("time_period", sa.Integer(), primary_key=True),
    sa.Column("population", sa.Integer(), nullable=False),
    sa.Column("file_name", sa.Text(), nullable=False),
    sa.Column("loaded_at", sa.DateTime(), nullable=False),
)

manual_values = sa.Table(
    "manual_values",
    metadata,
    sa.Column("la_code", sa.Text(), primary_key=True),
    sa.Column("indicator_id", sa.Text(), primary_key=True),
    sa.Column("period_end", sa.Date(), primary_key=True),
    sa.Column("value", sa.Float(), nullable=False),
    sa.Column("label", sa.Text()),
    sa.Column("file_name", sa.Text(), nullable=False),
    sa.Column("loaded_at", sa.DateTime(), nullable=False),
)

# ---- the web dashboard's state (migration 0002) ----

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", sa.Text(), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text(), nullable=False),  # argon2id, never the password
    sa.Column("role", sa.Text(), nullable=False),  # viewer, analyst or admin
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("disabled", sa.Boolean(), nullable=False, default=False),
    # a session is valid only with the current version; logout, a password or role change and a
    # disable add one (migration 0006)
    sa.Column("session_version", sa.Integer(), nullable=False, default=0),
)

# Append-only: the code only inserts, and triggers refuse UPDATE and DELETE (store/audit_guard.py). Each entry's
# hash chains it to the one before (store/audit.py, migration 0006).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("user_name", sa.Text()),  # None for events with no signed-in user
    sa.Column("action", sa.Text(), nullable=False),
    sa.Column("target", sa.Text()),
    sa.Column("detail", sa.Text()),  # never child-level data
    sa.Column("client", sa.Text()),  # the client address, or "command line"
    sa.Column("hash", sa.Text()),  # SHA-256 of the previous entry's hash and this entry's fields
)

# One row: the last audit entry's id and hash. Appends update it first (the write lock), and
# `audit verify` compares it with the log's last entry.
audit_chain = sa.Table(
    "audit_chain",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("last_id", sa.Integer()),
    sa.Column("last_hash", sa.Text(), nullable=False),
)

# Every analysis edit is a new row: the history is all rows, the current text the latest.
analysis_edits = sa.Table(
    "analysis_edits",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("la_code", sa.Text(), nullable=False),
    sa.Column("as_at", sa.Date(), nullable=False),
    sa.Column("indicator_id", sa.Text(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("author", sa.Text(), nullable=False),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("figures", sa.Text(), nullable=True),  # JSON: the row's figures as shown at the save (migration 0007)
)

# One row per signed version of a month; a re-open fills reopened_by/at and frees the month.
sign_offs = sa.Table(
    "sign_offs",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("la_code", sa.Text(), nullable=False),
    sa.Column("as_at", sa.Date(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("signed_by", sa.Text(), nullable=False),
    sa.Column("signed_at", sa.DateTime(), nullable=False),
    sa.Column("snapshot", sa.Text(), nullable=False),  # Scorecard.to_json() as signed
    sa.Column("reopened_by", sa.Text()),
    sa.Column("reopened_at", sa.DateTime()),
    sa.Column("reopen_reason", sa.Text()),
    sa.UniqueConstraint("la_code", "as_at", "version"),
)

# What each user last saw of a month: one row per LA, month and user, replaced at each view (migration 0009).
month_views = sa.Table(
    "month_views",
    metadata,
    sa.Column("la_code", sa.Text(), primary_key=True),
    sa.Column("as_at", sa.Date(), primary_key=True),
    sa.Column("user_name", sa.Text(), primary_key=True),
    sa.Column("viewed_at", sa.DateTime(), nullable=False),
    sa.Column("figures", sa.Text(), nullable=False),  # JSON: indicator id -> column -> the figure as shown
    sa.Column("extract_ids", sa.Text(), nullable=False),  # JSON: the LA's current extracts then
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("user_name", sa.Text(), nullable=False),  # as typed, lower-cased
    sa.Column("client", sa.Text(), nullable=False),  # the client address
    sa.Column("succeeded", sa.Boolean(), nullable=False),
)

_SQL_TYPES = {
    "string": sa.Text,
    "code": sa.Text,
    "date": sa.Date,
    "integer": sa.Integer,
    "number": sa.Float,
}


def _list_table(name: str, columns) -> sa.Table:
    return sa.Table(
        f"list_{name}",
        metadata,
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False, index=True),
        sa.Column("source_row", sa.Integer(), nullable=False),
        *(sa.Column(col.name, _SQL_TYPES[col.type]()) for col in columns),
    )


list_tables: dict[str, sa.Table] = {
    name: _list_table(name, spec.columns) for name, spec in load_schema().lists.items()
}

regional_values = sa.Table(
    "regional_values",
    metadata,
    sa.Column("la_code", sa.Text(), primary_key=True),
    sa.Column("source", sa.Text(), primary_key=True),  # e.g. RIG (the regional improvement group's report)
    sa.Column("period_end", sa.Date(), primary_key=True),
    sa.Column("period_label", sa.Text(), nullable=False),  # e.g. Q2
    sa.Column("area", sa.Text(), primary_key=True),  # "la" or "region"
    sa.Column("indicator_id", sa.Text(), primary_key=True),
    sa.Column("value", sa.Float(), nullable=False),
    sa.Column("file_name", sa.Text(), nullable=False),
    sa.Column("loaded_at", sa.DateTime(), nullable=False),
)

# An LA's own benchmark values (migration 0008): per measure and reporting year, every area from one file.
own_benchmarks = sa.Table(
    "own_benchmarks",
    metadata,
    sa.Column("la_code", sa.Text(), primary_key=True),
    sa.Column("indicator_id", sa.Text(), primary_key=True),
    sa.Column("year", sa.Integer(), primary_key=True),  # the reporting year: 2023 = year ending 31 March 2023
    sa.Column("area", sa.Text(), primary_key=True),  # la, sn, region or england
    sa.Column("value", sa.Text()),  # the number as written (exact); null with a symbol
    sa.Column("symbol", sa.Text()),  # c, x, ... as DfE publishes them
    sa.Column("file_name", sa.Text(), nullable=False),
    sa.Column("loaded_at", sa.DateTime(), nullable=False),
)

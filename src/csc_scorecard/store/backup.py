"""Backup and restore of a store: one consistent copy of its database, taken while it is in use.

The database is the record; the Parquet cache is rebuilt from it, so a backup is the database
alone, copied with SQLite's online backup API (a consistent snapshot even while the web server
reads and a load writes). A backup holds child-level rows and password hashes: it is written
readable by this user only. A restore replaces the store's database with a backup's, brings it
up to the newest migration and empties the cache (extract ids of the backup need not match the
cache's files). Both are recorded in the audit log.

A store whose records are on PostgreSQL is refused with the way to do it there: PostgreSQL's own
pg_dump and pg_restore take consistent copies of a live database and are what its DBA already
runs (a copy made here would have to match the server's version and roles).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit
from csc_scorecard.store.db import DATABASE_FILE, PRIVATE_FILE, Store, open_store
from csc_scorecard.store.extracts import CACHE_FOLDER, is_empty


def backup(store: Store, target: Path, actor: str) -> int:
    """Copy the store's database to `target` (a new file); returns its size in bytes."""
    _refuse_server(store)
    if target.exists():
        raise UserError(f"{target} already exists: give the backup a new file name")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent} is not a folder: give the backup a file in an existing folder")
    partial = target.with_name(target.name + ".partial")
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE))
    try:
        with closing(sqlite3.connect(store.path / DATABASE_FILE)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    with store.write_transaction() as conn:  # waits for a load in progress, as a load would
        audit.append(store, actor, "backup", target.name, f"{target.stat().st_size:,} bytes", connection=conn)
    return target.stat().st_size


def restore(store_dir: Path, source: Path, actor: str, replace: bool = False) -> Store:
    """Replace the database of the store in `store_dir` with the backup `source`; returns the
    store opened (and migrated). Refuses a store holding extracts unless `replace`."""
    current = open_store(store_dir)
    try:
        _refuse_server(current)
        _check_backup(source)
        if not replace and not is_empty(current):
            raise UserError(
                f"the store {store_dir} holds extracts: restoring {source.name} would replace them; "
                "give --replace to do so (take a backup of it first)"
            )
    finally:
        current.dispose()
    with closing(sqlite3.connect(source)) as backup_db, closing(sqlite3.connect(store_dir / DATABASE_FILE)) as live:
        backup_db.backup(live)
    shutil.rmtree(store_dir / CACHE_FOLDER, ignore_errors=True)
    restored = open_store(store_dir)
    with restored.write_transaction() as conn:
        audit.append(restored, actor, "restore", source.name, "the store's database replaced by this backup; cache emptied", connection=conn)
    return restored


def _refuse_server(store: Store) -> None:
    if store.on_server:
        raise UserError(
            f"the store {store.describe()} keeps its records on PostgreSQL: back it up with pg_dump "
            "(pg_dump --format=custom --file=FILE DBNAME) and restore with pg_restore (pg_restore --clean "
            "--dbname=DBNAME FILE), then delete the store folder's cache folder; scorecard backup and "
            "restore copy SQLite stores only"
        )


def _check_backup(source: Path) -> None:
    """A readable SQLite database made by this product (it has the store's tables)."""
    if not source.is_file():
        raise UserError(f"{source}: no such backup file")
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        raise UserError(f"{source}: not a scorecard backup (not an SQLite database)") from None
    if not {"alembic_version", "extracts", "audit_log"} <= tables:
        raise UserError(f"{source}: not a scorecard backup (it has no extracts, audit log or migration record)")

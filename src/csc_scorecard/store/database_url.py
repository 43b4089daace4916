"""Which database a store folder keeps its records in: its own SQLite file, or a PostgreSQL server.

A store is always a folder (its Parquet cache, the web server's key); by default its database
is the SQLite file inside it. Given $SCORECARD_DATABASE_URL (`postgresql://user@host/dbname`)
when the folder is first used, the database is on that server instead, and the folder records
the URL, without its password, in its `database-url` file, so that later commands, the web
server and its upload workers need only `--store`. The password then comes from
$SCORECARD_DATABASE_URL, or from PostgreSQL's own $PGPASSWORD or ~/.pgpass.

An environment variable rather than a command-line option: an option's value, password and all,
is shown to every user of the machine by `ps`.

One folder, one database: the cache's files are named by extract id, which only means
something in the database that gave it, so a folder is never switched to another database (a
URL naming another server or database, or a URL for a folder that holds an SQLite store, is
refused).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import sqlalchemy as sa

from csc_scorecard.issues import UserError

DATABASE_URL_VARIABLE = "SCORECARD_DATABASE_URL"
DATABASE_URL_FILE = "database-url"  # in a store folder whose database is on a server
SQLITE_FILE = "scorecard.sqlite"  # in a store folder whose database is its own
DRIVER = "postgresql+psycopg"  # psycopg 3, the one PostgreSQL driver installed


def server_url(folder: Path) -> sa.URL | None:
    """The PostgreSQL URL of the store in `folder` (given or recorded), or None for SQLite.

    Records a given URL in a folder that has none; refuses a URL that is not PostgreSQL's, one
    that differs from the folder's record, and one given for a folder that holds an SQLite
    store."""
    given = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    recorded_file = folder / DATABASE_URL_FILE
    recorded = _read_record(recorded_file)
    if not given:
        return recorded
    url = _parse(given, DATABASE_URL_VARIABLE)
    if recorded is None:
        sqlite_file = folder / SQLITE_FILE
        if sqlite_file.exists() and sqlite_file.stat().st_size > 0:
            raise UserError(
                f"the store {folder} keeps its records in its own SQLite file, not in {without_password(url)}: "
                f"give a new folder with --store for a store on PostgreSQL, or unset {DATABASE_URL_VARIABLE}"
            )
        if _record(recorded_file, url):
            return url
        recorded = _read_record(recorded_file)  # another process opening the new store recorded first
    if without_password(url) != without_password(recorded):
        raise UserError(
            f"the store {folder} keeps its records in the database {without_password(recorded)}, but "
            f"{DATABASE_URL_VARIABLE} names {without_password(url)}: a store folder belongs to one database; "
            f"give that database's store folder, or unset {DATABASE_URL_VARIABLE}"
        )
    return url


def without_password(url: sa.URL) -> str:
    """The URL as it may be shown and recorded: the password left out."""
    return url._replace(password=None).render_as_string(hide_password=False)


def _parse(text: str, source: str) -> sa.URL:
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError:
        raise UserError(f"{source}: {text.split('@')[-1]!r} is not a database URL; give one like postgresql://user@host/dbname") from None
    if url.get_backend_name() != "postgresql" or url.get_driver_name() not in ("psycopg", "psycopg2", url.get_backend_name()):
        raise UserError(
            f"{source}: only PostgreSQL URLs are supported (postgresql://user@host/dbname), not {url.drivername}; "
            "without a URL the store keeps its records in an SQLite file in its folder"
        )
    if not url.database:
        raise UserError(f"{source}: the URL names no database; give one like postgresql://user@host/dbname")
    return url.set(drivername=DRIVER)


def _read_record(path: Path) -> sa.URL | None:
    return _parse(path.read_text(encoding="utf-8").strip(), str(path)) if path.exists() else None


def _record(path: Path, url: sa.URL) -> bool:
    """Record the URL (no password) readable by this user only, unless another process did
    first (False): processes opening a new store at once each write a file of their own, and
    the first hard link to the record's name wins. A reader therefore finds the record whole
    or absent, never half written (the shared partial file of before let one process rename
    away the file another was about to, and fail with a traceback)."""
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".partial")  # 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(without_password(url) + "\n")
        os.link(partial, path)
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(partial)

"""Open a store: a directory holding its database (an SQLite file in WAL mode, or a PostgreSQL
database named by the folder, see `database_url.py`), brought up to date by Alembic.

WAL lets the web server read while the command line loads. Every open runs the migrations, so a
store made by an older version is upgraded in place, never rebuilt.

The sqlite3 driver begins a transaction only at the first write, so a load that first looks at
the current extracts and then writes could act on what it saw while another load wrote in
between (issue 10: two current extracts for one month). A writer that decides from what it
reads (`Store.write_transaction`: loads, sign-offs, analysis edits, user changes, reference
files), and the migrations, therefore take the store's write lock
first: on SQLite BEGIN IMMEDIATE (the database's write lock), on PostgreSQL a transaction-level
advisory lock (`pg_advisory_xact_lock`, released at commit or rollback). Such writers run one
after the other, and readers are never blocked. A write that only adds a record (an audit
entry, a login attempt: `Store.append_transaction`) waits as long for the rows it needs, on
SQLite the write lock, instead of giving up after BUSY_TIMEOUT_MS of a load.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from csc_scorecard.environment import number_setting
from csc_scorecard.issues import UserError
from csc_scorecard.store.database_url import SQLITE_FILE, server_url, without_password

DEFAULT_STORE = "./scorecard-data"
DATABASE_FILE = SQLITE_FILE
MIGRATIONS = Path(__file__).parent / "migrations"
PRIVATE_FOLDER = 0o700  # the store's folders: this user only
PRIVATE_FILE = 0o600  # the store's files: this user only
BUSY_TIMEOUT_MS = 10_000  # how long any statement waits for another writer
WRITER_WAIT_S = 300  # how long a load waits for another load to finish before giving up
WRITER_WAIT_VARIABLE = "SCORECARD_WRITE_WAIT_S"  # overrides WRITER_WAIT_S (seconds)
WRITE_LOCK_KEY = 0x5C0_7EC0  # PostgreSQL: the advisory lock that is the store's write lock
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's error code when lock_timeout ran out


class StoreBusy(UserError):
    """Another writer held the store for longer than this one would wait."""


@dataclass
class Store:
    path: Path
    engine: sa.Engine

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def on_server(self) -> bool:
        """True when the records are in a PostgreSQL database rather than the folder's SQLite file."""
        return self.engine.dialect.name == "postgresql"

    def describe(self) -> str:
        """Where the records are, for messages: the folder, and the database when on a server."""
        if self.on_server:
            return f"{self.path} (database {without_password(self.engine.url)})"
        return str(self.path)

    @contextmanager
    def write_transaction(self, wait_s: float | None = None) -> Iterator[sa.Connection]:
        """One transaction holding the store's write lock from its first statement, so what it
        reads cannot change before it writes. Waits up to `wait_s` (default: $SCORECARD_WRITE_WAIT_S,
        else WRITER_WAIT_S) for another writer, then raises StoreBusy; commits on success, rolls
        back on any exception."""
        if wait_s is None:
            wait_s = _writer_wait()
        with self.engine.connect() as conn, conn.begin():
            _take_write_lock(conn, wait_s, self.path)
            yield conn

    @contextmanager
    def append_transaction(self, wait_s: float | None = None) -> Iterator[sa.Connection]:
        """A transaction for a write that only adds a record (an audit entry, a login attempt)
        and must neither fail nor lose it because a load is running: it waits for other
        writers as long as a load would (`write_transaction`: `wait_s`, then StoreBusy), not the
        10 s any statement waits. On SQLite by taking the write lock, since its database has
        one writer at a time and a load holds it for the load's whole length; on PostgreSQL only
        for the rows it locks (the audit chain's head), so there it never waits for a load."""
        if wait_s is None:
            wait_s = _writer_wait()
        if not self.on_server:
            with self.write_transaction(wait_s) as conn:
                yield conn
            return
        with self.engine.connect() as conn, conn.begin(), _server_locks_waiting(conn, wait_s, self.path):
            yield conn


def _writer_wait() -> float:
    return number_setting(WRITER_WAIT_VARIABLE, WRITER_WAIT_S, lowest=0, highest=86_400)


def store_path(option: str | None) -> Path:
    """The store directory: the `--store` option, else $SCORECARD_STORE, else ./scorecard-data."""
    return Path(option or os.environ.get("SCORECARD_STORE") or DEFAULT_STORE)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: the journal mode may wait too
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _take_write_lock(conn: sa.Connection, wait_s: float, path: Path) -> None:
    """Open the connection's transaction holding the store's write lock, waiting up to `wait_s`
    for another writer, else StoreBusy."""
    if conn.dialect.name == "postgresql":
        _take_server_write_lock(conn, wait_s, path)
        return
    # BEGIN IMMEDIATE: the driver then sees the transaction open and adds no BEGIN of its own.
    driver = conn.connection.driver_connection
    driver.execute(f"PRAGMA busy_timeout={int(wait_s * 1000)}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except sa.exc.OperationalError as error:
        if "locked" in str(error.orig) or "busy" in str(error.orig):
            raise _busy(path, wait_s) from None
        raise
    finally:
        driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _take_server_write_lock(conn: sa.Connection, wait_s: float, path: Path) -> None:
    """The advisory lock, waiting at most `wait_s`, then the connection's usual lock wait for the
    rest of the transaction."""
    with _server_locks_waiting(conn, wait_s, path):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")


@contextmanager
def _server_locks_waiting(conn: sa.Connection, wait_s: float, path: Path) -> Iterator[None]:
    """Within it, each lock a statement on PostgreSQL takes waits at most `wait_s` (lock_timeout;
    0 would mean "for ever", so no wait is 1 ms); one that waited longer is StoreBusy."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(1, round(wait_s * 1000))}")
    try:
        yield
    except sa.exc.OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise _busy(path, wait_s) from None
        raise


def _busy(path: Path, wait_s: float) -> StoreBusy:
    return StoreBusy(
        f"the store {path} is busy: another load or change has been writing to it for more than "
        f"{wait_s:.0f} s; nothing was stored, try again when it has finished"
    )


def make_private(path: Path, sqlite: bool = True) -> None:
    """The store folder, its database files and its cache readable by this user only: they hold
    child-level rows and password hashes. The database is created 0600 before SQLite opens it,
    and SQLite gives its -wal and -shm files the database file's permissions. A store made
    before this is tightened on its next open. (A store on PostgreSQL has no database file
    here: the server keeps it, and its access is the server's roles and pg_hba.conf.)"""
    path.chmod(PRIVATE_FOLDER)
    database = path / DATABASE_FILE
    if sqlite and not database.exists():
        # Only a new file is opened here: closing any descriptor of a database file drops every
        # SQLite lock this process holds on it (POSIX locks), so an open store is only chmod-ed.
        try:
            os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
        except FileExistsError:  # another process created it just now
            pass
    for name in (DATABASE_FILE, f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm"):
        if (path / name).exists():
            (path / name).chmod(PRIVATE_FILE)
    for child in path.rglob("*"):
        try:
            if not child.is_symlink():
                child.chmod(PRIVATE_FOLDER if child.is_dir() else PRIVATE_FILE)
        except FileNotFoundError:  # a cache file another process renamed or dropped meanwhile
            pass


def open_store(path: Path | str, create: bool = True) -> Store:
    """Open (and create, and migrate) the store in directory `path`; its database is the SQLite
    file there, or the PostgreSQL database the folder names ($SCORECARD_DATABASE_URL)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UserError(f"the store {path} is a file; give a directory with --store or SCORECARD_STORE")
    if not path.exists():
        if not create:
            raise UserError(f"no store at {path}: load an extract first (scorecard load) or give --store")
        path.mkdir(parents=True, mode=PRIVATE_FOLDER, exist_ok=True)  # another process may create it at once
    url = server_url(path)
    make_private(path, sqlite=url is None)
    if url is None:
        engine = sa.create_engine(f"sqlite:///{path / DATABASE_FILE}")
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # Every statement waits at most BUSY_TIMEOUT_MS for a lock, as SQLite's busy_timeout.
        engine = sa.create_engine(
            url, connect_args={"options": f"-c lock_timeout={BUSY_TIMEOUT_MS}", "application_name": "csc-scorecard"}
        )
    try:
        migrate(engine, path)
    except sa.exc.OperationalError as error:
        engine.dispose()
        if url is None:
            raise
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise UserError(f"the store {path}: cannot use the database {without_password(url)}: {reason}") from None
    return Store(path=path, engine=engine)


def head_revision() -> str:
    """The newest migration's revision, read from the file names (`0004_one_current_extract.py`
    is revision "0004"; tests/store/test_migrations.py checks Alembic agrees), so that opening an
    up-to-date store needs no Alembic import (about 0.3 s of every command)."""
    numbers = [p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    return max(numbers)


def current_revision(engine: sa.Engine) -> str | None:
    """The store's migration revision (None for a new database)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None  # a new database
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: sa.Engine, path: Path) -> None:
    """Bring the database to the newest migration under the write lock, so that processes
    opening a new store at once create it once (the others wait, then find it current)."""
    if current_revision(engine) == head_revision():
        return  # up to date: no need to wait for a load that holds the write lock
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    with engine.connect() as connection, connection.begin():
        _take_write_lock(connection, _writer_wait(), path)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

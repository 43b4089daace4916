"""Open a store: a directory holding one SQLite database (WAL), brought up to date by Alembic.

WAL lets the web server read while the command line loads. Every open runs the migrations, so a
store made by an older version is upgraded in place, never rebuilt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from csc_scorecard.issues import UserError

DEFAULT_STORE = "./scorecard-data"
DATABASE_FILE = "scorecard.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class Store:
    path: Path
    engine: sa.Engine

    def dispose(self) -> None:
        self.engine.dispose()


def store_path(option: str | None) -> Path:
    """The store directory: the `--store` option, else $SCORECARD_STORE, else ./scorecard-data."""
    return Path(option or os.environ.get("SCORECARD_STORE") or DEFAULT_STORE)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_store(path: Path | str, create: bool = True) -> Store:
    """Open (and create, and migrate) the store in directory `path`."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UserError(f"the store {path} is a file; give a directory with --store or SCORECARD_STORE")
    if not path.exists():
        if not create:
            raise UserError(f"no store at {path}: load an extract first (scorecard load) or give --store")
        path.mkdir(parents=True)
    engine = sa.create_engine(f"sqlite:///{path / DATABASE_FILE}")
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    migrate(engine)
    return Store(path=path, engine=engine)


def migrate(engine: sa.Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

"""A store's database brought up to an older migration, to test what a later one does to it
(the folder's SQLite file, or the PostgreSQL database $SCORECARD_DATABASE_URL names)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from csc_scorecard.store.database_url import server_url
from csc_scorecard.store.db import DATABASE_FILE, MIGRATIONS


def store_at_revision(path: Path, revision: str) -> sa.Engine:
    """Create the store directory `path` with its database at `revision` (e.g. "0004"); the engine."""
    path.mkdir(parents=True, exist_ok=True)
    url = server_url(path)
    engine = sa.create_engine(url or f"sqlite:///{path / DATABASE_FILE}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return engine

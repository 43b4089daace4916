"""Read a store's tables with plain SQL whichever database it uses (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from csc_scorecard.store.db import open_store


def query(store_dir: Path, sql: str, **params) -> list[tuple]:
    """The rows of `sql` (`:name` parameters) in the store at `store_dir`, dates as ISO text
    (as SQLite keeps them), so that one expected value serves both databases."""
    store = open_store(store_dir, create=False)
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text(sql), params).all()
    finally:
        store.dispose()
    return [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows]

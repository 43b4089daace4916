"""The migrated database has exactly the tables and columns the code queries (tables.py)."""

import pytest
import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.db import open_store


def test_migrated_schema_equals_the_metadata(tmp_path):
    store = open_store(tmp_path / "s")
    inspector = sa.inspect(store.engine)
    migrated = {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names() if t != "alembic_version"}
    declared = {t.name: {c.name for c in t.columns} for t in tables.metadata.sorted_tables}
    assert migrated == declared


def test_opening_twice_keeps_data(tmp_path):
    store = open_store(tmp_path / "s")
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO extracts (la_code, as_at, period_start, period_start_source, file_name, sha256, loaded_at)"
            " VALUES ('343', '2023-12-31', '2023-01-01', 'given', 'a.xlsx', 'abc', '2026-01-01 00:00:00')"
        )
    store.dispose()
    again = open_store(tmp_path / "s")
    with again.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM extracts").scalar_one() == 1
    again.dispose()


@pytest.mark.sqlite_only
def test_an_sqlite_store_uses_wal(tmp_path):
    store = open_store(tmp_path / "s")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    store.dispose()


def test_the_head_read_from_file_names_is_alembics_head(tmp_path):
    """open_store skips Alembic for an up-to-date store by reading the head from the file names."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from csc_scorecard.store.db import MIGRATIONS, current_revision, head_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
    store = open_store(tmp_path / "s")
    assert current_revision(store.engine) == head_revision()
    store.dispose()

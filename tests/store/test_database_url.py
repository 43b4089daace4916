"""Which database a store folder uses (store/database_url.py): the URL given the first time is
recorded without its password, later opens need only the folder, and a folder is never
switched to another database (its cache is named by that database's extract ids)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit
from csc_scorecard.store.database_url import DATABASE_URL_VARIABLE
from csc_scorecard.store.db import open_store


def with_password(url: str, password: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{password}@")


@pytest.mark.postgresql_only
def test_the_folder_records_the_url_without_its_password_and_later_opens_need_only_the_folder(tmp_path, monkeypatch):
    url = sa.make_url(os.environ[DATABASE_URL_VARIABLE])
    monkeypatch.setenv(DATABASE_URL_VARIABLE, with_password(url.render_as_string(hide_password=False), "s3cret-pw"))
    store = open_store(tmp_path / "s")  # the test server trusts local connections: any password does
    audit.append(store, "anna", "login")
    store.dispose()
    record = tmp_path / "s" / "database-url"
    assert record.read_text() == f"postgresql+psycopg://postgres@127.0.0.1:{url.port}/{url.database}\n"
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert not (tmp_path / "s" / "scorecard.sqlite").exists()
    monkeypatch.delenv(DATABASE_URL_VARIABLE)
    again = open_store(tmp_path / "s")
    assert (again.on_server, [e.action for e in audit.read(again)]) == (True, ["login"])
    again.dispose()
    # a command line started with no URL at all reads the same database
    listed = subprocess.run([sys.executable, "-m", "csc_scorecard", "audit", "verify", "--store", str(tmp_path / "s")],
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and listed.stdout.startswith("1 entries, chain intact"), listed.stdout + listed.stderr


@pytest.mark.postgresql_only
def test_a_folder_is_not_switched_to_another_database(tmp_path, monkeypatch):
    url = os.environ[DATABASE_URL_VARIABLE]
    open_store(tmp_path / "s").dispose()
    other = url.rsplit("/", 1)[0] + "/another"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, other)
    with pytest.raises(UserError) as refused:
        open_store(tmp_path / "s")
    recorded = url.replace("postgresql://", "postgresql+psycopg://")
    assert str(refused.value) == (
        f"the store {tmp_path / 's'} keeps its records in the database {recorded}, but SCORECARD_DATABASE_URL names "
        f"{other.replace('postgresql://', 'postgresql+psycopg://')}: a store folder belongs to one database; give that "
        "database's store folder, or unset SCORECARD_DATABASE_URL"
    )


@pytest.mark.postgresql_only
def test_a_folder_holding_an_sqlite_store_is_not_moved_to_postgresql(tmp_path, monkeypatch):
    url = os.environ[DATABASE_URL_VARIABLE]
    monkeypatch.delenv(DATABASE_URL_VARIABLE)
    open_store(tmp_path / "s").dispose()  # an SQLite store
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    with pytest.raises(UserError, match="keeps its records in its own SQLite file, not in postgresql"):
        open_store(tmp_path / "s")
    assert not (tmp_path / "s" / "database-url").exists()


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://u@h/scorecard", "SCORECARD_DATABASE_URL: only PostgreSQL URLs are supported (postgresql://user@host/dbname), not mysql"),
        ("postgresql://u@h", "SCORECARD_DATABASE_URL: the URL names no database; give one like postgresql://user@host/dbname"),
        ("not a url", "SCORECARD_DATABASE_URL: 'not a url' is not a database URL; give one like postgresql://user@host/dbname"),
    ],
)
def test_a_url_that_is_not_a_postgresql_database_is_refused(tmp_path, monkeypatch, url, message):
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    with pytest.raises(UserError) as refused:
        open_store(tmp_path / "s")
    assert str(refused.value).startswith(message)
    assert not (tmp_path / "s" / "database-url").exists()


@pytest.mark.postgresql_only
def test_a_database_that_cannot_be_reached_is_one_line_naming_it_without_the_password(tmp_path, monkeypatch, postgres_server):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(DATABASE_URL_VARIABLE, f"postgresql://scorecard:s3cret-pw@127.0.0.1:{port}/scorecard")
    (tmp_path / "s").mkdir()
    result = subprocess.run([sys.executable, "-m", "csc_scorecard", "audit", "verify", "--store", str(tmp_path / "s")],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output and "s3cret-pw" not in output
    assert f"the store {tmp_path / 's'}: cannot use the database postgresql+psycopg://scorecard@127.0.0.1:{port}/scorecard: " in output


# --- processes opening a new store folder at once (a load race seen once on PostgreSQL) -------
# Before, every process wrote the record through one shared `database-url.partial`: one could
# rename away the file another was about to rename, and fail with FileNotFoundError (17 of 600
# processes, 6 at a time on new folders, measured). Each now writes its own file and the first
# hard link to `database-url` wins; the order is forced here rather than left to chance.


def _recorded_by_another_process_while_ours_is_written(monkeypatch, record: str):
    """The moment the shared partial file failed at: just after this process opens the file it
    writes its record to, another process writes the record through `database-url.partial`
    and renames it into place."""
    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        descriptor = real_open(path, flags, *args, **kwargs)
        folder, name = os.path.split(path)
        if name.startswith("database-url") and not os.path.exists(os.path.join(folder, "database-url")):
            with open(os.path.join(folder, "database-url.partial"), "w", encoding="utf-8") as other:
                other.write(record)
            os.replace(os.path.join(folder, "database-url.partial"), os.path.join(folder, "database-url"))
        return descriptor

    monkeypatch.setattr(os, "open", open_)


@pytest.mark.postgresql_only
def test_a_store_recorded_by_another_process_at_the_same_moment_opens_on_the_same_database(tmp_path, monkeypatch):
    url = sa.make_url(os.environ[DATABASE_URL_VARIABLE]).set(drivername="postgresql+psycopg")
    recorded = url.render_as_string(hide_password=False) + "\n"
    _recorded_by_another_process_while_ours_is_written(monkeypatch, recorded)
    store = open_store(tmp_path / "s")
    assert store.on_server
    store.dispose()
    assert (tmp_path / "s" / "database-url").read_text() == recorded
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["database-url"]  # no partial file left behind


@pytest.mark.postgresql_only
def test_a_store_recorded_for_another_database_at_the_same_moment_is_refused(tmp_path, monkeypatch):
    url = os.environ[DATABASE_URL_VARIABLE].replace("postgresql://", "postgresql+psycopg://")
    other = url.rsplit("/", 1)[0] + "/another"
    _recorded_by_another_process_while_ours_is_written(monkeypatch, other + "\n")
    with pytest.raises(UserError) as refused:
        open_store(tmp_path / "s")
    assert str(refused.value) == (
        f"the store {tmp_path / 's'} keeps its records in the database {other}, but SCORECARD_DATABASE_URL names "
        f"{url}: a store folder belongs to one database; give that database's store folder, or unset SCORECARD_DATABASE_URL"
    )
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["database-url"]


def test_a_store_folder_another_process_creates_at_the_same_moment_is_opened(tmp_path, monkeypatch):
    """Both found no folder; the other made it just before this one's mkdir: this one opens
    it rather than failing with FileExistsError (both databases)."""
    folder = tmp_path / "s"
    real_mkdir = Path.mkdir

    def mkdir(path, *args, **kwargs):
        if path == folder:
            real_mkdir(folder, mode=0o700)  # the other process
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    store = open_store(folder)
    monkeypatch.setattr(Path, "mkdir", real_mkdir)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM extracts").scalar_one() == 0
    store.dispose()

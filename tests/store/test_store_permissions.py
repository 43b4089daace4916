"""The store holds child-level rows and password hashes: this user only (issue 10, item 11)."""

import stat
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import extract_set, load_annex_a


def database_file(store_database: str) -> str:
    """The file the folder keeps for its database: the SQLite file, or the PostgreSQL URL's record."""
    return "scorecard.sqlite" if store_database == "sqlite" else "database-url"


def modes(folder):
    """Permission bits of the folder and of everything in it, by path relative to it."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for child in folder.rglob("*"):
        found[str(child.relative_to(folder))] = stat.S_IMODE(child.stat().st_mode)
    return found


def test_a_new_store_and_everything_a_load_writes_are_private(tmp_path, store_database):
    store_dir = tmp_path / "store"
    store = open_store(store_dir)
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    assert load_annex_a(store, read_annex_a(path), date(2023, 12, 31), "343").status == "loaded"
    extract_set(store)  # reads (and so may write) the cache
    found = modes(store_dir)
    assert database_file(store_database) in found and "cache/extract-1-referrals.parquet" in found
    assert {name: mode for name, mode in found.items() if (store_dir / name).is_dir()} == {".": 0o700, "cache": 0o700}
    assert {mode for name, mode in found.items() if not (store_dir / name).is_dir()} == {0o600}
    store.dispose()


def test_a_store_made_world_readable_is_tightened_when_opened(tmp_path, store_database):
    store_dir = tmp_path / "store"
    open_store(store_dir).dispose()
    (store_dir / "cache").mkdir()
    (store_dir / "cache" / "old.parquet").write_bytes(b"")
    for path in (store_dir, store_dir / "cache"):
        path.chmod(0o755)
    own = database_file(store_database)
    for path in (store_dir / own, store_dir / "cache" / "old.parquet"):
        path.chmod(0o644)
    open_store(store_dir).dispose()
    found = modes(store_dir)
    assert (found["."], found["cache"], found[own], found["cache/old.parquet"]) == (0o700, 0o700, 0o600, 0o600)


def test_a_cache_file_gone_while_the_store_opens_is_no_error(tmp_path, monkeypatch):
    # Another process renames its temporary file into place, or drops an entry, between the
    # folder's listing and the tightening of each file's mode.
    store_dir = tmp_path / "store"
    open_store(store_dir).dispose()
    (store_dir / "cache").mkdir()
    (store_dir / "cache" / "kept.parquet").write_bytes(b"")
    listed = list(store_dir.rglob("*")) + [store_dir / "cache" / ".gone.partial"]
    monkeypatch.setattr(type(store_dir), "rglob", lambda self, pattern: iter(listed))
    open_store(store_dir).dispose()
    assert stat.S_IMODE((store_dir / "cache" / "kept.parquet").stat().st_mode) == 0o600

"""Values kept in the store's cache folder: read back as written, private like the rest of the
cache, bounded in size with the least recently used entries dropped first."""

from __future__ import annotations

import os
import stat
import threading
import time
from datetime import date

import polars as pl
import pytest

from csc_scorecard.store import computed_cache
from csc_scorecard.store.db import open_store

FRAME = pl.DataFrame({"period_end": [date(2023, 12, 31), date(2023, 11, 30)], "numerator": [3, None],
                      "excluded": [[{"reason": "blank Date of Birth", "rows": 2}], None]},
                     schema={"period_end": pl.Date, "numerator": pl.Int64,
                             "excluded": pl.List(pl.Struct({"reason": pl.String, "rows": pl.Int64}))})


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "store")
    yield opened
    opened.dispose()


def test_an_entry_reads_back_as_written_and_only_for_its_own_key(store):
    key = {"what": "test", "as_at": date(2023, 12, 31), "measures": ["a", "b"]}
    assert computed_cache.read(store, key) is None
    computed_cache.write(store, key, {"extracts": [{"file": "a.xlsx"}], "n": 2}, {"series": FRAME, "regional": None})
    values, frames = computed_cache.read(store, key)
    assert values == {"extracts": [{"file": "a.xlsx"}], "n": 2}
    assert frames["regional"] is None
    assert frames["series"].equals(FRAME) and frames["series"].schema == FRAME.schema
    assert computed_cache.read(store, key | {"measures": ["a"]}) is None
    assert computed_cache.read(store, {"measures": ["a", "b"], "as_at": "2023-12-31", "what": "test"}) is not None  # same key


def test_entries_are_private_to_this_user(store):
    computed_cache.write(store, {"k": 1}, {}, {"series": FRAME})  # the first thing in the store's cache
    where = computed_cache.folder(store)
    assert stat.S_IMODE(where.stat().st_mode) == stat.S_IMODE(where.parent.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in where.iterdir()] == [0o600]


def test_the_least_recently_used_entries_go_first_beyond_the_bound(store, monkeypatch):
    for k in range(3):
        computed_cache.write(store, {"k": k}, {}, {"series": FRAME})
    size = computed_cache.entry_path(store, {"k": 0}).stat().st_size
    for k, age in ((0, 300), (1, 200), (2, 100)):  # written 5, 3 1/3 and 1 2/3 minutes ago
        os.utime(computed_cache.entry_path(store, {"k": k}), (time.time() - age, time.time() - age))
    assert computed_cache.read(store, {"k": 0}) is not None  # used now: the most recently used
    monkeypatch.setattr(computed_cache, "MAX_BYTES", 3 * size)  # room for three of them
    computed_cache.write(store, {"k": 3}, {}, {"series": FRAME})
    kept = [k for k in range(4) if computed_cache.entry_path(store, {"k": k}).exists()]
    assert kept == [0, 2, 3]  # 1, least recently used, dropped


def test_a_temporary_file_left_by_a_killed_process_is_cleared_later(store):
    computed_cache.write(store, {"k": 0}, {}, {"series": FRAME})
    where = computed_cache.folder(store)
    old = where / ".abc.123.deadbeef.partial"
    recent = where / ".abc.124.deadbeef.partial"
    for path in (old, recent):
        path.write_bytes(b"half an entry")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    computed_cache.write(store, {"k": 1}, {}, {"series": FRAME})
    assert (old.exists(), recent.exists()) == (False, True)  # a recent one may be another process's write


def test_forget_empties_the_entries(store):
    for k in range(2):
        computed_cache.write(store, {"k": k}, {}, {"series": FRAME})
    computed_cache.forget(store)
    assert list(computed_cache.folder(store).iterdir()) == []
    computed_cache.forget(open_store(store.path / "another"))  # a store with no entry: nothing to do


def test_a_reader_never_sees_an_entry_half_written_while_others_rewrite_it(store):
    """Two writers replace one entry again and again while a reader reads it: once it exists,
    every read finds a whole entry (the rename is atomic), and its values match its frame."""
    key = {"k": "contended"}

    def entry(n: int):
        return {"n": n}, {"series": pl.DataFrame({"n": [n] * 5_000})}

    computed_cache.write(store, key, *entry(0))
    stop = threading.Event()

    def rewrite(first: int) -> None:
        n = first
        while not stop.is_set():
            computed_cache.write(store, key, *entry(n))
            n += 2

    writers = [threading.Thread(target=rewrite, args=(first,)) for first in (1, 2)]
    for writer in writers:
        writer.start()
    read = []
    try:
        give_up = time.monotonic() + 60
        while len({found[0]["n"] for found in read if found is not None}) < 5 and time.monotonic() < give_up:
            read.append(computed_cache.read(store, key))
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert all(found is not None for found in read)
    assert all(frames["series"]["n"].to_list() == [values["n"]] * 5_000 for values, frames in read)
    assert len({values["n"] for values, _ in read}) == 5  # five versions of it read while the writers replaced it

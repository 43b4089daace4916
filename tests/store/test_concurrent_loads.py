"""Loads into one store run one after the other: never two current extracts for a month (issue 10, item 2).

Before, two loads for one month at once could both find no current extract and both stay
current, and the measures then counted the rows of both files. Now the database decides: a
load holds the write lock from before it looks at the current extracts until it commits, and a
unique index refuses a second current extract for an LA and month whatever the code does.
Tested with real processes (the command a user runs) and real concurrent web uploads.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from migration_helpers import store_at_revision
from race_helpers import RACERS, ROWS, current, december_workbook
from store_sql import query

from csc_scorecard.store.db import StoreBusy, open_store

ROUNDS = 3  # races per test: each is a fresh store and files loaded at the same moment


def command_line(*args) -> list[str]:
    return [sys.executable, "-m", "csc_scorecard", *map(str, args)]


def start_together(commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Start every command before waiting for any; their outcomes in order."""
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    results = []
    for c, p in zip(commands, processes):
        out, err = p.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(c, p.returncode, out, err))
    return results


@pytest.fixture(scope="module")
def racing_files(tmp_path_factory):
    """RACERS Decembers of the same size, different children: each a whole, plausible December."""
    folder = tmp_path_factory.mktemp("racing")
    return [december_workbook(folder / f"file{i}.xlsx", ROWS, f"R{i}-") for i in range(RACERS)]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_different_files_for_one_month_at_once_leave_one_current_extract(tmp_path, racing_files, round_):
    """Before the fix, 4 of 4 such rounds left two or three current extracts (measured)."""
    store = tmp_path / "store"
    open_store(store).dispose()  # an existing store: the race is between the loads alone
    files = racing_files
    results = start_together([command_line("load", f, "--as-at", "2023-12-31", "--la", "343", "--store", store) for f in files])
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    outcomes = sorted("loaded as the extract" in r.stdout for r in results)
    assert outcomes == [False] * (RACERS - 1) + [True]  # one loaded, the others replaced it in turn
    [(as_at, file_name, rows)] = current(store)
    assert (as_at, rows) == ("2023-12-31", ROWS)  # one file's rows, never a merge of two or three
    assert query(store, "SELECT count(*) FROM extracts") == [(RACERS,)]  # the others kept, superseded


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_same_file_loaded_at_once_into_a_new_store_is_stored_once(tmp_path, racing_files, round_):
    """The processes also race to create the store itself: it is created once."""
    store = tmp_path / "store"
    path = racing_files[0]
    results = start_together([command_line("load", path, "--as-at", "2023-12-31", "--la", "343", "--store", store) for _ in range(RACERS)])
    assert [r.returncode for r in results] == [0] * RACERS
    said = sorted("already loaded as the extract at 2023-12-31; nothing to do" in r.stdout for r in results)
    assert said == [False] + [True] * (RACERS - 1)
    assert current(store) == [("2023-12-31", "file0.xlsx", ROWS)]
    assert query(store, "SELECT count(*) FROM extracts") == [(1,)]


def test_a_load_waits_for_another_writer_and_says_so_when_it_waited_too_long(tmp_path):
    store_dir = tmp_path / "store"
    path = december_workbook(tmp_path / "annex_a_2023-12-31.xlsx", 5, "W")
    store = open_store(store_dir)
    with store.write_transaction():  # another writer holds the lock for the whole load
        result = subprocess.run(
            command_line("load", path, "--la", "343", "--store", store_dir),
            capture_output=True, text=True, timeout=300, env={**os.environ, "SCORECARD_WRITE_WAIT_S": "1"},
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"the store {store_dir} is busy: another load or change has been writing to it for more than 1 s; nothing was stored" in " ".join(
        (result.stdout + result.stderr).split()
    )
    assert current(store_dir) == []
    # Once the lock is free the same load goes through.
    again = subprocess.run(command_line("load", path, "--la", "343", "--store", store_dir), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert current(store_dir) == [("2023-12-31", "annex_a_2023-12-31.xlsx", 5)]
    store.dispose()


def test_a_waiting_load_goes_on_when_the_other_writer_finishes(tmp_path):
    store_dir = tmp_path / "store"
    path = december_workbook(tmp_path / "annex_a_2023-12-31.xlsx", 5, "W")
    store = open_store(store_dir)
    with store.write_transaction():
        process = subprocess.Popen(command_line("load", path, "--la", "343", "--store", store_dir),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # It cannot store anything while the lock is held: wait for it to block or finish.
        try:
            process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            pass
        assert process.returncode is None  # still waiting: it did not get past the lock
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    assert "loaded as the extract at 2023-12-31" in out
    assert current(store_dir) == [("2023-12-31", "annex_a_2023-12-31.xlsx", 5)]
    store.dispose()


def test_write_transaction_gives_up_with_store_busy(tmp_path):
    first, second = open_store(tmp_path / "s"), open_store(tmp_path / "s")
    with first.write_transaction():
        with pytest.raises(StoreBusy, match="is busy: another load or change has been writing to it for more than 0 s; nothing was stored"):
            with second.write_transaction(wait_s=0.2):
                pass
    with second.write_transaction(wait_s=0.2) as conn:  # free again
        assert conn.exec_driver_sql("SELECT 1").scalar_one() == 1
    first.dispose()
    second.dispose()


INSERT = sa.text(
    "INSERT INTO extracts (id, la_code, as_at, period_start, period_start_source, file_name, sha256, loaded_at, superseded_by)"
    " VALUES (:id, :la, :as_at, '2023-01-01', 'given', :file, :sha, '2026-01-01 00:00:00', :superseded_by)"
)


def extract(id_: int, la: str, as_at: str, superseded_by: int | None = None) -> dict:
    return {"id": id_, "la": la, "as_at": as_at, "file": f"{id_}.xlsx", "sha": str(id_), "superseded_by": superseded_by}


def test_the_database_refuses_a_second_current_extract_for_a_month(tmp_path):
    store = open_store(tmp_path / "s")
    with store.engine.begin() as db:
        db.execute(INSERT, extract(1, "343", "2023-12-31"))
        db.execute(INSERT, extract(2, "343", "2023-11-30"))  # another month: fine
        db.execute(INSERT, extract(3, "999", "2023-12-31"))  # another LA: fine
        db.execute(INSERT, extract(4, "343", "2023-12-31", superseded_by=1))  # superseded: fine
    with pytest.raises(sa.exc.IntegrityError, match="UNIQUE|unique"):
        with store.engine.begin() as db:
            db.execute(INSERT, extract(5, "343", "2023-12-31"))
    store.dispose()


def test_a_store_left_with_two_current_extracts_is_repaired_on_upgrade(tmp_path):
    """A store at migration 0003 holding the race's damage: the last loaded stays current."""
    path = tmp_path / "s"
    engine = store_at_revision(path, "0003")
    with engine.begin() as db:
        for id_, la, as_at in [(1, "343", "2023-12-31"), (2, "343", "2023-11-30"), (3, "343", "2023-12-31"), (4, "343", "2023-12-31")]:
            db.execute(INSERT, extract(id_, la, as_at))
    engine.dispose()
    open_store(path).dispose()
    assert query(path, "SELECT id, superseded_by FROM extracts ORDER BY id") == [(1, 4), (2, None), (3, 4), (4, None)]

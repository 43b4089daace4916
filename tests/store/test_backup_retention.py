"""`scorecard backup`, `restore` and `purge` as a user runs them (issue 10, item 18)."""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from store_sql import query

from csc_scorecard.store.db import open_store


def scorecard(*args):
    result = subprocess.run([sys.executable, "-m", "csc_scorecard", *map(str, args)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def referrals_workbook(path, children: list[str], month: int):
    return write_workbook(path, {"List 3": [REFERRAL_HEADERS, *[referral(c, date(2023, month, 5)) for c in children]]})


def referrals_in(store, month: str) -> dict:
    """The 1-month referrals series cell of `month` (YYYY-MM)."""
    result = scorecard("series", "referrals_rate", "--months", "1", "--from", month, "--to", month, "--format", "json", "--la", "343", "--store", store)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)[0]


def audit_actions(store) -> list[tuple[str, str]]:
    return query(store, "SELECT action, target FROM audit_log ORDER BY id")


@pytest.fixture
def store(tmp_path):
    """November (2 referrals) and December (3 referrals) extracts, each covering its own month."""
    store = tmp_path / "store"
    nov = referrals_workbook(tmp_path / "annex_a_2023-11-30.xlsx", ["N1", "N2"], 11)
    dec = referrals_workbook(tmp_path / "annex_a_2023-12-31.xlsx", ["D1", "D2", "D3"], 12)
    for path, start in ((nov, "2023-11-01"), (dec, "2023-12-01")):
        assert scorecard("load", path, "--period-start", start, "--la", "343", "--store", store).returncode == 0
    return store


@pytest.mark.sqlite_only  # a copy of the SQLite file; on PostgreSQL: refused, tested below
def test_a_backup_is_private_and_restores_the_same_figures(store, tmp_path):
    result = scorecard("backup", tmp_path / "b.sqlite", "--store", store)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "b.sqlite").stat().st_mode) == 0o600
    assert scorecard("backup", tmp_path / "b.sqlite", "--store", store).returncode == 1  # never overwrites
    fresh = tmp_path / "fresh"
    assert scorecard("restore", tmp_path / "b.sqlite", "--store", fresh).returncode == 0
    assert (referrals_in(fresh, "2023-11")["numerator"], referrals_in(fresh, "2023-12")["numerator"]) == (2, 3)
    assert audit_actions(store)[-1] == ("backup", "b.sqlite")
    assert audit_actions(fresh)[-1] == ("restore", "b.sqlite")


@pytest.mark.sqlite_only  # a copy of the SQLite file; on PostgreSQL: refused, tested below
def test_a_backup_taken_during_a_write_holds_only_what_was_committed(store, tmp_path):
    opened = open_store(store)
    target = tmp_path / "during.sqlite"
    with opened.write_transaction() as conn:  # a load in progress: an extract not yet committed
        conn.exec_driver_sql(
            "INSERT INTO extracts (la_code, as_at, period_start, period_start_source, file_name, sha256, loaded_at)"
            " VALUES ('343', '2024-01-31', '2024-01-01', 'given', 'jan.xlsx', 'x', '2026-01-01 00:00:00')"
        )
        process = subprocess.Popen([sys.executable, "-m", "csc_scorecard", "backup", str(target), "--store", str(store)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120  # a bound on waiting, not a figure tested
        while not target.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert target.exists()  # the copy is taken while the write is still open
    out, err = process.communicate(timeout=300)  # its audit entry waited for the write to end
    assert process.returncode == 0 and "Traceback" not in out + err, err
    opened.dispose()
    with sqlite3.connect(tmp_path / "during.sqlite") as db:
        assert db.execute("SELECT file_name FROM extracts ORDER BY id").fetchall() == [("annex_a_2023-11-30.xlsx",), ("annex_a_2023-12-31.xlsx",)]


@pytest.mark.sqlite_only  # a copy of the SQLite file; on PostgreSQL: refused, tested below
def test_restore_refuses_a_store_with_data_unless_replace_and_empties_the_cache(store, tmp_path):
    assert scorecard("backup", tmp_path / "b.sqlite", "--store", store).returncode == 0
    other = tmp_path / "other"  # extract 1 here is a different file, with 5 referrals in November
    five = referrals_workbook(tmp_path / "five.xlsx", ["F1", "F2", "F3", "F4", "F5"], 11)
    assert scorecard("load", five, "--as-at", "2023-11-30", "--period-start", "2023-11-01", "--la", "343", "--store", other).returncode == 0
    assert referrals_in(other, "2023-11")["numerator"] == 5  # read once: its rows are now cached
    refused = scorecard("restore", tmp_path / "b.sqlite", "--store", other)
    assert refused.returncode == 1
    assert "holds extracts: restoring b.sqlite would replace them; give --replace" in " ".join(refused.stderr.split())
    assert referrals_in(other, "2023-11")["numerator"] == 5
    assert scorecard("restore", tmp_path / "b.sqlite", "--replace", "--store", other).returncode == 0
    assert referrals_in(other, "2023-11")["numerator"] == 2  # the backup's extract 1, not the cached file of the old one


@pytest.mark.sqlite_only  # a copy of the SQLite file; on PostgreSQL: refused, tested below
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    (tmp_path / "notes.txt").write_text("not a database")
    result = scorecard("restore", tmp_path / "notes.txt", "--store", tmp_path / "s")
    assert result.returncode == 1
    assert "notes.txt: not a scorecard backup" in result.stderr


@pytest.mark.postgresql_only
def test_backup_and_restore_of_a_store_on_postgresql_name_the_tools_to_use_and_change_nothing(store, tmp_path):
    told = (
        "keeps its records on PostgreSQL: back it up with pg_dump (pg_dump --format=custom --file=FILE DBNAME) and "
        "restore with pg_restore (pg_restore --clean --dbname=DBNAME FILE), then delete the store folder's cache "
        "folder; scorecard backup and restore copy SQLite stores only"
    )
    backup = scorecard("backup", tmp_path / "b.sqlite", "--store", store)
    assert backup.returncode == 1 and told in " ".join(backup.stderr.split())
    assert not (tmp_path / "b.sqlite").exists()
    restore = scorecard("restore", tmp_path / "b.sqlite", "--replace", "--store", store)
    assert restore.returncode == 1 and told in " ".join(restore.stderr.split())
    assert (referrals_in(store, "2023-11")["numerator"], referrals_in(store, "2023-12")["numerator"]) == (2, 3)
    assert [action for action, _ in audit_actions(store)] == []  # neither is recorded: nothing happened


def test_purge_removes_old_child_level_rows_and_their_months_show_not_covered(store, tmp_path):
    result = scorecard("purge", "--before", "2023-12-01", "--store", store)
    assert result.returncode == 0, result.stderr
    assert "purged 1 extract(s) dated before 2023-12-01: 2 child-level rows removed" in result.stdout
    assert query(store, "SELECT count(*) FROM list_referrals") == [(3,)]  # December's only
    assert query(store, "SELECT count(*) FROM extracts") == [(2,)]  # the register keeps both loads
    assert not list((store / "cache").glob("extract-1-*"))
    november = referrals_in(store, "2023-11")
    assert (november["value"], november["reason"]) == (None, "not covered by the loaded extracts: the extract at 2023-11-30 has no List 3 (Referrals)")
    assert referrals_in(store, "2023-12")["numerator"] == 3
    assert audit_actions(store)[-1] == ("purge", "before 2023-12-01")
    again = scorecard("load", tmp_path / "annex_a_2023-11-30.xlsx", "--la", "343", "--store", store)
    assert again.returncode == 1
    assert "its child-level rows have since been purged" in again.stderr

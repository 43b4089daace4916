"""The audit log's hash chain: every entry chained to the one before, `scorecard audit verify`
naming the first broken entry, appends from threads and processes at once still chained, and
entries made before migration 0006 chained by it."""

import hashlib
import subprocess
import sys
import threading
from datetime import datetime

import pytest
import sqlalchemy as sa
from migration_helpers import store_at_revision
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.store import audit, tables
from csc_scorecard.store.audit import GENESIS_HASH, ChainCheck, entry_hash
from csc_scorecard.store.db import open_store

runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "store")


def tamper(store, statement: str) -> None:
    """Change the log behind the triggers' back, as someone with the database file (SQLite) or
    the table's owner (PostgreSQL) could."""
    with store.engine.begin() as conn:
        if store.on_server:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        conn.exec_driver_sql(statement)


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM audit_log", "TRUNCATE audit_log"], ids=["delete all", "truncate"],
)
def test_the_database_refuses_to_empty_the_audit_log(store, statement):
    """Whatever connects to the database cannot empty the log at a stroke either (an UPDATE or
    DELETE of rows: tests/web/test_web_store_state.py)."""
    if statement.startswith("TRUNCATE") and not store.on_server:
        statement = "DELETE FROM audit_log"  # SQLite has no TRUNCATE: an unqualified DELETE is its form
    audit.append(store, "anna", "login")
    audit.append(store, "anna", "logout")
    with pytest.raises(sa.exc.IntegrityError, match="the audit log is append-only: its rows cannot be changed or deleted"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert [(e.id, e.action, e.detail) for e in audit.read(store)] == [(2, "logout", None), (1, "login", None)]
    assert audit.verify(store).intact


def test_an_entry_hash_is_sha256_of_the_previous_hash_and_its_fields_as_json():
    entry = {"id": 1, "at": datetime(2026, 12, 1, 9, 30, 5), "user_name": "anna", "action": "login",
             "target": None, "detail": None, "client": "10.0.0.7"}
    text = '["' + "0" * 64 + '",1,"2026-12-01 09:30:05","anna","login",null,null,"10.0.0.7"]'
    assert entry_hash(GENESIS_HASH, entry) == hashlib.sha256(text.encode()).hexdigest()


def test_each_entry_stores_its_client_and_the_hash_chained_from_the_one_before(store):
    audit.append(store, "anna", "login", client="10.0.0.7")
    audit.append(store, "anna", "drill_view", "343 2023-12-31 referrals_rate rolling_12m", "2 rows", client="10.0.0.7")
    with store.engine.connect() as conn:
        first, second = conn.execute(sa.select(tables.audit_log).order_by(tables.audit_log.c.id)).mappings().all()
    assert first["hash"] == entry_hash(GENESIS_HASH, first)
    assert second["hash"] == entry_hash(first["hash"], second)
    assert [e.client for e in audit.read(store)] == ["10.0.0.7", "10.0.0.7"]
    assert audit.verify(store) == ChainCheck(2, last_hash=second["hash"])


def test_an_empty_log_is_intact(store):
    assert audit.verify(store) == ChainCheck(0)


@pytest.mark.parametrize(
    "statement, broken_id, problem",
    [
        ("UPDATE audit_log SET detail = '0 rows' WHERE id = 2", 2, "its hash does not match its fields and the entry before it"),
        ("DELETE FROM audit_log WHERE id = 2", 3, "its hash does not match its fields and the entry before it"),
        ("INSERT INTO audit_log (id, at, action, hash) VALUES (4, '2026-12-01 00:00:00', 'login', 'x')", 4,
         "its hash does not match its fields and the entry before it"),
        ("DELETE FROM audit_log WHERE id = 3", 2, "the log ends at entry 2 but its chain records entry 3 as the last: entries were removed from the end"),
    ],
    ids=["changed", "removed", "slipped in", "removed from the end"],
)
def test_verify_names_the_first_broken_entry(store, statement, broken_id, problem):
    for n in range(3):
        audit.append(store, "anna", "drill_view", detail=f"{n} rows", client="10.0.0.7")
    tamper(store, statement)
    check = audit.verify(store)
    assert (check.intact, check.broken_id) == (False, broken_id)
    assert check.problem.endswith(problem)


def test_audit_verify_command_exit_0_when_intact_and_1_naming_the_broken_entry(tmp_path):
    store_dir = tmp_path / "store"
    store = open_store(store_dir)
    for n in range(3):
        audit.append(store, "anna", "drill_view", detail=f"{n} rows")
    intact = runner.invoke(app, ["audit", "verify", "--store", str(store_dir)])
    assert intact.exit_code == 0, intact.output
    assert intact.output.startswith("3 entries, chain intact (last hash ")
    tamper(store, "UPDATE audit_log SET user_name = 'adam' WHERE id = 2")
    broken = runner.invoke(app, ["audit", "verify", "--store", str(store_dir)])
    assert broken.exit_code == 1
    at = audit.read(store)[1].at
    assert broken.output == (
        f"error: the audit log's chain is broken at entry 2 ({at:%Y-%m-%d %H:%M:%S}, drill_view by adam): its hash does not "
        "match its fields and the entry before it (1 entries before it are intact)\n"
    )


def test_audit_verify_of_a_missing_store_is_one_line_and_exit_1(tmp_path):
    result = runner.invoke(app, ["audit", "verify", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output == f"error: no store at {tmp_path / 'nowhere'}: load an extract first (scorecard load) or give --store\n"


def test_appends_from_threads_at_once_are_all_chained(store):
    threads, per_thread = 8, 25
    start = threading.Barrier(threads)

    def worker(n: int) -> None:
        start.wait()
        for k in range(per_thread):
            audit.append(store, f"user{n}", "drill_view", detail=str(k))

    running = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert audit.verify(store).entries == threads * per_thread
    assert audit.verify(store).intact


APPENDER = """
import sys, time
from csc_scorecard.store import audit, tables
from csc_scorecard.store.db import open_store
store = open_store(sys.argv[1])
while time.time() < float(sys.argv[3]):
    time.sleep(0.005)
for k in range(40):
    audit.append(store, sys.argv[2], "drill_view", detail=str(k))
"""


def test_appends_from_processes_at_once_are_all_chained(tmp_path, store):
    import time

    start_at = str(time.time() + 2.0)  # every process has opened the store by then
    processes = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(store.path), f"p{n}", start_at], stderr=subprocess.PIPE, text=True)
        for n in range(4)
    ]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    check = audit.verify(store)
    assert (check.entries, check.intact) == (160, True)
    details = {(e.user_name, e.detail) for e in audit.read(store, limit=200)}
    assert details == {(f"p{n}", str(k)) for n in range(4) for k in range(40)}


def test_migration_0006_chains_the_entries_made_before_it(tmp_path):
    store_dir = tmp_path / "store"
    engine = store_at_revision(store_dir, "0005")
    with engine.begin() as connection:
        for n in range(3):
            connection.exec_driver_sql(
                f"INSERT INTO audit_log (at, user_name, action, detail) VALUES ('2026-11-30 10:0{n}:00', 'anna', 'login', '{n}')"
            )
    engine.dispose()
    store = open_store(store_dir)  # migrates to the newest
    check = audit.verify(store)
    assert (check.entries, check.intact) == (3, True)
    audit.append(store, "adam", "login")
    assert audit.verify(store).entries == 4 and audit.verify(store).intact
    with pytest.raises(sa.exc.IntegrityError, match="the audit log is append-only"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE audit_log SET detail = 'x'")
    assert [e.detail for e in audit.read(store)] == [None, "2", "1", "0"]

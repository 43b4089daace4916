"""Sign-offs, analysis edits and user changes take the store's write lock, as loads do: two of
them at once run one after the other, and the second decides from what the first wrote.

Before, a sign-off and `scorecard users add` read, then wrote, in a transaction without the
lock: two at once could both find the month open (the name free), and the second's write ended
in a database error (SQLite "database is locked", a unique-constraint violation) shown as a
traceback. Tested with real threads (each its own connection) and real processes.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import date

import pytest
from race_helpers import race
from store_sql import query

from csc_scorecard.store import audit, commentary, db, login_attempts, signoff
from csc_scorecard.store.db import StoreBusy, open_store
from csc_scorecard.store.users import add_user

DEC = date(2023, 12, 31)
SNAPSHOT = {"as_at": "2023-12-31", "sections": []}
PASSWORD = "correct horse battery staple"
ROUNDS = 3  # races per test, each on a fresh store
BUSY = "is busy: another load or change has been writing to it for more than 0 s; nothing was stored, try again when it has finished"


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_sign_offs_of_one_month_at_once_sign_it_once(tmp_path, round_):
    path = tmp_path / "store"
    stores = [open_store(path), open_store(path)]  # two connections, as two web workers
    outcomes = race([lambda s=s, who=who: signoff.sign(s, "343", DEC, SNAPSHOT, who) for s, who in zip(stores, ("adam", "alex"))])
    signed = [o for o in outcomes if isinstance(o, signoff.SignOffRecord)]
    refused = [o for o in outcomes if isinstance(o, signoff.MonthSignedOff)]
    assert (len(signed), len(refused)) == (1, 1), outcomes
    winner = signed[0]
    assert winner.version == 1
    assert str(refused[0]).startswith(
        f"The month as at 31 December 2023 is already signed off (version 1, by {winner.signed_by} on ")
    assert str(refused[0]).endswith("re-open it first to sign a new version")
    assert query(path, "SELECT version, signed_by FROM sign_offs") == [(1, winner.signed_by)]
    assert query(path, "SELECT user_name, detail FROM audit_log WHERE action = 'sign_off'") == [(winner.signed_by, "version 1")]
    for s in stores:
        s.dispose()


WRITERS = {
    "sign_off": (lambda store: signoff.sign(store, "343", DEC, SNAPSHOT, "adam"), "sign_offs"),
    "analysis_edit": (lambda store: commentary.save_edit(store, "343", DEC, "referrals_rate", "Referrals rose.", "anna"),
                      "analysis_edits"),
    "users_add": (lambda store: add_user(store, "anna", PASSWORD, "admin"), "users"),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_writer_waits_for_the_write_lock_and_says_when_it_waited_too_long(tmp_path, monkeypatch, writer):
    write, table = WRITERS[writer]
    path = tmp_path / "store"
    holder, other = open_store(path), open_store(path)
    monkeypatch.setenv("SCORECARD_WRITE_WAIT_S", "0")
    with holder.write_transaction():  # a load in progress
        with pytest.raises(StoreBusy) as busy:
            write(other)
    assert str(busy.value) == f"the store {path} {BUSY}"
    assert query(path, f"SELECT count(*) FROM {table}") == [(0,)]
    write(other)  # free again: it goes through
    assert query(path, f"SELECT count(*) FROM {table}") == [(1,)]
    holder.dispose()
    other.dispose()


def users_add(store_dir) -> subprocess.Popen:
    command = [sys.executable, "-m", "csc_scorecard", "users", "add", "anna", "--role", "admin", "--password-stdin",
               "--store", str(store_dir)]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_users_add_of_one_name_at_once_add_it_once(tmp_path, round_):
    store_dir = tmp_path / "store"
    open_store(store_dir).dispose()  # an existing store: the race is between the adds alone
    processes = [users_add(store_dir), users_add(store_dir)]
    for p in processes:  # both started before either reads its password
        p.stdin.write(PASSWORD + "\n")
        p.stdin.close()
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in processes]
    for p in processes:
        p.stdout.close()
        p.stderr.close()
    for code, out, err in results:
        assert "Traceback" not in out + err
    assert sorted(code for code, _, _ in results) == [0, 1]
    [(_, added, _)] = [r for r in results if r[0] == 0]
    [(_, _, refused)] = [r for r in results if r[0] == 1]
    assert f"added user anna with the admin role to the store {store_dir}" in " ".join(added.split())
    assert refused.strip() == "error: a user called 'anna' already exists"
    assert query(store_dir, "SELECT name, role FROM users") == [("anna", "admin")]
    assert query(store_dir, "SELECT target, detail FROM audit_log WHERE action = 'user_add'") == [("anna", "role admin")]


# --- appends (audit entries, login attempts) while another writer holds the store -------------
# Before, an append alone waited only as long as any statement does (10 s, BUSY_TIMEOUT_MS; made
# 0.1 s here), and a load or sign-off holding the store longer made it fail with a database
# error: on the web a login, a drill-through view or a download ended in a server error, its
# audit entry lost. Now it waits as long as a writer would, then says the store is busy.


@contextmanager
def _held_by_a_sign_off(path):
    """A sign-off's transaction (on PostgreSQL it locks the audit chain's head, on SQLite the
    database) kept open until the block ends."""
    hold, held = threading.Event(), threading.Event()

    def sign_off():
        store = open_store(path)
        with store.write_transaction() as conn:
            audit.append(store, "adam", "sign_off", "343 2023-12", "version 1", connection=conn)
            held.set()
            hold.wait(60)
        store.dispose()

    writer = threading.Thread(target=sign_off)
    writer.start()
    held.wait(60)
    try:
        yield
    finally:
        hold.set()
        writer.join(60)


@pytest.mark.parametrize("append", ["audit", "login_attempt"])
def test_an_append_waits_for_a_writer_that_holds_the_store_longer_than_a_statement_waits(tmp_path, monkeypatch, append,
                                                                                        store_database):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "store"
    store = open_store(path)
    appends = {
        "audit": lambda: audit.append(store, "anna", "drill_view", "343 2023-12 referrals_rate rolling_12m", "3 rows", client="10.0.0.7"),
        "login_attempt": lambda: login_attempts.record(store, "anna", "10.0.0.7", succeeded=True),
    }
    outcome = []
    appending = threading.Thread(target=lambda: outcome.append(_outcome(appends[append])))
    with _held_by_a_sign_off(path):
        appending.start()
        appending.join(1)  # ten times the statements' wait: before, it had failed by now
        # SQLite has one writer at a time; on PostgreSQL only the audit chain's head is locked
        waits = store_database == "sqlite" or append == "audit"
        assert (appending.is_alive(), outcome) == ((True, []) if waits else (False, [None]))
    appending.join(60)
    assert outcome == [None]
    if append == "audit":
        assert [(e.user_name, e.action) for e in reversed(audit.read(store))] == [("adam", "sign_off"), ("anna", "drill_view")]
        assert audit.verify(store).intact
    else:
        assert query(path, "SELECT user_name, client, succeeded FROM login_attempts") == [("anna", "10.0.0.7", True)]
    store.dispose()


def test_an_append_that_waited_too_long_says_the_store_is_busy_and_adds_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_WRITE_WAIT_S", "0")
    path = tmp_path / "store"
    store = open_store(path)
    with _held_by_a_sign_off(path):
        with pytest.raises(StoreBusy, match=BUSY):
            audit.append(store, "anna", "drill_view", "343 2023-12 referrals_rate rolling_12m", "3 rows")
    assert [e.action for e in audit.read(store)] == ["sign_off"]
    assert audit.verify(store).intact
    store.dispose()


def _outcome(function):
    try:
        return function()
    except Exception as error:  # noqa: BLE001 - the outcome under test
        return error

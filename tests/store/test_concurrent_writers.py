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
from datetime import date

import pytest
from race_helpers import race
from store_sql import query

from csc_scorecard.store import commentary, signoff
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

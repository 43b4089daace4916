"""The store modules behind the dashboard: users, audit log, analysis edits, sign-offs, login attempts."""

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from web_helpers import CHEAP_HASHER, small_scorecard

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, commentary, login_attempts, signoff, tables
from csc_scorecard.store.db import open_store
from csc_scorecard.store.users import add_user, authenticate, get_user, role_at_least

DEC = date(2023, 12, 31)


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "store")


# ---- users ----


def test_password_is_stored_as_an_argon2id_hash_only(store):
    add_user(store, "Anna", "a long password", "analyst", CHEAP_HASHER)
    with store.engine.connect() as conn:
        name, stored_hash, role = conn.execute(sa.select(tables.users.c.name, tables.users.c.password_hash, tables.users.c.role)).one()
    assert (name, role) == ("anna", "analyst")
    assert stored_hash.startswith("$argon2id$") and "a long password" not in stored_hash


def test_authenticate_accepts_only_the_right_password(store):
    add_user(store, "anna", "a long password", "analyst", CHEAP_HASHER)
    assert authenticate(store, "anna", "a long password", CHEAP_HASHER).role == "analyst"
    assert authenticate(store, "anna", "a long passwore", CHEAP_HASHER) is None
    assert authenticate(store, "nobody", "a long password", CHEAP_HASHER) is None


def test_a_hash_made_with_older_parameters_is_upgraded_at_login(store):
    add_user(store, "anna", "a long password", "analyst", CHEAP_HASHER)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert authenticate(store, "anna", "a long password", stronger) is not None
    with store.engine.connect() as conn:
        upgraded = conn.execute(sa.select(tables.users.c.password_hash)).scalar_one()
    assert "m=16,t=2,p=1" in upgraded
    assert authenticate(store, "anna", "a long password", stronger) is not None


@pytest.mark.parametrize(
    "name, password, role, message",
    [
        ("anna", "a long password", "superuser", "unknown role 'superuser': choose one of viewer, analyst, admin"),
        ("anna", "short", "viewer", "the password is too short (5 characters): use at least 12, for example three or four unrelated words"),
        ("anna", "aaaaaaaaaaaa", "viewer", 'the password is too easy to guess (Repeats like "aaa" are easy to guess): use three or four'),
        ("anna", "Password1234", "viewer", "the password is too easy to guess (This is similar to a commonly used password): use three"),
        ("an na", "a long password", "viewer", "'an na' is not a valid user name"),
        ("ANNA", "a long password", "viewer", "a user called 'anna' already exists"),
    ],
)
def test_bad_users_are_refused_with_a_clear_message(store, name, password, role, message):
    add_user(store, "anna", "a long password", "analyst", CHEAP_HASHER)
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_user(store, name, password, role, CHEAP_HASHER)


def test_disabled_users_cannot_log_in(store):
    add_user(store, "anna", "a long password", "analyst", CHEAP_HASHER)
    with store.engine.begin() as conn:
        conn.execute(tables.users.update().values(disabled=True))
    assert get_user(store, "anna").disabled
    assert authenticate(store, "anna", "a long password", CHEAP_HASHER) is None


@pytest.mark.parametrize(
    "role, minimum, allowed",
    [("viewer", "viewer", True), ("viewer", "analyst", False), ("analyst", "analyst", True), ("analyst", "admin", False),
     ("admin", "viewer", True), ("admin", "admin", True)],
)
def test_roles_are_ordered_viewer_analyst_admin(role, minimum, allowed):
    assert role_at_least(role, minimum) is allowed


# ---- audit log ----


def test_audit_log_rows_cannot_be_updated_or_deleted(store):
    audit.append(store, "anna", "drill_view", "343 2023-12-31 referrals_rate rolling_12m", "2 rows")
    for statement in ("UPDATE audit_log SET user_name = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.IntegrityError, match="the audit log is append-only"):
            with store.engine.begin() as conn:
                conn.exec_driver_sql(statement)
    [event] = audit.read(store)
    assert (event.user_name, event.action, event.detail) == ("anna", "drill_view", "2 rows")


def test_audit_log_reads_newest_first_a_page_at_a_time(store):
    for n in range(5):
        audit.append(store, "anna", "login", detail=str(n))
    first = audit.read(store, limit=2)
    assert [e.detail for e in first] == ["4", "3"]
    assert [e.detail for e in audit.read(store, limit=2, before_id=first[-1].id)] == ["2", "1"]


# ---- analysis edits ----


def test_every_edit_is_kept_with_author_and_time_and_the_latest_is_current(store):
    before = audit.now()
    commentary.save_edit(store, "343", DEC, "referrals_rate", "First text.", "anna")
    commentary.save_edit(store, "343", DEC, "referrals_rate", "  Second text.  ", "bill")
    commentary.save_edit(store, "343", DEC, "cin_rate", "CIN text.", "anna")
    after = audit.now()
    history = commentary.history(store, "343", DEC, "referrals_rate")
    assert [(e.text, e.author) for e in history] == [("First text.", "anna"), ("Second text.", "bill")]
    assert all(before <= e.at <= after for e in history)
    current = commentary.current_texts(store, "343", DEC)
    assert {k: v.text for k, v in current.items()} == {"referrals_rate": "Second text.", "cin_rate": "CIN text."}
    assert commentary.current_texts(store, "343", date(2023, 11, 30)) == {}
    assert [e.target for e in reversed(audit.read(store))] == [
        "343 2023-12-31 referrals_rate", "343 2023-12-31 referrals_rate", "343 2023-12-31 cin_rate"
    ]


@pytest.mark.parametrize("text, message", [("   ", "the analysis text is empty"), ("x" * 4001, "the analysis text has 4,001 characters: the limit is 4,000")])
def test_blank_or_overlong_analysis_is_refused(store, text, message):
    with pytest.raises(UserError, match=message):
        commentary.save_edit(store, "343", DEC, "referrals_rate", text, "anna")
    assert commentary.history(store, "343", DEC, "referrals_rate") == []


# ---- sign-off ----


def test_sign_off_freezes_the_snapshot_with_who_and_when_and_blocks_edits(store):
    snapshot = small_scorecard(DEC).to_json()
    record = signoff.sign(store, "343", DEC, snapshot, "adam")
    assert (record.version, record.signed_by, record.signed_at.microsecond) == (1, "adam", 0)
    current = signoff.current(store, "343", DEC)
    assert current.snapshot == dict(snapshot, sign_off={"by": "adam", "at": record.signed_at.isoformat(), "version": 1})
    with pytest.raises(signoff.MonthSignedOff, match="is signed off \\(by adam on"):
        commentary.save_edit(store, "343", DEC, "referrals_rate", "Late change.", "anna")
    with pytest.raises(signoff.MonthSignedOff, match="already signed off \\(version 1, by adam"):
        signoff.sign(store, "343", DEC, snapshot, "adam")
    # other months and other LAs are not locked
    commentary.save_edit(store, "343", date(2023, 11, 30), "referrals_rate", "November.", "anna")
    commentary.save_edit(store, "344", DEC, "referrals_rate", "Another LA.", "anna")
    assert signoff.signed_months(store, "343") == [DEC]


def test_reopen_needs_a_reason_and_the_next_sign_off_is_a_new_version(store):
    snapshot = small_scorecard(DEC).to_json()
    signoff.sign(store, "343", DEC, snapshot, "adam")
    with pytest.raises(UserError, match="give a reason"):
        signoff.reopen(store, "343", DEC, "adam", "  ")
    signoff.reopen(store, "343", DEC, "adam", "CIN list corrected")
    assert signoff.current(store, "343", DEC) is None
    commentary.save_edit(store, "343", DEC, "referrals_rate", "After re-opening.", "anna")
    second = signoff.sign(store, "343", DEC, snapshot, "adam")
    assert second.version == 2
    versions = signoff.history(store, "343", DEC)
    assert [(v.version, v.reopened_by, v.reopen_reason) for v in versions] == [(1, "adam", "CIN list corrected"), (2, None, None)]
    assert [(e.action, e.detail) for e in reversed(audit.read(store)) if e.action in ("sign_off", "reopen")] == [
        ("sign_off", "version 1"), ("reopen", "version 1: CIN list corrected"), ("sign_off", "version 2")
    ]
    with pytest.raises(UserError, match="is not signed off, so there is nothing to re-open"):
        signoff.reopen(store, "343", date(2023, 11, 30), "adam", "no reason")


def test_a_snapshot_of_another_month_is_refused(store):
    with pytest.raises(ValueError, match="the scorecard is as at 2023-11-30, not 2023-12-31"):
        signoff.sign(store, "343", DEC, small_scorecard(date(2023, 11, 30)).to_json(), "adam")


def test_the_snapshot_is_stored_as_json_text(store):
    signoff.sign(store, "343", DEC, small_scorecard(DEC).to_json(), "adam")
    with store.engine.connect() as conn:
        text = conn.execute(sa.select(tables.sign_offs.c.snapshot)).scalar_one()
    assert json.loads(text)["sections"][0]["rows"][0]["cells"][0]["numerator"] == 3495


# ---- login attempts ----


def test_recent_failures_count_per_name_and_address_together_and_per_address(store):
    window = timedelta(minutes=15)
    attempts = [("anna", "10.0.0.1", False), ("anna", "10.0.0.2", False), ("bill", "10.0.0.1", False), ("anna", "10.0.0.1", False)]
    for name, client, ok in attempts:
        login_attempts.record(store, name, client, ok)
    # anna from 10.0.0.1: 2 failures; 10.0.0.1 for any name: 3
    assert login_attempts.recent_failures(store, "anna", "10.0.0.1", window) == login_attempts.RecentFailures(2, 3, False)
    # anna's failures elsewhere do not count against her from a third computer
    assert login_attempts.recent_failures(store, "anna", "10.0.0.9", window) == login_attempts.RecentFailures(0, 0, False)
    assert login_attempts.recent_failures(store, "carl", "10.0.0.1", window) == login_attempts.RecentFailures(0, 3, False)
    # a success ends the pair's count, not the address's, and marks the pair as known
    login_attempts.record(store, "anna", "10.0.0.1", True)
    assert login_attempts.recent_failures(store, "anna", "10.0.0.1", window) == login_attempts.RecentFailures(0, 3, True)


def test_unlock_forgets_a_names_failures_from_every_address_and_is_audited(store):
    for client in ("10.0.0.1", "10.0.0.2", "10.0.0.1"):
        login_attempts.record(store, "anna", client, False)
    login_attempts.record(store, "bill", "10.0.0.1", False)
    assert login_attempts.unlock(store, " Anna ", actor="root (command line)", client="command line") == 3
    window = timedelta(minutes=15)
    assert login_attempts.recent_failures(store, "anna", "10.0.0.1", window) == login_attempts.RecentFailures(0, 1, False)
    [event] = audit.read(store)
    assert (event.user_name, event.action, event.target, event.detail, event.client) == (
        "root (command line)", "user_unlock", "anna", "3 failed logins forgotten", "command line"
    )
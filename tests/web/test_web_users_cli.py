"""`scorecard users add | list | disable | enable | remove | set-role | set-password | unlock`
as a user runs them: one line each, errors in one line with exit 1, every change audited."""

import getpass

import pytest
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.store import audit, login_attempts
from csc_scorecard.store.db import open_store
from csc_scorecard.store.users import authenticate, get_user

runner = CliRunner()


def test_users_add_with_password_on_stdin(tmp_path):
    store_dir = tmp_path / "store"
    result = runner.invoke(app, ["users", "add", "Nina", "--role", "analyst", "--password-stdin", "--store", str(store_dir)], input="a long password\n")
    assert result.exit_code == 0, result.output
    assert f"added user nina with the analyst role to the store {store_dir}" in result.output
    store = open_store(store_dir)
    assert get_user(store, "nina").role == "analyst"
    assert authenticate(store, "nina", "a long password") is not None
    assert authenticate(store, "nina", "a long password\n") is None  # the newline ends the password


def test_users_add_prompts_twice_without_echo(tmp_path):
    store_dir = tmp_path / "store"
    result = runner.invoke(app, ["users", "add", "omar", "--role", "admin", "--store", str(store_dir)], input="another password\nanother password\n")
    assert result.exit_code == 0, result.output
    assert "another password" not in result.output
    assert get_user(open_store(store_dir), "omar").role == "admin"


def test_users_add_refuses_an_unknown_role_a_short_password_and_a_taken_name(tmp_path):
    store = ["--store", str(tmp_path / "store")]
    bad_role = runner.invoke(app, ["users", "add", "nina", "--role", "boss", "--password-stdin", *store], input="a long password\n")
    assert bad_role.exit_code == 1
    assert "unknown role 'boss': choose one of viewer, analyst, admin" in bad_role.output
    short = runner.invoke(app, ["users", "add", "nina", "--role", "viewer", "--password-stdin", *store], input="aaaaaaaaaa\n")
    assert short.exit_code == 1
    assert short.output == "error: the password is too short (10 characters): use at least 12, for example three or four unrelated words\n"
    guessable = runner.invoke(app, ["users", "add", "nina", "--role", "viewer", "--password-stdin", *store], input="aaaaaaaaaaaa\n")
    assert guessable.exit_code == 1
    assert guessable.output == (
        'error: the password is too easy to guess (Repeats like "aaa" are easy to guess): '
        "use three or four unrelated words, or a longer password\n"
    )
    runner.invoke(app, ["users", "add", "nina", "--role", "viewer", "--password-stdin", *store], input="a long password\n")
    taken = runner.invoke(app, ["users", "add", "NINA", "--role", "viewer", "--password-stdin", *store], input="a long password\n")
    assert taken.exit_code == 1
    assert "a user called 'nina' already exists" in taken.output


@pytest.fixture
def users(tmp_path):
    """A store with nina (analyst) and omar (admin); returns a function running `scorecard users ...` on it."""
    store_dir = tmp_path / "store"

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, ["users", *args, "--store", str(store_dir)], input=input)

    assert run("add", "nina", "--role", "analyst", "--password-stdin", input="a long password\n").exit_code == 0
    assert run("add", "omar", "--role", "admin", "--password-stdin", input="another long password\n").exit_code == 0
    run.store = open_store(store_dir)
    return run


def changes(store) -> list[tuple]:
    """(who, action, target, detail, client) of the audit log, oldest first."""
    return [(e.user_name, e.action, e.target, e.detail, e.client) for e in reversed(audit.read(store))]


def test_users_list_prints_one_line_a_user(users):
    result = users("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split("  ")[:3] for line in lines] == [["nina", "analyst", "enabled"], ["omar", "admin", "enabled"]]
    assert all(line.split("  ")[3].startswith("added 20") for line in lines)


def test_disable_and_enable(users):
    disabled = users("disable", "NINA")
    assert (disabled.exit_code, disabled.output) == (0, "disabled user nina: their sessions have ended\n")
    assert authenticate(users.store, "nina", "a long password") is None
    assert users("list").output.splitlines()[0].split("  ")[:3] == ["nina", "analyst", "disabled"]
    again = users("disable", "nina")
    assert (again.exit_code, again.output) == (1, "error: the user 'nina' is already disabled\n")
    enabled = users("enable", "nina")
    assert (enabled.exit_code, enabled.output) == (0, "enabled user nina: they can sign in again\n")
    assert authenticate(users.store, "nina", "a long password") is not None


def test_set_role_and_set_password_and_remove(users):
    role = users("set-role", "nina", "admin")
    assert (role.exit_code, role.output) == (0, "user nina now has the admin role: their sessions have ended\n")
    assert get_user(users.store, "nina").role == "admin"
    unknown = users("set-role", "nina", "boss")
    assert (unknown.exit_code, unknown.output) == (1, "error: unknown role 'boss': choose one of viewer, analyst, admin\n")
    password = users("set-password", "nina", "--password-stdin", input="kettle drum sparrow\n")
    assert (password.exit_code, password.output) == (0, "set a new password for user nina: their sessions have ended\n")
    assert authenticate(users.store, "nina", "kettle drum sparrow") is not None
    weak = users("set-password", "nina", "--password-stdin", input="password\n")
    assert (weak.exit_code, weak.output) == (1, "error: the password is too short (8 characters): use at least 12, for example three or four unrelated words\n")
    removed = users("remove", "nina")
    assert (removed.exit_code, removed.output) == (0, "removed user nina: their sessions have ended\n")
    assert get_user(users.store, "nina") is None
    gone = users("remove", "nina")
    assert (gone.exit_code, gone.output) == (1, "error: there is no user called 'nina': see scorecard users list\n")
    who = f"{getpass.getuser()} (command line)"  # as `scorecard backup` records its actor
    assert changes(users.store) == [
        (who, "user_add", "nina", "role analyst", "command line"),
        (who, "user_add", "omar", "role admin", "command line"),
        (who, "user_set_role", "nina", "analyst -> admin", "command line"),
        (who, "user_set_password", "nina", None, "command line"),
        (who, "user_remove", "nina", None, "command line"),
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (("disable", "omar"), "error: cannot disable 'omar': they are the only enabled admin; add or enable another admin first\n"),
        (("remove", "omar"), "error: cannot remove 'omar': they are the only enabled admin; add or enable another admin first\n"),
        (("set-role", "omar", "viewer"), "error: cannot give the viewer role to 'omar': they are the only enabled admin; add or enable another admin first\n"),
    ],
)
def test_the_last_enabled_admin_cannot_be_disabled_removed_or_demoted(users, args, message):
    result = users(*args)
    assert (result.exit_code, result.output) == (1, message)
    assert get_user(users.store, "omar").role == "admin"


def test_unlock_lets_a_locked_out_name_sign_in_at_once_and_is_audited(users):
    for client in ("10.0.0.1", "10.0.0.2"):
        login_attempts.record(users.store, "nina", client, False)
    result = users("unlock", "Nina")
    assert (result.exit_code, result.output) == (0, "unlocked nina: 2 failed sign-ins forgotten\n")
    assert changes(users.store)[-1] == (f"{getpass.getuser()} (command line)", "user_unlock", "nina", "2 failed logins forgotten", "command line")


def test_a_user_id_with_no_name_is_audited_without_a_traceback(users, monkeypatch):
    def no_name():
        raise KeyError("getpwuid(): uid not found: 4242")

    monkeypatch.setattr(getpass, "getuser", no_name)
    result = users("disable", "nina")
    assert (result.exit_code, result.output) == (0, "disabled user nina: their sessions have ended\n")
    assert changes(users.store)[-1] == ("unnamed user (command line)", "user_disable", "nina", None, "command line")

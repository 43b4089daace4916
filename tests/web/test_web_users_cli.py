"""`scorecard users add NAME --role ... [--password-stdin]` as a user runs it."""

from typer.testing import CliRunner

from csc_scorecard.cli import app
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
